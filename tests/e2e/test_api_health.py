"""`/health` over HTTP, against the real app and the real Neo4j."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from asgi_lifespan import LifespanManager
from neo4j import Driver
from neo4j.exceptions import DriverError

from api.app import create_app
from graph.settings import Settings


def test_health_reports_neo4j_version(api_url: str) -> None:
    response = httpx.get(f"{api_url}/health", timeout=10)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["neo4j_version"].startswith("5.26.")


def test_the_lifespan_owns_one_driver_in_process(neo4j_server: Settings) -> None:
    """The app answers in-process (ASGI transport, lifespan run by a manager), through the
    driver its lifespan made, which it closes on shutdown."""

    async def go() -> tuple[int, Driver]:
        app = create_app(neo4j_server)
        async with (
            LifespanManager(app) as manager,
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=manager.app), base_url="http://tipgraph"
            ) as client,
        ):
            response = await client.get("/health")
            owned: Driver = app.state.driver
            owned.verify_connectivity()  # raises unless the driver reaches Neo4j
        return response.status_code, owned

    status, owned = asyncio.run(go())
    assert status == 200
    with pytest.raises(DriverError):
        owned.verify_connectivity()
