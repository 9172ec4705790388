"""The benchmarks at a tiny size (`make bench-smoke`), inside the e2e tier so that their code
keeps working: every arm runs on the worker's own test server, the report renders, and `--check`
finds the arms built one graph, by hash."""

from __future__ import annotations

from pathlib import Path

import pytest
from neo4j import Driver

from bench.__main__ import main as bench
from bench.report import KEEP_END, KEEP_START
from graph.driver import close_driver
from tests.e2e.fixtures import forget_graph

# About how long the module takes (tests/e2e/fixtures.py runs long modules early).
pytestmark = pytest.mark.lasts(seconds=40)

SMOKE = [
    *("--facts", "100", "--facts-per-file", "50", "--small-facts", "50", "--small-files", "2"),
    *("--naive-rows", "20", "--sweep", "50", "--api-requests", "4", "--api-clients", "1,4"),
    *("--api-rounds", "1"),
    *("--repeats", "1", "--no-bulk", "--check"),
]


def test_every_benchmark_runs_at_a_tiny_size(
    clean_graph: Driver, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # The page it writes over, with a part written by hand that it must keep.
    page = tmp_path / "performance.md"
    by_hand = [KEEP_START, "", "## Measured by hand", "", "A figure.", "", KEEP_END]
    page.write_text("\n".join(["# Performance", "", "old figures", "", *by_hand, ""]))
    # The bench runs on the process's driver: a fresh one, with no bookmark from a server that
    # an earlier test in this worker restarted (tests/e2e/test_server.py, the bulk import).
    close_driver()
    try:
        status = bench(["run", *SMOKE, "--out", str(page)])
    finally:
        forget_graph()
    out = capsys.readouterr()
    assert status == 0, out.err
    assert "bench: problem" not in out.err
    written = page.read_text()
    for section in ("## Goals", "## Load", "## API and raw driver", "## Saved queries"):
        assert section in written
    assert "old figures" not in written and "\n".join(by_hand) in written
    assert written.index("## Goals") < written.index(KEEP_START) < written.index("## Load")
