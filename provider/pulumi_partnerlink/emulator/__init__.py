"""A local, model-driven emulator of IoT Wireless partner accounts and Partner Central Channel.

Real boto3 talks to it over HTTP (``endpoint_url``), so serialization, signing, retries and
error parsing are exercised for real. ``partnerlink-emulator`` / ``python -m
pulumi_partnerlink.emulator`` serve it; ``Emulator`` starts one in-process for tests.

Modules: ``protocol`` (model-driven routing, parse/serialize) and ``wire`` (its value codecs),
``app`` (dispatch, validation, idempotency, faults), ``admin`` (the admin API), ``state``
(memory or SQLite, clock), ``context`` (what handlers see), ``iotwireless`` and
``partnercentral_channel`` (the handlers), ``server``; ``behaviour`` (the profile of answers
the documentation leaves open) and ``omission`` (its model-driven dropping of members).
"""

from .behaviour import PROFILES, Behaviour, Settings
from .server import Emulator, RemoteBindRefused

__all__ = ["PROFILES", "Behaviour", "Emulator", "RemoteBindRefused", "Settings"]
