"""`/health` over HTTP, against the real app and the real Neo4j."""

from __future__ import annotations

import httpx


def test_health_reports_neo4j_version(api_url: str) -> None:
    response = httpx.get(f"{api_url}/health", timeout=10)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["neo4j_version"].startswith("5.26.")
