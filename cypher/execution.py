"""Running a saved query read-only: a read transaction with a server-side time limit and a row cap.

Entity-id parameters are resolved first, inside the same transaction: an id that is no longer
current (a referent, kept after `same_as`) is replaced by the entity's id, and an id that names
nothing, or names the wrong kind of entity, is a parameter error rather than an empty answer.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from neo4j import (
    READ_ACCESS,
    AsyncDriver,
    AsyncManagedTransaction,
    Driver,
    ManagedTransaction,
    Record,
    unit_of_work,
)
from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired

from cypher.errors import QueryFailed, QueryParamsError, QueryRefused, QueryTimeout
from graph.errors import ServerError

if TYPE_CHECKING:
    from cypher.header import ParamSpec
    from cypher.registry import SavedQuery

log = logging.getLogger("tipgraph.queries")

Fetched = tuple[list[str], list[dict[str, Any]], bool]

_BY_ID = "MATCH (e:Entity {id: $id}) RETURN e.id AS id, e.type AS type, labels(e) AS labels"
# Only tried when the id seek finds nothing: referents and the ids an entity has in imported
# datasets (OpenSanctions' NK-..., say) have no index, and are rare.
_BY_REFERENT = (
    "MATCH (e:Entity) WHERE $id IN e.referents OR $id IN e.dataset_ids "
    "RETURN e.id AS id, e.type AS type, labels(e) AS labels LIMIT 1"
)


def _entity_ids(query: SavedQuery, values: dict[str, Any]) -> list[tuple[ParamSpec, str]]:
    wanted: list[tuple[ParamSpec, str]] = []
    for spec in query.params:
        value = values.get(spec.name)
        if value is None:
            continue
        if spec.type == "entity_id":
            wanted.append((spec, value))
        elif spec.type == "list" and spec.items is not None and spec.items.type == "entity_id":
            wanted.extend((spec, item) for item in value)
    return wanted


class _Resolution:
    """Collects the current id of each entity-id parameter, or the problem it raises."""

    def __init__(self, query: SavedQuery) -> None:
        self.query = query
        self.current: dict[tuple[str, str], str] = {}
        self.problems: list[dict[str, str]] = []

    def add(self, spec: ParamSpec, given: str, found: list[dict[str, Any]]) -> None:
        labels = spec.labels or (spec.items.labels if spec.items else None) or ("Entity",)
        if not found:
            self.problems.append({"field": spec.name, "message": f"no entity has the id {given}"})
        elif "Entity" not in labels and not set(found[0]["labels"]) & set(labels):
            kind = found[0]["type"] or "entity"
            self.problems.append(
                {
                    "field": spec.name,
                    "message": f"{given} is a {kind}; {self.query.name} takes a "
                    f"{' or '.join(labels)} here",
                }
            )
        else:
            self.current[(spec.name, given)] = str(found[0]["id"])

    def params(self, values: dict[str, Any]) -> dict[str, Any]:
        """The parameters with every id replaced by the entity's current one."""
        if self.problems:
            raise QueryParamsError(self.query.name, self.problems)
        out = dict(values)
        for spec in self.query.params:
            value = out.get(spec.name)
            if value is None:
                continue
            if spec.type == "entity_id":
                out[spec.name] = self.current.get((spec.name, value), value)
            elif spec.type == "list":
                out[spec.name] = [self.current.get((spec.name, item), item) for item in value]
        return out


def _row(record: Record) -> dict[str, Any]:
    # Raw values (nodes stay nodes), unlike Record.data(), so callers can draw graphs.
    return dict(zip(record.keys(), record.values(), strict=True))


@contextmanager
def _server_errors(name: str) -> Iterator[None]:
    try:
        yield
    except Neo4jError as exc:
        raise _translate(name, exc) from None
    except (ServiceUnavailable, SessionExpired) as exc:
        raise ServerError(
            f"Neo4j is unreachable: {exc}", hint="start it with `tipgraph db up`"
        ) from None


def run_read(
    driver: Driver,
    query: SavedQuery,
    values: dict[str, Any],
    database: str,
    timeout: float,
    cap: int,
) -> Fetched:
    @unit_of_work(timeout=timeout)
    def work(tx: ManagedTransaction) -> Fetched:
        resolution = _Resolution(query)
        for spec, given in _entity_ids(query, values):
            found = [_row(r) for r in tx.run(_BY_ID, id=given)] or [
                _row(r) for r in tx.run(_BY_REFERENT, id=given)
            ]
            resolution.add(spec, given, found)
        result = tx.run(query.text, resolution.params(values))
        rows: list[dict[str, Any]] = []
        truncated = False
        for record in result:
            if len(rows) == cap:
                truncated = True
                break
            rows.append(_row(record))
        # Tells the server to drop what was not read, rather than stream it to no one.
        result.consume()
        return list(result.keys()), rows, truncated

    with (
        _server_errors(query.name),
        driver.session(database=database, default_access_mode=READ_ACCESS) as session,
    ):
        return session.execute_read(work)


async def arun_read(
    driver: AsyncDriver,
    query: SavedQuery,
    values: dict[str, Any],
    database: str,
    timeout: float,
    cap: int,
) -> Fetched:
    @unit_of_work(timeout=timeout)
    async def work(tx: AsyncManagedTransaction) -> Fetched:
        resolution = _Resolution(query)
        for spec, given in _entity_ids(query, values):
            found = [_row(r) async for r in await tx.run(_BY_ID, id=given)] or [
                _row(r) async for r in await tx.run(_BY_REFERENT, id=given)
            ]
            resolution.add(spec, given, found)
        result = await tx.run(query.text, resolution.params(values))
        rows: list[dict[str, Any]] = []
        truncated = False
        async for record in result:
            if len(rows) == cap:
                truncated = True
                break
            rows.append(_row(record))
        await result.consume()
        return list(result.keys()), rows, truncated

    with _server_errors(query.name):
        async with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
            return await session.execute_read(work)


def _translate(name: str, exc: Neo4jError) -> Exception:
    """A server error as the library's own; never with the Cypher text, which callers may see."""
    code = exc.code or ""
    if "TransactionTimedOut" in code or code.endswith("Transaction.TransactionTimedOut"):
        return QueryTimeout(
            f"{name} ran past its time limit and was stopped",
            hint="narrow it with parameters (a smaller depth, an entity id)",
        )
    if code == "Neo.ClientError.Statement.AccessMode" or "AccessMode" in code:
        return QueryRefused(
            f"{name} tried to write; saved queries run read-only and the server refused it",
            hint="saved queries may only read; writes go through the loaders",
        )
    log.warning("saved query %s failed: %s %s", name, code, exc.message)
    return QueryFailed(
        f"{name} failed on the server ({code or 'unknown error'})",
        hint="check its parameters; if they are right, the saved query itself needs fixing",
    )
