"""Test-only helpers importable by the programs the engine tests run (on PYTHONPATH)."""
