"""Every answer the botocore models allow goes through every finder and output mapping.

botocore marks (almost) every member of these services' answers optional, and AWS may leave any
of them out (its own CLI examples show GetPartnerAccount without ``Arn``). The emulator's real
answers are rewritten as the provider's own boto3 clients receive them (botocore's documented
``after-call`` event hands the parsed answer to a handler that changes it in place), so the real
provider code path runs: finders, create (plain and adopt), read, an update that meets a stale
revision, delete, for every resource. Nothing may raise but the provider's clear errors:
``ProviderError`` (whose causes are AWS's errors, never a ``KeyError`` behind a message) and
the core's ``NotFound``.

- ``test_each_optional_member_absent`` (deterministic): each optional member, at any depth, of
  each answer the provider reads, left out alone (in every item of a list).
- ``test_every_answer_the_model_allows`` (hypothesis): rules built from each output shape, used
  in turn per call: every member kept, rewritten inside, or replaced by a value of its type
  (strings of the model's lengths that match nothing, enum values from the shape, datetimes,
  booleans), lists rewritten item by item and joined by made-up items; then a drawn set of
  optional members left out.

The example tests pin what an absent member means: a derived Sidewalk ARN, an unknown handshake
status (kept, cancelled on delete), a listing item without id (skipped), a create answer
without an id (the clear error, then the same token replays the create), a Partner Central ARN
(never invented; tags as last known, a tag change a clear error), a revision (updates go
without one).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import botocore.session
import pytest
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pulumi_partnerlink import arns
from pulumi_partnerlink.clients import client
from pulumi_partnerlink.config import ProviderSettings
from pulumi_partnerlink.core import NotFound
from pulumi_partnerlink.emulator import Emulator
from pulumi_partnerlink.errors import ProviderError
from pulumi_partnerlink.partnercentral_channel import common
from pulumi_partnerlink.registry import PROVIDERS

from tests.support.aws import client as plain_client
from tests.support.aws import send_start_handshake

SENDER, RECEIVER, PMA_ACCOUNT = "111111111111", "222222222222", "333333333333"
KEY, OTHER_KEY = "0f" * 32, "1e" * 32
PCC = "partnercentral-channel"
MODELS = botocore.session.get_session()

# The operations whose answers the provider reads: Partner Central Channel whole, the Sidewalk
# ones, and STS GetCallerIdentity (the account of a derived ARN).
OPERATIONS: dict[str, tuple[str, ...]] = {
    PCC: tuple(MODELS.get_service_model(PCC).operation_names),
    "iotwireless": (
        "AssociateAwsAccountWithPartnerAccount",
        "GetPartnerAccount",
        "ListPartnerAccounts",
        "UpdatePartnerAccount",
        "ListTagsForResource",
    ),
    "sts": ("GetCallerIdentity",),
}


# --------------------------------------------------------------------------- rewrites


KEEP = "keep"
MISSING: Any = object()


@dataclasses.dataclass(frozen=True)
class Replace:
    value: Any


@dataclasses.dataclass(frozen=True)
class Struct:
    members: tuple[tuple[str, Any], ...]


@dataclasses.dataclass(frozen=True)
class Items:
    each: tuple[Any, ...]  # rewrites of the real items, in turn
    extra: tuple[Any, ...]  # made-up items appended


def fresh(shape: Any) -> st.SearchStrategy[Any]:
    """Any value the shape allows, from scratch (optional members present or not)."""
    kind = shape.type_name
    low = shape.metadata.get("min", 0)
    if kind == "structure" and shape.metadata.get("union"):  # exactly one member
        return st.one_of([st.fixed_dictionaries({n: fresh(m)}) for n, m in shape.members.items()])
    if kind == "structure":
        required = set(shape.required_members)
        members = shape.members.items()
        return st.fixed_dictionaries(
            {n: fresh(m) for n, m in members if n in required},
            optional={n: fresh(m) for n, m in members if n not in required},
        )
    if kind == "list":
        return st.lists(fresh(shape.member), min_size=low, max_size=max(low, 2))
    if kind == "map":
        return st.dictionaries(st.text(max_size=4), fresh(shape.value), max_size=2)
    if kind == "string" and shape.enum:
        return st.sampled_from(shape.enum)
    if kind == "string":  # the model's lengths (botocore checks them when we send one back)
        high = min(shape.metadata.get("max", 24), max(low, 24))
        return st.text(min_size=low, max_size=high)
    if kind == "timestamp":
        return st.datetimes(
            min_value=dt.datetime(2000, 1, 1),
            max_value=dt.datetime(2100, 1, 1),
            timezones=st.just(dt.timezone.utc),
        )
    if kind == "boolean":
        return st.booleans()
    if kind in ("integer", "long"):
        return st.integers(min_value=-(2**31), max_value=2**31 - 1)
    if kind in ("float", "double"):
        return st.floats(allow_nan=False, allow_infinity=False)
    if kind == "blob":
        return st.binary(max_size=8)
    raise NotImplementedError(kind)


def struct_rewrite(shape: Any) -> st.SearchStrategy[Struct]:
    return st.fixed_dictionaries({n: rewrite(m) for n, m in shape.members.items()}).map(
        lambda d: Struct(tuple(d.items()))
    )


def rewrite(shape: Any) -> st.SearchStrategy[Any]:
    """A rewrite of one member: mostly kept (or rewritten inside), sometimes replaced. Leaving
    members out is the drop sets' part (``answer_rules``)."""
    keep, replace = st.just(KEEP), fresh(shape).map(Replace)
    inside: st.SearchStrategy[Any]
    if shape.type_name == "structure" and not shape.metadata.get("union"):
        inside = struct_rewrite(shape)
        return st.one_of(keep, inside, inside, replace)
    if shape.type_name == "list":
        inside = st.builds(
            Items,
            st.lists(rewrite(shape.member), max_size=3).map(tuple),
            st.lists(fresh(shape.member), max_size=2).map(tuple),
        )
        return st.one_of(keep, inside, inside, replace)
    return st.one_of(keep, keep, keep, replace)


