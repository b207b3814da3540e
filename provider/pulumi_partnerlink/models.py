"""botocore's service models, loaded as a botocore session loads them (the same loader, the same
search path with ``AWS_DATA_PATH``), without importing the session: that import, with the
client machinery behind it, costs every program about 0.2 s of CPU, and a program that only
declares resources needs the models, never a client."""

from __future__ import annotations

import functools
import os

from botocore.loaders import Loader, create_loader
from botocore.model import ServiceModel


@functools.cache
def loader() -> Loader:
    """One loader a process, as a session makes it (``data_path`` is ``AWS_DATA_PATH``). The
    provider's sessions use it too (clients.py): a loader caches what it parsed, so the service
    model, endpoints and defaults are read from disk and parsed once a process, not once for
    our models and again for every session's first client."""
    return create_loader(os.environ.get("AWS_DATA_PATH"))


@functools.cache
def service_model(service: str) -> ServiceModel:
    """The ``service-2`` model of ``service`` (e.g. ``partnercentral-channel``), once a process."""
    return ServiceModel(loader().load_service_model(service, "service-2"), service_name=service)
