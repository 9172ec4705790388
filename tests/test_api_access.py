"""Keys, roles and the error shape, over HTTP against the real app."""

from __future__ import annotations

import httpx
import pytest

PROBLEM = "application/problem+json"


@pytest.mark.parametrize(
    "path", ["/queries", "/entities/search?text=cambodia", "/sources", "/claims/claim:00000000"]
)
def test_missing_key_is_401(api_url: str, path: str) -> None:
    response = httpx.get(f"{api_url}{path}", timeout=30)
    assert response.status_code == 401
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.json()["title"] == "Missing or unknown API key"


def test_wrong_key_is_401(api_url: str) -> None:
    response = httpx.get(f"{api_url}/queries", headers={"X-API-Key": "x" * 30}, timeout=30)
    assert response.status_code == 401


def test_bearer_token_works_like_the_header(api_url: str, reader: dict[str, str]) -> None:
    token = {"Authorization": f"Bearer {reader['X-API-Key']}"}
    assert httpx.get(f"{api_url}/queries", headers=token, timeout=30).status_code == 200


def test_reader_key_cannot_ingest(api_url: str, reader: dict[str, str]) -> None:
    response = httpx.post(
        f"{api_url}/ingest",
        content=b"source: {}",
        headers={**reader, "Content-Type": "application/yaml"},
        timeout=30,
    )
    assert response.status_code == 403
    assert response.headers["content-type"].startswith(PROBLEM)


def test_health_is_open(api_url: str) -> None:
    assert httpx.get(f"{api_url}/health", timeout=30).status_code == 200


def test_unknown_route_is_a_problem(api_url: str, reader: dict[str, str]) -> None:
    response = httpx.get(f"{api_url}/no/such/route", headers=reader, timeout=30)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith(PROBLEM)