def apply(rule: Any, real: Any) -> Any:
    """The answer ``real`` (MISSING: absent) as ``rule`` rewrites it."""
    if rule == KEEP:
        return real
    if isinstance(rule, Replace):
        return copy.deepcopy(rule.value)
    if isinstance(rule, Struct):
        base = real if isinstance(real, dict) else {}
        names = {name for name, _ in rule.members}
        out = {k: v for k, v in base.items() if k not in names}  # e.g. ResponseMetadata
        for name, member in rule.members:
            value = apply(member, base.get(name, MISSING))
            if value is not MISSING:
                out[name] = value
        return out
    assert isinstance(rule, Items)
    items = real if isinstance(real, list) else []
    each = rule.each or (KEEP,)
    return [apply(each[i % len(each)], item) for i, item in enumerate(items)] + copy.deepcopy(
        list(rule.extra)
    )


def output_shape(service: str, operation: str) -> Any:
    return MODELS.get_service_model(service).operation_model(operation).output_shape


Path = tuple[str, ...]  # member names; "[]" steps into every item of a list


def optional_paths(shape: Any, prefix: Path = ()) -> list[Path]:
    """Every member the model lets AWS leave out, at any depth."""
    out: list[Path] = []
    if shape.type_name == "structure":
        required = set(shape.required_members)
        for name, member in shape.members.items():
            if name not in required:
                out.append((*prefix, name))
            out += optional_paths(member, (*prefix, name))
    elif shape.type_name == "list":
        out += optional_paths(shape.member, (*prefix, "[]"))
    return out


