"""docs/performance.md from one run's figures: every goal as a ratio between arms of that run."""

from __future__ import annotations

import math
import os
import platform
from datetime import UTC, datetime

from bench.reads import ApiFigure
from bench.run import Results, SizeFigures, small_file_p50
from bench.timing import percentile, ratio

Row = list[str]


def table(head: Row, rows: list[Row]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


def fmt(x: float, digits: int = 2) -> str:
    return "n/a" if x is None or math.isnan(x) else f"{x:,.{digits}f}"


def goal(name: str, sense: str, limit: float, value: float) -> Row:
    """A goal's row: what, the target, this run's figure, and whether it was met."""
    if math.isnan(value):
        verdict = "not measured"
    elif value <= limit if sense == "<=" else value >= limit:
        verdict = "met"
    else:
        verdict = "**missed**"
    return [name, f"{sense} {limit:g}", fmt(value, 3), verdict]


def machine() -> str:
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kib = int(f.readline().split()[1])
        mem = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    load = os.getloadavg()[0]
    return (
        f"{os.cpu_count()} CPUs{mem}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, load average {load:.1f} at the end of the run "
        "(other engineers' servers share the machine)"
    )


def api_goals(figures: list[ApiFigure]) -> list[Row]:
    """Issue 12's API goals, one row per query and client count."""
    goals: list[Row] = []
    for a in figures:
        d, w = a.driver, a.api
        if a.clients > 1:
            goals.append(
                goal(
                    f"API/driver throughput, {a.query}, {a.clients} clients",
                    ">=",
                    0.6,
                    ratio(w.throughput, d.throughput),
                )
            )
        elif d.p50_ms >= 5:
            goals.append(
                goal(f"API/driver p50, {a.query}, 1 client", "<=", 1.3, ratio(w.p50_ms, d.p50_ms))
            )
            goals.append(
                goal(f"API/driver p99, {a.query}, 1 client", "<=", 1.5, ratio(w.p99_ms, d.p99_ms))
            )
        else:
            goals.append(
                goal(
                    f"API p50 ms added, {a.query}, 1 client (driver < 5 ms)",
                    "<=",
                    2,
                    w.p50_ms - d.p50_ms,
                )
            )
    return goals


def api_table(figures: list[ApiFigure]) -> list[str]:
    """Both arms' latency and throughput side by side, with their ratios."""
    return table(
        [
            "query",
            "clients",
            "driver p50 ms",
            "API p50 ms",
            "driver p99 ms",
            "API p99 ms",
            "driver req/s",
            "API req/s",
            "p50 ratio",
            "p99 ratio",
            "throughput ratio",
        ],
        [
            [
                a.query,
                str(a.clients),
                fmt(a.driver.p50_ms),
                fmt(a.api.p50_ms),
                fmt(a.driver.p99_ms),
                fmt(a.api.p99_ms),
                fmt(a.driver.throughput, 0),
                fmt(a.api.throughput, 0),
                fmt(ratio(a.api.p50_ms, a.driver.p50_ms)),
                fmt(ratio(a.api.p99_ms, a.driver.p99_ms)),
                fmt(ratio(a.api.throughput, a.driver.throughput)),
            ]
            for a in figures
        ],
    )


# The part of docs/performance.md written by hand (the latest figure of every goal, and the
# measurements made between runs): `make bench` writes the rest of the page and keeps this.
KEEP_START = "<!-- make bench keeps what follows, up to the end mark -->"
KEEP_END = "<!-- end of what make bench keeps -->"


def kept_lines(page: str) -> list[str]:
    """The kept part of a page `make bench` wrote before, marks included; [] when it has none."""
    lines = page.splitlines()
    if KEEP_START not in lines or KEEP_END not in lines:
        return []
    start, end = lines.index(KEEP_START), lines.index(KEEP_END)
    return lines[start : end + 1] if start < end else []


def render(r: Results, command: str, limits: list[str], kept: list[str] | None = None) -> str:
    assert r.small is not None and r.large is not None
    assert r.reload is not None and r.forced is not None
    small, large = r.small, r.large
    rows_written = large.nodes + large.rels
    loader_rate = rows_written / large.load.seconds
    base_rate = rows_written / r.baseline_seconds
    naive_rate = r.naive_rows / r.naive_seconds
    out = [
        "# Performance",
        "",
        "Figures of one run of `make bench` (all arms side by side, one process driving one",
        "Neo4j server, one synthetic corpus); absolute times on a shared machine are noisy, so",
        "every goal is a ratio between arms of the same run. `make bench` (sizes: `BENCH_ARGS`)",
        "writes this page again; what lies between its marks (the latest figure of each goal and",
        "the measurements made between runs, newest first) is written by hand and kept as it is.",
        "`make bench-smoke`, part of `make test`, runs a tiny version so the benchmark code keeps",
        "working.",
        "",
        f"- **Run**: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, `{command}`",
        f"- **Machine**: {machine()}",
        f"- **Corpus** (`bench/corpus.py`, seed {r.plan.seed}): {r.corpus.facts:,} facts in "
        f"{r.corpus.files:,} files of {r.plan.facts_per_file}; {r.corpus.reuse:.0%} of entity "
        f"mentions name an entity other sources name (power-law picks); "
        f"{r.corpus.denials:,} denials answering an earlier source's claim, "
        f"{r.corpus.relayed:,} relayed claims (`according_to`), {r.corpus.placeholders:,} "
        f"unnamed actors of which {r.corpus.named_later:,} named later (`same_as`).",
        f"- **Graphs**: smaller {small.facts:,} facts ({small.nodes:,} nodes, {small.rels:,} "
        f"relationships); larger {large.facts:,} facts ({large.nodes:,} nodes, "
        f"{large.rels:,} relationships).",
        "",
        "## Goals",
        "",
    ]
    goals = [
        goal(
            "loader vs hand-written UNWIND (throughput)",
            ">=",
            0.8,
            ratio(r.baseline_seconds, large.load.seconds),
        ),
        goal("loader vs one MERGE per transaction", ">=", 20, ratio(loader_rate, naive_rate)),
        goal(
            "bulk import vs loader, initial load",
            ">=",
            5,
            ratio(large.load.seconds, r.bulk_seconds),
        ),
        goal(
            "unchanged reload / first load", "<=", 0.1, ratio(r.reload.seconds, large.load.seconds)
        ),
        goal("forced reload / first load", "<=", 1.2, ratio(r.forced.seconds, large.load.seconds)),
    ]
    goals += graph_goals(small, large, r.fulltext_ms, r.contains_ms)
    goals += api_goals(r.api)
    out += table(["goal", "target", "this run", "verdict"], goals)
    if kept:
        out += ["", *kept]
    out += ["", "## Load", ""]
    out += table(
        ["arm", "seconds", "rows/s", "ratio"],
        [
            [
                "1. `tipgraph load` (load_paths, fresh process)",
                fmt(large.load.seconds),
                fmt(loader_rate, 0),
                "1.00",
            ],
            [
                f"2. hand-written UNWIND ... MERGE, batches of {r.baseline_batch}",
                fmt(r.baseline_seconds),
                fmt(base_rate, 0),
                fmt(ratio(base_rate, loader_rate)),
            ],
            [
                f"3. one MERGE per transaction ({r.naive_rows:,} rows)",
                fmt(r.naive_seconds),
                fmt(naive_rate, 0),
                fmt(ratio(naive_rate, loader_rate), 3),
            ],
            [
                "bulk import (`tipgraph db import-bulk`, server stopped and started)",
                fmt(r.bulk_seconds),
                fmt(rows_written / r.bulk_seconds, 0),
                fmt(ratio(large.load.seconds, r.bulk_seconds)),
            ],
            ["unchanged reload", fmt(r.reload.seconds), "", goals[3][2]],
            ["forced reload (`--force`)", fmt(r.forced.seconds), "", goals[4][2]],
        ],
    )
    same = "the same" if r.hash_loader == r.hash_baseline else "**not** the same"
    out += [
        "",
        f"Rows are the nodes and relationships of the final graph ({rows_written:,}); the loader",
        f"writes them from {r.corpus.facts:,} facts at {r.corpus.facts / large.load.seconds:,.0f}"
        " facts/s. The baseline writes the loader's finished graph back (dumped from Neo4j, so",
        "it parses, checks and derives nothing) and ends in "
        f"{same} graph by hash (`{r.hash_baseline[:12]}` vs `{r.hash_loader[:12]}`). The bulk",
        "import checks the same files as the loader does, derives the graph once in memory,",
        "writes CSV files and runs `neo4j-admin database import full` with the server stopped,",
        "then starts it and installs the schema (all timed); "
        + (
            "not run this time (`--no-bulk`)."
            if not r.hash_bulk
            else ("it ends in the same" if r.hash_bulk == r.hash_loader else "**not** the same")
            + f" graph by hash (`{r.hash_bulk[:12]}`)."
        ),
        "",
        "Batch-size sweep (arm 2, whole graph):",
        "",
    ]
    out += table(
        ["rows per UNWIND", "seconds", "rows/s"],
        [[str(b), fmt(s), fmt(rows_written / s, 0)] for b, s in sorted(r.sweep.items())],
    )
    out += ["", "Small files (5 facts each), loaded one by one after the corpus:", ""]
    out += table(
        ["graph", "files", "p50 s/file", "p99 s/file"],
        [_small_row(small), _small_row(large)],
    )
    out += ["", "Loader peak memory (resident set of the load process):", ""]
    out += table(
        ["load", "peak RSS MiB"],
        [
            ["a process that loads nothing", fmt(r.idle_rss_mib, 0)],
            [f"{small.facts:,} facts", fmt(small.load.peak_rss_mib, 0)],
            [f"{large.facts:,} facts", fmt(large.load.peak_rss_mib, 0)],
        ],
    )
    out += ["", f"## API and raw driver ({large.facts:,}-fact graph)", ""]
    out += api_table(r.api)
    out += [
        "",
        "Each arm ran every query the same number of times a round, the arms alternating order",
        "round by round; the API arm goes through `GET /queries/{name}/run` with a reader key",
        "(uvicorn, one worker), the driver arm runs the same saved Cypher with the same values.",
        "",
        "## Saved queries at two sizes",
        "",
        "Anchored on entities of the corpus's first report (present with the same own",
        "neighbourhood in both graphs); db hits from `PROFILE`.",
        "",
    ]
    out += scaling_table(small, large)
    out += [
        "",
        f"Full-text lookup p50 {fmt(r.fulltext_ms)} ms; the same lookup by `CONTAINS` "
        f"{fmt(r.contains_ms)} ms.",
        "",
        "## What limited the figures",
        "",
        *limits,
        *(f"- **Problem**: {n}" for n in r.problems),
        "",
    ]
    return "\n".join(out)


def graph_goals(
    small: SizeFigures, large: SizeFigures, fulltext_ms: float, contains_ms: float
) -> list[Row]:
    """The goals measured on the two graphs: small files, the loader's memory, full-text search
    and each anchored saved query."""
    anchored = {f.query: f for f in small.scaling if f.anchored}
    return [
        goal(
            f"one small file into {large.facts:,} / into {small.facts:,} facts (p50)",
            "<=",
            2,
            ratio(small_file_p50(large), small_file_p50(small)),
        ),
        goal(
            f"loader peak RSS at {large.facts:,} / at {small.facts:,} facts",
            "<=",
            1.5,
            ratio(large.load.peak_rss_mib, small.load.peak_rss_mib),
        ),
        goal(
            f"full-text vs CONTAINS at {large.facts:,} facts",
            ">=",
            20,
            ratio(contains_ms, fulltext_ms),
        ),
        *(
            goal(
                f"saved query {f.query}: p50 larger / smaller graph",
                "<=",
                3,
                ratio(f.p50_ms, anchored[f.query].p50_ms),
            )
            for f in large.scaling
            if f.query in anchored
        ),
    ]


def scaling_table(small: SizeFigures, large: SizeFigures) -> list[str]:
    """Each saved query's p50 and db hits on the smaller and the larger graph."""
    by_name = {f.query: f for f in small.scaling}
    scale_rows = []
    for f in large.scaling:
        s = by_name[f.query]
        scale_rows.append(
            [
                f.query,
                "yes" if f.anchored else "no",
                fmt(s.p50_ms),
                fmt(f.p50_ms),
                fmt(ratio(f.p50_ms, s.p50_ms)),
                f"{s.db_hits:,}",
                f"{f.db_hits:,}",
                fmt(ratio(f.db_hits, s.db_hits) if s.db_hits else math.nan),
                f"{s.rows}/{f.rows}",
            ]
        )
    return table(
        [
            "query",
            "anchored",
            f"p50 ms {small.facts:,}",
            f"p50 ms {large.facts:,}",
            "p50 ratio",
            "db hits small",
            "db hits large",
            "hits ratio",
            "rows",
        ],
        scale_rows,
    )


def _small_row(f: SizeFigures) -> Row:
    s = f.small_file_seconds
    return [f"{f.facts:,} facts", str(len(s)), fmt(percentile(s, 50), 3), fmt(percentile(s, 99), 3)]
