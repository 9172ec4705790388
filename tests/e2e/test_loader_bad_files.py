"""A bad fact file through the real loader into the real Neo4j: reported with every problem its
checks find (tests/unit/test_loader_bad_files.py has each file's exact problems), and nothing
written; the corpus's base file, its mistake undone, loads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from neo4j import Driver

from graph.settings import Settings
from loaders import load_paths
from loaders.checks import check_document
from loaders.errors import FactFileError
from loaders.plan import EmptyGraph

BAD = Path(__file__).parent.parent / "fixtures" / "bad"


def test_the_fixtures_differ_from_a_file_that_loads(
    clean_graph: Driver, settings: Settings, tmp_path: Path
) -> None:
    # Undo the one mistake of a fixture and it loads: the corpus tests the mistakes, not the base.
    shutil.copytree(BAD / "sources", tmp_path / "sources")
    good = tmp_path / "fixed.yaml"
    good.write_text((BAD / "unknown_predicate.yaml").read_text().replace("DIRECTS", "LEADS"))
    report = load_paths(clean_graph, [good], database=settings.neo4j_database)
    assert report.ok and report.files[0].status == "loaded"
    assert report.files[0].claims.created == 1


def test_a_bad_file_is_reported_whole_and_writes_nothing(
    clean_graph: Driver, settings: Settings
) -> None:
    path = BAD / "many_problems.yaml"
    report = load_paths(clean_graph, [path], database=settings.neo4j_database)
    [file_report] = report.files
    assert file_report.status == "failed"
    with pytest.raises(FactFileError) as caught:
        check_document(path.read_bytes(), filename=str(path), base_dir=BAD, graph=EmptyGraph())
    assert sorted(file_report.problems) == sorted(caught.value.problems)
    records, _, _ = clean_graph.execute_query(
        "MATCH (n) WHERE n:Entity OR n:Claim OR n:Source RETURN count(n) AS n",
        database_=settings.neo4j_database,
    )
    assert records[0]["n"] == 0, "a file with any problem writes nothing"
