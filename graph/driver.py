"""One Neo4j driver per process, made from the settings; callers borrow it."""

from __future__ import annotations

import threading

from neo4j import AsyncDriver, AsyncGraphDatabase, Driver, GraphDatabase

from graph.settings import Settings, get_settings

_lock = threading.Lock()
_driver: Driver | None = None


def make_driver(settings: Settings) -> Driver:
    """A new synchronous driver; prefer `get_driver()` unless you own its lifetime."""
    return GraphDatabase.driver(
        settings.uri,
        auth=(settings.neo4j_user, settings.password()),
        user_agent="tipgraph",
        connection_acquisition_timeout=30,
        # Schema-less warnings (a property no node has yet) are noise to a CLI or API user.
        notifications_min_severity="OFF",
    )


def make_async_driver(settings: Settings) -> AsyncDriver:
    """A new async driver, for the API whose lifespan owns it."""
    return AsyncGraphDatabase.driver(
        settings.uri,
        auth=(settings.neo4j_user, settings.password()),
        user_agent="tipgraph-api",
        connection_acquisition_timeout=10,
        # A request should fail fast with 503 while Neo4j is down, not retry for half a minute.
        connection_timeout=5,
        max_transaction_retry_time=3,
        notifications_min_severity="OFF",
    )


def get_driver() -> Driver:
    """The process's shared synchronous driver, created on first use."""
    global _driver
    with _lock:
        if _driver is None:
            _driver = make_driver(get_settings())
        return _driver


def close_driver() -> None:
    global _driver
    with _lock:
        if _driver is not None:
            _driver.close()
            _driver = None
