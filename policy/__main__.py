"""The partnerlink-guardrails policy pack: `pulumi preview --policy-pack policy/`."""

from pulumi_partnerlink.policy import all_policies
from pulumi_policy import PolicyPack

PolicyPack(name="partnerlink-guardrails", policies=all_policies())
