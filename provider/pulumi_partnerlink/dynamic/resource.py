"""``SpecResource``: the resource (program) side of a spec, written once for every resource."""

from __future__ import annotations

from typing import Any, ClassVar

import pulumi
from pulumi.dynamic import Resource
from pulumi.dynamic.dynamic import serialize_provider

from ..core.results import GET_MARK, PROBLEMS
from ..hints import output_names
from .inputs import resource_props
from .provider import SpecProvider

PROVIDER_KEY = "__provider"  # pulumi.dynamic's: the pickled provider, an input of every resource


class SpecResource(Resource):
    """The resource side of a spec: inputs normalised once (``inputs.resource_props``), secrets
    made secret, the provider attached. Subclasses name their spec and Args class."""

    _spec_name: ClassVar[str]
    _spec_args: ClassVar[type]

    # Set by the resource module's ``class XProvider(SpecProvider, resource=X)``.
    _dynamic_provider: ClassVar[type[SpecProvider]]

    @classmethod
    def _provider_class(cls) -> type[SpecProvider]:
        return cls._dynamic_provider

    def __init__(
        self,
        resource_name: str,
        args: Any = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        provider, args_cls = self._provider_class(), self._spec_args
        props, implied = resource_props(
            provider.spec, args_cls, type(self), resource_name, args, kwargs
        )
        register(self, provider, resource_name, props, pulumi.ResourceOptions.merge(opts, implied))

    # What ``get`` needs beside the id to find the object (besides ``catalog``, ``connection``).
    _get_by: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def get(
        cls,
        resource_name: str,
        id: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
        **by: Any,
    ) -> Any:
        """An existing object, read by ``id`` and not managed: ``destroy`` of this stack leaves
        it alone, ``refresh`` re-reads it (as ``pulumi_aws.x.X.get``). Some resources need
        more than the id to be found (``ChannelRelationship``: its
        ``program_management_account_identifier``; ``ChannelHandshake``: its
        ``handshake_type``); ``catalog`` and ``connection`` are accepted by all."""
        provider = cls._provider_class()
        spec = provider.spec
        allowed = (*cls._get_by, "catalog", "connection")
        problems = [
            f"{cls.__name__}.get: {k} is not one of {', '.join(allowed)}"
            for k in by
            if k not in allowed
        ]
        problems += [
            f"{cls.__name__}.get needs {k}= beside the id" for k in cls._get_by if by.get(k) is None
        ]
        enums = {p.name: p.enum for p in spec.props if p.enum}
        problems += [
            f"{cls.__name__}.get: {k} must be one of {', '.join(enums[k])}, not {v!r}"
            for k, v in by.items()
            if k in enums and isinstance(v, str) and v not in enums[k]
        ]
        props: dict[str, Any] = {p.name: by.get(p.name, p.default) for p in spec.props}
        props[GET_MARK] = True  # read() then knows a missing object is an error
        if problems:
            props[PROBLEMS] = problems
        props.update({name: None for name in output_names(cls) if name not in props})
        resource = cls.__new__(cls)
        options = pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(id=id))
        register(resource, provider, resource_name, props, options)
        return resource


_PICKLED: dict[type[SpecProvider], str] = {}


def pickled(provider: type[SpecProvider]) -> str:
    """``__provider`` of every resource of ``provider``'s class: the SDK's own pickling of an
    instance (by reference: a class path and no state, no secret), made once a class and
    process rather than once a resource."""
    found = _PICKLED.get(provider)
    if found is None:
        found = _PICKLED[provider] = str(serialize_provider(provider()))
    return found


def register(
    resource: SpecResource,
    provider: type[SpecProvider],
    name: str,
    props: dict[str, Any],
    opts: pulumi.ResourceOptions | None,
) -> None:
    """What ``pulumi.dynamic.Resource.__init__`` does, with the provider pickled once a class
    (``pickled``; it holds no secret, ``serialize_as_secret_always`` is off: the dynamic
    resource would store it in plain text too), called from our ``__init__`` so that it is the
    third ``__init__`` the SDK counts from ``Resource.__init__`` up: the source position it
    records for the resource is then the user's line that declared it, not ours."""
    props[PROVIDER_KEY] = pickled(provider)
    pulumi.CustomResource.__init__(
        resource, f"pulumi-python:{type(resource)._resource_type_name}", name, props, opts
    )
