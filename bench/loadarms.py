"""`python -m bench.loadarms FOLDER`: the load arms alone, side by side on one corpus.

The same stages as `python -m bench run` for loading (the loader in a fresh process, a forced
reload, the bulk import, the hand-written UNWIND baseline, one MERGE per transaction), without
the read benchmarks, so that the loader's ratios can be measured at sizes where the whole run
would take hours. Generate the corpus with `python -m bench generate FOLDER --facts N`. The
server TIPGRAPH_* points at is wiped: never main.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bench import baseline
from bench.database import claim_database, counts, release_database, state_hash, wipe
from bench.loadrun import bulk_load, child_load
from bench.timing import clock
from graph.driver import get_driver
from graph.settings import get_settings


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.loadarms", description=__doc__)
    p.add_argument("folder", type=Path, help="a corpus written by `python -m bench generate`")
    p.add_argument("--batch", type=int, default=500, help="rows per UNWIND in the baseline")
    p.add_argument("--naive-rows", type=int, default=1000)
    p.add_argument("--no-bulk", action="store_true", help="skip the bulk import")
    p.add_argument(
        "--warm-files",
        type=int,
        default=20,
        help="files both arms write once, untimed, before the timed runs (a warm server)",
    )
    args = p.parse_args(argv)
    settings = get_settings()
    driver = get_driver()
    db = settings.neo4j_database
    marked = claim_database(driver, settings)
    files = sorted(args.folder.glob("*.yaml"))

    def say(message: str) -> None:
        print(f"{time.strftime('%H:%M:%S')} {message}", flush=True)

    # A server that has just started compiles code and plans statements as it meets them, and
    # the arm that ran first paid for it (see docs/performance.md): both arms write the first
    # files once, untimed.
    wipe(driver, db)
    warm = files[: args.warm_files]
    warm_load = child_load(warm)
    warm_data = baseline.dump(driver, db)
    warm_unwind = baseline.timed_unwind(driver, db, warm_data, args.batch)
    wipe(driver, db)
    say(
        f"warm-up on {len(warm)} files: loader {warm_load.seconds:.2f} s, UNWIND baseline "
        f"{warm_unwind:.2f} s"
    )
    first = child_load(files)
    loaded = state_hash(driver, db)
    nodes, rels = counts(driver, db)
    say(
        f"loader: {len(files)} files, {first.seconds:.2f} s, peak RSS {first.peak_rss_mib:.0f} "
        f"MiB, {nodes} nodes, {rels} relationships, hash {loaded[:12]}"
    )
    forced = child_load(files, force=True)
    say(
        f"forced reload: {forced.seconds:.2f} s = {forced.seconds / first.seconds:.3f}x the "
        f"first load; same graph: {state_hash(driver, db) == loaded}"
    )
    data = baseline.dump(driver, db)
    if not args.no_bulk:
        start = clock()
        bulk = bulk_load(
            driver, settings, files, progress=lambda m: say(f"  {clock() - start:7.2f} s {m}")
        )
        say(
            f"bulk import: {bulk:.2f} s; loader / bulk {first.seconds / bulk:.2f}x; same graph: "
            f"{state_hash(driver, db) == loaded}"
        )
    unwind = baseline.timed_unwind(driver, db, data, args.batch)
    say(
        f"UNWIND baseline: {data.rows} rows in {unwind:.2f} s; loader throughput "
        f"{unwind / first.seconds:.3f}x the baseline's; same graph: "
        f"{state_hash(driver, db) == loaded}"
    )
    wipe(driver, db)
    start = clock()
    naive = baseline.write_naive(driver, db, data, args.naive_rows)
    naive_s = clock() - start
    say(
        f"one MERGE per transaction: {naive} rows in {naive_s:.2f} s; loader rows/s "
        f"{(data.rows / first.seconds) / (naive / naive_s):.2f}x its"
    )
    wipe(driver, db)
    if marked:
        release_database(driver, db)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
