"""What every generated class of the native SDK shares (written once, not per resource)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Generic, TypeVar

import pulumi

from ...hints import evaluate_annotations, output_names

R = TypeVar("R", bound="NativeResource[Any]")
ArgsT = TypeVar("ArgsT", bound=Mapping[str, Any])


def _camel(snake: str) -> str:
    first, *rest = snake.split("_")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


class NativeResource(pulumi.CustomResource, Generic[ArgsT]):
    """A ``partnerlink:index:<Name>`` resource: inputs as the schema names them (camelCase),
    typed by ``ArgsT`` (its ``XArgs`` TypedDict); secret inputs (``_secrets``) made secret
    whatever was passed; every output declared, the outputs being the class's
    ``pulumi.Output`` annotations (``_outputs``, collected once per class)."""

    _token: ClassVar[str]
    _secrets: ClassVar[tuple[str, ...]] = ()
    _outputs: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._outputs = output_names(cls)
        evaluate_annotations(cls)  # once, not per instance (hints.py)

    def __init__(
        self,
        resource_name: str,
        args: ArgsT,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        given = {
            k: pulumi.Output.secret(v) if k in self._secrets and v is not None else v
            for k, v in dict(args or {}).items()
        }
        props = {**dict.fromkeys(self._outputs), **given}
        extra = pulumi.ResourceOptions(additional_secret_outputs=list(self._secrets))
        super().__init__(
            self._token, resource_name, props, pulumi.ResourceOptions.merge(opts, extra)
        )

    @classmethod
    def get(
        cls: type[R],
        resource_name: str,
        id: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> R:
        """An existing object read by id (as ``pulumi import`` ids), not managed."""
        resource = cls.__new__(cls)
        pulumi.CustomResource.__init__(
            resource,
            cls._token,
            resource_name,
            dict.fromkeys(cls._outputs),
            pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(id=id)),
        )
        return resource


class NativeProvider(pulumi.ProviderResource):
    """``pulumi:providers:partnerlink``: settings as keyword arguments in snake_case
    (``default_tags=``), sent as the schema's camelCase; credentials never."""

    def __init__(
        self, resource_name: str, opts: pulumi.ResourceOptions | None = None, **settings: Any
    ) -> None:
        props = {_camel(k): v for k, v in settings.items() if v is not None}
        super().__init__("partnerlink", resource_name, props, opts)