def drop(node: Any, path: Path) -> None:
    """Remove ``path`` from the answer ``node`` (under every item where it says "[]")."""
    head, *rest = path
    if head == "[]":
        for item in node if isinstance(node, list) else []:
            drop(item, tuple(rest))
    elif isinstance(node, dict):
        if rest:
            drop(node.get(head), tuple(rest))
        else:
            node.pop(head, None)


def dropping(*paths: Path) -> Callable[[dict[str, Any]], None]:
    def rule(parsed: dict[str, Any]) -> None:
        for path in paths:
            drop(parsed, path)

    return rule


def answered_operations(services: tuple[str, ...]) -> list[tuple[str, str]]:
    return [
        (service, op)
        for service in services
        for op in OPERATIONS[service]
        if (shape := output_shape(service, op)) is not None and shape.members
    ]


Rules = dict[tuple[str, str], list[Callable[[dict[str, Any]], Any]]]


Drawn = dict[tuple[str, str], list[tuple[Struct, frozenset[Path]]]]


def answer_rules(services: tuple[str, ...]) -> st.SearchStrategy[Drawn]:
    """For each operation of ``services`` with an answer, one to three rules, used in turn:
    a rewrite (members kept, dropped, replaced, items added), then a set of optional members
    dropped everywhere (so that each absence is likely, not only a chain of lucky choices)."""

    def rule(shape: Any) -> st.SearchStrategy[tuple[Struct, frozenset[Path]]]:
        # Each optional member is left out with odds of one in three (shrinking: kept).
        gone = st.fixed_dictionaries(
            {path: st.sampled_from((False, False, True)) for path in optional_paths(shape)}
        ).map(lambda chosen: frozenset(path for path, out in chosen.items() if out))
        return st.tuples(struct_rewrite(shape), gone)

    return st.fixed_dictionaries(
        {
            key: st.lists(rule(output_shape(*key)), min_size=1, max_size=3)
            for key in answered_operations(services)
        }
    )


def as_rules(drawn: Drawn) -> Rules:
    def rule(template: Struct, gone: frozenset[Path]) -> Callable[[dict[str, Any]], Any]:
        def rewritten(parsed: dict[str, Any]) -> Any:
            out = apply(template, parsed)
            dropping(*sorted(gone))(out)
            return out

        return rewritten

    return {key: [rule(t, gone) for t, gone in rules] for key, rules in drawn.items()}


