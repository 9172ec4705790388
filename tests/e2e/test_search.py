"""Search finds what people type: over the seed graph in the real Neo4j, through the registry,
the command line and the HTTP API alike, with any text safe to send.

The spellings come from the issue: investigators typed "Sihanouk Ville", "Chou Bunneng",
"Phnom Phen" and "Kompong Som", and quotes ("illicit trade") were not searchable at all.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from neo4j import Driver

from cypher.registry import get_registry
from graph.names import search_keys
from graph.settings import Settings
from loaders import load_paths
from tests.inprocess import run_cli
from tests.paths import PROJECT_ROOT

# Text a user may paste: Lucene operators and syntax, in every case, alone and mixed.
HOSTILE = [
    "NOT", "AND", "OR", "not", "(", ")", '"', "\\", "~", "*", "?", "^", ":", "/", "-", "+",
    "!", "&&", "||", "[", "]", "{", "}", "NOT (", "Sihanoukville AND", "OR Cambodia",
    'Hun "Sen', "Phnom\\ Penh", "title:Cambodia", "[a TO z]", "Dimanche~", "sihanouk*",
    "Bavet^4", "***", "~~~", "((((((((", "AND OR NOT", "a" * 200, "( " * 100,
    "Chou\tBun\nEng", "ព្រះសីហនុ", "柬埔寨", "Đà Nẵng", "🙂", "\x00",
]  # fmt: skip


@pytest.fixture
def searchable(seed_graph: Driver) -> Driver:
    return seed_graph


def test_the_loader_writes_every_entity_s_search_keys(
    searchable: Driver, settings: Settings
) -> None:
    """The keys on each entity are graph/names.py's keys of its name and aliases."""
    records, _, _ = searchable.execute_query(
        "MATCH (e:Entity) RETURN e.id AS id, e.name AS name, "
        "coalesce(e.aliases, []) AS aliases, e.search_keys AS keys",
        database_=settings.neo4j_database,
    )
    assert records
    for r in records:
        assert r["keys"] == search_keys([r["name"], *r["aliases"]]), r["id"]


def registry_ids(driver: Driver, settings: Settings, name: str, **params: Any) -> list[str]:
    result = get_registry().run(driver, name, params, database=settings.neo4j_database)
    key = "id" if name == "search_entities" else "claim_id"
    return [str(row[key]) for row in result.rows]


SPELLINGS = [
    ("Sihanouk Ville", "city:sihanoukville"),
    ("sihanoukvile", "city:sihanoukville"),
    ("Chou Bunneng", "person:chou-bun-eng"),
    ("chou bun eng", "person:chou-bun-eng"),
    ("Phnom Phen", "city:phnom-penh"),
    ("PHNOM PENH", "city:phnom-penh"),
    ("Long Dimanch", "person:long-dimanche"),
    ("Hun Sen bodyguard", "person:hun-sen-bodyguard-commander"),
    ("Licadho", "org:licadho"),
]


@pytest.mark.parametrize(("typed", "expected"), SPELLINGS)
def test_every_spelling_finds_its_entity_first(
    searchable: Driver, settings: Settings, typed: str, expected: str
) -> None:
    found = registry_ids(searchable, settings, "search_entities", text=typed, limit=5)
    assert found, f"{typed!r} found nothing"
    if expected == "person:hun-sen-bodyguard-commander":
        # The unit, the sanction and the commander all carry these words.
        assert expected in found[:3], found
    else:
        assert found[0] == expected, found


def test_the_province_and_the_city_stay_apart(searchable: Driver, settings: Settings) -> None:
    found = registry_ids(searchable, settings, "search_entities", text="Preah Sihanouk")
    assert found[0] == "province:preah-sihanouk"
    cities = registry_ids(
        searchable, settings, "search_entities", text="Sihanouk Ville", type="City"
    )
    assert cities == ["city:sihanoukville"]


def test_a_name_no_source_gives_finds_nothing(searchable: Driver, settings: Settings) -> None:
    """The article never calls Sihanoukville "Kompong Som"; the graph must not pretend it does."""
    found = registry_ids(searchable, settings, "search_entities", text="Kompong Som")
    assert "city:sihanoukville" not in found


