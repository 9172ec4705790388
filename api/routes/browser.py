"""The Neo4j Browser guide and stylesheet, generated from the saved-query registry.

Open to all like `/docs`: they hold the saved queries' text, which is public in the repository,
and the Browser's `:play` and `:style` commands cannot send an API key. The Browser fetches them
cross-origin (with a preflight), hence the CORS headers.
"""

from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi.responses import HTMLResponse, PlainTextResponse

from api.deps import Queries
from cypher.browser import BROWSER_CORS_HEADERS, render_grass, render_guide

router = APIRouter(prefix="/browser", tags=["neo4j browser"])


@router.get("/guide.html", response_class=HTMLResponse, summary="Browser guide of saved queries")
async def guide(registry: Queries) -> HTMLResponse:
    """One slide per saved query, each runnable with its `:param` lines.
    In Neo4j Browser: `:play http://127.0.0.1:8000/browser/guide.html`."""
    return HTMLResponse(render_guide(registry), headers=BROWSER_CORS_HEADERS)


@router.get(
    "/style.grass", response_class=PlainTextResponse, summary="GraSS stylesheet for the Browser"
)
async def style() -> PlainTextResponse:
    """Colour per entity type, captions by name, claims and sources set apart.
    In Neo4j Browser: `:style http://127.0.0.1:8000/browser/style.grass`."""
    return PlainTextResponse(render_grass(), headers=BROWSER_CORS_HEADERS)


@router.options("/guide.html", include_in_schema=False)
@router.options("/style.grass", include_in_schema=False)
async def preflight() -> Response:
    return Response(status_code=204, headers=BROWSER_CORS_HEADERS)
