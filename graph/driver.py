"""One synchronous Neo4j driver per process, made from the settings; callers borrow it.

The API's lifespan makes its own with `make_driver` and closes it on shutdown; the command line
takes the process's shared one from `get_driver`. Both are built here with the same timeouts,
so a read and an ingest fail the same way, and fast, while Neo4j is down (docs/driver.md says
why the driver is synchronous).
"""

from __future__ import annotations

import threading

from neo4j import Driver, GraphDatabase, Query

from graph.settings import Settings, get_settings

# The server ends any transaction after 120 s (db.transaction.timeout in graph/localserver.py),
# and one `CALL ... IN TRANSACTIONS` counts its whole run against that. The administrative
# statements that touch every node (the bulk import's empty lists, the read-only copy) may
# take longer on a large graph and ask for this much instead (servers since 5.3 honour a longer
# timeout a client asks for).
LONG_RUNNING_SECONDS = 6 * 3600.0

_lock = threading.Lock()
_driver: Driver | None = None


def make_driver(settings: Settings) -> Driver:
    """A new driver; prefer `get_driver()` unless you own its lifetime (the API's lifespan)."""
    return GraphDatabase.driver(
        settings.uri,
        auth=(settings.neo4j_user, settings.password()),
        user_agent="tipgraph",
        # A refused or silent server is an error within seconds, not a hang: the API answers
        # 503, the command line says to start it.
        connection_timeout=settings.neo4j_connection_timeout,
        # Waiting for a pooled connection when every one is busy.
        connection_acquisition_timeout=settings.neo4j_acquisition_timeout,
        # Managed transactions (the loaders' writes) retry transient errors, deadlocks between
        # concurrent writers among them, for at most this long.
        max_transaction_retry_time=settings.neo4j_max_retry_time,
        # Reads are auto-commit statements, which the driver does not retry: a pooled
        # connection idle for a while is checked before use, so the first requests after a
        # Neo4j restart do not meet connections the server has closed.
        liveness_check_timeout=2.0,
        # Schema-less warnings (a property no node has yet) are noise to a CLI or API user.
        notifications_min_severity="OFF",
    )


def long_running(text: str) -> Query:
    """A statement that may outlast the server's default transaction timeout."""
    return Query(text, timeout=LONG_RUNNING_SECONDS)


def get_driver() -> Driver:
    """The process's shared driver, created on first use."""
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
