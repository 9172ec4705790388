"""Screening against an imported list (the OpenSanctions-shaped fixture): yente-shaped /match
over HTTP, `tipgraph screen` as a user runs it, and judgements that link, survive a reload of
the graph, and come undone. Real Neo4j, real loader, real app."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from neo4j import Driver

from graph.schema import migrate
from graph.settings import Settings
from loaders import import_ftm, load_paths
from loaders.imported import run_import
from loaders.writer import DriverGraphView
from screening import links
from screening.judgements import JudgementError, JudgementLog
from tests.e2e.fixtures import forget_graph, graph_of, wipe
from tests.inprocess import run_cli
from tests.paths import PROJECT_ROOT

LIST = "source:fixture-opensanctions-cambodia"
LIST_FILE = Path(__file__).parent.parent / "fixtures" / "importers" / "opensanctions.jsonl"


def _seed_and_list(driver: Driver, settings: Settings) -> None:
    db = settings.neo4j_database
    migrate(driver, database=db)
    assert load_paths(driver, [PROJECT_ROOT / "data"], database=db).ok
    report, _ = run_import(
        import_ftm.build, driver, LIST_FILE, database=db, graph=DriverGraphView(driver, db)
    )
    assert report.ok


@pytest.fixture
def screened(driver: Driver, settings: Settings) -> Driver:
    """The seed graph with the OpenSanctions-shaped list imported."""
    return graph_of("screening", driver, settings, _seed_and_list)


@pytest.fixture
def screened_to_change(screened: Driver) -> Iterator[Driver]:
    yield screened
    forget_graph()


def _match(api: httpx.Client, reader: dict[str, str], names: list[str]) -> dict[str, Any]:
    body = {
        "queries": {name: {"schema": "Person", "properties": {"name": [name]}} for name in names}
    }
    answer = api.post(f"/match/{LIST}", json=body, headers=reader, timeout=120)
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


def _best(response: dict[str, Any]) -> tuple[str, bool] | None:
    results = response["results"]
    return (results[0]["caption"], results[0]["match"]) if results else None


def test_officials_and_their_spellings_match_their_entries(
    screened: Driver, api: httpx.Client, reader: dict[str, str]
) -> None:
    wanted = {
        "Hing Bun Hieng": "Hing Bun Hieng",
        "Chau Phirun": "Chau Phirun",
        "Tea Vinh": "Tea Vinh",
        "Chou Bun Eng": "Chou Bun Eng",
        # Transliterations and spacings: Cyrillic, run-together and split name parts.
        "Хун Сен": "Hun Sen",
        "HING Bunhieng": "Hing Bun Hieng",
        "Chau Phi Run": "Chau Phirun",
    }
    answer = _match(api, reader, list(wanted))
    assert answer["matcher"]["name"] == "logic-v2"
    for query, entry in wanted.items():
        response = answer["responses"][query]
        assert _best(response) == (entry, True), (query, response["results"][:2])
        top = response["results"][0]
        assert top["features"] and top["score"] >= 0.7
        assert top["id"].startswith(("NK-fixture", "Q-fixture"))  # the dataset's own id
        assert LIST in top["datasets"]


def test_look_alike_names_do_not_match(
    screened: Driver, api: httpx.Client, reader: dict[str, str]
) -> None:
    answer = _match(api, reader, ["Tea Banh", "Chau Phirom", "Hun Many", "Chou Bun Leng"])
    for query, response in answer["responses"].items():
        assert not any(r["match"] for r in response["results"]), (query, response["results"])


def test_match_refuses_what_it_cannot_read(api: httpx.Client, reader: dict[str, str]) -> None:
    bad = {"queries": {"q": {"schema": "Spaceship", "properties": {"name": ["X"]}}}}
    answer = api.post("/match/default", json=bad, headers=reader, timeout=60)
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert "Traceback" not in answer.text
    unknown = {"queries": {"q": {"schema": "Person", "properties": {"name": ["X"]}}}}
    missing = api.post("/match/source:no-such-list", json=unknown, headers=reader)
    assert missing.status_code == 404
    assert api.post("/match/default", json=unknown).status_code == 401


def test_screen_judge_reload_and_undo(
    screened_to_change: Driver, settings: Settings, tmp_path: Path
) -> None:
    db = settings.neo4j_database
    log_path = tmp_path / "judgements.jsonl"
    os.environ["TIPGRAPH_JUDGEMENTS_FILE"] = str(log_path)
    try:
        run = run_cli("screen", "run", LIST, "--json")
    finally:
        del os.environ["TIPGRAPH_JUDGEMENTS_FILE"]
    assert run.returncode == 0, run.stderr
    found = {line["entity"]: line for line in map(json.loads, run.stdout.splitlines())}
    # The seed names Hun Sen and Chou Bun Eng; its sanctioned officials are unnamed there.
    assert set(found) == {"person:hun-sen", "person:chou-bun-eng"}
    top = found["person:hun-sen"]["candidates"][0]
    assert (top["id"], top["match"]) == ("person:q-fixture-hun-sen", True)
    assert top["features"]["name_match"] == 1.0

    log = JudgementLog(log_path)
    log.record("person:hun-sen", "person:q-fixture-hun-sen", LIST, "same", "Reviewer A", score=1)
    log.record("person:hun-sen", "person:q-fixture-hun-manet", LIST, "not_same", "Reviewer A")
    links.apply(screened_to_change, db, LIST, log)
    assert _same_as(screened_to_change, db) == [
        ("person:hun-sen", "person:q-fixture-hun-sen", links.source_id(LIST), LIST)
    ]

    # A reload of the graph (seed and list again) keeps the judgements, and the next run
    # applies them again.
    wipe(screened_to_change, settings)
    _seed_and_list(screened_to_change, settings)
    assert _same_as(screened_to_change, db) == []
    judged = JudgementLog(log_path).current(LIST)
    assert {k: j.verdict for k, j in judged.items()} == {
        ("person:hun-sen", "person:q-fixture-hun-sen"): "same",
        ("person:hun-sen", "person:q-fixture-hun-manet"): "not_same",
    }
    assert judged[("person:hun-sen", "person:q-fixture-hun-sen")].by == "Reviewer A"
    links.apply(screened_to_change, db, LIST, log)
    assert len(_same_as(screened_to_change, db)) == 1

    log.record("person:hun-sen", "person:q-fixture-hun-sen", LIST, "undo", "Reviewer B")
    links.apply(screened_to_change, db, LIST, log)
    assert _same_as(screened_to_change, db) == []
    assert [j.verdict for j in log.history()] == ["same", "not_same", "undo"]
    with pytest.raises(JudgementError):
        log.record("person:hun-sen", "person:q-fixture-hun-sen", LIST, "undo", "Reviewer B")
    with pytest.raises(JudgementError):
        log.record("person:hun-sen", "person:q-fixture-hun-sen", LIST, "maybe", "Reviewer B")


def _same_as(driver: Driver, db: str) -> list[tuple[str, ...]]:
    records, _, _ = driver.execute_query(
        "MATCH (a:Entity)-[r:SAME_AS]->(b:Entity) "
        "MATCH (c:Claim {predicate: 'SAME_AS'})-[:ACCORDING_TO]->(l:Source) "
        "WHERE c.id IN r.claim_ids "
        "RETURN a.id AS a, b.id AS b, r.source_ids[0] AS source, l.id AS list",
        database_=db,
    )
    return [tuple(r.values()) for r in records]
