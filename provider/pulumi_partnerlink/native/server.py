"""Serving the provider over gRPC: ``pulumi.provider.experimental.server``'s servicer, with our
errors as users should read them.

The SDK's servicer answers every exception with its message and a Python stack. Our errors
(``ProviderError``: "creating X (...): <cause>. <remedy>") are complete messages, so for them
the RPC is aborted with the message alone; any other exception (a bug) keeps its stack.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from collections.abc import Awaitable, Callable
from typing import Any

import grpc  # type: ignore[import-untyped]
import grpc.aio  # type: ignore[import-untyped]
from pulumi.provider.experimental import provider as p
from pulumi.provider.experimental.server import ProviderServicer
from pulumi.runtime.proto import provider_pb2_grpc

from ..errors import ProviderError

RPCS = ("Check", "Diff", "Create", "Read", "Update", "Delete", "CheckConfig", "Configure")
Handler = Callable[[Any, Any, Any], Awaitable[Any]]


def _clean(base: Handler) -> Handler:
    async def handler(self: Any, request: Any, context: Any) -> Any:
        try:
            return await base(self, request, context)
        except Exception as exc:
            # The SDK's wrapper raises a new exception while handling ours: ours is its context.
            cause = exc if isinstance(exc, ProviderError) else exc.__context__
            if isinstance(cause, ProviderError):
                await context.abort(grpc.StatusCode.UNKNOWN, str(cause))
            raise

    return handler


def _channel_options() -> Any:
    """The SDK's gRPC options (message size limits), where this SDK has them."""
    try:
        from pulumi.runtime._grpc_settings import _GRPC_CHANNEL_OPTIONS
    except ImportError:  # pragma: no cover - older SDKs
        return None
    return _GRPC_CHANNEL_OPTIONS


class Servicer(ProviderServicer):
    """The SDK's servicer, our errors without a stack."""


for _name in RPCS:
    setattr(Servicer, _name, _clean(getattr(ProviderServicer, _name)))


def main(args: list[str], version: str, provider: p.Provider) -> None:
    """As ``pulumi.provider.experimental.server.main``, with ``Servicer``."""
    parser = argparse.ArgumentParser(description="pulumi-resource-partnerlink (gRPC server)")
    parser.add_argument("engine", help="Pulumi engine address")
    parser.add_argument("--logflow", action="store_true", help="ignored")
    parser.add_argument("--logtostderr", action="store_true", help="ignored")
    known, _ = parser.parse_known_args(args)

    async def serve() -> None:
        server = grpc.aio.server(options=_channel_options())
        servicer = Servicer(args, version, provider, engine_address=known.engine)
        provider_pb2_grpc.add_ResourceProviderServicer_to_server(servicer, server)
        port = server.add_insecure_port(address="127.0.0.1:0")
        await server.start()
        sys.stdout.buffer.write(f"{port}\n".encode())
        sys.stdout.buffer.flush()
        await server.wait_for_termination()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve())
