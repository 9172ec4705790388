"""Screening in the shape of yente's `/match`, so that a yente client can point at tipgraph.

`POST /match/{dataset}` takes FollowTheMoney query entities by key and answers, for each, the
graph's persons and organisations that match, scored by nomenklatura's `logic-v2` with the
features that matched. `dataset` is `default` (every person and organisation of the graph) or
the source id of an imported list (`source:...`), to screen against that list alone.
"""

# No `from __future__ import annotations` here: FastAPI must see the models as objects.

import json
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.util import make_entity_id
from pydantic import BaseModel, ConfigDict, Field

from api.auth import Reader
from api.deps import AppSettings, Graph
from api.problems import responses
from cypher.errors import QueryParamsError
from graph.errors import NotFound
from graph.vocabulary import CAVEAT, SOURCE_ID_PATTERN
from screening.match import ALGORITHM_NAME, candidates, read_actors

router = APIRouter(prefix="/match", tags=["screening"])


class EntityQuery(BaseModel):
    """One entity to screen, as FollowTheMoney: a schema and its properties."""

    model_config = ConfigDict(extra="forbid")
    schema_: str = Field(alias="schema", max_length=40, examples=["Person"])
    properties: dict[str, list[Annotated[str, Field(max_length=500)]]] = Field(
        max_length=30, examples=[{"name": ["Hun Sen"], "nationality": ["kh"]}]
    )


class MatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    queries: dict[Annotated[str, Field(max_length=100)], EntityQuery] = Field(
        min_length=1, max_length=50
    )


class Total(BaseModel):
    value: int
    relation: str = "eq"


class Result(BaseModel):
    id: str = Field(description="The entity's FtM id (its dataset id, for an imported entry).")
    caption: str
    schema_: str = Field(alias="schema", serialization_alias="schema")
    properties: dict[str, list[str]]
    datasets: list[str] = Field(description="The sources that declare it.")
    referents: list[str] = Field(description="Its tipgraph id, and its ids in other datasets.")
    target: bool = Field(description="True for a sanctioned entity.")
    score: float
    match: bool
    features: dict[str, float]


class QueryResponse(BaseModel):
    status: int = 200
    results: list[Result]
    total: Total
    query: dict[str, Any]


class MatchResponse(BaseModel):
    responses: dict[str, QueryResponse]
    matcher: dict[str, Any]
    limit: int
    caveat: str = CAVEAT


@router.post(
    "/{dataset}",
    response_model=MatchResponse,
    response_model_by_alias=True,
    summary="Screen entities against the graph or an imported list (yente's /match)",
    responses=responses(401, 404, 422, 503),
)
def match(
    driver: Graph,
    settings: AppSettings,
    _key: Reader,
    body: MatchRequest,
    dataset: Annotated[
        str,
        Path(
            description="`default`, or the source id of an imported list.",
            max_length=200,
            pattern=rf"^default$|{SOURCE_ID_PATTERN}",
        ),
    ],
    limit: Annotated[int, Query(ge=1, le=100, description="Results per query.")] = 5,
    threshold: Annotated[
        float | None, Query(ge=0, le=1, description="Score that makes a match.")
    ] = None,
    cutoff: Annotated[float, Query(ge=0, le=1, description="Lowest score returned.")] = 0.5,
) -> MatchResponse:
    """For each query entity, the persons and organisations of `dataset` that score at least
    `cutoff`, best first, each with the features that matched; `match` is true from
    `threshold` (default: the server's setting, 0.7). Appearing here is no proof of anything."""
    threshold = settings.match_threshold if threshold is None else threshold
    list_id = None if dataset == "default" else dataset
    pool = read_actors(driver, settings.neo4j_database, list_id=list_id)
    if list_id is not None and not pool:
        raise NotFound(f"{dataset} holds no persons or organisations", hint="use `default`")
    answers: dict[str, QueryResponse] = {}
    problems = []
    for key, query in body.queries.items():
        try:
            # The matcher caches what it reads from an entity by its id: one id per content.
            content = json.dumps([query.schema_, query.properties], sort_keys=True)
            proxy = model.get_proxy(
                {
                    "id": f"query-{make_entity_id(content)}",
                    "schema": query.schema_,
                    "properties": query.properties,
                },
                cleaned=False,
            )
        except InvalidData as exc:
            problems.append({"field": f"queries.{key}", "message": str(exc)})
            continue
        found = candidates(proxy, pool, threshold=threshold, floor=cutoff, limit=limit)
        answers[key] = QueryResponse(
            results=[
                Result(
                    id=c.entry.ftm_id,
                    caption=c.entry.proxy.caption,
                    schema=c.entry.proxy.schema.name,
                    properties=c.entry.proxy.properties,
                    datasets=list(c.entry.props.get("declared_in") or []),
                    referents=[c.entry.id, *(c.entry.props.get("dataset_ids") or [])],
                    target="sanction" in (c.entry.props.get("topics") or []),
                    score=c.score,
                    match=c.match,
                    features=c.features,
                )
                for c in found
            ],
            total=Total(value=len(found)),
            query=proxy.to_dict(),
        )
    if problems:
        raise QueryParamsError("match", problems)
    return MatchResponse(
        responses=answers,
        matcher={"name": ALGORITHM_NAME, "threshold": threshold, "cutoff": cutoff},
        limit=limit,
    )
