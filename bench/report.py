"""bench/RESULTS.md and bench/scaling.png from bench/run.py's figures (``doc``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.floor import FLOORS
from bench.subjects import STEPS


def ratio(wall: float, floor: float) -> float | None:
    return round(wall / floor, 2) if floor > 0.01 else None


def forced_note(quiet: dict[str, Any]) -> list[str]:
    """The header's line for a run made with BENCH_FORCE=1."""
    busy = ", ".join(f"pid {b['pid']} `{b['cmd']}` {b['cpu_pct']}%" for b in quiet["busy"])
    seen = (
        f"other processes used up to {quiet['max_others_total_cpu_pct']}% of a core together"
        f" (the busiest one {quiet['max_other_process_cpu_pct']}%{': ' + busy if busy else ''})"
    )
    if quiet["is_busy"]:
        return [
            f"**Recorded with `BENCH_FORCE=1` on a busy machine**: {seen}. Wall times are",
            "pessimistic and noisy; do not compare them with a quiet run's.",
            "",
        ]
    return [f"Recorded with `BENCH_FORCE=1`; the machine stayed quiet: {seen}.", ""]


def header(doc: dict[str, Any]) -> list[str]:
    lines = ["# Benchmark results", ""]
    if doc["forced"]:
        lines += forced_note(doc["quiet"])
    lines += [
        f"{doc['date']}, {doc['machine']}; Pulumi CLI {doc['cli']}. Made by `make bench`",
        "(`bench/run.py`); raw figures in `bench/results.json`. Wall times are of the real",
        "CLI through the Automation API (`--parallel 16`); *bare boto3* is a script doing the",
        "same AWS work with as many threads as the provider serves requests at a time (4 for",
        "the dynamic host, 16 for the native plugin: `--parallel 16`), run right after each",
        "step on its own emulator with the same latency; *bound* is calls x latency / that",
        "width. Kinds ending in `-native` are the native resources (`partnerlink:index:*`).",
    ]
    if not doc["forced"]:
        lines.append(
            f"Other processes used at most {doc['quiet']['max_others_total_cpu_pct']}% of a"
            " core together during the run (the bench refuses to record above 50%)."
        )
    return [*lines, ""]


def front_floor(kind: str) -> str:
    """The do-nothing provider of a kind's front end: the native plugin's or the dynamic host's."""
    return "null-native" if kind.endswith("-native") else "null-dynamic"


def floor_of(doc: dict[str, Any], name: str, p: dict[str, Any]) -> dict[str, Any] | None:
    key = (name, p["n"], p["latency_ms"])
    found = [f for f in doc["floors"] if (f["floor"], f["n"], f["latency_ms"]) == key]
    return found[0] if found else None