def test_quotes_are_searchable(searchable: Driver, settings: Settings) -> None:
    result = get_registry().run(
        searchable, "search_quotes", {"text": "illicit trade"}, database=settings.neo4j_database
    )
    # The study's sentence, and the shorter spans of it other facts quote, come first.
    top = result.rows[:4]
    assert all("raised the risk of illicit trade" in row["quote"] for row in top), top
    assert ("source:gi-toc-study", "city:sihanoukville") in [
        (row["subject_id"], row["object_id"]) for row in result.rows
    ]
    denials = registry_ids(
        searchable, settings, "search_quotes", text="disinformation", stance="denies"
    )
    assert len(denials) == 1


def test_the_cli_searches_as_the_registry_does(searchable: Driver, settings: Settings) -> None:
    for typed, expected in SPELLINGS[:4]:
        run = run_cli(
            "queries", "run", "search_entities", "--param", f"text={typed}", "--format", "json"
        )
        assert run.returncode == 0, run.stderr
        ids = [row["id"] for row in json.loads(run.stdout)]
        assert ids == registry_ids(searchable, settings, "search_entities", text=typed)
        assert ids[0] == expected


def test_the_api_searches_as_the_registry_does(
    searchable: Driver, settings: Settings, api: httpx.Client, reader: dict[str, str]
) -> None:
    for typed, _ in SPELLINGS:
        route = api.get("/entities/search", params={"text": typed}, headers=reader, timeout=30)
        saved = api.get(
            "/queries/search_entities/run",
            params={"text": typed},
            headers=reader,
            timeout=30,
        )
        assert route.status_code == saved.status_code == 200, (route.text, saved.text)
        expected = registry_ids(searchable, settings, "search_entities", text=typed)
        assert [r["id"] for r in route.json()["rows"]] == expected
        assert [r["id"] for r in saved.json()["rows"]] == expected
    quotes = api.get("/claims/search", params={"text": "illicit trade"}, headers=reader, timeout=30)
    assert quotes.status_code == 200, quotes.text
    assert [r["claim_id"] for r in quotes.json()["rows"]] == registry_ids(
        searchable, settings, "search_quotes", text="illicit trade"
    )


@pytest.mark.parametrize("text", HOSTILE, ids=[f"hostile{i}" for i in range(len(HOSTILE))])
def test_any_text_is_a_safe_search(
    searchable: Driver, api: httpx.Client, reader: dict[str, str], text: str
) -> None:
    for path in ("/entities/search", "/claims/search", "/queries/search_entities/run"):
        response = api.get(path, params={"text": text}, headers=reader, timeout=30)
        assert response.status_code == 200, (path, text, response.text)
        assert isinstance(response.json()["rows"], list)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(min_size=1, max_size=60))
def test_any_text_runs_on_the_server(searchable: Driver, text: str) -> None:
    """Whatever the text, both full-text queries run on the real server without failing."""
    from graph.settings import get_settings

    db = get_settings().neo4j_database
    for name in ("search_entities", "search_quotes"):
        get_registry().run(searchable, name, {"text": text}, database=db)


def test_the_cli_takes_hostile_text(searchable: Driver) -> None:
    for text in ("NOT", "(", '"', "\\", "~", "*", "AND OR NOT"):
        run = run_cli(
            "queries", "run", "search_quotes", "--param", f"text={text}", "--format", "json"
        )
        assert run.returncode == 0, (text, run.stderr)
        assert isinstance(json.loads(run.stdout), list)


def test_an_alias_a_fact_file_gives_is_found(searchable: Driver, settings: Settings) -> None:
    """Last in this module: it loads a fixture file on top of the seed graph."""
    fixture = PROJECT_ROOT / "tests" / "fixtures" / "search" / "gazetteer-sihanoukville.yaml"
    report = load_paths(searchable, [fixture], database=settings.neo4j_database)
    assert report.ok, [str(p) for p in report.problems]
    for typed in ("Kompong Som", "KOMPONG-SOM", "Kampong Som", "kompongsom"):
        found = registry_ids(searchable, settings, "search_entities", text=typed)
        assert found[:1] == ["city:sihanoukville"], (typed, found)
