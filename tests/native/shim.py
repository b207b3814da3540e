"""A tiny Python front for the native resources until the generated SDK exists: classes built
from the schema (every input and output of each ``partnerlink:index:<Name>``, secret inputs made
secret), and ``Provider`` for ``pulumi:providers:partnerlink``. Property names stay camelCase."""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi_partnerlink.native.schema import schema


class Provider(pulumi.ProviderResource):
    def __init__(self, name: str, opts: pulumi.ResourceOptions | None = None, **props: Any) -> None:
        super().__init__("partnerlink", name, props, opts)


def resource(name: str) -> type[pulumi.CustomResource]:
    """The resource class of ``partnerlink:index:<name>``: ``Cls(name, {inputs}, opts)``."""
    token = f"partnerlink:index:{name}"
    spec = schema()["resources"][token]
    secrets = [k for k, v in spec["inputProperties"].items() if v.get("secret")]

    def __init__(
        self: Any, rname: str, props: dict[str, Any], opts: pulumi.ResourceOptions | None = None
    ) -> None:
        given = {k: pulumi.Output.secret(v) if k in secrets else v for k, v in props.items()}
        full = {**dict.fromkeys(spec["properties"]), **given}
        extra = pulumi.ResourceOptions(additional_secret_outputs=secrets)
        pulumi.CustomResource.__init__(
            self, token, rname, full, pulumi.ResourceOptions.merge(opts, extra)
        )

    return type(name, (pulumi.CustomResource,), {"__init__": __init__})


SidewalkPartnerAccount = resource("SidewalkPartnerAccount")
ProgramManagementAccount = resource("ProgramManagementAccount")
ChannelRelationship = resource("ChannelRelationship")
ChannelHandshake = resource("ChannelHandshake")
ChannelHandshakeResponse = resource("ChannelHandshakeResponse")
