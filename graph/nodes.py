"""Single-node reads through neomodel: an entity, a source or a claim, with its properties.

neomodel runs on the process's one driver (`bind`), never a pool of its own, and every read is a
read transaction with the settings' time limit, so the server refuses a write here as anywhere.
Saved queries serve everything wider than one node (neighbours, paths, provenance).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Literal

from neo4j import Driver
from neomodel import db
from neomodel.constants import ACCESS_MODE_READ
from neomodel.sync_.transaction import TransactionProxy

from graph import models
from graph.errors import NotFound

NodeKind = Literal["entity", "source", "claim"]

_bind_lock = threading.Lock()

# An id given up for another after `same_as` (kept in `referents`) still finds its entity; the
# id seek comes first, and this scan only when it finds nothing.
_BY_REFERENT = "MATCH (e:Entity) WHERE $id IN e.referents RETURN e LIMIT 1"


def bind(driver: Driver, database: str) -> None:
    """Make neomodel use this driver and database in the calling context."""
    with _bind_lock:
        if db.driver is not driver:
            db.set_connection(driver=driver)
    # neomodel keeps the target database per context (thread or task), so every unit of work
    # names it rather than trusting what another context set.
    db._database_name = database


@dataclass(frozen=True)
class NodeView:
    """One node as stored: its id, what kind of node, its labels and its properties."""

    id: str
    kind: NodeKind
    type: str
    labels: list[str]
    properties: dict[str, Any] = field(default_factory=dict)
    requested_id: str | None = None  # the id asked for, when it was a former id of this entity


def _properties(node: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for attribute, prop in type(node).defined_properties(aliases=False, rels=False).items():
        value = getattr(node, attribute, None)
        if value is not None and value != []:
            out[prop.get_db_property_name(attribute)] = value
    return out


def _view(node: Any, kind: NodeKind, requested: str) -> NodeView:
    cls = type(node)
    return NodeView(
        id=node.uid,
        kind=kind,
        type=cls.__name__,
        labels=sorted(cls.inherited_labels()),
        properties=_properties(node),
        requested_id=requested if requested != node.uid else None,
    )


def read_node(driver: Driver, node_id: str, *, database: str, timeout: float) -> NodeView:
    """The node with this id: a claim (`claim:...`), or an entity or source by its id or by an
    id it was known by before `same_as`. Raises NotFound when there is none."""
    bind(driver, database)
    with TransactionProxy(db, access_mode=ACCESS_MODE_READ, timeout=timeout):
        if node_id.startswith("claim:"):
            claim = models.Claim.nodes.get_or_none(uid=node_id)
            if claim is None:
                raise NotFound(f"no claim has the id {node_id}")
            return _view(claim, "claim", node_id)
        entity = models.Entity.nodes.get_or_none(uid=node_id)
        if entity is None:
            rows, _ = db.cypher_query(_BY_REFERENT, {"id": node_id}, resolve_objects=True)
            entity = rows[0][0] if rows else None
        if entity is None:
            raise NotFound(
                f"no entity, source or claim has the id {node_id}",
                hint="search by name with GET /entities/search or `tipgraph queries run "
                "search_entities`",
            )
        kind: NodeKind = "source" if isinstance(entity, models.Source) else "entity"
        return _view(entity, kind, node_id)
