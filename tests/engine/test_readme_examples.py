"""The README's TypeScript and Go examples compile against the generated SDKs, as written:
every ```typescript block with tsc (strict, the program's own node_modules as
tests/support/languages.py installs them), every ```go block with ``go vet`` in a module that
requires the SDK as the README says. (They also ran, once each, against the emulator by hand:
the note of issue 33; running every documented block is issue 34's.)"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.engine import ROOT
from tests.support.languages import GO_REPLACE, node_modules

pytestmark = pytest.mark.engine

README = (ROOT / "README.md").read_text()
TS = ROOT / "tests" / "engine" / "programs" / "accounts_ts"
GO = ROOT / "tests" / "engine" / "programs" / "accounts_go"


def blocks(language: str) -> list[str]:
    found = re.findall(rf"```{language}\n(.*?)```", README, re.S)
    assert found, language
    return found


@pytest.mark.parametrize("n", range(len(blocks("typescript"))))
def test_readme_typescript_compiles(tmp_path: Path, n: int) -> None:
    for name in ("package.json", "tsconfig.json"):
        shutil.copy(TS / name, tmp_path / name)
    (tmp_path / "node_modules").symlink_to(node_modules(tmp_path / "package.json"))
    (tmp_path / "index.ts").write_text(blocks("typescript")[n])
    tsc = tmp_path / "node_modules" / ".bin" / "tsc"
    done = subprocess.run(
        [str(tsc), "--noEmit", "-p", "."], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("n", range(len(blocks("go"))))
def test_readme_go_compiles(tmp_path: Path, n: int) -> None:
    shutil.copy(GO / "go.sum", tmp_path / "go.sum")
    mod = GO_REPLACE.sub(rf"\g<1>{ROOT / 'sdk' / 'go'}", (GO / "go.mod").read_text())
    (tmp_path / "go.mod").write_text(mod)
    (tmp_path / "main.go").write_text(blocks("go")[n])
    done = subprocess.run(["go", "vet", "."], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
