"""`tipgraph db import-bulk`: the same graph as `tipgraph load`, by hash, through neo4j-admin.

Runs against the suite's own local server, which the import stops and starts again; the
suite's marker node is taken away for the import (it refuses a database holding any node) and
put back after.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from neo4j import Driver

from bench.corpus import CorpusSpec, write_corpus
from bench.database import state_hash
from graph.driver import make_driver
from graph.schema import migrate, wanted_names
from graph.settings import Settings
from loaders import load_paths
from loaders.bulk_import import rebase
from tests.e2e.fixtures import MARKER, wipe
from tests.inprocess import run_cli

# About how long the module takes, restarts included (tests/e2e/fixtures.py runs it early).
pytestmark = pytest.mark.restarts(seconds=60)

MULTISOURCE = Path(__file__).parent.parent / "fixtures" / "multisource"


@pytest.fixture
def corpus(tmp_path: Path) -> list[Path]:
    """The multi-source fixture (same_as, a relayed report, a denial, a sanctions notice) and a
    small synthetic corpus of the benchmark's (hubs, quotes, denials, unnamed actors named)."""
    write_corpus(CorpusSpec(300, 100, 5), tmp_path / "corpus")
    return sorted(MULTISOURCE.glob("*.yaml")) + sorted((tmp_path / "corpus").glob("*.yaml"))


def test_the_bulk_import_builds_the_loaders_graph(
    corpus: list[Path], clean_graph: Driver, settings: Settings
) -> None:
    db = settings.neo4j_database
    # The loader needs the schema (its name lookups read the full-text indexes).
    migrate(clean_graph, database=db)
    report = load_paths(clean_graph, corpus, database=db)
    assert [f.status for f in report.files] == ["loaded"] * len(corpus)
    loaded = state_hash(clean_graph, db)
    wipe(clean_graph, settings)
    clean_graph.execute_query(f"MATCH (m:{MARKER}) DELETE m", database_=db)
    try:
        result = run_cli("db", "import-bulk", *map(str, corpus))
        assert result.returncode == 0, result.stdout + result.stderr
        assert f"imported {len(corpus)} sources" in " ".join(result.stdout.split())
        with make_driver(settings) as fresh:
            assert state_hash(fresh, db) == loaded
            # The schema is installed: the constraints and full-text indexes the loader needs.
            names = {r["name"] for r in fresh.execute_query("SHOW INDEXES", database_=db)[0]}
            assert set(wanted_names()) <= names
            # And the imported graph takes transactional loads: reloading changes nothing.
            again = load_paths(fresh, corpus, database=db, force=True)
            assert all(f.status == "loaded" for f in again.files)
            assert state_hash(fresh, db) == loaded
            # The hash sees one property changed on one node or relationship, and is the same
            # again once the change is undone.
            for target in ("(c:Claim)", "()-[c:CITED_IN]->()"):
                fresh.execute_query(f"MATCH {target} WITH c LIMIT 1 SET c.probe = 1", database_=db)
                assert state_hash(fresh, db) != loaded, target
                fresh.execute_query(f"MATCH {target} REMOVE c.probe", database_=db)
                assert state_hash(fresh, db) == loaded, target
    finally:
        # The suite's driver outlives the restart, and must not wait for its old bookmarks.
        rebase(clean_graph, settings)
        clean_graph.execute_query(
            f"MERGE (m:{MARKER}) ON CREATE SET m.created_by = 'pytest'", database_=db
        )
        migrate(clean_graph, database=db)


def test_the_bulk_import_refuses_a_database_that_is_not_empty(
    clean_graph: Driver, settings: Settings
) -> None:
    # The suite's marker node is enough: the import replaces the whole database.
    result = run_cli("db", "import-bulk", str(MULTISOURCE))
    assert result.returncode == 1
    assert "only starts on an empty one" in " ".join(result.stderr.split())
    records, _, _ = clean_graph.execute_query(
        f"MATCH (m:{MARKER}) RETURN count(m) AS n", database_=settings.neo4j_database
    )
    assert records[0]["n"] == 1


def test_the_bulk_import_imports_nothing_when_a_file_fails(
    tmp_path: Path, clean_graph: Driver, settings: Settings
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("source: {id: 'source:x'}\nfacts: 3\n", encoding="utf-8")
    db = settings.neo4j_database
    clean_graph.execute_query(f"MATCH (m:{MARKER}) DELETE m", database_=db)
    try:
        result = run_cli("db", "import-bulk", str(MULTISOURCE), str(bad))
    finally:
        clean_graph.execute_query(f"MERGE (m:{MARKER}) SET m.created_by = 'pytest'", database_=db)
    assert result.returncode == 1
    assert "failed their checks; nothing imported" in " ".join(result.stderr.split())
    records, _, _ = clean_graph.execute_query(
        "MATCH (n) WHERE NOT n:" + MARKER + " RETURN count(n) AS n", database_=db
    )
    assert records[0]["n"] == 0