class Answers:
    """An ``after-call`` handler on the provider's clients: rewrites their parsed answers."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: dict[tuple[str, str], list[Callable[[dict[str, Any]], Any]]] = {}
        self._calls: Counter[tuple[str, str]] = Counter()
        self.seen: set[tuple[str, str]] = set()  # every operation the provider called

    def set(self, rules: Rules) -> None:
        with self._lock:
            self._rules, self._calls = dict(rules), Counter()

    def clear(self) -> None:
        self.set({})

    def __call__(self, http_response: Any, parsed: dict[str, Any], model: Any, **_: Any) -> None:
        if http_response.status_code >= 300:
            return  # errors are AWS's own business
        key = (model.service_model.service_name, model.name)
        with self._lock:
            self.seen.add(key)
            rules = self._rules.get(key)
            if not rules:
                return
            rule = rules[self._calls[key] % len(rules)]
            self._calls[key] += 1
        new = rule(parsed)
        if new is not None:  # a template's result; a callable may also edit in place
            parsed.clear()
            parsed.update(new)


# --------------------------------------------------------------------------- the world


@dataclasses.dataclass
class World:
    emu: Emulator
    sender: ProviderSettings
    receiver: ProviderSettings
    answers: Answers
    plain_clients: dict[str, Any] = dataclasses.field(default_factory=dict)

    def plain(self, service: str) -> Any:
        """A boto3 client of ``service`` as the sender, untouched by ``answers``."""
        if service not in self.plain_clients:
            self.plain_clients[service] = plain_client(self.emu, service)
        return self.plain_clients[service]

    def provider(self, resource: str, receiver: bool = False) -> Any:
        p = PROVIDERS[resource]()
        p.core._settings = self.receiver if receiver else self.sender
        return p

    def new_example(self) -> None:
        """Empty AWS, a new provider process (no shared listing, no remembered account)."""
        self.answers.clear()
        self.emu.reset()
        for listing in (common.LISTING, common.PMA_LISTING, common.REL_LISTING):
            listing._pages.clear()
        arns._accounts.clear()


def _settings(emu: Emulator, account: str) -> ProviderSettings:
    return ProviderSettings(
        endpoint=emu.endpoint_url,
        region="us-east-1",
        max_attempts=1,
        access_key=account,
        secret_key="x",
        # Absence right after our own write is "not visible yet" for the consistency budget:
        # none here, or every rewritten answer that hides an object would wait for it.
        consistency_budget=0.0,
    )


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with Emulator() as emu:
        answers = Answers()
        found = World(emu, _settings(emu, SENDER), _settings(emu, RECEIVER), answers)
        hooked = [
            client(s, service) for s in (found.sender, found.receiver) for service in OPERATIONS
        ]
        for api in hooked:
            api.meta.events.register("after-call", answers)
        yield found
        for api in hooked:
            api.meta.events.unregister("after-call", answers)


def assert_clear(exc: BaseException) -> None:
    """``exc`` is a clear error, and so is everything that led to it."""
    if not isinstance(exc, ProviderError | NotFound):
        raise exc
    link: BaseException | None = exc
    while link is not None:
        if not isinstance(link, ProviderError | NotFound | ClientError):
            raise AssertionError(
                f"{type(link).__name__} behind a {type(exc).__name__}: {exc}"
            ) from link
        link = link.__cause__ or link.__context__


def attempt(step: Callable[..., Any], *args: Any) -> Any:
    try:
        return step(*args)
    except Exception as exc:
        assert_clear(exc)
        return None


def attempt_finder(step: Callable[..., Any], *args: Any) -> Any:
    """A finder called directly: AWS's own errors pass through it (the core wraps them)."""
    try:
        return step(*args)
    except ClientError:
        return None
    except Exception as exc:
        assert_clear(exc)
        return None


def checked(p: Any, inputs: dict[str, Any], olds: dict[str, Any] | None = None) -> dict[str, Any]:
    result = p.check(olds or {}, {**inputs, "__token_seed": "optional/stack/r"})
    assert not result.failures, [(f.property, f.reason) for f in result.failures]
    return dict(result.inputs)


def lifecycle(w: World, p: Any, inputs: dict[str, Any], changed: dict[str, Any]) -> None:
    """Finders, create, read, update and delete of one resource, every error a clear one."""
    settings = p.core.settings
    props = checked(p, inputs)
    attempt_finder(p.core.find_existing, settings, props)
    created = attempt(p.create, props)
    if created is None:
        return
    state = {**props, **created.outs}
    for fresh_read in (True, False):
        attempt_finder(p.core.find, settings, state, created.id, fresh_read)
    attempt_finder(p.core.find_existing, settings, props)
    read = attempt(p.read, created.id, state)
    if read is not None and read.id:
        state = {**state, **read.outs}
    news = checked(p, {**inputs, **changed}, state)
    drift(w, p.spec.name, created.id, state)
    updated = attempt(p.update, created.id, state, news)
    if updated is not None:
        state = {**news, **updated.outs}
    attempt(p.delete, created.id, state)


