"""`python -m bench.scale FOLDER`: the figures that need the largest graph, without the load arms.

Loads a prefix of the corpus (the smaller graph) and then the whole corpus (the larger graph),
each into an empty database with `tipgraph load` in a fresh process, and on each measures what
`python -m bench run` measures on its two graphs: the load's time and peak memory, 5-fact files
loaded one by one into it, and every saved query's p50 and db hits; on the larger graph also
the full-text lookup against `CONTAINS` and, unless `--no-api`, the API against the raw driver.
With `--bulk`, the larger corpus is then bulk-imported into the emptied database (`tipgraph db
import-bulk`, which stops and starts the server) and timed against the loader's load of it; the
graphs are compared by hash. The reloads and the baselines are left out (`python -m
bench.loadarms` has them), so that a 1,000,000-fact corpus fits in an afternoon. Prints
markdown. Generate the corpus with `python -m bench generate FOLDER --facts N`; the server
TIPGRAPH_* points at is wiped: never main.
"""

from __future__ import annotations

import argparse
import math
import tempfile
import time
from pathlib import Path

from bench import reads
from bench.anchors import Anchors
from bench.corpus import CorpusSpec, write_corpus
from bench.database import claim_database, counts, release_database, state_hash, wipe
from bench.loadrun import bulk_load, child_load, per_file
from bench.report import (
    api_goals,
    api_table,
    fmt,
    goal,
    graph_goals,
    machine,
    scaling_table,
    table,
)
from bench.run import SizeFigures
from bench.timing import percentile
from cypher.registry import get_registry
from graph.driver import get_driver
from graph.settings import get_settings


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__)
    p.add_argument("folder", type=Path, help="a corpus written by `python -m bench generate`")
    p.add_argument("--small-facts", type=int, default=10_000, help="facts of the smaller graph")
    p.add_argument("--facts-per-file", type=int, default=500, help="as the corpus was written")
    p.add_argument("--small-files", type=int, default=100, help="5-fact files into each graph")
    p.add_argument("--repeats", type=int, default=20, help="runs of each saved query")
    p.add_argument("--api-requests", type=int, default=200, help="per query, arm and round")
    p.add_argument("--api-clients", default="1,16", help="concurrent clients, comma-separated")
    p.add_argument("--api-rounds", type=int, default=2, help="rounds of each arm, alternating")
    p.add_argument("--no-api", action="store_true", help="leave out the API benchmark")
    p.add_argument(
        "--bulk",
        action="store_true",
        help="at the end, bulk-import the larger corpus and time it against the loader",
    )
    args = p.parse_args(argv)
    files = sorted(args.folder.glob("*.yaml"))
    if not files:
        p.error(f"no fact files in {args.folder}: write a corpus with `python -m bench generate`")
    settings = get_settings()
    driver = get_driver()
    db = settings.neo4j_database
    marked = claim_database(driver, settings)
    registry = get_registry()

    def say(message: str) -> None:
        print(f"<!-- {time.strftime('%H:%M:%S')} {message} -->", flush=True)

    facts = len(files) * args.facts_per_file
    small_facts = min(args.small_facts, facts)
    prefix = files[: max(1, math.ceil(small_facts / args.facts_per_file))]
    figures: list[SizeFigures] = []
    with tempfile.TemporaryDirectory(prefix="tipgraph-scale-") as tmp:
        small_dir = Path(tmp) / "small"
        write_corpus(CorpusSpec(5 * args.small_files, 5, 12, prefix="x"), small_dir)
        small_files = sorted(small_dir.glob("*.yaml"))
        for size, chosen in ((small_facts, prefix), (facts, files)):
            say(f"loading {len(chosen)} files ({size:,} facts) into an empty graph")
            wipe(driver, db)
            f = SizeFigures(size, len(chosen), child_load(chosen))
            if f.load.loaded != len(chosen):
                raise SystemExit(f"{f.load.failed} of {len(chosen)} files failed to load")
            f.nodes, f.rels = counts(driver, db)
            # Taken before the small files change the graph: the bulk import must rebuild it.
            loaded_hash = state_hash(driver, db) if args.bulk and chosen is files else ""
            say(f"loaded in {f.load.seconds:.1f} s; saved queries, then {len(small_files)} files")
            anchors = Anchors(driver, db)
            f.scaling = reads.saved_query_scaling(
                driver, db, registry, anchors, repeats=args.repeats
            )
            f.small_file_seconds = per_file(driver, db, small_files)
            figures.append(f)
    small, large = figures  # `anchors` are the larger graph's, which is left loaded
    fulltext_ms, contains_ms = reads.fulltext_vs_contains(driver, db, anchors, repeats=args.repeats)
    # Printed as soon as measured: a failure later (the API, the wipe) must not lose an hour's
    # load of the larger graph.
    print(_render(small, large, fulltext_ms, contains_ms, args.repeats), flush=True)
    if not args.no_api:
        say("API against the raw driver")
        with tempfile.TemporaryDirectory(prefix="tipgraph-scale-api-") as tmp:
            api = reads.api_arm(
                driver,
                db,
                registry,
                anchors,
                Path(tmp) / "api.log",
                requests=args.api_requests,
                clients=tuple(int(c) for c in args.api_clients.split(",")),
                rounds=args.api_rounds,
            )
        print("", *api_table(api), "", *table(GOAL_HEAD, api_goals(api)), sep="\n", flush=True)
    if args.bulk:
        say(f"bulk import of the {len(files)} files into the emptied database")
        bulk_seconds = bulk_load(driver, settings, files, progress=say)
        same = state_hash(driver, db) == loaded_hash
        print("", *_bulk_lines(large.load.seconds, bulk_seconds, same), sep="\n", flush=True)
    wipe(driver, db)
    if marked:
        release_database(driver, db)
    return 0


GOAL_HEAD = ["goal", "target", "this run", "verdict"]


def _render(
    small: SizeFigures,
    large: SizeFigures,
    fulltext_ms: float,
    contains_ms: float,
    repeats: int,
) -> str:
    lines = [
        f"- **Machine**: {machine()}",
        f"- **Saved queries**: {repeats} runs each after one untimed run",
        "",
        "| graph | files | nodes | relationships | load s | peak RSS MiB | 5-fact file p50 s "
        "| p99 s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for f in (small, large):
        s = f.small_file_seconds
        lines.append(
            f"| {f.facts:,} facts | {f.files} | {f.nodes:,} | {f.rels:,} | {f.load.seconds:.1f} "
            f"| {f.load.peak_rss_mib:.0f} | {percentile(s, 50):.3f} | {percentile(s, 99):.3f} |"
        )
    goals = graph_goals(small, large, fulltext_ms, contains_ms)
    lines += [
        "",
        f"Full-text lookup p50 {fmt(fulltext_ms)} ms; by `CONTAINS` {fmt(contains_ms)} ms.",
        "",
        *table(GOAL_HEAD, goals),
        "",
        *scaling_table(small, large),
    ]
    return "\n".join(lines)


def _bulk_lines(loader_seconds: float, bulk_seconds: float, same: bool) -> list[str]:
    verdict = "the same graph" if same else "**not** the loader's graph"
    return [
        f"Initial load of the larger corpus: `tipgraph load` {loader_seconds:.1f} s, the bulk "
        f"import {bulk_seconds:.1f} s (server stopped and started, schema installed); {verdict} "
        "by hash.",
        "",
        *table(
            GOAL_HEAD,
            [goal("bulk import vs loader, initial load", ">=", 5, loader_seconds / bulk_seconds)],
        ),
    ]


if __name__ == "__main__":
    raise SystemExit(main())