def yardstick(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Per kind, N, latency and step: ours / (its front end's floor + bare boto3 making the
    same calls at the same width), all from the same interleaved round; for Sidewalk
    associations also against the shaped floor (the same do-nothing provider with resources of
    their shape: what the SDK and the engine cost for what ours hold)."""
    rows = []
    for p in doc["points"]:
        plain = floor_of(doc, front_floor(p["kind"]), p)
        shaped_name = front_floor(p["kind"]).replace("null-", "shaped-")
        shaped = floor_of(doc, shaped_name, p) if p["kind"].startswith("sidewalk") else None
        if plain is None:
            continue
        for step, s in p["steps"].items():
            floor_s = plain["steps"][step]["wall_s"]
            target = round(floor_s + s["bare_boto3_s"], 2)
            row = {"kind": p["kind"], "n": p["n"], "latency_ms": p["latency_ms"], "step": step,
                   "wall_s": s["wall_s"], "floor_s": floor_s, "calls_s": s["bare_boto3_s"],
                   "target_s": target, "ratio": ratio(s["wall_s"], target)}  # fmt: skip
            if shaped is not None:
                shaped_s = shaped["steps"][step]["wall_s"]
                row["shaped_floor_s"] = shaped_s
                row["shaped_ratio"] = ratio(s["wall_s"], shaped_s + s["bare_boto3_s"])
            rows.append(row)
    return rows


def yardstick_table(doc: dict[str, Any]) -> list[str]:
    lines = [
        "## The yardstick: ours / (floor + calls)",
        "",
        "For each step, our wall time against the sum of the engine's floor for the same front",
        "end (its do-nothing provider through the same CLI, same N: *null-dynamic* for the",
        "dynamic resources, *null-native* for the native ones) and *calls*: bare boto3 making",
        "the same AWS calls at the same width, right after the step. All from one interleaved",
        "round. The aim is <= 1.1. *Shaped floor*: the same do-nothing provider with resources",
        "of a Sidewalk association's shape (its inputs, the key secret, its outputs:",
        "bench/floor/shape.py), so *ours / (shaped + calls)* leaves out what the SDK and the",
        "engine cost for what the resource holds: what is left is ours.",
        "",
        "| kind | N | latency ms | step | ours s | floor s | calls s | floor + calls s | ratio |"
        " shaped floor s | ours / (shaped + calls) |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in yardstick(doc):
        mark = f"**{r['ratio']}**" if (r["ratio"] or 0) > 1.1 else str(r["ratio"])
        lines.append(
            f"| {r['kind']} | {r['n']} | {r['latency_ms']} | {r['step']} | {r['wall_s']} | "
            f"{r['floor_s']} | {r['calls_s']} | {r['target_s']} | {mark} | "
            f"{r.get('shaped_floor_s', '-')} | {r.get('shaped_ratio', '-')} |"
        )
    return [*lines, ""]


def steps_table(doc: dict[str, Any]) -> list[str]:
    lines = [
        "| kind | N | latency ms | step | calls | calls/resource | wall s | bare boto3 s |"
        " bound s | wall / bare |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for p in doc["points"]:
        for name, s in p["steps"].items():
            lines.append(
                f"| {p['kind']} | {p['n']} | {p['latency_ms']} | {name} | {s['calls']} | "
                f"{s['calls_per_resource']} | {s['wall_s']} | {s['bare_boto3_s']} | "
                f"{s['bound_s']} | {s['ratio_to_bare']} |"
            )
    return lines


def floor_table(doc: dict[str, Any]) -> list[str]:
    lines = [
        "## Against the engine's floor",
        "",
        "The same CLI, options and input shape with providers that do nothing (`bench/floor`):",
        "*null-dynamic* is a `pulumi.dynamic.ResourceProvider` in the same provider host as",
        "ours, *null-native* a native plugin (`pulumi.provider.experimental`). Each step ran",
        "for each of ours, then each floor, before the next step (interleaved); the floors make",
        "no AWS call, so latency applies to ours only. Ratios: our wall time / the floor's.",
        "",
        "| N | latency ms | step | run | wall s | / null-dynamic | / null-native |",
        "| ---: | ---: | --- | --- | ---: | ---: | ---: |",
    ]
    for f0 in (f for f in doc["floors"] if f["floor"] == FLOORS[0]):
        n, lat = f0["n"], f0["latency_ms"]
        floors = {f["floor"]: f for f in doc["floors"] if (f["n"], f["latency_ms"]) == (n, lat)}
        runs = [(name, f["steps"]) for name, f in floors.items()] + [
            (p["kind"], p["steps"]) for p in doc["points"] if (p["n"], p["latency_ms"]) == (n, lat)
        ]
        for step in STEPS:
            for name, steps in runs:
                wall = steps[step]["wall_s"]
                by = [ratio(wall, floors[f]["steps"][step]["wall_s"]) for f in FLOORS]
                lines.append(f"| {n} | {lat} | {step} | {name} | {wall} | {by[0]} | {by[1]} |")
    return lines


def latency_table(doc: dict[str, Any]) -> list[str]:
    """Where AWS's latency is the cost: each kind's wall time against (the floor of its front
    end + calls x latency / the requests it can have in flight)."""
    lines = [
        "## Under latency: the host's width",
        "",
        "At latency L, a step of ours cannot beat the floor of its front end (no AWS) plus",
        "calls x L / width, where width is how many requests its provider host serves at once:",
        "4 for the dynamic host (`pulumi/dynamic/__main__.py`), `--parallel` (16) for the",
        "native plugin. *Target* is that sum; the aim for the native plugin is wall / target",
        "<= 1.5.",
        "",
        "| kind | N | latency ms | step | calls | wall s | floor s | target s | wall / target |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for p in (p for p in doc["points"] if p["latency_ms"]):
        native = p["kind"].endswith("-native")
        floor_name = "null-native" if native else "null-dynamic"
        floors = [f for f in doc["floors"] if f["floor"] == floor_name and f["n"] == p["n"]]
        if not floors:
            continue
        for step in ("up", "update", "destroy"):
            s, floor_s = p["steps"][step], floors[0]["steps"][step]["wall_s"]
            target = round(floor_s + s["bound_s"], 2)
            lines.append(
                f"| {p['kind']} | {p['n']} | {p['latency_ms']} | {step} | {s['calls']} | "
                f"{s['wall_s']} | {floor_s} | {target} | {ratio(s['wall_s'], target)} |"
            )
    return [*lines, ""] if len(lines) > 10 else []


def state_table(doc: dict[str, Any]) -> list[str]:
    lines = [
        "| run | N | latency ms | state bytes / resource | `__provider` bytes | peak RSS MB |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    runs = [(p["kind"], p) for p in doc["points"]] + [(f["floor"], f) for f in doc["floors"]]
    for name, p in sorted(runs, key=lambda r: (r[1]["n"], r[1]["latency_ms"])):
        rss = ", ".join(f"{k} {v}" for k, v in sorted(p["peak_rss_mb"].items()))
        lines.append(
            f"| {name} | {p['n']} | {p['latency_ms']} | {p['state_bytes_per_resource']} | "
            f"{p['provider_bytes']} | {rss} |"
        )
    return lines


def backends_table(doc: dict[str, Any]) -> list[str]:
    b = doc.get("backends")
    if not b:
        return []
    lines = ["## State backends", ""]
    if "skipped" in b:
        return [*lines, f"Not measured: {b['skipped']}.", ""]
    first = b["rows"][0]
    lines += [
        f"`up` and `destroy` of {first['n']} `{first['kind']}` resources of ours at 0 ms, on",
        "the file backend and on PostgreSQL (a private cluster on loopback, `fsync=off`), with",
        "checkpoints (the default) and with `PULUMI_SKIP_CHECKPOINTS=true`, one after another.",
        "",
        "| backend | checkpoints | up s | destroy s | peak RSS MB |",
        "| --- | --- | ---: | ---: | --- |",
    ]
    for r in b["rows"]:
        rss = ", ".join(f"{k} {v}" for k, v in sorted(r["peak_rss_mb"].items()))
        checkpoints = "skipped" if r["skip_checkpoints"] else "every step"
        checkpoints += ", gzip" if r.get("gzip") else ""
        lines.append(f"| {r['backend']} | {checkpoints} | {r['up_s']} | {r['destroy_s']} | {rss} |")
    return [*lines, ""]


def markdown(doc: dict[str, Any], load: str, out: Path) -> str:
    lines = [*header(doc), *yardstick_table(doc), "## Every step", ""]
    lines += [*steps_table(doc), "", *state_table(doc), ""]
    lines += [*floor_table(doc), "", *latency_table(doc), *backends_table(doc)]
    lines += ["## Emulator load", "", load.strip(), ""]
    if (out / "scaling.png").exists():
        lines += ["![wall time and calls against N](scaling.png)", ""]
    return "\n".join(lines)


def plot(doc: dict[str, Any], out: Path) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("bench: matplotlib not installed (pip install -e '.[bench]'): no plot")
        return
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4))
    series = sorted({(p["kind"], p["latency_ms"]) for p in doc["points"]})
    series += sorted({(f["floor"], f["latency_ms"]) for f in doc["floors"]})
    first_latency = min(lat for _, lat in series)
    for name, latency in series:
        pts = [
            p
            for p in doc["points"] + doc["floors"]
            if p.get("kind", p.get("floor")) == name and p["latency_ms"] == latency
        ]
        ns, style = [p["n"] for p in pts], "s--" if name in FLOORS else "o-"
        walls = [p["steps"]["up"]["wall_s"] for p in pts]
        ax1.plot(ns, walls, style, label=f"{name} {latency}ms")
        if latency == first_latency and name not in FLOORS:
            ax2.plot(ns, [p["steps"]["refresh"]["calls"] for p in pts], "o-", label=name)
    ax1.set(xlabel="N resources", ylabel="`up` wall time (s)", xscale="log", yscale="log")
    ax2.set(xlabel="N resources", ylabel="`refresh` calls", xscale="log", yscale="log")
    ax1.legend(fontsize=7)
    ax2.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(out / "scaling.png", dpi=100)
