"""Loads timed for the benchmark: a whole corpus in a child process (its peak memory is the
child's peak resident set, read from the kernel when it exits), and single files in this one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from neo4j import Driver

from bench import CHECKOUT
from bench.database import MARKERS, wipe
from bench.timing import clock
from graph.settings import Settings
from loaders import load_paths
from loaders.bulk_import import Progress, import_bulk, rebase


@dataclass(frozen=True)
class LoadRun:
    seconds: float  # inside load_paths, start-up aside
    peak_rss_mib: float
    loaded: int
    skipped: int
    failed: int


def child_load(paths: list[Path], *, force: bool = False) -> LoadRun:
    """`load_paths` over these files in a fresh process, as `tipgraph load` runs."""
    args = [sys.executable, "-m", "bench", "load-child", *map(str, paths)]
    if force:
        args.append("--force")
    proc = subprocess.Popen(args, cwd=CHECKOUT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"the load exited with {proc.returncode}: {out[-2000:]}")
    result = json.loads(out.strip().splitlines()[-1])
    # ru_maxrss is in KiB on Linux.
    return LoadRun(
        result["seconds"],
        usage.ru_maxrss / 1024,
        result["loaded"],
        result["skipped"],
        result["failed"],
    )


def run_child(paths: list[str], force: bool, driver: Driver, database: str) -> dict[str, float]:
    start = clock()
    report = load_paths(driver, paths, database=database, force=force)
    seconds = clock() - start
    statuses = [f.status for f in report.files]
    for f in report.files:
        for problem in f.problems[:3]:
            print(problem, file=sys.stderr)
    return {
        "seconds": seconds,
        "loaded": statuses.count("loaded"),
        "skipped": statuses.count("skipped"),
        "failed": statuses.count("failed"),
    }


def per_file(driver: Driver, database: str, files: list[Path]) -> list[float]:
    """Seconds to load each file, one `load_paths` call each, as an ingest would."""
    out = []
    for path in files:
        start = clock()
        report = load_paths(driver, [path], database=database)
        out.append(clock() - start)
        if report.files[0].status != "loaded":
            raise RuntimeError(f"{path}: {report.files[0].status} {report.files[0].problems[:3]}")
    return out


def bulk_load(
    driver: Driver,
    settings: Settings,
    files: list[Path],
    *,
    work: Path | None = None,
    progress: Progress | None = None,
) -> float:
    """`tipgraph db import-bulk` of these files into the emptied database, timed from the files
    to a server answering with the schema installed; the imported graph is left in place."""
    db = settings.neo4j_database
    records, _, _ = driver.execute_query(
        "MATCH (m) WHERE m:TipgraphBenchMarker OR m:TipgraphTestMarker "
        "RETURN [l IN labels(m) WHERE l IN $markers][0] AS marker",
        markers=list(MARKERS),
        database_=db,
    )
    wipe(driver, db)
    # The import refuses any node, the benchmark's (or the test suite's) marker too: it is put
    # back after.
    driver.execute_query(
        "MATCH (m) WHERE m:TipgraphBenchMarker OR m:TipgraphTestMarker DELETE m", database_=db
    )
    start = clock()
    import_bulk(settings, files, work=work, progress=progress)
    seconds = clock() - start
    rebase(driver, settings)
    for record in records:
        # The label is one of MARKERS, never a caller's.
        driver.execute_query(f"CREATE (:{record['marker']})", database_=db)
    return seconds
