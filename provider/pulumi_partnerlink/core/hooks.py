"""``SpecHooks``: what a resource module fills in, and the generic parts beside its hooks.

A resource module subclasses ``SpecCore`` with only what is its own (terraform-provider-aws's
split):

- ``find(settings, props, id, fresh)``: the finder; raises ``NotFound``. ``fresh`` asks for a
  read that sees our own write (right after create/update); otherwise shared listings may serve.
- ``find_existing(settings, props)``: the live object a create would collide with (for adopt and
  for deciding what a ConflictException means), or None.
- ``created(props, answer)``: the new id (and ARN) from the create's answer; the create call
  itself (``send_create(settings, request, token)``: the spec's operation with the client
  token) is generic.
- ``send_update(settings, id, olds, changes)``: the update call for the changed non-tag in-place
  inputs, given as request members (``apply_in_place`` builds them from the spec).
- ``delete_call(settings, id, props)``; ``outputs_from(props, live)``; ``rules(inputs)``.

Generic here: settings (``configure`` from a plain config getter) + ``connection``, ``check``
(the pipeline, default tags, profiles), ``diff`` (create-only inputs replace; no spurious
diffs), adopt and complete outputs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from botocore import xform_name

from ..clients import client
from ..config import ProviderSettings, missing_profile, unknown_keys
from ..errors import ProviderError
from .check import Problem, build_request, check_inputs
from .creating import NotFound
from .normalise import MAX_TAGS
from .results import LEGACY_TOKEN_SEED, TOKEN_SEED, Checked, Diff, Failure
from .spec import ResourceSpec
from .tagging import Tagging


def log(message: str) -> None:
    # The dynamic-provider host has no engine log channel; stderr reaches `pulumi ... --debug`
    # and the provider's log file.
    print(f"partnerlink: {message}", file=sys.stderr, flush=True)


def _same(a: Any, b: Any) -> bool:
    return (a if a not in ("", {}, []) else None) == (b if b not in ("", {}, []) else None)


class SpecHooks(Tagging):
    """The hooks of a resource and the generic parts beside them. Holds nothing but settings
    made in this process."""

    spec: ClassVar[ResourceSpec]

    # ------------------------------------------------------------------ settings

    def configure(self, get: Callable[[str], Any], raw: Mapping[str, Any] | None = None) -> None:
        """Settings from ``partnerlink:*`` config (``get("partnerlink:region")``; ``raw``: every
        key set, to name unknown ones). A bad one is not raised here: ``check`` reports it at
        preview, before any API call, and every other call refuses to run with it."""
        problems = unknown_keys(raw) if isinstance(raw, Mapping) else []
        try:
            self._settings = ProviderSettings.from_config(get)
        except ValueError as exc:
            problems.append(str(exc))
            self._settings = ProviderSettings()
        self._config_problems = problems

    @property
    def settings(self) -> ProviderSettings:
        return getattr(self, "_settings", None) or ProviderSettings()

    @property
    def config_problems(self) -> list[str]:
        return list(getattr(self, "_config_problems", None) or [])

    def settings_for(self, props: Mapping[str, Any]) -> ProviderSettings:
        if self.config_problems:
            raise ProviderError("; ".join(self.config_problems))
        connection = props.get("connection")
        return self.settings.with_connection(
            connection if isinstance(connection, Mapping) else None
        )

    def api(self, props: Mapping[str, Any]) -> Any:
        return client(self.settings_for(props), self.spec.service)

    # ------------------------------------------------------------------ hooks

    def describe(self, props: Mapping[str, Any]) -> str:
        return str(props.get(self.spec.create_only[0]) if self.spec.create_only else "")

    def rules(self, inputs: dict[str, Any]) -> list[Problem]:
        return []

    def find(
        self, settings: ProviderSettings, props: Mapping[str, Any], id_: str, fresh: bool
    ) -> dict[str, Any]:
        raise NotImplementedError

    def seen(self, settings: ProviderSettings, props: Mapping[str, Any], id_: str) -> Any:
        """The object as a fresh read shows it, or None while AWS does not show it."""
        try:
            return self.find(settings, props, id_, fresh=True)
        except NotFound:
            return None

    def find_existing(
        self, settings: ProviderSettings, props: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        return None

    def live_id(self, live: Mapping[str, Any]) -> str:
        return str(live["id"])

    def arn_of(self, live: Mapping[str, Any]) -> str | None:
        """The ARN AWS gave (optional in every answer); None when it gave none."""
        arn = live.get("arn")
        return str(arn) if arn else None

    def fresh_arn(
        self, settings: ProviderSettings, props: Mapping[str, Any], id_: str
    ) -> str | None:
        """The ARN from a fresh read, for when state has none (AWS left it out so far)."""
        try:
            return self.arn_of(self.find(settings, props, id_, fresh=True))
        except NotFound:
            return None

    def is_gone(self, live: Mapping[str, Any]) -> bool:
        return False

    # Whether refresh keeps an object whose status says it is dead (warning, no re-create).
    kept_when_gone = False

    def kept_gone_warning(self, id_: str, live: Mapping[str, Any]) -> str:
        return f"refreshing {self.spec.name} ({id_}): it is {live.get('status')} in AWS"

    def replace_reasons(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
        """Replacements beyond changed create-only inputs (a dead object the user asked to have
        re-created)."""
        return []

    def send_create(
        self, settings: ProviderSettings, request: Mapping[str, Any], token: str
    ) -> Any:
        """Send the create: the spec's operation, ``token`` in the ``client_token`` input's
        member. The answer goes to ``created``."""
        call = getattr(client(settings, self.spec.service), xform_name(str(self.spec.create)))
        member = self.spec.wire_path(self.spec.prop("client_token"))[0]
        return call(**{**request, member: token})

    def created(
        self, props: Mapping[str, Any], answer: Mapping[str, Any]
    ) -> str | tuple[str, str | None]:
        """The new id from the create's answer, or (id, ARN) where the answer gives the ARN."""
        raise NotImplementedError

    def apply_in_place(
        self,
        settings: ProviderSettings,
        id_: str,
        olds: Mapping[str, Any],
        news: Mapping[str, Any],
        changed: list[str],
    ) -> None:
        """Send the changed non-tag in-place inputs (their part of a create request, by the
        same wire names) through ``send_update``; nothing when none has a value to send."""
        wanted = {k: news[k] for k in changed if news.get(k) is not None}
        request, _ = build_request(self.spec, wanted)
        members = {self.spec.wire_path(self.spec.prop(k))[0] for k in wanted}
        changes = {k: v for k, v in request.items() if k in members}
        if changes:
            self.send_update(settings, id_, olds, changes)

    def send_update(
        self, settings: ProviderSettings, id_: str, olds: Mapping[str, Any], changes: dict[str, Any]
    ) -> None:
        """The update call for ``changes`` (request members); resources with in-place inputs
        other than tags have one."""
        raise NotImplementedError

    def delete_call(self, settings: ProviderSettings, id_: str, props: Mapping[str, Any]) -> None:
        raise NotImplementedError

    def outputs_from(self, props: Mapping[str, Any], live: Mapping[str, Any]) -> dict[str, Any]:
        return {}

    def extra_changes(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
        return []

    # ------------------------------------------------------------------ check / diff

    def check(self, _olds: Mapping[str, Any], news: Mapping[str, Any]) -> Checked:
        if self.settings.catalog and news.get("catalog") in (None, "") and self.spec.has("catalog"):
            news = {**news, "catalog": self.settings.catalog}  # partnerlink:catalog
        inputs, failures = check_inputs(self.spec, news, self.rules)
        inputs.pop(LEGACY_TOKEN_SEED, None)
        defaults = dict(self.settings.default_tags)
        if defaults and self.spec.tags and isinstance(inputs.get("tags") or {}, Mapping):
            # Merged here, so state holds the tags in force: a change to the defaults is a
            # diff of exactly what changed, and drift is judged against them too.
            inputs["tags"] = {**defaults, **(inputs.get("tags") or {})}
            if len(inputs["tags"]) > MAX_TAGS:
                failures.append(
                    Failure(
                        "tags",
                        f"tags has {len(inputs['tags'])} entries with partnerlink:defaultTags "
                        f"merged in; AWS allows at most {MAX_TAGS} tags",
                    )
                )
        connection = inputs.get("connection")
        if isinstance(connection, Mapping) and isinstance(connection.get("profile"), str):
            problem = missing_profile(connection["profile"])
            if problem:
                failures.append(Failure("connection", f"connection.profile: {problem}"))
        failures += [Failure("", problem) for problem in self.config_problems]
        return Checked(inputs, failures)

    def diff(self, _id: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> Diff:
        replaces = [k for k in self.spec.create_only if not _same(olds.get(k), news.get(k))]
        replaces += [k for k in self.replace_reasons(olds, news) if k not in replaces]
        changed = replaces + [k for k in self.in_place_changes(olds, news) if k not in replaces]
        return Diff(
            changes=bool(changed),
            replaces=replaces,
            delete_before_replace=self.spec.delete_before_replace,
            changed=changed,
        )

    def in_place_changes(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
        """The in-place inputs that differ (diff shows them, update applies them)."""
        changed = [k for k in self.spec.in_place if not _same(olds.get(k), news.get(k))]
        return changed + [k for k in self.extra_changes(olds, news) if k not in changed]

    # ------------------------------------------------------------------ create

    def secrets_in(self, *props: Mapping[str, Any]) -> list[str | None]:
        return [p.get(name) for p in props for name in self.spec.secrets]

    def exists_hint(self) -> str:
        return (
            f"a {self.spec.noun} with these identifying inputs already exists outside this "
            "stack (or an earlier create of this stack, whose answer was lost, made it with other "
            "inputs). To manage it, set adopt=True; to make a new one, remove the existing one "
            "first"
        )

    def adopt(
        self, settings: ProviderSettings, props: Mapping[str, Any], existing: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Take over ``existing``: apply the declared in-place inputs and tags to it."""
        id_ = self.live_id(existing)
        olds = self.outputs(props, existing, {}, None)
        changed = [k for k in self.spec.in_place if k != "tags"]
        self.apply_in_place(settings, id_, olds, props, changed)
        self.reconcile_tags(settings, self.arn_of(existing), props.get("tags") or {}, None)
        return self.find(settings, props, id_, fresh=True)

    # ------------------------------------------------------------------ outputs

    def outputs(
        self,
        props: Mapping[str, Any],
        live: Mapping[str, Any],
        tags: Mapping[str, str],
        token: str | None,
    ) -> dict[str, Any]:
        """Complete outputs: the declared inputs echoed under their names, then what AWS says."""
        out: dict[str, Any] = {p.name: props.get(p.name) for p in self.spec.props}
        out[TOKEN_SEED] = props.get(TOKEN_SEED) or props.get(LEGACY_TOKEN_SEED)
        if self.spec.tags:
            out["tags"] = dict(tags)
        if any(p.name == "client_token" for p in self.spec.props):
            out["client_token"] = token
        # A member AWS left out (every one is optional) is unknown. Where it mirrors an input
        # (a display name) the value we knew stands, so absence is neither drift nor a diff;
        # so does the ARN (an id's ARN never changes). Other outputs stay empty.
        known = {p.name for p in self.spec.props} | {"arn"}
        for name, value in self.outputs_from(props, live).items():
            if value is None and name in known:
                value = props.get(name, out.get(name))
            out[name] = value
        return out
