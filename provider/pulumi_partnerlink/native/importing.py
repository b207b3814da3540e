"""``pulumi import partnerlink:index:<Name> <name> <id>``: a read from the id alone, returning
inputs as well as outputs.

Ids (``Sandbox/`` in front selects that catalog; ``AWS`` is the default):

| resource | import id |
| --- | --- |
| SidewalkPartnerAccount | ``<amazon-id>`` |
| ProgramManagementAccount | ``<pma-id>`` |
| ChannelRelationship | ``<pma-id>/<rs-id>`` (a relationship is read under its PMA) |
| ChannelHandshake | ``<ch-id>`` (PROGRAM_MANAGEMENT_ACCOUNT); ``<pma-id>/<ch-id>`` (periods) |
| ChannelHandshakeResponse | ``<ch-id>`` of a received handshake already accepted or rejected |

The inputs are what AWS shows, found at each input's wire path in the record the finder returns
(``Sidewalk.AmazonId``, ``displayName``, ...), plus what the id carries. What AWS never returns
is never invented: the Sidewalk app-server private key is declared afterwards (the next ``up``
applies it), the START_SERVICE_PERIOD payload's PMA comes from the id.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..config import ProviderSettings
from ..core import CATALOGS, NotFound, SpecCore
from ..errors import ProviderError
from ..handshake_types import DETAIL, TYPES
from ..partnercentral_channel.common import when

_DECLARE_KEY = (
    "AWS never returns the app-server private key: declare appServerPrivateKey afterwards "
    "(the next `pulumi up` applies it)."
)
ID_FORMATS = {
    "SidewalkPartnerAccount": f"The import id is the Amazon ID. {_DECLARE_KEY}",
    "ProgramManagementAccount": "The import id is `<pma-id>` (`Sandbox/<pma-id>` in the Sandbox "
    "catalog).",
    "ChannelRelationship": "The import id is `<pma-id>/<rs-id>`: a relationship is read under its "
    "program management account (`Sandbox/<pma-id>/<rs-id>` in the Sandbox catalog).",
    "ChannelHandshake": "The import id is `<ch-id>` for a PROGRAM_MANAGEMENT_ACCOUNT handshake and "
    "`<pma-id>/<ch-id>` for a service-period one (the program management account its payload "
    "names, which AWS does not return); `Sandbox/` in front for that catalog.",
    "ChannelHandshakeResponse": "The import id is the `<ch-id>` of a handshake this account "
    "received and has already accepted or rejected.",
}
# How many parts (after an optional catalog) each resource's id has, and what the first names.
PARTS = {
    "SidewalkPartnerAccount": ((1,), None),
    "ProgramManagementAccount": ((1,), None),
    "ChannelRelationship": ((2,), "program_management_account_identifier"),
    "ChannelHandshake": ((1, 2), "pma"),
    "ChannelHandshakeResponse": ((1,), None),
}
DECIDED = {"ACCEPTED": "ACCEPT", "REJECTED": "REJECT"}


def parse_id(name: str, raw: str) -> tuple[str, dict[str, Any]]:
    """The object's own id and the inputs the import id carries."""
    parts = [p for p in raw.split("/")]
    extra: dict[str, Any] = {}
    if len(parts) > 1 and parts[0] in CATALOGS:
        extra["catalog"] = parts.pop(0)
    counts, first = PARTS[name]
    if len(parts) not in counts or not all(parts):
        raise ProviderError(f"importing {name} {raw!r}: not an import id. {ID_FORMATS[name]}")
    if len(parts) == 2 and first is not None:
        extra[first] = parts[0]
    return parts[-1], extra


def _dig(live: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = live
    for part in path:
        if not isinstance(node, Mapping):
            return None
        node = node.get(part)
    return node if isinstance(node, str | int | float | bool) else None


def _find(core: SpecCore, settings: ProviderSettings, props: dict[str, Any], id_: str) -> Any:
    """The live record by id (a handshake: in each type's listing in turn)."""
    if core.spec.name != "ChannelHandshake":
        return core.find(settings, props, id_, fresh=False)
    for htype in TYPES:
        try:
            live = core.find(settings, {**props, "handshake_type": htype}, id_, fresh=False)
        except NotFound:
            continue
        props["handshake_type"] = htype
        return live
    raise NotFound(id_)


def _handshake(props: dict[str, Any], live: Mapping[str, Any], raw: str) -> None:
    htype = str(props.get("handshake_type"))
    props["associated_resource_identifier"] = live.get("associatedResourceId")
    pma = props.pop("pma", None)
    if htype == "PROGRAM_MANAGEMENT_ACCOUNT":
        return
    if pma is None:
        raise ProviderError(
            f"importing ChannelHandshake {raw!r}: a {htype} handshake's payload names a program "
            f"management account AWS does not return; import it as <pma-id>/{raw}"
        )
    detail = (live.get("detail") or {}).get(DETAIL[htype]) or {}
    payload: dict[str, Any] = {"program_management_account_identifier": pma}
    if detail.get("note"):
        payload["note"] = detail["note"]
    if htype == "START_SERVICE_PERIOD":
        payload["service_period_type"] = detail.get("servicePeriodType")
        payload["minimum_notice_days"] = detail.get("minimumNoticeDays")
        payload["end_date"] = when(detail.get("endDate"))
    props[htype.lower()] = {k: v for k, v in payload.items() if v is not None}


def import_inputs(
    core: SpecCore, settings: ProviderSettings, raw: str
) -> tuple[str, dict[str, Any]] | None:
    """The object's id and its inputs as AWS shows them; None when it does not exist."""
    spec = core.spec
    id_, extra = parse_id(spec.name, raw)
    props: dict[str, Any] = {p.name: p.default for p in spec.props if p.kind != "bool"}
    props.update(extra)
    try:
        live = _find(core, settings, props, id_)
    except NotFound:
        return None
    if core.is_gone(live):
        return None
    for prop in spec.props:
        skip = prop.secret or prop.kind is not None or prop.name == "client_token"
        if not skip and props.get(prop.name) is None:
            props[prop.name] = _dig(live, spec.wire_path(prop))
    if spec.name == "ChannelHandshake":
        _handshake(props, live, raw)
    if spec.name == "ChannelHandshakeResponse":
        props["handshake_identifier"] = id_
        props["decision"] = DECIDED.get(str(live.get("status")))
        if props["decision"] is None:
            raise ProviderError(
                f"importing ChannelHandshakeResponse {raw!r}: the handshake is "
                f"{live.get('status')}; only an accepted or rejected one has a response"
            )
    return id_, {k: v for k, v in props.items() if v is not None}
