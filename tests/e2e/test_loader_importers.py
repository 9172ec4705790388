"""Importers: tier CSV, sanctions CSV and FollowTheMoney lines become checked, cited claims.

The samples under data/samples/ restate the seed article, so they are imported on top of the
seed graph; the made-up fixtures under tests/fixtures/importers/ restate tests/fixtures/loader.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from neo4j import Driver

from graph.schema import migrate
from graph.settings import Settings
from loaders import (
    FactFileError,
    LoadReport,
    import_ftm,
    import_sanctions,
    import_tiers,
    load_paths,
)
from loaders.imported import Builder, run_import
from loaders.writer import DriverGraphView
from tests.paths import PROJECT_ROOT

SAMPLES = PROJECT_ROOT / "data" / "samples"
FIXTURES = Path(__file__).parent.parent / "fixtures"
SEED = "source:camboja-2022-cambodia-tier-3"


def _import(builder: Builder, driver: Driver, path: Path, settings: Settings) -> LoadReport:
    db = settings.neo4j_database
    # The inputs quote texts kept in a sibling folder (data/sources, fixtures/loader/sources).
    report, _ = run_import(
        builder,
        driver,
        path,
        database=db,
        graph=DriverGraphView(driver, db),
        text_root=path.parent.parent,
    )
    return report


# sample -> claims, new edges, and the fewest sources behind an edge they touch. The FtM sample's
# Employment is an EMPLOYS edge the seed (which says HOLDS_POSITION) does not draw.
@pytest.mark.parametrize(
    ("builder", "sample", "claims", "new_edges", "min_sources"),
    [
        (import_tiers.build, "tip-tiers.csv", 9, 0, 2),
        (import_sanctions.build, "sanctions.csv", 5, 0, 2),
        (import_ftm.build, "ftm.jsonl", 2, 1, 1),
    ],
)
def test_samples_restate_the_seed_without_new_entities(
    builder: Builder,
    sample: str,
    claims: int,
    new_edges: int,
    min_sources: int,
    seed_graph: Driver,
    settings: Settings,
) -> None:
    db = settings.neo4j_database
    names_before, _, _ = seed_graph.execute_query(
        "MATCH (e:Entity) WHERE NOT e:Source RETURN e.id AS id, e.name AS name ORDER BY id",
        database_=db,
    )
    report = _import(builder, seed_graph, SAMPLES / sample, settings)
    f = report.files[0]
    assert (f.status, f.claims.created, f.edges.created) == ("loaded", claims, new_edges)
    # Only the sample's own Source is new; no curated entity was renamed.
    names_after, _, _ = seed_graph.execute_query(
        "MATCH (e:Entity) WHERE NOT e:Source RETURN e.id AS id, e.name AS name ORDER BY id",
        database_=db,
    )
    assert [dict(r) for r in names_after] == [dict(r) for r in names_before]
    records, _, _ = seed_graph.execute_query(
        "MATCH (c:Claim {source_id: $sid})-[:ACCORDING_TO]->(:Source {id: $seed}) "
        "MATCH (s:Entity {id: c.subject_id})-[e]->(o:Entity {id: c.object_id}) "
        "WHERE type(e) = c.predicate "
        "RETURN count(c) AS n, min(e.n_sources) AS sources, max(e.n_independent_sources) AS ind",
        {"sid": f.source_id, "seed": SEED},
        database_=db,
    )
    # A restated claim joins the seed's edge as a second source, but not a second voice.
    assert dict(records[0]) == {"n": claims, "sources": min_sources, "ind": 1}


def test_tier_rows_carry_tier_and_year(seed_graph: Driver, settings: Settings) -> None:
    _import(import_tiers.build, seed_graph, SAMPLES / "tip-tiers.csv", settings)
    records, _, _ = seed_graph.execute_query(
        "MATCH (c:Claim {predicate: 'RATES', source_id: 'source:sample-tip-2022-tiers-camboja'})"
        "-[:OBJECT]->(k:Country {id: 'country:cambodia'}) RETURN c.p_tier AS tier, c.p_year AS y",
        database_=settings.neo4j_database,
    )
    assert [dict(r) for r in records] == [{"tier": 3, "y": 2022}]


def test_sanctions_csv_on_a_fresh_graph(clean_graph: Driver, settings: Settings) -> None:
    migrate(clean_graph, database=settings.neo4j_database)
    assert load_paths(clean_graph, [FIXTURES / "loader" / "harbour.yaml"], database="neo4j").ok
    report = _import(
        import_sanctions.build, clean_graph, FIXTURES / "importers" / "sanctions.csv", settings
    )
    assert report.files[0].claims.created == 2
    records, _, _ = clean_graph.execute_query(
        "MATCH (s:Sanction {id: 'sanction:harbour-fine-2023'})-[:TARGETS]->(t:Company), "
        "(s)-[:ISSUED_BY]->(i:PublicBody) RETURN s.program AS program, s.imposed_on AS on, "
        "t.id AS target, i.id AS issuer",
        database_=settings.neo4j_database,
    )
    assert [dict(r) for r in records] == [
        {
            "program": "port safety",
            "on": "2023-03",
            "target": "org:blue-ferry",
            "issuer": "org:harbour-authority",
        }
    ]


def test_ftm_problems_point_at_input_lines(clean_graph: Driver, settings: Settings) -> None:
    migrate(clean_graph, database=settings.neo4j_database)
    load_paths(clean_graph, [FIXTURES / "loader" / "harbour.yaml"], database="neo4j")
    with pytest.raises(FactFileError) as caught:
        _import(import_ftm.build, clean_graph, FIXTURES / "importers" / "ftm.jsonl", settings)
    assert [(p.line, p.field, p.message) for p in caught.value.problems] == [
        (5, "properties.summary", "UnknownLink link-1 has nothing to quote"),
    ]


def test_csv_problems_name_row_and_column(clean_graph: Driver, settings: Settings) -> None:
    with pytest.raises(FactFileError) as caught:
        _import(import_tiers.build, clean_graph, FIXTURES / "importers" / "tiers-bad.csv", settings)
    assert [(p.line, p.field, p.message) for p in caught.value.problems] == [
        (1, "colour", "unknown source metadata 'colour'"),
        (6, "year", "'twenty' is not a year"),
        (7, "tier", "is empty"),
    ]
