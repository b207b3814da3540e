# The two commands in the README. Each sets up what it needs by itself.
#   make demo   set up, build/locate the Pulumi CLI, run the demo stack on a local file backend
#   make test   set up, build/locate the Pulumi CLI, run the whole test suite
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python

.PHONY: demo test setup pulumi lint clean-demo soak bench postgres sdk sdk-nodejs sdk-check nodejs plugin

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt sdk/python/pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]' -e sdk/python
	@$(PY) scripts/mark-editable
	@touch $@

# PostgreSQL server binaries for tests/engine/test_postgres.py and the fleet test (Debian's
# package; the tests start a private cluster on loopback themselves). Installed if missing.
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || \
	  { echo "==> installing PostgreSQL (apt-get)"; \
	    $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y -q postgresql >/dev/null || \
	    { $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get update -q >/dev/null && \
	      $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y -q postgresql >/dev/null; }; }

# Prints the CLI's bin dir; builds it from Go modules into ~/.cache on first use (~10 min).
pulumi:
	@$(PYTHON) scripts/ensure-pulumi

demo: setup
	@PY=$(PY) scripts/demo

# Engine tests wait on the CLI, the language host and the provider host: run them in parallel
# (each test has its own backend, PULUMI_HOME and emulator, so workers share nothing).
# They spend part of their time waiting (process start-up, retries' back-off), so more workers
# than cores keeps both cores busy. Tests are handed out longest first (tests/conftest.py), so
# no long one starts last and leaves the other workers idle (the run's tail).
TEST_WORKERS ?= 8
# Bytecode first: every program, provider host and plugin the tests start imports the package
# from the source tree (an editable install), and where PYTHONDONTWRITEBYTECODE is set (as on
# our CI machines) each of them would compile it again: ~0.2 s of CPU per process. Stale .pyc
# files are never used (Python checks the source's mtime).
test: setup
	@echo "==> Pulumi CLI: $$($(PYTHON) scripts/ensure-pulumi)"
	$(PY) -m compileall -q provider tests bench examples > /dev/null
	$(PY) -m pytest -n $(TEST_WORKERS) --dist load --maxschedchunk 1 $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

clean-demo:
	rm -rf .partnerlink/demo

# The lifecycle state machine with random seeds, as long as asked (SOAK_MINUTES, default 30).
soak: setup
	@$(PY) scripts/soak

# Performance figures (not tests): calls, wall time against the bound, bare boto3 and the
# engine's floor (bench/floor: do-nothing dynamic and native providers), file vs PostgreSQL
# backend, state and memory per resource, the emulator's load figure; writes
# bench/RESULTS.md (+ JSON, PNG), only on a quiet machine unless BENCH_FORCE=1.
bench: setup
	$(PY) -m pip install --quiet -c constraints.txt -e '.[bench]'
	@$(PY) bench/run.py

# The SDKs of the native resources (sdk/nodejs, sdk/go, sdk/python), generated from the native
# plugin's schema (pulumi package get-schema) with Pulumi's own code generators (scripts/gen-sdk,
# pkg/v3 at the CLI's version, built once into ~/.cache). sdk-check (CI) proves them current and
# compiles each (tsc on the SDK and an example, go vet, an import); needs Go and npm.
sdk: setup
	@$(PY) scripts/gen-sdk/run generate

sdk-check: setup nodejs
	@$(PY) scripts/gen-sdk/run check

# The TypeScript SDK compiled into sdk/nodejs/bin: `npm install --install-links <it>` in a project.
sdk-nodejs: setup nodejs
	@$(PY) scripts/gen-sdk/run build-nodejs

# The plugin as an archive for `pulumi plugin install resource partnerlink <v> --file <it>`.
plugin: setup
	@$(PY) scripts/pack-plugin

# Node.js and npm for sdk-check (Debian's packages), installed if missing.
nodejs:
	@command -v npm >/dev/null || \
	  { echo "==> installing Node.js and npm (apt-get)"; \
	    $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y -q nodejs npm >/dev/null || \
	    { $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get update -q >/dev/null && \
	      $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y -q nodejs npm >/dev/null; }; }
