"""`Annotated` dependencies of the routes: the driver, the settings and the saved queries the
app's lifespan and factory made, and a runner of saved queries built from them.

Routes take these and never reach into `app.state`. They are `async def` so that FastAPI calls
them on the event loop, not through its thread pool (a hop per dependency per request).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from neo4j import Driver

from api.running import SavedRuns
from cypher.registry import Registry
from graph.settings import Settings


async def _driver(request: Request) -> Driver:
    driver: Driver = request.app.state.driver
    return driver


async def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def _registry(request: Request) -> Registry:
    registry: Registry = request.app.state.registry
    return registry


Graph = Annotated[Driver, Depends(_driver)]
AppSettings = Annotated[Settings, Depends(_settings)]
Queries = Annotated[Registry, Depends(_registry)]


async def _runs(request: Request) -> SavedRuns:
    # Read straight from the app rather than through the three above: every dependency costs
    # FastAPI a resolution step per request, and this one is on every read route.
    state = request.app.state
    return SavedRuns(request, state.driver, state.settings.neo4j_database, state.registry)


Runs = Annotated[SavedRuns, Depends(_runs)]
