"""Ingest with its source text, and the bounds of what a body may hold, over HTTP.

A fact file sent with a `text` part has its quotes checked as `tipgraph load` checks them; sent
alone it loads, but the answer (and the audit line) say its quotes were not checked.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from neo4j import Driver
from pydantic import SecretStr

from graph.schema import migrate
from graph.settings import Settings
from loaders import limits
from tests.conftest import WRITER_KEY
from tests.e2e.fixtures import app_settings
from tests.factfiles import SMALL_FACT_FILE, alias_bomb
from tests.inprocess import app_client

PROBLEM = "application/problem+json"

TEXT = "Police said on Monday. The group is said to operate in the city. More follows."


@pytest.fixture
def empty_graph(clean_graph: Driver, settings: Settings) -> Driver:
    """No data, but the schema the loader resolves names through."""
    migrate(clean_graph, database=settings.neo4j_database)
    return clean_graph


def post_form(
    api: httpx.Client, headers: dict[str, str], doc: str, text: str | None
) -> httpx.Response:
    files = {"fact_file": ("report.yaml", doc.encode(), "application/yaml")}
    if text is not None:
        files["text"] = ("report.txt", text.encode(), "text/plain")
    return api.post(
        "/ingest",
        params={"filename": "report.yaml"},
        files=files,
        headers=headers,
        timeout=60,
    )


def test_ingest_with_its_text_checks_every_quote(
    empty_graph: Driver, settings: Settings, api: httpx.Client, writer: dict[str, str]
) -> None:
    doc = SMALL_FACT_FILE.replace("api-ingest-test", "api-ingest-text")
    invented = doc.replace("The group is said to operate", "The group surely operates")
    refused = post_form(api, writer, invented, TEXT)
    assert refused.status_code == 422, refused.text
    [error] = refused.json()["errors"]
    assert error["field"] == "report.yaml:18: facts[0].quote"
    assert error["message"] == "quote not found in the source text (sent with the file)"
    records, _, _ = empty_graph.execute_query(
        "MATCH (s:Source {id: 'source:api-ingest-text'}) RETURN count(s) AS n",
        database_=settings.neo4j_database,
    )
    assert records[0]["n"] == 0, "a refused ingest writes nothing"

    loaded = post_form(api, writer, doc, TEXT)
    assert loaded.status_code == 200, loaded.text
    assert loaded.json()["quotes_checked"] is True
    assert loaded.json()["claims"]["created"] == 1


def test_ingest_without_text_says_its_quotes_were_not_checked(
    empty_graph: Driver, api: httpx.Client, writer: dict[str, str], audit_log: Path
) -> None:
    doc = SMALL_FACT_FILE.replace("api-ingest-test", "api-ingest-notext")
    response = post_form(api, writer, doc, None)
    assert response.status_code == 200, response.text
    assert response.json()["quotes_checked"] is False
    records = [json.loads(line) for line in audit_log.read_text().splitlines()]
    last = next(r for r in reversed(records) if r.get("ingest") == "report.yaml")
    assert last["source_id"] == "source:api-ingest-notext"
    assert last["quotes_checked"] is False
    assert last["content_hash"].startswith("sha256:")
    assert (last["claims_created"], last["claims_updated"], last["claims_deleted"]) == (1, 0, 0)


def test_the_alias_bomb_over_http_is_refused_and_stores_nothing(
    empty_graph: Driver, settings: Settings, api: httpx.Client, writer: dict[str, str]
) -> None:
    response = api.post(
        "/ingest",
        params={"filename": "bomb.yaml"},
        content=alias_bomb(reuses=400, size=limits.MAX_VALUE_CHARS),
        headers={**writer, "Content-Type": "application/yaml"},
        timeout=60,
    )
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"].startswith("bomb.yaml:")
    assert "YAML aliases written out" in error["message"]
    records, _, _ = empty_graph.execute_query(
        "MATCH (n) WHERE NOT n:TipgraphTestMarker RETURN count(n) AS n",
        database_=settings.neo4j_database,
    )
    assert records[0]["n"] == 0


OTHER_WRITER = "test-other-writer-key-0123456789"

HIJACK = b"""source:
  id: source:api-owned
  kind: news_article
  title: x
  published_on: 2024
