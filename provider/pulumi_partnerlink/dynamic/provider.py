"""``SpecProvider``: the dynamic provider of a resource, a thin adapter over its ``SpecCore``.

The per-resource subclasses (``SidewalkPartnerAccountProvider``, ...) are what Pulumi pickles
into state, by reference: their module paths and class names are public API. An instance holds
nothing when pickled (the core is made on first use, in the provider host) and no secret ever,
so ``__provider`` needs no encryption.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

from ..core import ResourceSpec, SpecCore
from .host import quiet_host_errors


class SpecProvider(ResourceProvider):
    """``pulumi.dynamic`` requests in, the core's plain results out as the host's types."""

    core_class: ClassVar[type[SpecCore]]
    spec: ClassVar[ResourceSpec]
    # Pickled by reference into state and holding no secret: no need to encrypt __provider.
    serialize_as_secret_always = False

    def __init_subclass__(cls, resource: type | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.spec = cls.core_class.spec
        if resource is not None:  # the resource class's provider: known without a registry
            resource._dynamic_provider = cls  # type: ignore[attr-defined]

    @property
    def core(self) -> SpecCore:
        """The resource's lifecycle, made on first use (never pickled with the provider)."""
        found = self.__dict__.get("_core")
        if found is None:
            found = self.__dict__["_core"] = self.core_class()
        return found

    def configure(self, req: ConfigureRequest) -> None:
        quiet_host_errors()
        raw = getattr(req.config, "_props", None)
        self.core.configure(req.config.get, raw)

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        checked = self.core.check(_olds, news)
        failures = [CheckFailure(f.property, f.reason) for f in checked.failures]
        return CheckResult(checked.inputs, failures)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        found = self.core.diff(_id, olds, news)
        return DiffResult(
            changes=found.changes,
            replaces=found.replaces,
            delete_before_replace=found.delete_before_replace,
        )

    def create(self, props: dict[str, Any]) -> CreateResult:
        created = self.core.create(props)
        return CreateResult(created.id, created.outputs)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        found = self.core.read(id_, props)
        return ReadResult(found.id, found.outputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        return UpdateResult(self.core.update(id_, olds, news).outputs)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        self.core.delete(id_, props)
