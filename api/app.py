"""The app factory: a lifespan that owns the one async Neo4j driver, and the routers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.routes import health
from graph.driver import make_async_driver
from graph.settings import Settings, get_settings

CAVEAT = (
    "Appearing in this graph is not proof of wrongdoing: every edge is what a cited source says, "
    "and allegations remain allegations."
)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        driver = make_async_driver(settings)
        app.state.driver = driver
        app.state.settings = settings
        try:
            yield
        finally:
            await driver.close()

    app = FastAPI(
        title="tipgraph",
        version="0.1.0",
        summary="Actors, places and relationships behind trafficking and scam compounds, "
        "each edge with the quotes and sources behind it.",
        description=CAVEAT,
        lifespan=lifespan,
    )
    app.include_router(health.router)
    return app
