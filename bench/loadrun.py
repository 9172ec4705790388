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
from bench.timing import clock
from loaders import load_paths


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
