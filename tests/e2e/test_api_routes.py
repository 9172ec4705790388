"""Every API route over HTTP, against the real app and the seed graph in the real Neo4j."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import httpx
import pytest
from neo4j import Driver

from tests.factfiles import SMALL_FACT_FILE

PROBLEM = "application/problem+json"


@pytest.fixture(autouse=True)
def _seed(seed_graph: Driver) -> Driver:
    return seed_graph


def get(api: httpx.Client, path: str, headers: dict[str, str], **params: Any) -> httpx.Response:
    return api.get(path, params=params, headers=headers, timeout=30)


def rows(response: httpx.Response) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    body = response.json()
    assert "not proof of wrongdoing" in body["caveat"]
    result: list[dict[str, Any]] = body["rows"]
    return result


def test_search_is_fuzzy_and_filters_by_type(api: httpx.Client, reader: dict[str, str]) -> None:
    found = rows(get(api, "/entities/search", reader, text="Sihanoukvile"))
    assert found[0]["id"] == "city:sihanoukville"
    persons = rows(get(api, "/entities/search", reader, text="dimanch", type="Person"))
    assert [r["id"] for r in persons] == ["person:long-dimanche"]


def test_entity_detail_has_neighbours_claims_and_sources(
    api: httpx.Client, reader: dict[str, str]
) -> None:
    (entity,) = rows(get(api, "/entities/person:long-dimanche", reader))
    assert entity["name"] == "Long Dimanche"
    predicates = {n["predicate"] for n in entity["neighbours"]}
    assert {"HOLDS_POSITION", "DENIES"} <= predicates
    denials = [c for c in entity["claims"] if c["stance"] == "denies"]
    assert denials, "his denials (made by him) are among his claims"
    assert all(c["answers"] for c in denials)
    assert "disinformation" in " ".join(c["quote"] for c in entity["claims"])
    assert entity["sources"][0]["id"] == "source:camboja-2022-cambodia-tier-3"


def test_unknown_entity_is_404(api: httpx.Client, reader: dict[str, str]) -> None:
    response = get(api, "/entities/person:nobody-at-all", reader)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith(PROBLEM)


def test_entity_claims_sit_beside_their_denials(api: httpx.Client, reader: dict[str, str]) -> None:
    found = rows(
        get(api, "/entities/source:al-jazeera-documentary/claims", reader, answered_only=True)
    )
    assert found, "the documentary's claims were denied"
    text = json.dumps(found)
    assert "Long Dimanche" in text
    assert "disinformation" in text


def test_timeline_is_in_date_order(api: httpx.Client, reader: dict[str, str]) -> None:
    found = rows(get(api, "/entities/country:cambodia/timeline", reader))
    assert found
    dates = [r.get("date") or r.get("stated_on") or "" for r in found]
    assert dates == sorted(dates)
    narrowed = rows(get(api, "/entities/country:cambodia/timeline", reader, to="2021"))
    assert len(narrowed) < len(found)


def test_paths_between_an_official_and_the_syndicates(
    api: httpx.Client, reader: dict[str, str]
) -> None:
    found = rows(
        get(
            api,
            "/paths",
            reader,
            **{"from": "person:long-dimanche", "to": "org:scam-syndicates"},
        )
    )
    assert found
    assert all(r["ids"][0] == "person:long-dimanche" for r in found)
    assert all(r["ids"][-1] == "org:scam-syndicates" for r in found)


def test_edge_expands_to_claims_quotes_and_sources(
    api: httpx.Client, reader: dict[str, str]
) -> None:
    found = rows(
        get(
            api,
            "/edges",
            reader,
            subject="org:scam-syndicates",
            predicate="OPERATES_IN",
            object="city:poipet",
        )
    )
    assert found
    assert any("Poipet" in r["quote"] for r in found)
    assert all(r["source"] and r["claim_id"] for r in found)


def test_sources_list_and_what_one_source_says(api: httpx.Client, reader: dict[str, str]) -> None:
    listed = rows(get(api, "/sources", reader))
    ids = {r["id"] for r in listed}
    assert "source:camboja-2022-cambodia-tier-3" in ids
    said = rows(get(api, "/sources/source:camboja-2022-cambodia-tier-3", reader))
    assert len(said) >= 50
    assert all(r["quote"] for r in said)
    missing = get(api, "/sources/source:no-such-report", reader)
    assert missing.status_code == 404


def test_claim_detail_and_unknown_claim(api: httpx.Client, reader: dict[str, str]) -> None:
    edge = {"subject": "org:scam-syndicates", "predicate": "OPERATES_IN", "object": "city:poipet"}
    claim_id = rows(get(api, "/edges", reader, **edge))[0]["claim_id"]
    (claim,) = rows(get(api, f"/claims/{claim_id}", reader))
    assert claim["id"] == claim_id
    assert claim["source_id"] == "source:camboja-2022-cambodia-tier-3"
    assert get(api, "/claims/claim:0000000000000000", reader).status_code == 404
    assert get(api, "/claims/not-a-claim", reader).status_code == 422


def test_queries_list_and_detail(api: httpx.Client, reader: dict[str, str]) -> None:
    listed = get(api, "/queries", reader).json()
    names = {q["name"] for q in listed}
    assert len(names) >= 20
    neighbourhood = next(q for q in listed if q["name"] == "neighbourhood")
    assert neighbourhood["params_schema"]["properties"]["depth"]["maximum"] == 3
    detail = get(api, "/queries/neighbourhood", reader).json()
    assert "MATCH" in detail["cypher"]
    assert get(api, "/queries/no_such_query", reader).status_code == 404


def test_run_query_as_json_csv_graph_graphml_and_ftm(
    api: httpx.Client, reader: dict[str, str]
) -> None:
    path = "/queries/neighbourhood/run"
    params = {"id": "city:sihanoukville"}
    as_rows = rows(get(api, path, reader, **params))
    assert {r["id"] for r in as_rows} >= {"org:scam-syndicates", "province:preah-sihanouk"}

    csv_text = get(api, path, reader, **params, format="csv")
    assert csv_text.headers["content-type"].startswith("text/csv")
    assert csv_text.text.splitlines()[0].startswith("id,name,type")

    graph = get(api, path, reader, **params, format="graph").json()
    keys = {n["key"] for n in graph["nodes"]}
    assert "city:sihanoukville" in keys
    edge = next(r for r in graph["relationships"] if r["type"] == "OPERATES_IN")
    assert edge["properties"]["claim_ids"]
    assert edge["start"] in keys and edge["end"] in keys

    graphml = get(api, path, reader, **params, format="graphml")
    root = ET.fromstring(graphml.text)  # noqa: S314 - our own output
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(root.findall(".//g:node", ns)) == len(graph["nodes"])

    ftm = get(api, path, reader, **params, format="ftm")
    entities = [json.loads(line) for line in ftm.text.splitlines()]
    schemata = {e["schema"] for e in entities}
    # Places are FtM properties, never Address entities; the syndicates are an Organization.
    assert "Organization" in schemata and "Address" not in schemata


def test_pagination(api: httpx.Client, reader: dict[str, str]) -> None:
    path = "/queries/source_claims/run"
    params = {"source": "source:camboja-2022-cambodia-tier-3", "per_page": 10}
    first = get(api, path, reader, **params).json()
    second = get(api, path, reader, **params, page=2).json()
    assert len(first["rows"]) == 10 and first["page"]["has_more"]
    assert first["rows"] != second["rows"]
    too_big = get(api, path, reader, **{**params, "per_page": 100_000})
    assert too_big.status_code == 422


def test_bad_query_parameters_are_422_with_fields(
    api: httpx.Client, reader: dict[str, str]
) -> None:
    response = get(api, "/queries/neighbourhood/run", reader, id="city:sihanoukville", depth=9)
    assert response.status_code == 422
    body = response.json()
    assert body["errors"][0]["field"] == "depth"
    unknown = get(api, "/queries/neighbourhood/run", reader, id="person:nobody-at-all")
    assert unknown.status_code == 404
    assert unknown.json()["errors"] == [
        {"field": "id", "message": "no entity has the id person:nobody-at-all"}
    ]


def test_export_neighbourhood_graphml_and_ftm(api: httpx.Client, reader: dict[str, str]) -> None:
    graphml = get(api, "/exports/neighbourhood", reader, id="org:scam-syndicates", depth=1)
    assert graphml.status_code == 200
    assert graphml.headers["content-type"].startswith("application/graphml+xml")
    assert "Poipet" in graphml.text
    ftm = get(api, "/exports/neighbourhood", reader, id="org:scam-syndicates", format="ftm")
    lines = [json.loads(line) for line in ftm.text.splitlines()]
    ids = {e["id"] for e in lines}
    assert "org-scam-syndicates" in ids and all(":" not in i for i in ids)
    assert get(api, "/exports/neighbourhood", reader, id="city:atlantis").status_code == 404


def test_ingest_needs_a_writer_and_loads_once(
    changes_seed: Driver, api: httpx.Client, reader: dict[str, str], writer: dict[str, str]
) -> None:
    body = SMALL_FACT_FILE.encode()
    yaml_type = {"Content-Type": "application/yaml"}
    url = "/ingest"
    as_reader = api.post(url, content=body, headers={**reader, **yaml_type}, timeout=60)
    assert as_reader.status_code == 403
    first = api.post(url, content=body, headers={**writer, **yaml_type}, timeout=60)
    assert first.status_code == 200, first.text
    assert first.json()["claims"]["created"] == 1
    again = api.post(url, content=body, headers={**writer, **yaml_type}, timeout=60)
    assert again.json()["status"] == "skipped"
    found = rows(
        get(
            api,
            "/edges",
            reader,
            subject="org:api-test-group",
            predicate="OPERATES_IN",
            object="city:api-test-city",
        )
    )
    assert found[0]["stance"] == "alleges"


def test_ingest_json_dry_run_writes_nothing(
    api: httpx.Client, writer: dict[str, str], reader: dict[str, str]
) -> None:
    import yaml

    doc = yaml.safe_load(SMALL_FACT_FILE.replace("api-ingest-test", "api-ingest-dry"))
    doc["source"]["published_on"] = "2024-05"
    response = api.post(
        "/ingest",
        params={"dry_run": "true", "filename": "dry.json"},
        json=doc,
        headers=writer,
        timeout=60,
    )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "checked"
    gone = get(api, "/sources/source:api-ingest-dry", reader)
    assert gone.status_code == 404


def test_audit_log_has_a_record_per_request_and_no_secret(
    api: httpx.Client, reader: dict[str, str], audit_log: Path
) -> None:
    get(api, "/queries/neighbourhood/run", reader, id="city:poipet")
    records = [json.loads(line) for line in audit_log.read_text().splitlines()]
    last = next(r for r in reversed(records) if r.get("query") == "neighbourhood")
    assert last["key_id"] == "reader"
    assert last["route"] == "/queries/neighbourhood/run"
    assert len(last["params_hash"]) == 16
    assert last["rows"] >= 1
    assert last["duration_ms"] >= 0
    text = audit_log.read_text()
    assert reader["X-API-Key"] not in text
    assert "city:poipet" not in text, "parameters are hashed, not logged"


def test_every_saved_query_runs_over_http_with_its_example(
    api: httpx.Client, reader: dict[str, str]
) -> None:
    from cypher.registry import get_registry

    for query in get_registry().queries:
        example = query.examples[0]
        params = {k: v for k, v in example.params.items() if v is not None}
        response = get(api, f"/queries/{query.name}/run", reader, **params)
        assert response.status_code == 200, (query.name, response.text)
        got = response.json()["rows"]
        for want in example.rows:
            assert any(all(row.get(k) == v for k, v in want.items()) for row in got), (
                query.name,
                want,
            )
