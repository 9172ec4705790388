"""Who is calling: `X-API-Key` (or `Authorization: Bearer`) checked against the key ring."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from api.keys import ApiKey, KeyRing
from graph.errors import TipgraphError


class Unauthorized(TipgraphError):
    status = 401
    title = "Missing or unknown API key"


class Forbidden(TipgraphError):
    status = 403
    title = "Forbidden"


# The checks are `async def` so that FastAPI runs them on the event loop: a plain `def` costs a
# hop through the thread pool on every request, for a hash and a comparison.
_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="A reader or writer key.")
_bearer = HTTPBearer(auto_error=False, description="The same key as a bearer token.")


async def current_key(
    request: Request,
    header: Annotated[str | None, Depends(_header)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> ApiKey:
    presented = header or (bearer.credentials if bearer else None)
    if not presented:
        raise Unauthorized("this route needs an API key", hint="send it as the X-API-Key header")
    ring: KeyRing = request.app.state.keys
    key = ring.match(presented)
    if key is None:
        raise Unauthorized("the API key is not known", hint="check TIPGRAPH_API_KEYS")
    request.state.key_id = key.key_id
    return key


async def require_writer(key: Annotated[ApiKey, Depends(current_key)]) -> ApiKey:
    if key.role != "writer":
        raise Forbidden(f"key {key.key_id!r} is a reader key; this route needs a writer key")
    return key


Reader = Annotated[ApiKey, Depends(current_key)]
Writer = Annotated[ApiKey, Depends(require_writer)]
