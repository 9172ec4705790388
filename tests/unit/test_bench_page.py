"""docs/performance.md: `make bench` writes the page again and keeps the part written by hand."""

from __future__ import annotations

from pathlib import Path

from bench.report import KEEP_END, KEEP_START, kept_lines

PAGE = Path(__file__).parent.parent.parent / "docs" / "performance.md"


def test_the_kept_part_is_found_with_its_marks() -> None:
    page = "\n".join(["# Performance", "generated", KEEP_START, "by hand", KEEP_END, "generated"])
    assert kept_lines(page) == [KEEP_START, "by hand", KEEP_END]
    assert kept_lines("# Performance\nno marks\n") == []
    assert kept_lines("\n".join([KEEP_END, "backwards", KEEP_START])) == []


def test_the_page_keeps_every_measurement_made_by_hand() -> None:
    text = PAGE.read_text()
    kept = "\n".join(kept_lines(text))
    # The latest figure of each goal, and every dated section, lie between the marks.
    assert "Where each goal stands" in kept
    assert "(2026-12-07, 18:06-19:20 UTC)" in kept and "The earlier full run" in kept
    assert text.index("## Goals") < text.index(KEEP_START)
    assert text.index(KEEP_END) < text.index("## What limited the figures")