def drift(w: World, kind: str, id_: str, state: dict[str, Any]) -> None:
    """Someone renames the record outside Pulumi, so the revision in state is stale: the
    update meets AWS's ConflictException, re-reads the revision and tries again."""
    api = w.plain(PCC)  # the sender's own client: its answers are not rewritten
    try:
        if kind == "ProgramManagementAccount":
            items = api.list_program_management_accounts(catalog="AWS")["items"]
            revision = next(i["revision"] for i in items if i["id"] == id_)
            api.update_program_management_account(
                catalog="AWS", identifier=id_, revision=revision, displayName="Elsewhere"
            )
        elif kind == "ChannelRelationship":
            pma = state["program_management_account_identifier"]
            where = {"catalog": "AWS", "identifier": id_, "programManagementAccountIdentifier": pma}
            revision = api.get_relationship(**where)["relationshipDetail"]["revision"]
            api.update_relationship(**where, revision=revision, displayName="Elsewhere")
    except (ClientError, StopIteration):
        return  # not there (a create answered without it): nothing to drift


# --------------------------------------------------------------------------- scenarios


def _pma(w: World, account: str = PMA_ACCOUNT) -> str:
    return str(
        w.plain(PCC).create_program_management_account(
            catalog="AWS", program="DISTRIBUTION", displayName="Parent", accountId=account
        )["programManagementAccountDetail"]["id"]
    )


def _relationship(w: World, pma: str, account: str = "444444444444") -> str:
    return str(
        w.plain(PCC).create_relationship(
            catalog="AWS",
            programManagementAccountIdentifier=pma,
            associationType="END_CUSTOMER",
            associatedAccountId=account,
            displayName="Customer",
            sector="COMMERCIAL",
        )["relationshipDetail"]["id"]
    )


def sidewalk(w: World, adopt: bool) -> tuple[str, dict[str, Any], dict[str, Any]]:
    if adopt:
        w.plain("iotwireless").associate_aws_account_with_partner_account(
            Sidewalk={"AmazonId": "amzn1.account.a", "AppServerPrivateKey": OTHER_KEY}
        )
    inputs = {"amazon_id": "amzn1.account.a", "app_server_private_key": KEY, "tags": {"t": "1"}}
    return "SidewalkPartnerAccount", inputs, {"app_server_private_key": OTHER_KEY, "tags": {}}


def pma(w: World, adopt: bool) -> tuple[str, dict[str, Any], dict[str, Any]]:
    if adopt:
        _pma(w)
    inputs = {
        "program": "DISTRIBUTION",
        "display_name": "Mine",
        "account_id": PMA_ACCOUNT,
        "tags": {"t": "1"},
    }
    return "ProgramManagementAccount", inputs, {"display_name": "Renamed", "tags": {"t": "2"}}


def relationship(w: World, adopt: bool) -> tuple[str, dict[str, Any], dict[str, Any]]:
    parent = _pma(w)
    if adopt:
        _relationship(w, parent)
    inputs = {
        "program_management_account_identifier": parent,
        "association_type": "END_CUSTOMER",
        "associated_account_id": "444444444444",
        "display_name": "Customer",
        "sector": "COMMERCIAL",
        "tags": {"t": "1"},
    }
    return "ChannelRelationship", inputs, {"display_name": "Renamed", "tags": {"u": "2"}}


def handshake(w: World, adopt: bool) -> tuple[str, dict[str, Any], dict[str, Any]]:
    parent = _pma(w)
    rs = _relationship(w, parent)
    if adopt:
        send_start_handshake(w.plain(PCC), rs, parent)
    inputs = {
        "handshake_type": "START_SERVICE_PERIOD",
        "associated_resource_identifier": rs,
        "start_service_period": {
            "program_management_account_identifier": parent,
            "service_period_type": "MINIMUM_NOTICE_PERIOD",
            "minimum_notice_days": 30,
        },
        "tags": {"t": "1"},
    }
    return "ChannelHandshake", inputs, {"tags": {"t": "2"}}


def response(w: World, adopt: bool) -> tuple[str, dict[str, Any], dict[str, Any]]:
    parent = _pma(w)
    rs = _relationship(w, parent, RECEIVER)
    ch = send_start_handshake(w.plain(PCC), rs, parent)["id"]
    decision = "REJECT" if adopt else "ACCEPT"  # (no adopt here: the flag picks the decision)
    return "ChannelHandshakeResponse", {"handshake_identifier": ch, "decision": decision}, {}


