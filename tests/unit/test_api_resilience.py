"""The deliberately troublesome saved queries of the resilience tests stay test fixtures."""

from __future__ import annotations

from pathlib import Path

from tests.paths import PROJECT_ROOT


def test_trouble_queries_stay_out_of_the_project_registry() -> None:
    assert not any(Path(PROJECT_ROOT / "cypher").rglob("slow_count.cypher"))
