"""ARNs the provider derives when AWS leaves them out of an answer.

botocore's models mark every member of the answers we read optional, the ARN included (AWS's
own CLI examples show GetPartnerAccount without ``Arn``). Where AWS documents the format, the
ARN is derived instead of read:

- Sidewalk account (IoT Wireless, "Resource types defined by AWS IoT Wireless" in the Service
  Authorization Reference):
  ``arn:${Partition}:iotwireless:${Region}:${Account}:SidewalkAccount/${SidewalkAccountId}``.

The partition comes from the region (botocore's partition data, else the naming rule); the
account is the caller's, from STS GetCallerIdentity with the same settings (so an assumed role's
account), asked once per settings in a process and only when an ARN is missing. Partner Central
Channel documents no ARN format: its ARNs are never invented (see the resource modules).
"""

from __future__ import annotations

import functools
import threading

from botocore.exceptions import BotoCoreError

from .clients import client, region_of
from .config import ProviderSettings

_accounts: dict[ProviderSettings, str] = {}
_lock = threading.Lock()


@functools.lru_cache(maxsize=64)
def partition(region: str) -> str:
    """The partition of ``region``: botocore's partition data, else the naming rule."""
    import botocore.session  # first needed here, in the provider, never in a program

    try:
        return str(botocore.session.Session().get_partition_for_region(region))
    except (BotoCoreError, ValueError):
        if region.startswith("cn-"):
            return "aws-cn"
        if region.startswith("us-gov-"):
            return "aws-us-gov"
        return "aws"


def caller_account(settings: ProviderSettings) -> str | None:
    """The account these settings act as (STS GetCallerIdentity, once per settings); None when
    STS answers without one."""
    with _lock:
        found = _accounts.get(settings)
    if found is not None:
        return found
    account = client(settings, "sts").get_caller_identity().get("Account")
    if not account:
        return None  # not remembered: a later answer may carry it
    with _lock:
        _accounts[settings] = str(account)
    return str(account)


def sidewalk_account_arn(settings: ProviderSettings, amazon_id: str) -> str | None:
    """The documented ARN of the Sidewalk account ``amazon_id`` in these settings' account and
    region; None when the account cannot be known."""
    account = caller_account(settings)
    if not account or not amazon_id:
        return None
    region = region_of(settings)
    return f"arn:{partition(region)}:iotwireless:{region}:{account}:SidewalkAccount/{amazon_id}"