SCENARIOS = {
    "SidewalkPartnerAccount": (sidewalk, ("iotwireless", "sts")),
    "ProgramManagementAccount": (pma, (PCC,)),
    "ChannelRelationship": (relationship, (PCC,)),
    "ChannelHandshake": (handshake, (PCC,)),
    "ChannelHandshakeResponse": (response, (PCC,)),
}


def test_every_resource_has_a_scenario() -> None:
    assert set(SCENARIOS) == set(PROVIDERS)


def run_case(world: World, resource: str, adopt: bool, rules: Rules) -> None:
    """One resource's lifecycle on an empty AWS, its answers rewritten by ``rules``."""
    world.new_example()
    kind, inputs, changed = SCENARIOS[resource][0](world, adopt)
    p = world.provider(kind, receiver=kind == "ChannelHandshakeResponse")
    if any(prop.name == "adopt" for prop in p.spec.props):
        inputs = {**inputs, "adopt": adopt}
    world.answers.set(rules)
    lifecycle(world, p, inputs, changed)


def every_absence(services: tuple[str, ...]) -> Rules:
    """Every optional member of every answer left out."""
    return {
        key: [dropping(*optional_paths(output_shape(*key)))]
        for key in answered_operations(services)
    }


_USED: dict[str, list[tuple[str, str]]] = {}


def used_operations(world: World, resource: str) -> list[tuple[str, str]]:
    """The operations whose answers the provider reads for ``resource`` (plain answers, and
    answers without any optional member: the Sidewalk ARN's STS call is made only then)."""
    if resource not in _USED:
        world.answers.seen.clear()
        for adopt in (False, True):
            run_case(world, resource, adopt, {})
            run_case(world, resource, adopt, every_absence(SCENARIOS[resource][1]))
        answered = set(answered_operations(SCENARIOS[resource][1]))
        _USED[resource] = sorted(world.answers.seen & answered)
    return _USED[resource]


@pytest.mark.parametrize("resource", sorted(SCENARIOS))
def test_each_optional_member_absent(world: World, resource: str) -> None:
    """Deterministic: each optional member of each answer the provider reads, left out alone
    (in every item of a list), through the whole lifecycle."""
    cases = [
        (key, path)
        for key in used_operations(world, resource)
        for path in optional_paths(output_shape(*key))
    ]
    assert cases
    for key, path in cases:
        try:
            run_case(world, resource, False, {key: [dropping(path)]})
        except AssertionError as exc:
            raise AssertionError(f"{key[1]} without {'.'.join(path)}: {exc}") from exc


