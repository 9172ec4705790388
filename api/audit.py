"""The append-only audit log: one JSON line per request, never a secret or a raw parameter.

Parameters are recorded as a keyed hash (HMAC-SHA256 with the audit secret): equal calls get
equal hashes, so a reader of the log can group them, but without the secret nobody can confirm a
guess (an entity id, a search word) by hashing it. The file is created readable by its owner
only, and rotated by size: `audit.jsonl` becomes `audit.jsonl.1`, and so on up to the number of
files kept.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.keys import generated_secret
from graph.settings import Settings


def audit_secret(settings: Settings) -> bytes:
    """The HMAC key: from settings, else generated once beside the local server's password."""
    if settings.audit_secret is not None:
        return settings.audit_secret.get_secret_value().encode("utf-8")
    path = settings.instance_dir / "audit-secret"
    return generated_secret(path, lambda: secrets.token_urlsafe(32)).encode("utf-8")


@dataclass
class AuditLog:
    path: Path
    secret: bytes
    max_bytes: int
    keep: int
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def params_hash(self, params: Mapping[str, Any]) -> str:
        """A keyed digest of the parameters: enough to group identical calls, not to read them."""
        canonical = json.dumps(params, sort_keys=True, default=str, ensure_ascii=False)
        return hmac.new(self.secret, canonical.encode("utf-8"), hashlib.sha256).hexdigest()[:16]

    def write(self, record: Mapping[str, Any]) -> None:
        line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.path.exists() and self.path.stat().st_size + len(line) > self.max_bytes:
                self._rotate()
            # Created 0600 in one step: never, even for a moment, readable by others.
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, line)
            finally:
                os.close(fd)

    def _rotate(self) -> None:
        for n in range(self.keep - 1, 0, -1):
            older = self.path.with_name(f"{self.path.name}.{n}")
            if older.exists():
                older.replace(self.path.with_name(f"{self.path.name}.{n + 1}"))
        self.path.replace(self.path.with_name(f"{self.path.name}.1"))


def _log(request: Request) -> AuditLog:
    log: AuditLog = request.app.state.audit
    return log


def params_hash(request: Request, params: Mapping[str, Any]) -> str:
    return _log(request).params_hash(params)


def note(request: Request, **fields: Any) -> None:
    """Add fields (query name, params hash, row count) to this request's audit record."""
    record: dict[str, Any] = getattr(request.state, "audit", {})
    record.update(fields)
    request.state.audit = record


class _Recorder:
    """Writes each HTTP request's record once its answer has started. A plain ASGI middleware:
    Starlette's `BaseHTTPMiddleware` would pass every answer through a memory stream and a
    task of its own, which costs more than the record."""

    def __init__(self, app: ASGIApp, log: AuditLog) -> None:
        self.app = app
        self.log = log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        # The routes' `request.state` lives in this dict (key id, query, parameter hash).
        state: dict[str, Any] = scope.setdefault("state", {})
        status = 500  # what the client gets when the app fails before answering

        written = False

        def record() -> None:
            nonlocal written
            written = True
            route = scope.get("route")
            client = scope.get("client")
            self.log.write(
                {
                    "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
                    "key_id": state.get("key_id"),
                    # The peer address; behind a proxy that is the proxy.
                    "client": client[0] if client else None,
                    "method": scope["method"],
                    "route": getattr(route, "path", scope["path"]),
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    **state.get("audit", {}),
                }
            )

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                # Recorded before the last byte leaves: a client that has its answer will find
                # the request in the log, and an answer is never given unrecorded.
                record()
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            if not written:
                record()


def install(app: FastAPI, settings: Settings) -> None:
    log = AuditLog(
        settings.audit_path,
        audit_secret(settings),
        max_bytes=settings.audit_max_bytes,
        keep=settings.audit_keep,
    )
    app.state.audit = log
    app.add_middleware(_Recorder, log=log)
