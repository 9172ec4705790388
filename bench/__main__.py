"""`python -m bench`: generate a corpus, or run the benchmarks and write docs/performance.md."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from bench.corpus import CorpusSpec, write_corpus


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate", help="write a synthetic corpus of fact files")
    g.add_argument("out", type=Path, help="folder to write the fact files into")
    g.add_argument("--facts", type=int, default=10_000)
    g.add_argument("--facts-per-file", type=int, default=500)
    g.add_argument("--seed", type=int, default=12)
    r = sub.add_parser(
        "run",
        help="run every benchmark on the server TIPGRAPH_* points at (it is wiped: never main)",
    )
    r.add_argument("--facts", type=int, default=10_000, help="the larger graph")
    r.add_argument("--small-facts", type=int, default=0, help="the smaller (default facts/10)")
    r.add_argument("--facts-per-file", type=int, default=500)
    r.add_argument("--small-files", type=int, default=1000, help="5-fact files into each graph")
    r.add_argument("--naive-rows", type=int, default=2000)
    r.add_argument("--sweep", default="50,200,1000,5000", help="UNWIND batch sizes to try")
    r.add_argument("--api-requests", type=int, default=200, help="per query, arm and round")
    r.add_argument("--api-clients", default="1,16", help="concurrent clients, comma-separated")
    r.add_argument("--api-rounds", type=int, default=2, help="rounds of each arm, alternating")
    r.add_argument("--repeats", type=int, default=20, help="runs of each saved query")
    r.add_argument(
        "--no-bulk",
        action="store_true",
        help="skip the bulk import arm (it stops and restarts the server; "
        "tests/test_bulk_import.py covers its code)",
    )
    r.add_argument("--out", type=Path, help="write the report here (e.g. docs/performance.md)")
    r.add_argument("--limits", type=Path, help="markdown notes on what limited the figures")
    r.add_argument(
        "--check",
        action="store_true",
        help="exit 1 when the arms did not build the same graph (for make bench-smoke)",
    )
    a = sub.add_parser("api", help="the API arm alone (loads --facts unless a graph is kept)")
    a.add_argument("--facts", type=int, default=10_000)
    a.add_argument("--facts-per-file", type=int, default=500)
    a.add_argument("--api-requests", type=int, default=200, help="per query, arm and round")
    a.add_argument("--api-clients", default="1,16", help="concurrent clients, comma-separated")
    a.add_argument("--api-rounds", type=int, default=2, help="rounds of each arm, alternating")
    a.add_argument("--keep", action="store_true", help="leave the graph for the next run")
    c = sub.add_parser("load-child", help=argparse.SUPPRESS)
    c.add_argument("paths", nargs="*")
    c.add_argument("--force", action="store_true")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "generate":
        stats = write_corpus(CorpusSpec(args.facts, args.facts_per_file, args.seed), args.out)
        print(f"{stats.facts} facts in {stats.files} files, {stats.reuse:.0%} shared mentions")
        return 0
    from graph.driver import get_driver
    from graph.settings import get_settings

    settings = get_settings()
    driver = get_driver()
    if args.command == "load-child":
        from bench.loadrun import run_child

        figures = run_child(args.paths, args.force, driver, settings.neo4j_database)
        print(json.dumps(figures))
        return 0
    from bench.report import kept_lines, render
    from bench.run import Plan, run

    started = time.monotonic()

    def say(message: str) -> None:
        print(f"bench [{time.monotonic() - started:6.1f}s]: {message}", file=sys.stderr)

    if args.command == "api":
        from bench.apirun import run_api

        api_plan = Plan(
            facts=args.facts,
            small_facts=0,
            facts_per_file=args.facts_per_file,
            api_requests=args.api_requests,
            api_clients=tuple(int(x) for x in args.api_clients.split(",") if x),
            api_rounds=args.api_rounds,
        )
        print(run_api(api_plan, driver, settings, say, keep=args.keep))
        return 0

    plan = Plan(
        facts=args.facts,
        small_facts=args.small_facts or max(args.facts_per_file, args.facts // 10),
        facts_per_file=args.facts_per_file,
        small_files=args.small_files,
        naive_rows=args.naive_rows,
        sweep=tuple(int(x) for x in args.sweep.split(",") if x),
        api_requests=args.api_requests,
        api_clients=tuple(int(x) for x in args.api_clients.split(",") if x),
        api_rounds=args.api_rounds,
        repeats=args.repeats,
        bulk=not args.no_bulk,
    )
    results = run(plan, driver, settings, say)
    limits = args.limits.read_text().splitlines() if args.limits else []
    given = argv if argv is not None else sys.argv[1:]
    kept = kept_lines(args.out.read_text()) if args.out and args.out.exists() else []
    text = render(results, "python -m bench " + " ".join(given), limits, kept)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        print(text)
    for problem in results.problems:
        print(f"bench: problem: {problem}", file=sys.stderr)
    return 1 if args.check and results.problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
