"""Every code block of README.md and docs/*.md is a test (Sybil): tests/support/docs.py says
how a block of each language runs."""

from tests.support.docs import sybil

pytest_collect_file = sybil.pytest()
