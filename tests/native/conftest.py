"""Fixtures of the native provider's tests: the engine's emulator (``aws``) and its profiles."""

from tests.engine.conftest import ACCOUNT, PROFILES, aws

__all__ = ["ACCOUNT", "PROFILES", "aws"]