entities: []
facts: []
"""


@pytest.fixture(scope="module")
def two_writers_api(
    neo4j_server: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[httpx.Client, Path]]:
    """An app with two writer keys, writer-a and writer-b; yields its client and audit log."""
    keys = SecretStr(f"writer-a:writer:{WRITER_KEY},writer-b:writer:{OTHER_WRITER}")
    audit_log = tmp_path_factory.mktemp("writers") / "audit.jsonl"
    with app_client(app_settings(neo4j_server, api_keys=keys, audit_log=audit_log)) as client:
        yield client, audit_log


def claims_of(driver: Driver, settings: Settings, source_id: str) -> int:
    records, _, _ = driver.execute_query(
        "MATCH (c:Claim {source_id: $sid}) RETURN count(c) AS n",
        sid=source_id,
        database_=settings.neo4j_database,
    )
    return int(records[0]["n"])


def test_another_writer_cannot_empty_a_source_without_replace(
    empty_graph: Driver, settings: Settings, two_writers_api: tuple[httpx.Client, Path]
) -> None:
    # The hijack the hostile-input test found: a small POST with another writer's source id and
    # no facts used to delete that source's claims.
    api, audit_log = two_writers_api
    url = "/ingest"
    yaml_type = {"Content-Type": "application/yaml"}
    owned = SMALL_FACT_FILE.replace("api-ingest-test", "api-owned").encode()
    first = api.post(url, content=owned, headers={"X-API-Key": WRITER_KEY, **yaml_type})
    assert first.status_code == 200, first.text
    assert claims_of(empty_graph, settings, "source:api-owned") == 1
    assert len(HIJACK) < 150

    hijack = api.post(
        url, content=HIJACK, headers={"X-API-Key": OTHER_WRITER, **yaml_type}, timeout=60
    )
    assert hijack.status_code == 409, hijack.text
    assert hijack.headers["content-type"].startswith("application/problem+json")
    [error] = hijack.json()["errors"]
    assert "written by 'writer-a', not 'writer-b'" in error["message"]
    assert claims_of(empty_graph, settings, "source:api-owned") == 1, "nothing was deleted"

    # Its own writer may change it; another writer only when it says so explicitly.
    replaced = api.post(
        url,
        params={"replace": "true"},
        content=HIJACK,
        headers={"X-API-Key": OTHER_WRITER, **yaml_type},
        timeout=60,
    )
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["claims"]["deleted"] == 1
    assert claims_of(empty_graph, settings, "source:api-owned") == 0
    audit = [json.loads(line) for line in audit_log.read_text().splitlines()]
    refused = [r for r in audit if r.get("status") == 409]
    assert refused and refused[-1]["key_id"] == "writer-b"
    assert refused[-1]["content_hash"].startswith("sha256:")


def test_ingest_errors_name_line_and_field(api: httpx.Client, writer: dict[str, str]) -> None:
    # The checks resolve names against the graph, so even a refused file needs the database.
    bad = SMALL_FACT_FILE.replace("predicate: OPERATES_IN", "predicate: HAUNTS")
    response = api.post(
        "/ingest",
        params={"filename": "haunted.yaml"},
        content=bad.encode(),
        headers={**writer, "Content-Type": "application/yaml"},
        timeout=60,
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith(PROBLEM)
    errors = response.json()["errors"]
    assert any(
        e["field"] == "haunted.yaml:15: facts[0].predicate" and "HAUNTS" in e["message"]
        for e in errors
    ), errors
    unsupported = api.post(
        "/ingest",
        content=b"<xml/>",
        headers={**writer, "Content-Type": "application/xml"},
        timeout=60,
    )
    assert unsupported.status_code == 415
