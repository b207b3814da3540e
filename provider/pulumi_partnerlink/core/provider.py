"""``SpecProvider``: the lifecycle every resource shares, driven by its ``ResourceSpec``.

A resource module subclasses it with only what is its own (terraform-provider-aws's split):

- ``find(settings, props, id, fresh)``: the finder; raises ``NotFound``. ``fresh`` asks for a
  read that sees our own write (right after create/update); otherwise shared listings may serve.
- ``find_existing(settings, props)``: the live object a create would collide with (for adopt and
  for deciding what a ConflictException means), or None.
- ``send_create(settings, props, request, token)``: the create call; returns the new id.
- ``apply_in_place(settings, id, olds, news)``: the update call(s) for non-tag in-place inputs.
- ``delete_call(settings, id, props)``; ``outputs_from(props, live)``; ``rules(inputs)``.

What is generic lives here once: ``configure`` + ``connection``, the check pipeline, ``diff``
(create-only inputs replace; no spurious diffs), the create-with-tokens loop (stale replays and
token conflicts step the generation), read-after-create with brief NotFound retries, adopt,
tags by difference, NotFound meanings (read -> gone, delete -> success), and error wrapping.
"""

from __future__ import annotations

import datetime as _dt
import sys
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ClassVar

from botocore.exceptions import ClientError
from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

from .. import tags as tagging
from ..config import ProviderSettings, client, missing_profile, unknown_keys
from ..consistency import until_seen
from ..errors import ProviderError, error_code, wrapped
from .check import Problem, check_inputs
from .creating import WRITTEN_AT, Creating, NotFound
from .host import quiet_host_errors
from .inputs import GET_MARK, LEGACY_TOKEN_SEED, PROBLEMS, TOKEN_SEED
from .normalise import MAX_TAGS
from .spec import ResourceSpec

# Reads the provider runs beside another (a resource's tags next to its record). Each request
# needs at most one of these at once: the dynamic host runs four requests at a time, the native
# plugin up to its pool (native.provider.WORKERS), so as many as that.
_READS = ThreadPoolExecutor(max_workers=32, thread_name_prefix="partnerlink-read")


def log(message: str) -> None:
    # The dynamic-provider host has no engine log channel; stderr reaches `pulumi ... --debug`
    # and the provider's log file.
    print(f"partnerlink: {message}", file=sys.stderr, flush=True)


