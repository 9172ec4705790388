"""Ontology and format gaps real reports hit, loaded through the real loader into the real Neo4j.

The fixtures under tests/fixtures/formats/ are about a fictional country and people: a
sanctions notice of an office inside a ministry that acts for its country (with unquoted dates
inside `props`, victims of a practice, an investigation as an event of its own kind), and a
post a person published without a date.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver

from cypher.registry import get_registry
from graph.ontology import get_ontology
from graph.schema import migrate
from graph.settings import Settings
from loaders import FactFileError, load_document, load_paths
from tests.e2e.fixtures import graph_of

FORMATS = Path(__file__).parent.parent / "fixtures" / "formats"


def _load_formats(driver: Driver, settings: Settings) -> None:
    migrate(driver, database=settings.neo4j_database)
    report = load_paths(driver, [FORMATS], database=settings.neo4j_database)
    assert report.ok, [str(p) for p in report.problems]


@pytest.fixture
def graph(driver: Driver, settings: Settings) -> Driver:
    return graph_of("formats", driver, settings, _load_formats)


def one(driver: Driver, settings: Settings, cypher: str, **params: Any) -> dict[str, Any]:
    records, _, _ = driver.execute_query(cypher, params, database_=settings.neo4j_database)
    assert len(records) == 1, records
    return dict(records[0])


def test_unquoted_dates_inside_props_are_partial_dates(graph: Driver, settings: Settings) -> None:
    sanction = one(graph, settings, "MATCH (s:Sanction) RETURN s.imposed_on AS d, s.program AS p")
    assert sanction == {"d": "2023-03-14", "p": "Anti-Fraud Order"}
    inquiry = one(
        graph,
        settings,
        "MATCH (e:Event {id: 'event:testland-inquiry-into-quill'}) RETURN e.kind AS k, e.date AS d",
    )
    assert inquiry == {"k": "investigation", "d": "2023-01-09"}


def test_an_organisation_inside_another_and_acting_for_a_country(
    graph: Driver, settings: Settings
) -> None:
    chain = one(
        graph,
        settings,
        "MATCH (o:PublicBody)-[u:UNIT_OF]->(m:PublicBody)-[a:ACTS_FOR]->(c:Country) "
        "RETURN o.id AS office, m.id AS ministry, c.id AS country, a.status AS status",
    )
    assert chain == {
        "office": "org:testland-sanctions-office",
        "ministry": "org:testland-finance-ministry",
        "country": "country:testland",
        "status": "asserted",
    }


@pytest.mark.parametrize(
    "issuer",
    ["country:testland", "org:testland-finance-ministry", "org:testland-sanctions-office"],
)
def test_a_country_s_sanctions_include_its_agencies(
    graph: Driver, settings: Settings, issuer: str
) -> None:
    result = get_registry().run(
        graph, "sanctioned_actors", {"issuer": issuer}, database=settings.neo4j_database
    )
    assert [(r["target_id"], r["issuers"]) for r in result.rows] == [
        ("person:ada-quill", ["Sanctions Office"])
    ]


def test_the_issuer_filter_still_excludes_others(graph: Driver, settings: Settings) -> None:
    graph.execute_query(
        "CREATE (:Entity:Country {id: 'country:elsewhere', name: 'Elsewhere', type: 'Country'})",
        database_=settings.neo4j_database,
    )
    try:
        result = get_registry().run(
            graph,
            "sanctioned_actors",
            {"issuer": "country:elsewhere"},
            database=settings.neo4j_database,
        )
        assert result.rows == []
    finally:
        graph.execute_query(
            "MATCH (c:Country {id: 'country:elsewhere'}) DELETE c",
            database_=settings.neo4j_database,
        )


def test_victims_of_a_practice(graph: Driver, settings: Settings) -> None:
    victims = one(
        graph,
        settings,
        "MATCH (v:Person)-[r:VICTIM_OF]->(e:Event) RETURN v.id AS v, e.id AS e, r.status AS s",
    )
    assert victims == {
        "v": "person:quill-call-centre-workers",
        "e": "event:quill-call-centre-fraud",
        "s": "asserted",
    }


def test_a_person_publishes_a_post_with_no_date(graph: Driver, settings: Settings) -> None:
    post = one(
        graph,
        settings,
        "MATCH (s:Source {id: 'source:quill-post'})-[:PUBLISHED_BY]->(p:Person) "
        "MATCH (c:Claim)-[:CITED_IN]->(s) "
        "RETURN p.id AS publisher, s.publisher_id AS publisher_id, "
        "s.published_on AS published_on, s.note AS note, c.stated_on AS stated_on",
    )
    assert post == {
        "publisher": "person:ada-quill",
        "publisher_id": "person:ada-quill",
        "published_on": None,
        "note": "The post as archived shows no date.",
        "stated_on": None,
    }


NOTICE = (FORMATS / "treasury-notice.yaml").read_text(encoding="utf-8")


def _problems(driver: Driver, settings: Settings, text: str) -> list[tuple[int, str, str]]:
    with pytest.raises(FactFileError) as caught:
        load_document(
            driver,
            text.encode(),
            filename="notice.yaml",
            database=settings.neo4j_database,
            base_dir=FORMATS,
            dry_run=True,
        )
    return [(p.line, p.field, p.message) for p in caught.value.problems]


def test_an_event_kind_outside_the_ontology_is_one_clear_problem(
    graph: Driver, settings: Settings
) -> None:
    bad = NOTICE.replace("props: {kind: investigation,", "props: {kind: raid,")
    allowed = get_ontology().entity_type("Event").properties["kind"].values
    assert allowed is not None and "investigation" in allowed
    assert _problems(graph, settings, bad) == [
        (34, "entities[6].props.kind", "kind 'raid' is not allowed on a Event")
    ]


def test_a_bad_unquoted_date_in_props_is_one_clear_problem(
    graph: Driver, settings: Settings
) -> None:
    bad = NOTICE.replace("props: {imposed_on: 2023-03-14,", "props: {imposed_on: 2023-02-30,")
    assert _problems(graph, settings, bad) == [
        (26, "entities[4].props.imposed_on", "'2023-02-30' is not a real date")
    ]
