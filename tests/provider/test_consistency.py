"""``until_seen``: looks with backoff within the budget, and announces a wait past 2 s once.

A fake clock makes the waits deterministic: no test sleeps."""

from __future__ import annotations

from typing import Any

from pulumi_partnerlink.consistency import ANNOUNCE_AFTER, BUDGET_SETTING, until_seen


class Clock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def run(found_after: float | None, budget: float) -> tuple[Any, Clock, list[str]]:
    clock, said = Clock(), []
    start = clock.now

    def look() -> str | None:
        return "it" if found_after is not None and clock.now - start >= found_after else None

    got = until_seen(
        look,
        budget,
        waiting_for="X (id-1): not shown",
        clock=clock,
        sleep=clock.sleep,
        announce=said.append,
    )
    return got, clock, said


def test_found_at_once_costs_no_wait_and_says_nothing() -> None:
    got, clock, said = run(0.0, 30)
    assert got == "it" and clock.slept == [] and said == []


def test_a_short_wait_is_not_announced() -> None:
    got, clock, said = run(1.0, 30)
    assert got == "it" and sum(clock.slept) < ANNOUNCE_AFTER and said == []


def test_a_long_wait_is_announced_once_as_it_starts_with_the_most_it_can_take() -> None:
    got, clock, said = run(None, 30)
    assert got is None
    assert abs(sum(clock.slept) - 30) < 1e-9  # the whole budget, never more
    assert said == [f"X (id-1): not shown; looking again for up to 29 s ({BUDGET_SETTING})"]


def test_no_budget_is_one_look() -> None:
    got, clock, said = run(None, 0.0)
    assert got is None and clock.slept == [] and said == []
