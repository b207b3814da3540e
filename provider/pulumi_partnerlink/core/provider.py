"""``SpecCore``: the lifecycle every resource shares, driven by its ``ResourceSpec``, on plain
data (``results``: ``Checked``, ``Diff``, ``Created``, ``Read``, ``Updated``); no front end.

A resource module subclasses it with its hooks (``hooks.SpecHooks``). What is generic lives in
the core once: settings + ``connection``, the check pipeline, ``diff``, the create-with-tokens
loop (``creating``: stale replays and token conflicts step the generation), read-after-create,
adopt, tags by difference (``tagging``), NotFound meanings (``reading``: read -> gone, delete ->
success), and error wrapping. The front ends (``pulumi_partnerlink.dynamic``,
``pulumi_partnerlink.native``) translate requests into these calls and the results back.
"""

from __future__ import annotations

from .creating import Creating
from .reading import Reading


class SpecCore(Creating, Reading):
    """One resource's lifecycle. Holds nothing but settings made in this process."""
