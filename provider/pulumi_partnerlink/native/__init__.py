"""The native front end: ``pulumi-resource-partnerlink``, a Pulumi provider plugin serving the
resources of the registry as ``partnerlink:index:<Name>`` from the same resource core as the
dynamic resources, to every Pulumi language.

- ``provider``: ``PartnerlinkProvider`` (the adapter over the core's ``SpecProvider`` objects);
- ``schema``: the package schema generated from the specs (``pulumi package get-schema``);
- ``names``: camelCase (schema, wire) <-> snake_case (core);
- ``settings``: provider config (``partnerlink:*`` keys, explicit provider inputs);
- ``importing``: ``pulumi import`` ids and reads from an id alone;
- ``server``: the gRPC server; ``__main__``: the console script.
"""

from .provider import PartnerlinkProvider
from .schema import package_version, schema, schema_json

__all__ = ["PartnerlinkProvider", "package_version", "schema", "schema_json"]
