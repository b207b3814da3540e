"""The registry: every resource's spec, provider and classes, in one list.

The package exports and the policy rules' type tokens come from here, so a new resource is
registered once.
"""

from __future__ import annotations

from .core import ResourceSpec, SpecCore
from .dynamic import SpecProvider
from .iotwireless import sidewalk_partner_account as _sidewalk
from .partnercentral_channel import channel_handshake as _handshake
from .partnercentral_channel import handshake_response as _response
from .partnercentral_channel import program_management_account as _pma
from .partnercentral_channel import relationship as _relationship

MODULES = (_sidewalk, _pma, _relationship, _handshake, _response)
SPECS: dict[str, ResourceSpec] = {m.SPEC.name: m.SPEC for m in MODULES}
PROVIDERS: dict[str, type[SpecProvider]] = {
    name: getattr(m, f"{name}Provider") for m in MODULES for name in [m.SPEC.name]
}
CORES: dict[str, type[SpecCore]] = {name: cls.core_class for name, cls in PROVIDERS.items()}
TYPE_TOKENS: dict[str, str] = {name: spec.type_token for name, spec in SPECS.items()}
