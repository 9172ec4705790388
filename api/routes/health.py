"""`/health`: is the API up, and does Neo4j answer."""

from __future__ import annotations

from fastapi import APIRouter, Response
from neo4j import READ_ACCESS
from neo4j.exceptions import DriverError, Neo4jError
from pydantic import BaseModel, Field

from api.deps import Graph

router = APIRouter(tags=["health"])


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
    try:
        # One auto-commit statement, not retried: a probe must answer at once either way.
        with driver.session(database="system", default_access_mode=READ_ACCESS) as session:
            record = session.run(
                "CALL dbms.components() YIELD versions, edition RETURN versions[0] AS v, edition"
            ).single(strict=True)
    except (DriverError, Neo4jError, OSError):
        response.status_code = 503
        response.headers["Retry-After"] = "5"
        return Health(status="degraded", neo4j="down")
    return Health(
        status="ok", neo4j="up", neo4j_version=record["v"], neo4j_edition=record["edition"]
    )
