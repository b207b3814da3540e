"""N do-nothing resources for bench/run.py's floor rows: config ``floor`` (dynamic | native |
shaped-dynamic | shaped-native), ``n`` and ``tag``. The plain floors have the inputs of the bench
program's ChannelRelationship and declare no output; the shaped ones a Sidewalk association's
inputs (the key secret) and outputs (bench/floor/shape.py)."""

import pulumi

from bench.floor.null_dynamic import NullDynamic, ShapedDynamic
from bench.floor.shape import SECRET, camel, computed

config = pulumi.Config()
floor = config.require("floor")
n = config.require_int("n")
tag = config.get("tag") or "a"
KEY = "0f" * 32

for i in range(n):
    tags = {"bench": tag, "i": str(i)}
    if floor.startswith("shaped"):
        props = {"amazon_id": f"amzn1.account.bench{i}", SECRET: pulumi.Output.secret(KEY)}
        props |= {"tags": tags, "connection": None, "__token_seed": f"partnerlink-bench/s{i}"}
        if floor == "shaped-dynamic":
            ShapedDynamic(f"shaped{i}", props)
            continue
        declared = {camel(k): None for k in computed(props) if k != "__written_at"}
        wire = {camel(k) if not k.startswith("__") else k: v for k, v in props.items()}
        pulumi.CustomResource(
            "nullnative:index:Null",
            f"shaped{i}",
            {**declared, **wire},
            pulumi.ResourceOptions(additional_secret_outputs=[camel(SECRET)]),
        )
        continue
    props = {
        "program_management_account_identifier": "pma-bench",
        "association_type": "END_CUSTOMER",
        "associated_account_id": f"4{i:011d}",
        "display_name": f"Customer {i}",
        "sector": "COMMERCIAL",
        "tags": tags,
    }
    if floor == "dynamic":
        NullDynamic(f"d{i}", props)
    else:
        pulumi.CustomResource("nullnative:index:Null", f"n{i}", props)
