"""The app factory: a lifespan that owns the process's one Neo4j driver, and the routers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import version as package_version

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

from api import audit, problems
from api.jsonbody import JsonBody
from api.keys import KeyRing, load_keys
from api.limits import Limits
from api.routes import (
    browser,
    claims,
    entities,
    exports,
    health,
    ingest,
    match,
    network,
    nodes,
    queries,
    sources,
)
from cypher.registry import Registry, get_registry
from graph.driver import make_driver
from graph.settings import Settings, get_settings
from graph.vocabulary import CAVEAT, STANCES

DESCRIPTION = f"""
tipgraph serves a knowledge graph of the actors, places and relationships behind human
trafficking and online-scam compounds, built from what reports say. Every edge can be expanded to
the claims behind it: each with its stance ({", ".join(STANCES)}), the
quote that carries it and the source it is cited in.

**Keys.** Every route but `/health` needs an API key in the `X-API-Key` header (or as a bearer
token). Reader keys read; writer keys may also ingest fact files.

**Errors** are `application/problem+json` bodies with `title`, `status`, `detail` and, for
invalid input, `errors` naming each field.

**Caveat.** {CAVEAT}
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Reads and ingest share it (api/deps.py hands it to the routes). It connects lazily
        # and reconnects by itself, so the API starts, and survives a restart, while Neo4j is
        # down: requests answer 503 meanwhile.
        driver = make_driver(settings)
        app.state.driver = driver
        try:
            yield
        finally:
            driver.close()

    # Swagger UI and ReDoc from the fastapi-offline package, served by the app itself: the
    # manual works on a machine without internet, and no CDN learns who reads it.
    app = FastAPIOffline(
        static_url="/docs-assets",
        title="tipgraph",
        version=package_version("tipgraph"),
        summary="Actors, places and relationships behind trafficking and scam compounds, "
        "each edge with the quotes and sources behind it.",
        description=DESCRIPTION,
        lifespan=lifespan,
        default_response_class=JsonBody,
    )
    app.state.settings = settings
    app.state.keys = KeyRing(load_keys(settings))
    problems.install(app)
    audit.install(app, settings)
    registry = Registry.load(settings.queries_dir) if settings.queries_dir else get_registry()
    # Everything a route needs reaches it through api/deps.py; the driver is set by the lifespan.
    app.state.registry = registry
    app.include_router(health.router)
    for module in (entities, nodes, network, sources, claims, exports, match, ingest, browser):
        app.include_router(module.router)
    queries.install(app, registry)
    # Outermost, so a request over its key's limits costs no routing, validation or body read.
    app.add_middleware(Limits, settings=settings, keys=app.state.keys)
    return app
