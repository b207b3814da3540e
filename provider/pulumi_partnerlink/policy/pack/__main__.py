"""The partnerlink-guardrails policy pack as installed with the package.

Find its directory with ``python -m pulumi_partnerlink.policy``, then
``pulumi preview --policy-pack <that directory>``.
"""

from pulumi_policy import PolicyPack

from pulumi_partnerlink.policy import all_policies

PolicyPack(name="partnerlink-guardrails", policies=all_policies())
