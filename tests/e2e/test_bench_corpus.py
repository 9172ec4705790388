"""The benchmark's synthetic corpus: deterministic, a prefix of any larger one, shaped as
promised, and made of fact files the real loader accepts and loads."""

from __future__ import annotations

from pathlib import Path

from neo4j import Driver

from bench.corpus import CorpusSpec, write_corpus
from graph.settings import Settings
from loaders import load_paths

SPEC = CorpusSpec(facts=600, facts_per_file=60, seed=7, unnamed_rate=0.05)


def test_every_file_passes_the_loaders_checks(
    clean_graph: Driver, settings: Settings, tmp_path: Path
) -> None:
    write_corpus(SPEC, tmp_path)
    report = load_paths(clean_graph, [tmp_path], database=settings.neo4j_database, dry_run=True)
    assert [f.problems for f in report.files if f.status != "checked"] == []
    assert len(report.files) == 10
    assert [w for f in report.files for w in f.warnings] == []


def test_loaded_denials_and_namings_reach_the_graph(
    clean_graph: Driver, settings: Settings, tmp_path: Path
) -> None:
    write_corpus(SPEC, tmp_path)
    db = settings.neo4j_database
    report = load_paths(clean_graph, [tmp_path], database=db)
    assert {f.status for f in report.files} == {"loaded"}
    records, _, _ = clean_graph.execute_query(
        "CALL () { MATCH (:Claim {stance: 'denies'})-[r:CONTRADICTS]->(:Claim) "
        "  RETURN count(r) AS contradicts } "
        "CALL () { MATCH (e:Entity) WHERE size(coalesce(e.referents, [])) > 0 "
        "  RETURN count(e) AS named } "
        "CALL () { MATCH (:Claim)-[r:ACCORDING_TO]->(:Source) RETURN count(r) AS relayed } "
        "RETURN contradicts, named, relayed",
        database_=db,
    )
    assert records[0]["contradicts"] > 0
    assert records[0]["named"] > 0
    assert records[0]["relayed"] > 0
