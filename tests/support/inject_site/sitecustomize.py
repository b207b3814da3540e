"""Loaded by every Python process of a test's `pulumi` run when this folder is on PYTHONPATH.

With ``PARTNERLINK_INJECT`` set, it makes every botocore client play an AWS behaviour that the
documentation allows (see ``tests.support.inject``), at the boto3 boundary, not in the emulator.
"""

import os

if os.environ.get("PARTNERLINK_INJECT"):
    from tests.support import inject

    inject.install_from_env()
