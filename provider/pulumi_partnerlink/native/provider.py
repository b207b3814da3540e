"""``PartnerlinkProvider``: the native provider, a thin adapter over the resource core.

Each request is translated (``names``: camelCase ``PropertyValue`` <-> snake_case plain data)
and handed to the resource's ``SpecProvider`` (the same objects the dynamic resources use:
check pipeline, diff, create with tokens, finders, tags, NotFound meanings, error wrapping);
their results become the experimental response types. Blocking boto3 calls run in a thread
pool sized for ``--parallel`` (``WORKERS``), so the engine's parallelism is not capped at the
dynamic host's 4.

One instance serves one provider (the default one from ``partnerlink:*`` stack config, or an
explicit ``pulumi:providers:partnerlink`` resource): its settings come from ``configure``.
"""

from __future__ import annotations

import asyncio
import functools
import os
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from pulumi.provider.experimental import provider as p

from ..config import NAMESPACE, ProviderSettings
from ..core import TOKEN_SEED, ResourceSpec, SpecCore
from ..core.normalise import suggest
from ..errors import ProviderError
from ..registry import CORES, SPECS
from ..tokens import seed_for
from ..unknown import UNKNOWN
from . import importing, schema, settings
from .names import INTERNAL, camel, failure_text, plain, spelled, spelling, to_core, to_wire

WORKERS = 32  # boto3 calls in flight at once: above any sensible --parallel
_POOL = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="partnerlink-native")
T = TypeVar("T")
KINDS = p.PropertyDiffKind


async def run(fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)`` in the pool, awaited (the event loop keeps serving other requests)."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_POOL, functools.partial(fn, *args))


def seed_from_urn(urn: str) -> str:
    """The client-token seed of a resource, as the dynamic resources derive it."""
    parts = urn.split("::")
    stack = parts[0].rsplit(":", 1)[-1] if parts else ""
    project = parts[1] if len(parts) > 1 else ""
    # The engine starts a provider in the project's directory (as programs): the stack's
    # settings file is there.
    return seed_for(project, stack, parts[-1] if parts else "", os.getcwd())


def _config_args(request: p.ConfigureRequest) -> dict[str, Any]:
    args = {k: plain(v) for k, v in request.args.items()}
    return args or settings.from_variables(request.variables)


def _diff_kind(old: Any, new: Any, replace: bool) -> p.PropertyDiffKind:
    if old is None:
        return KINDS.ADD_REPLACE if replace else KINDS.ADD
    if new is None:
        return KINDS.DELETE_REPLACE if replace else KINDS.DELETE
    return KINDS.UPDATE_REPLACE if replace else KINDS.UPDATE


def _reason(spec: ResourceSpec, prop: str, reason: str, spell: Callable[[str], str]) -> str:
    """A check failure's whole text, the property spelled as the program's SDK spells it. The
    property goes in the text, not in ``CheckFailure.property``: the engine would look that
    name up among the wire (camelCase) inputs and print its value (``{<nil>}`` for a nested
    path or another spelling)."""
    text = failure_text(spec, reason, spell)
    name = spelled(prop, spell) if prop else ""
    return text if not name or name in text else f"{name}: {text}"


def _undeclared_secret(
    spec: ResourceSpec, olds: Mapping[str, Any], news: Mapping[str, Any], reason: str
) -> bool:
    """A secret input AWS never returns, absent from an existing resource's inputs too (it was
    imported) and not declared: it is left as it is, not required. Declared, it is applied."""
    return bool(olds) and any(
        reason == f"{name} is required and must not be empty"
        and olds.get(name) is None
        and news.get(name) is None
        for name in spec.secrets
    )


