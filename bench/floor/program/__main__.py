"""N do-nothing resources for bench/run.py's floor rows: config ``floor`` (dynamic | native),
``n`` and ``tag``. Inputs of the shape of the bench program's ChannelRelationship."""

import pulumi

from bench.floor.null_dynamic import NullDynamic

config = pulumi.Config()
floor = config.require("floor")
n = config.require_int("n")
tag = config.get("tag") or "a"

for i in range(n):
    props = {
        "program_management_account_identifier": "pma-bench",
        "association_type": "END_CUSTOMER",
        "associated_account_id": f"4{i:011d}",
        "display_name": f"Customer {i}",
        "sector": "COMMERCIAL",
        "tags": {"bench": tag, "i": str(i)},
    }
    if floor == "dynamic":
        NullDynamic(f"d{i}", props)
    else:
        pulumi.CustomResource("nullnative:index:Null", f"n{i}", props)
