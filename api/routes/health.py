"""`/health`: is the API up, and does Neo4j answer."""

from __future__ import annotations

from fastapi import APIRouter, Response
from neo4j import READ_ACCESS
from neo4j.exceptions import DriverError, Neo4jError
from pydantic import BaseModel, Field

from api.deps import Graph

router = APIRouter(tags=["health"])

_PROBE = "CALL dbms.components() YIELD versions, edition RETURN versions[0] AS v, edition"


class Health(BaseModel):
    status: str = Field(description="`ok` when Neo4j answers, else `degraded`.")
    neo4j: str = Field(description="`up` or `down`.")
    neo4j_version: str | None = Field(default=None, description="e.g. `5.26.19`.")
    neo4j_edition: str | None = None


@router.get("/health", response_model=Health, summary="Liveness and Neo4j reachability")
def health(driver: Graph, response: Response) -> Health:
    """Report whether Neo4j answers, and its version. Open to all; needs no key.

    Answers 503 when Neo4j is down, so a load balancer takes the replica out of rotation.
    """
    record = None
    # An auto-commit statement, tried twice and not retried beyond: after Neo4j restarts, the
    # first try may meet a pooled connection the server closed (the driver then drops the pool's
    # dead ones), while a server that is down refuses both at once.
    for _ in range(2):
        try:
            with driver.session(database="system", default_access_mode=READ_ACCESS) as session:
                record = session.run(_PROBE).single(strict=True)
            break
        except (DriverError, Neo4jError, OSError):
            continue
    if record is None:
        response.status_code = 503
        response.headers["Retry-After"] = "5"
        return Health(status="degraded", neo4j="down")
    return Health(
        status="ok", neo4j="up", neo4j_version=record["v"], neo4j_edition=record["edition"]
    )