@pytest.mark.parametrize("resource", sorted(SCENARIOS))
def test_every_answer_the_model_allows(world: World, resource: str) -> None:
    services = SCENARIOS[resource][1]

    @settings(
        max_examples=20,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(drawn=answer_rules(services), adopt=st.booleans())
    def run(drawn: Drawn, adopt: bool) -> None:
        run_case(world, resource, adopt, as_rules(drawn))

    run()


# --------------------------------------------------------------------------- examples


def test_sidewalk_answer_without_arn_derives_it(world: World) -> None:
    world.new_example()
    p = world.provider("SidewalkPartnerAccount")
    props = checked(
        p, {"amazon_id": "amzn1.account.x", "app_server_private_key": KEY, "tags": {"t": "1"}}
    )
    world.answers.set({("iotwireless", "GetPartnerAccount"): [dropping(("Sidewalk", "Arn"))]})
    created = p.create(props)
    arn = f"arn:aws:iotwireless:us-east-1:{SENDER}:SidewalkAccount/amzn1.account.x"
    assert created.outs["arn"] == arn
    real = world.plain("iotwireless").get_partner_account(
        PartnerAccountId="amzn1.account.x", PartnerType="Sidewalk"
    )
    assert real["Sidewalk"]["Arn"] == arn  # the documented format is what AWS (here) uses
    # A refresh from a state without the ARN derives it again and reads the tags by it.
    read = p.read(created.id, {**props, **created.outs, "arn": None})
    assert (read.id, read.outs["arn"], read.outs["tags"]) == (created.id, arn, {"t": "1"})
    # Tags change in place through the derived ARN.
    news = checked(p, {**props, "tags": {"t": "2"}})
    updated = p.update(created.id, {**props, **created.outs, "arn": None}, news)
    assert updated.outs["arn"] == arn
    tags = world.plain("iotwireless").list_tags_for_resource(ResourceArn=arn)["Tags"]
    assert tags == [{"Key": "t", "Value": "2"}]


def test_sidewalk_answer_without_members_is_empty_outputs(world: World) -> None:
    world.new_example()
    p = world.provider("SidewalkPartnerAccount")
    props = checked(p, {"amazon_id": "amzn1.account.y", "app_server_private_key": KEY})
    world.answers.set({("iotwireless", "GetPartnerAccount"): [lambda parsed: {}]})
    created = p.create(props)
    assert created.id == "amzn1.account.y"
    outs = created.outs
    assert (outs["partner_account_id"], outs["fingerprint"], outs["account_linked"]) == (
        "amzn1.account.y",
        None,
        None,
    )
    assert outs["arn"] == f"arn:aws:iotwireless:us-east-1:{SENDER}:SidewalkAccount/amzn1.account.y"


@pytest.mark.parametrize(
    ("region", "partition"),
    [
        ("us-east-1", "aws"),
        ("cn-north-1", "aws-cn"),
        ("us-gov-west-1", "aws-us-gov"),
        ("cn-unknown-9", "aws-cn"),
        ("zz-nowhere-1", "aws"),
    ],
)
def test_partition_of_region(region: str, partition: str) -> None:
    assert arns.partition(region) == partition


def _handshake(world: World) -> tuple[Any, dict[str, Any], Any]:
    kind, inputs, _ = handshake(world, adopt=False)
    p = world.provider(kind)
    props = checked(p, inputs)
    return p, props, p.create(props)


def _status(world: World, rs: str, ch: str) -> str:
    items = world.plain(PCC).list_channel_handshakes(
        catalog="AWS",
        handshakeType="START_SERVICE_PERIOD",
        participantType="SENDER",
        associatedResourceIdentifiers=[rs],
    )["items"]
    return str(next(i["status"] for i in items if i["id"] == ch))


def test_handshake_listed_without_status_is_unknown(world: World) -> None:
    world.new_example()
    p, props, created = _handshake(world)
    state = {**props, **created.outs}
    rs = props["associated_resource_identifier"]
    world.answers.set({(PCC, "ListChannelHandshakes"): [dropping(("items", "[]", "status"))]})
    common.LISTING._pages.clear()  # a new process: the listing is read again
    read = p.read(created.id, state)
    assert read.id == created.id  # unknown is not gone
    assert read.outs["handshake_id"] == created.id
    # The status is unknown: an output that mirrors no input is left empty (not a stale value).
    live = p.core.find(p.core.settings, state, created.id, False)
    assert "status" not in live and p.core.outputs_from(state, live)["status"] is None
    assert state["status"] == "PENDING" and read.outs["status"] is None
    # Unknown may be PENDING: adopt finds it, and delete tries the cancel.
    assert p.core.find_existing(p.core.settings, props)["id"] == created.id
    p.delete(created.id, {**state, **read.outs})
    assert _status(world, rs, created.id) == "CANCELED"
    # Not pending any more, status still unknown: the cancel is refused (ValidationException)
    # for a handshake the listing shows: that refusal is all AWS says, taken for "not pending".
    common.LISTING._pages.clear()
    p.delete(created.id, {**state, **read.outs})
    assert _status(world, rs, created.id) == "CANCELED"


def test_listing_items_without_id_are_skipped(world: World) -> None:
    world.new_example()
    p, props, created = _handshake(world)
    world.answers.set({(PCC, "ListChannelHandshakes"): [dropping(("items", "[]", "id"))]})
    common.LISTING._pages.clear()
    with pytest.raises(NotFound):
        p.core.find(p.core.settings, props, created.id, False)
    assert p.core.find_existing(p.core.settings, props) is None


def test_create_answer_without_id_is_a_clear_error(world: World) -> None:
    world.new_example()
    kind, inputs, _ = handshake(world, adopt=False)
    p = world.provider(kind)
    props = checked(p, inputs)
    world.answers.set(
        {(PCC, "CreateChannelHandshake"): [dropping(("channelHandshakeDetail", "id"))]}
    )
    with pytest.raises(ProviderError) as failed:
        p.create(props)
    message = str(failed.value)
    assert "AWS answered CreateChannelHandshake without an id" in message
    assert "pulumi up" in message and "client token" in message
    assert failed.value.__context__ is None or isinstance(failed.value.__context__, ProviderError)
    # The next `up` replays the same token: the same handshake, not a second one.
    world.answers.clear()
    created = p.create(props)
    rs = props["associated_resource_identifier"]
    items = world.plain(PCC).list_channel_handshakes(
        catalog="AWS", handshakeType="START_SERVICE_PERIOD", participantType="SENDER"
    )["items"]
    assert [i["id"] for i in items if i["associatedResourceId"] == rs] == [created.id]


def test_channel_arn_absent_keeps_the_known_one_and_tag_changes_are_clear_errors(
    world: World,
) -> None:
    world.new_example()
    kind, inputs, _ = pma(world, adopt=False)
    p = world.provider(kind)
    props = checked(p, inputs)
    created = p.create(props)
    state = {**props, **created.outs}
    world.answers.set({(PCC, "ListProgramManagementAccounts"): [dropping(("items", "[]", "arn"))]})
    common.PMA_LISTING._pages.clear()
    read = p.read(created.id, state)
    assert read.outs["arn"] == created.outs["arn"]  # an id's ARN does not change
    assert read.outs["tags"] == {"t": "1"}
    # A state that never had the ARN: tags as last known, no ARN invented.
    unknown = {**state, "arn": None}
    read = p.read(created.id, unknown)
    assert (read.outs["arn"], read.outs["tags"]) == (None, {"t": "1"})
    news = checked(p, {**inputs, "tags": {"t": "2"}}, unknown)
    with pytest.raises(ProviderError, match="AWS answered without its ARN"):
        p.update(created.id, unknown, news)
    # Nothing to change in the tags: the update goes through without the ARN.
    news = checked(p, {**inputs, "display_name": "Renamed"}, unknown)
    assert p.update(created.id, unknown, news).outs["display_name"] == "Renamed"


def test_stale_revision_re_read_without_revision_updates_without_one(world: World) -> None:
    world.new_example()
    kind, inputs, _ = pma(world, adopt=False)
    p = world.provider(kind)
    props = checked(p, inputs)
    created = p.create(props)
    state = {**props, **created.outs}
    assert state["revision"]
    drift(world, kind, created.id, state)  # the revision in state is stale now
    world.answers.set(
        {(PCC, "ListProgramManagementAccounts"): [dropping(("items", "[]", "revision"))]}
    )
    news = checked(p, {**inputs, "display_name": "Renamed"}, state)
    assert p.update(created.id, state, news).outs["display_name"] == "Renamed"
    items = world.plain(PCC).list_program_management_accounts(catalog="AWS")["items"]
    assert [i["displayName"] for i in items if i["id"] == created.id] == ["Renamed"]
