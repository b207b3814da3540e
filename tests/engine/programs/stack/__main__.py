"""Any set of partnerlink resources: config ``declared`` maps a name to its kind and inputs.

``{"sidewalk": {"resource": "SidewalkPartnerAccount", "inputs": {...}}, ...}``; the Sidewalk key
comes from the secret config ``key``. Used by tests/lifecycle (the state machine).
"""

import json

import pulumi
import pulumi_partnerlink as pl

config = pulumi.Config()
declared = json.loads(config.get("declared") or "{}")
for name, item in sorted(declared.items()):
    inputs = dict(item["inputs"])
    if item["resource"] == "SidewalkPartnerAccount":
        inputs["app_server_private_key"] = config.require_secret("key")
    resource = getattr(pl, item["resource"])(name, **inputs)
    pulumi.export(name, resource.id)