def parse_epoch(value: Any) -> float | None:
    """An ISO 8601 timestamp from state as seconds since the epoch (None if it is not one)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        when = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=_dt.timezone.utc)
    return when.timestamp()


def _same(a: Any, b: Any) -> bool:
    return (a if a not in ("", {}, []) else None) == (b if b not in ("", {}, []) else None)


class SpecProvider(Creating, ResourceProvider):
    """The dynamic provider base. Holds nothing but settings made in this process."""

    spec: ClassVar[ResourceSpec]
    # Pickled by reference into state and holding no secret: no need to encrypt __provider.
    serialize_as_secret_always = False

    # ------------------------------------------------------------------ settings

    def configure(self, req: ConfigureRequest) -> None:
        """Settings from ``partnerlink:*`` stack config. A bad one is not raised here (the host
        would print a traceback): ``check`` reports it at preview, before any API call, and
        every other call refuses to run with it."""
        quiet_host_errors()
        raw = getattr(req.config, "_props", None)
        problems = unknown_keys(raw) if isinstance(raw, Mapping) else []
        try:
            self._settings = ProviderSettings.from_config(req.config.get)
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

    def send_create(
        self,
        settings: ProviderSettings,
        props: Mapping[str, Any],
        request: dict[str, Any],
        token: str,
    ) -> str | tuple[str, str | None]:
        """Send the create; the new id, or (id, ARN) where the answer gives the ARN."""
        raise NotImplementedError

    def apply_in_place(
        self,
        settings: ProviderSettings,
        id_: str,
        olds: Mapping[str, Any],
        news: Mapping[str, Any],
        changed: list[str],
    ) -> None:
        """Send the update for the changed non-tag in-place inputs (none by default)."""

    def delete_call(self, settings: ProviderSettings, id_: str, props: Mapping[str, Any]) -> None:
        raise NotImplementedError

    def outputs_from(self, props: Mapping[str, Any], live: Mapping[str, Any]) -> dict[str, Any]:
        return {}

    def extra_changes(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
        return []

    # ------------------------------------------------------------------ tags

    def read_tags(self, settings: ProviderSettings, arn: str) -> dict[str, str]:
        if not self.spec.tags:
            return {}
        api = client(settings, self.spec.service)
        member, key, value = self.spec.tags
        arn_name = "ResourceArn" if member == "Tags" else "resourceArn"
        return tagging.from_wire(
            api.list_tags_for_resource(**{arn_name: arn}).get(member), key, value
        )

    def reconcile_tags(
        self,
        settings: ProviderSettings,
        arn: str | None,
        desired: Mapping[str, str],
        known: Mapping[str, str] | None,
    ) -> None:
        """Send only the tag difference between ``known`` (or the live tags) and ``desired``.

        The tag calls address the object by ARN, which AWS may leave out of every answer: with
        no ARN, nothing to change is fine, and a change is a clear error."""
        if not self.spec.tags:
            return
        member, key, value = self.spec.tags
        if arn is None:
            current = known if known is not None else {}
            if not any(tagging.difference(current, desired)):
                return
            raise ProviderError(
                f"cannot change the tags of this {self.spec.name}: AWS answered without its ARN, "
                "and the tag calls need it. Run `pulumi refresh` (a later answer may carry it) "
                "and `pulumi up` again, or leave its tags as they are"
            )
        api = client(settings, self.spec.service)
        current = known if known is not None else self.read_tags(settings, arn)
        to_set, to_remove = tagging.difference(current, desired)
        arn_name, keys_name = (
            ("ResourceArn", "TagKeys") if member == "Tags" else ("resourceArn", "tagKeys")
        )
        if to_set:
            api.tag_resource(**{arn_name: arn, member: tagging.to_wire(to_set, key, value)})
        if to_remove:
            api.untag_resource(**{arn_name: arn, keys_name: to_remove})

    # ------------------------------------------------------------------ check / diff

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        inputs, failures = check_inputs(self.spec, news, self.rules)
        inputs.pop(LEGACY_TOKEN_SEED, None)
        defaults = dict(self.settings.default_tags)
        if defaults and self.spec.tags and isinstance(inputs.get("tags") or {}, Mapping):
            # Merged here, so state holds the tags in force: a change to the defaults is a
            # diff of exactly what changed, and drift is judged against them too.
            inputs["tags"] = {**defaults, **(inputs.get("tags") or {})}
            if len(inputs["tags"]) > MAX_TAGS:
                failures.append(
                    CheckFailure(
                        "tags",
                        f"tags has {len(inputs['tags'])} entries with partnerlink:defaultTags "
                        f"merged in; AWS allows at most {MAX_TAGS} tags",
                    )
                )
        connection = inputs.get("connection")
        if isinstance(connection, Mapping) and isinstance(connection.get("profile"), str):
            problem = missing_profile(connection["profile"])
            if problem:
                failures.append(CheckFailure("connection", f"connection.profile: {problem}"))
        failures += [CheckFailure("", problem) for problem in self.config_problems]
        return CheckResult(inputs, failures)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        replaces = [k for k in self.spec.create_only if not _same(olds.get(k), news.get(k))]
        changed = replaces + self.in_place_changes(olds, news)
        return DiffResult(
            changes=bool(changed),
            replaces=replaces,
            delete_before_replace=self.spec.delete_before_replace,
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

    # ------------------------------------------------------------------ read

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        if not id_:
            return ReadResult(None, {})
        if props.get(PROBLEMS):  # a `get` that cannot find anything as written
            raise ProviderError("; ".join(map(str, props[PROBLEMS])))
        settings = self.settings_for(props)
        with wrapped("reading", self.spec.name, id_, self.secrets_in(props)):
            # The tags are read beside the record (their ARN is in state): two independent
            # calls at once, not one after the other.
            known_arn = props.get("arn") if self.spec.tags else None
            tags_soon = _READS.submit(self.read_tags, settings, known_arn) if known_arn else None
            live: dict[str, Any] | None
            try:
                live = self.find(settings, props, id_, fresh=False)
            except NotFound:
                # A listing may lag: absent there is not gone. Ask the freshest read there is
                # (a Get where one exists, else a listing narrowed to the object); a `get` has
                # only the id, not what a narrowed listing needs: its listing is the answer.
                live = None if props.get(GET_MARK) else self.seen(settings, props, id_)
            if live is None and not props.get(GET_MARK) and self.written_recently(props, settings):
                if tags_soon is not None:
                    tags_soon.exception()
                # Written by us within the consistency budget: not visible yet, not gone.
                return ReadResult(id_, dict(props))
            if live is None or self.is_gone(live):
                if tags_soon is not None:
                    tags_soon.exception()  # gone: whatever the tag read said does not matter
                if props.get(GET_MARK):  # `X.get(name, id)`: as pulumi-aws, an error
                    raise ProviderError(
                        f"{self.spec.name} {id_!r} does not exist (or these credentials "
                        "cannot see it): check the id given to get() and the connection"
                    )
                return ReadResult(None, {})
            # An id's ARN does not change: when AWS leaves it out, the one in state stands.
            arn = self.arn_of(live) or known_arn
            if tags_soon is not None and arn == known_arn:
                tags = tags_soon.result()
            else:
                if tags_soon is not None:
                    tags_soon.exception()
                if not self.spec.tags:
                    tags = {}
                elif arn is None:  # no ARN to read them by: the tags as last known
                    tags = dict(props.get("tags") or {})
                else:
                    tags = self.read_tags(settings, arn)
        # Inputs stay as declared (the engine keeps them when read returns none): refreshed
        # outputs against unchanged inputs is what makes drift show up.
        outs = self.outputs(props, live, tags, props.get("client_token"))
        if props.get(WRITTEN_AT) is not None:
            outs[WRITTEN_AT] = props[WRITTEN_AT]
        return ReadResult(id_, outs)

    # ------------------------------------------------------------------ update

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        settings = self.settings_for(olds)
        changed = self.in_place_changes(olds, news)
        with wrapped("updating", self.spec.name, id_, self.secrets_in(olds, news)):
            self.apply_in_place(settings, id_, olds, news, [k for k in changed if k != "tags"])
            if "tags" in changed:
                self.reconcile_tags(
                    settings,
                    olds.get("arn") or self.fresh_arn(settings, olds, id_),
                    news.get("tags") or {},
                    olds.get("tags") or {},
                )
            budget = settings.consistency_budget
            live = until_seen(lambda: self.seen(settings, olds, id_), budget)
            if live is None:
                raise ProviderError(
                    f"AWS accepted the update but has not shown {id_} within {budget:g} s "
                    "(partnerlink:consistencyBudget); run `pulumi up` again once AWS shows it"
                )
        merged = {**news, TOKEN_SEED: news.get(TOKEN_SEED) or olds.get(LEGACY_TOKEN_SEED)}
        outs = self.outputs(merged, live, news.get("tags") or {}, olds.get("client_token"))
        if "arn" in outs and not outs["arn"]:  # left out of this answer: the ARN does not change
            outs["arn"] = olds.get("arn")
        outs[WRITTEN_AT] = time.time()
        return UpdateResult(self.after_update(olds, news, outs))

    def written_recently(self, props: Mapping[str, Any], settings: ProviderSettings) -> bool:
        """State says we (or AWS's timestamps) wrote it within the consistency budget."""
        now = time.time()
        horizon = now - settings.consistency_budget
        ours = props.get(WRITTEN_AT)
        if isinstance(ours, int | float):
            return bool(ours > horizon)
        # State written before 0.3 has no stamp of ours: AWS's own timestamps (not from the
        # future: a clock that far off says nothing).
        stamps = [parse_epoch(props.get(k)) for k in ("created_at", "updated_at")]
        return any(t is not None and horizon < t <= now + 60 for t in stamps)

    def after_update(
        self, olds: Mapping[str, Any], news: Mapping[str, Any], outs: dict[str, Any]
    ) -> dict[str, Any]:
        return outs

    # ------------------------------------------------------------------ delete

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        if not id_:  # never address a resource with an empty id
            return
        settings = self.settings_for(props)
        with wrapped("deleting", self.spec.name, id_, self.secrets_in(props)):
            try:
                self.delete_call(settings, id_, props)
            except NotFound:
                return  # already gone: that is success
            except ClientError as exc:
                if error_code(exc) != "ResourceNotFoundException":
                    raise

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
