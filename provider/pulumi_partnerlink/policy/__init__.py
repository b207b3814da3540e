"""The ``partnerlink-guardrails`` policy pack: rules (``rules``) wrapped as pulumi-policy objects.

``all_policies()`` is what the pack directory ``policy/`` hands to ``PolicyPack``. Enforcement
levels and config schemas (with defaults) live here; the checks themselves are plain functions
in ``rules`` so they can be tested without an engine.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    Policy,
    PolicyConfigSchema,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)

from . import rules

ADVISORY, MANDATORY = EnforcementLevel.ADVISORY, EnforcementLevel.MANDATORY
_STRINGS = {"type": "array", "items": {"type": "string"}}
_INTEGERS = {"type": "array", "items": {"type": "integer"}}
_D = rules.DEFAULTS  # the defaults are stated once, in rules.py
_WINDOW = _D["fixed-commitment-window"]

# name -> (rule, description, default level, config schema properties)
RESOURCE_RULES: dict[
    str, tuple[Callable[..., list[str]], str, EnforcementLevel, dict[str, Any]]
] = {
    "required-tags": (
        rules.required_tags,
        "Partner-link resources carry the configured tag keys.",
        ADVISORY,
        {"tags": {**_STRINGS, "default": _D["required-tags"]["tags"]}},
    ),
    "allowed-catalogs": (
        rules.allowed_catalogs,
        "Channel resources only in the configured catalogs.",
        MANDATORY,
        {"catalogs": {**_STRINGS, "default": _D["allowed-catalogs"]["catalogs"]}},
    ),
    "minimum-notice-days": (
        rules.minimum_notice_days,
        "MINIMUM_NOTICE_PERIOD handshakes use a notice period Partner Central offers.",
        MANDATORY,
        {"allowed": {**_INTEGERS, "default": _D["minimum-notice-days"]["allowed"]}},
    ),
    "fixed-commitment-window": (
        rules.fixed_commitment_window,
        "FIXED_COMMITMENT_PERIOD handshakes end within the configured window.",
        MANDATORY,
        {
            "min_days_ahead": {"type": "integer", "default": _WINDOW["min_days_ahead"]},
            "max_days_ahead": {"type": "integer", "default": _WINDOW["max_days_ahead"]},
        },
    ),
    "service-period-note": (
        rules.service_period_note,
        "Start and revoke handshakes carry a note for the receiver.",
        ADVISORY,
        {},
    ),
    "revoke-requires-approval": (
        rules.revoke_requires_approval,
        "REVOKE_SERVICE_PERIOD handshakes carry the approval tag.",
        MANDATORY,
        {
            "approval_tag": {
                "type": "string",
                "default": _D["revoke-requires-approval"]["approval_tag"],
            }
        },
    ),
    "adoption-review": (
        rules.adoption_review,
        "adopt=True takes over resources made outside the stack: flag it for review.",
        ADVISORY,
        {},
    ),
}


def _resource_policy(name: str) -> ResourceValidationPolicy:
    rule, description, level, schema = RESOURCE_RULES[name]

    def validate(args: ResourceValidationArgs, report: Callable[[str, str | None], None]) -> None:
        config = {**rules.DEFAULTS[name], **(args.get_config() or {})}
        for message in rule(args.resource_type, args.props, config):
            report(message, None)

    return ResourceValidationPolicy(
        name=name,
        description=description,
        validate=validate,
        enforcement_level=level,
        config_schema=PolicyConfigSchema(properties=schema) if schema else None,
    )


def _one_handshake_per_target(
    args: StackValidationArgs, report: Callable[[str, str | None], None]
) -> None:
    resources = [(r.resource_type, r.name, r.props) for r in args.resources]
    for message in rules.one_handshake_per_target(resources):
        report(message, None)


def all_policies() -> list[Policy]:
    policies: list[Policy] = [_resource_policy(name) for name in RESOURCE_RULES]
    policies.append(
        StackValidationPolicy(
            name="one-handshake-per-target",
            description="No two handshakes of one type for one associated resource in a stack.",
            validate=_one_handshake_per_target,
            enforcement_level=MANDATORY,
        )
    )
    return policies
