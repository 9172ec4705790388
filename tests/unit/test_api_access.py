"""Keys, roles and the error shape, against the real app in-process (no database needed)."""

from __future__ import annotations

import httpx
import pytest

PROBLEM = "application/problem+json"


@pytest.mark.parametrize(
    "path", ["/queries", "/entities/search?text=cambodia", "/sources", "/claims/claim:00000000"]
)
def test_missing_key_is_401(app: httpx.Client, path: str) -> None:
    response = app.get(path, timeout=30)
    assert response.status_code == 401
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.json()["title"] == "Missing or unknown API key"


# Open by design: liveness, and the Browser guide and style (the saved queries' public text,
# fetched by Neo4j Browser, which cannot send a key).
OPEN = {"/health", "/browser/guide.html", "/browser/style.grass"}


def test_every_route_but_health_and_docs_needs_a_key(app: httpx.Client) -> None:
    spec = app.get("/openapi.json", timeout=30).json()
    checked = 0
    for template, operations in spec["paths"].items():
        if template in OPEN:
            continue
        path = template.replace("{id}", "person:long-dimanche").replace(
            "{claim_id}", "claim:00000000"
        )
        for method in operations:
            response = app.request(method.upper(), path, timeout=30)
            assert response.status_code == 401, f"{method} {template}: {response.status_code}"
            checked += 1
    assert checked >= 30


def test_every_query_run_route_rejects_unknown_parameters(
    app: httpx.Client, reader: dict[str, str]
) -> None:
    spec = app.get("/openapi.json", timeout=30).json()
    runs = [p for p in spec["paths"] if p.startswith("/queries/") and p.endswith("/run")]
    assert len(runs) >= 20
    for path in runs:
        response = app.get(f"{path}?no_such_param=1", headers=reader, timeout=30)
        assert response.status_code == 422, path
        fields = [e["field"] for e in response.json()["errors"]]
        assert "no_such_param" in fields, (path, fields)


def test_wrong_key_is_401(app: httpx.Client) -> None:
    response = app.get("/queries", headers={"X-API-Key": "x" * 30}, timeout=30)
    assert response.status_code == 401


def test_bearer_token_works_like_the_header(app: httpx.Client, reader: dict[str, str]) -> None:
    token = {"Authorization": f"Bearer {reader['X-API-Key']}"}
    assert app.get("/queries", headers=token, timeout=30).status_code == 200


def test_reader_key_cannot_ingest(app: httpx.Client, reader: dict[str, str]) -> None:
    response = app.post(
        "/ingest",
        content=b"source: {}",
        headers={**reader, "Content-Type": "application/yaml"},
        timeout=30,
    )
    assert response.status_code == 403
    assert response.headers["content-type"].startswith(PROBLEM)


def test_unknown_route_is_a_problem(app: httpx.Client, reader: dict[str, str]) -> None:
    response = app.get("/no/such/route", headers=reader, timeout=30)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith(PROBLEM)
