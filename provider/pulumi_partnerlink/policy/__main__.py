"""``python -m pulumi_partnerlink.policy``: print the installed policy pack's directory.

Use it as ``pulumi preview --policy-pack "$(python -m pulumi_partnerlink.policy)"``.
"""

from pathlib import Path

print(Path(__file__).resolve().parent / "pack")
