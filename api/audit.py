"""The append-only audit log: one JSON line per request, never a secret or a raw parameter."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response

_lock = threading.Lock()


def params_hash(params: Mapping[str, Any]) -> str:
    """A stable digest of the parameters: enough to group identical calls, not to read them."""
    canonical = json.dumps(params, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def note(request: Request, **fields: Any) -> None:
    """Add fields (query name, params hash, row count) to this request's audit record."""
    record: dict[str, Any] = getattr(request.state, "audit", {})
    record.update(fields)
    request.state.audit = record


def install(app: FastAPI, path: Path) -> None:
    @app.middleware("http")
    async def _audit(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        started = time.perf_counter()
        response = await call_next(request)
        route = request.scope.get("route")
        record = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "key_id": getattr(request.state, "key_id", None),
            "method": request.method,
            "route": getattr(route, "path", request.url.path),
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            **getattr(request.state, "audit", {}),
        }
        line = json.dumps(record, ensure_ascii=False)
        with _lock:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as handle:
                handle.write(line + "\n")
        return response
