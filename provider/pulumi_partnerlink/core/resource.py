"""``SpecResource``: the resource (program) side of a spec, written once for every resource."""

from __future__ import annotations

from typing import Any, ClassVar

import pulumi
from pulumi.dynamic import Resource

from .inputs import resource_props
from .provider import SpecProvider


class SpecResource(Resource):
    """The resource side of a spec: inputs normalised once (``inputs.resource_props``), secrets
    made secret, the provider attached. Subclasses name their provider and Args class."""

    _spec_provider: ClassVar[type[SpecProvider]]
    _spec_args: ClassVar[type]

    def __init__(
        self,
        resource_name: str,
        args: Any = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        provider, args_cls = self._spec_provider, self._spec_args
        props, implied = resource_props(
            provider.spec, args_cls, type(self), resource_name, args, kwargs
        )
        super().__init__(
            provider(), resource_name, props, pulumi.ResourceOptions.merge(opts, implied)
        )