class PartnerlinkProvider(p.Provider):
    """Serves ``partnerlink:index:<Name>`` for every resource of the registry."""

    def __init__(self) -> None:
        self._cores: dict[str, SpecCore] = {}
        self._problems: list[str] = []
        self._configure({})

    # ------------------------------------------------------------------ settings

    def _configure(self, values: Mapping[str, Any]) -> None:
        """Every resource's core, configured from settings already validated."""
        known = dict(values)
        self._cores = {}
        for name, cls in CORES.items():
            core = cls()
            core.configure(lambda key: known.get(key.removeprefix(NAMESPACE)))
            self._cores[name] = core

    async def check_config(self, request: p.CheckRequest) -> p.CheckResponse:
        args = {k: plain(v) for k, v in request.new_inputs.items()}
        _, problems = settings.validate(args)
        return p.CheckResponse(
            inputs=request.new_inputs,
            failures=[p.CheckFailure(key, reason) for key, reason in problems],
        )

    async def configure(self, request: p.ConfigureRequest) -> p.ConfigureResponse:
        args = _config_args(request)
        found, problems = settings.validate(args)
        self._problems = [reason for _, reason in problems]
        known = {k: v for k, v in args.items() if k in settings.SETTINGS}
        self._configure(known if found is not None else {})
        return p.ConfigureResponse(accept_secrets=True, supports_preview=True)

    @property
    def settings(self) -> ProviderSettings:
        return self._cores[next(iter(self._cores))].settings

    def _core(self, type_token: str) -> tuple[ResourceSpec, SpecCore]:
        name = type_token.rsplit(":", 1)[-1]
        if type_token != schema.token(name) or name not in SPECS:
            raise ProviderError(f"partnerlink has no resource type {type_token!r}")
        if self._problems:
            raise ProviderError("; ".join(self._problems))
        return SPECS[name], self._cores[name]

    # ------------------------------------------------------------------ schema

    async def get_schema(self, request: p.GetSchemaRequest) -> p.GetSchemaResponse:
        return p.GetSchemaResponse(schema=schema.schema_json())

    # ------------------------------------------------------------------ check / diff

    async def check(self, request: p.CheckRequest) -> p.CheckResponse:
        if self._problems:
            return p.CheckResponse(failures=[p.CheckFailure("", r) for r in self._problems])
        spec, core = self._core(request.type)
        news, secret = to_core(spec, request.new_inputs)
        olds, _ = to_core(spec, request.old_inputs)
        names = [p.name for p in spec.props]
        spell = spelling()
        failures = [
            p.CheckFailure(
                "",
                f"{spell(k)} is not an input of {spec.name}"
                f"{suggest(spell(k), [spell(n) for n in names])}",
            )
            for k in news
            if k not in names and not k.startswith(INTERNAL)
        ]
        news = {k: v for k, v in news.items() if k in names}
        news[TOKEN_SEED] = seed_from_urn(request.urn)
        result = await run(core.check, olds, news)
        failures += [
            p.CheckFailure("", _reason(spec, f.property, f.reason, spell))
            for f in result.failures
            if not _undeclared_secret(spec, olds, news, f.reason)
        ]
        inputs = {k: v for k, v in result.inputs.items() if v is not None}
        return p.CheckResponse(inputs=to_wire(spec, inputs, secret), failures=failures)

    async def diff(self, request: p.DiffRequest) -> p.DiffResponse:
        spec, core = self._core(request.type)
        olds, _ = to_core(spec, request.old_state)
        news, _ = to_core(spec, request.new_inputs)
        result = core.diff(request.resource_id, olds, news)
        replaces, changed = result.replaces, result.changed
        detailed = {
            camel(k): p.PropertyDiff(
                _diff_kind(olds.get(k), news.get(k), k in replaces), input_diff=True
            )
            for k in changed
        }
        return p.DiffResponse(
            changes=bool(changed),
            replaces=[camel(k) for k in replaces],
            delete_before_replace=result.delete_before_replace,
            diffs=[camel(k) for k in changed],
            detailed_diff=detailed,
        )

    # ------------------------------------------------------------------ lifecycle

    def _preview_outputs(self, spec: ResourceSpec, props: Mapping[str, Any]) -> dict[str, Any]:
        """At preview: the inputs, and every output AWS will report unknown."""
        return {**{k: UNKNOWN for k in schema.computed_outputs(spec)}, **props}

    async def create(self, request: p.CreateRequest) -> p.CreateResponse:
        spec, core = self._core(request.type)
        props, secret = to_core(spec, request.properties)
        if request.preview:
            return p.CreateResponse("", to_wire(spec, self._preview_outputs(spec, props), secret))
        result = await run(core.create, props)
        return p.CreateResponse(result.id, to_wire(spec, result.outputs, secret))

    async def read(self, request: p.ReadRequest) -> p.ReadResponse:
        spec, core = self._core(request.type)
        state, secret = to_core(spec, request.properties)
        if not state and not request.inputs:
            return await self._import(spec, core, request.resource_id)
        result = await run(core.read, request.resource_id, state)
        if not result.id:
            return p.ReadResponse()
        return p.ReadResponse(
            result.id, to_wire(spec, result.outputs, secret), inputs=request.inputs
        )

    async def _import(self, spec: ResourceSpec, core: SpecCore, raw: str) -> p.ReadResponse:
        found = await run(importing.import_inputs, core, self.settings, raw)
        if found is None:
            return p.ReadResponse()
        id_, inputs = found
        result = await run(core.read, id_, inputs)
        if not result.id:
            return p.ReadResponse()
        outs = dict(result.outputs)
        if outs.get("tags"):
            inputs["tags"] = outs["tags"]
        inputs.pop("adopt", None)
        return p.ReadResponse(result.id, to_wire(spec, outs), inputs=to_wire(spec, inputs))

    async def update(self, request: p.UpdateRequest) -> p.UpdateResponse:
        spec, core = self._core(request.type)
        olds, _ = to_core(spec, request.olds)
        news, secret = to_core(spec, request.news)
        if request.preview:
            return p.UpdateResponse(to_wire(spec, {**olds, **news}, secret))
        result = await run(core.update, request.resource_id, olds, news)
        return p.UpdateResponse(to_wire(spec, result.outputs, secret))

    async def delete(self, request: p.DeleteRequest) -> None:
        spec, core = self._core(request.type)
        props, _ = to_core(spec, request.properties)
        await run(core.delete, request.resource_id, props)
