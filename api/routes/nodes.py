"""One node by its id, with its stored properties: the light read beside /entities/{id}."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from api.auth import Reader
from api.deps import AppSettings, Graph
from api.problems import responses
from graph.nodes import NodeKind, NodeView, read_node
from graph.vocabulary import CAVEAT

router = APIRouter(prefix="/nodes", tags=["entities"])


class Node(BaseModel):
    """A node as stored: no neighbours, claims or derived views."""

    id: str = Field(description="The node's id; an entity's current id after `same_as`.")
    kind: NodeKind
    type: str = Field(description="Its type (an ontology entity type), or Claim.")
    labels: list[str]
    properties: dict[str, Any]
    requested_id: str | None = Field(
        None, description="The id asked for, when it is a former id of this entity."
    )
    caveat: str = CAVEAT

    @classmethod
    def of(cls, view: NodeView) -> Node:
        return cls(
            id=view.id,
            kind=view.kind,
            type=view.type,
            labels=view.labels,
            properties=view.properties,
            requested_id=view.requested_id,
        )


@router.get(
    "/{id}",
    response_model=Node,
    summary="One entity, source or claim with its properties",
    responses=responses(401, 404, 422, 503, 504),
)
def node(
    driver: Graph,
    settings: AppSettings,
    _key: Reader,
    id: Annotated[
        str,
        Path(
            min_length=3,
            max_length=200,
            description="An entity id (`person:...`), a source id (`source:...`) or a claim id "
            "(`claim:...`).",
        ),
    ],
) -> Node:
    """The node's own properties as stored, read through neomodel: an entity's names, aliases,
    topics and type properties and which sources declare it; a source's title, date and
    publisher; a claim's predicate, stance, quote and dates. GET /entities/{id} adds the
    neighbours, claims and sources; GET /claims/{id} the claims that answer a claim."""
    view = read_node(driver, id, database=settings.neo4j_database, timeout=settings.query_timeout)
    return Node.of(view)
