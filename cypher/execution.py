"""Running a saved query read-only: a read transaction with a server-side time limit and a row cap.

Each statement is one auto-commit transaction in READ access mode, which the server enforces
(a write is refused), carrying the time limit: one round trip to the server, where a managed
transaction takes three (BEGIN, RUN, COMMIT).

Entity-id parameters are checked: an id that is no longer current (a referent, kept after
`same_as`) is replaced by the entity's id; an id that names nothing is `EntityNotFound` (404 in
the API), and one that names the wrong kind of entity a parameter error, rather than an empty
answer. The check rides in the query's own statement (cypher/guard.py), so an answer needs no
other round trip; only when the guard stops the query is the server asked why (an id to replace
or an id to refuse), in a second statement, all ids at once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from neo4j import READ_ACCESS, Driver, Query, Record, Session
from neo4j.exceptions import CypherSyntaxError, Neo4jError, ServiceUnavailable, SessionExpired

from cypher.errors import (
    EntityNotFound,
    QueryFailed,
    QueryParamsError,
    QueryRefused,
    QueryTimeout,
)
from cypher.guard import refuse, stopped, usable, with_ids
from graph.errors import ServerError

if TYPE_CHECKING:
    from cypher.header import ParamSpec
    from cypher.registry import SavedQuery

log = logging.getLogger("tipgraph.queries")

Fetched = tuple[list[str], list[dict[str, Any]], bool]

# Every entity-id parameter in one statement, by the index on `id`.
_BY_ID = """
UNWIND $ids AS given
OPTIONAL MATCH (e:Entity {id: given})
RETURN given, e.id AS id, e.type AS type, labels(e) AS labels
"""
# Only for the ids the index did not find: referents, and the ids an entity has in imported
# datasets (OpenSanctions' NK-..., say), have no index and are rare. (One statement doing
# both costs twice the seek alone, even when every id is current.)
_BY_REFERENT = """
UNWIND $ids AS given
OPTIONAL CALL (given) {
  MATCH (e:Entity) WHERE given IN e.referents OR given IN e.dataset_ids
  RETURN e LIMIT 1
}
RETURN given, e.id AS id, e.type AS type, labels(e) AS labels
"""


def _labels(spec: ParamSpec) -> tuple[str, ...]:
    """The labels an entity-id parameter takes (any entity's when the header names none)."""
    return tuple(spec.labels or (spec.items.labels if spec.items else None) or ("Entity",))


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
        self.missing: list[dict[str, str]] = []

    def add(self, spec: ParamSpec, given: str, found: Mapping[str, Any]) -> None:
        labels = _labels(spec)
        if found["id"] is None:
            self.missing.append({"field": spec.name, "message": f"no entity has the id {given}"})
        elif "Entity" not in labels and not set(found["labels"]) & set(labels):
            kind = found["type"] or "entity"
            self.problems.append(
                {
                    "field": spec.name,
                    "message": f"{given} is a {kind}; {self.query.name} takes a "
                    f"{' or '.join(labels)} here",
                }
            )
        else:
            self.current[(spec.name, given)] = str(found["id"])

    def params(self, values: dict[str, Any]) -> dict[str, Any]:
        """The parameters with every id replaced by the entity's current one."""
        if self.problems:
            # Every problem at once: the missing ids too, as parameter problems.
            raise QueryParamsError(self.query.name, self.missing + self.problems)
        if self.missing:
            raise EntityNotFound(self.query.name, self.missing)
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


def _resolved(
    session: Session,
    query: SavedQuery,
    values: dict[str, Any],
    wanted: list[tuple[ParamSpec, str]],
    timeout: float,
) -> dict[str, Any]:
    ids = sorted({given for _, given in wanted})
    found = {r["given"]: r for r in session.run(Query(_BY_ID, timeout=timeout), ids=ids)}
    others = [given for given, r in found.items() if r["id"] is None]
    if others:
        by_referent = session.run(Query(_BY_REFERENT, timeout=timeout), ids=others)
        found.update((r["given"], r) for r in by_referent)
    resolution = _Resolution(query)
    for spec, given in wanted:
        resolution.add(spec, given, found[given])
    return resolution.params(values)


def _fetch(session: Session, text: str, params: Any, timeout: float, cap: int) -> Fetched:
    result = session.run(Query(text, timeout=timeout), params)
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


def run_read(
    driver: Driver,
    query: SavedQuery,
    values: dict[str, Any],
    database: str,
    timeout: float,
    cap: int,
) -> Fetched:
    """The query's columns, up to `cap` rows, and whether more were left unread."""

    wanted = _entity_ids(query, values)
    guard = usable(query.text) if wanted else None

    def checked(params: dict[str, Any]) -> dict[str, Any]:
        ids = [(given, _labels(spec)) for spec, given in _entity_ids(query, params)]
        return with_ids(params, ids)

    def attempt() -> Fetched:
        with (
            _server_errors(query.name),
            driver.session(database=database, default_access_mode=READ_ACCESS) as session,
        ):
            if guard is None:
                params = _resolved(session, query, values, wanted, timeout) if wanted else values
                return _fetch(session, query.text, params, timeout, cap)
            try:
                fetched = _fetch(session, guard.text, checked(values), timeout, cap)
            except CypherSyntaxError:
                # Valid alone (its header was checked), the query cannot follow the guard:
                # its ids are looked up first, from now on.
                refuse(query.text)
                params = _resolved(session, query, values, wanted, timeout)
                return _fetch(session, query.text, params, timeout, cap)
            rows = fetched[1]
            if (rows or guard.empty_is_final) and not stopped(rows):
                return fetched
            # Stopped, or nothing said: an id to replace or refuse (this raises), or the
            # query's own answer after all.
            current = _resolved(session, query, values, wanted, timeout)
            if current == values:
                return fetched
            return _fetch(session, guard.text, checked(current), timeout, cap)

    try:
        return attempt()
    except ServerError:
        # A pooled connection the server dropped (it restarted) fails once; a read is safe to
        # try again on a fresh one. A server that is down fails again, as fast.
        return attempt()


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
