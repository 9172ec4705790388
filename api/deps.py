"""`Annotated` dependency aliases shared by the routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from neo4j import AsyncDriver

from graph.settings import Settings


def _driver(request: Request) -> AsyncDriver:
    driver: AsyncDriver = request.app.state.driver
    return driver


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


Driver = Annotated[AsyncDriver, Depends(_driver)]
AppSettings = Annotated[Settings, Depends(_settings)]
