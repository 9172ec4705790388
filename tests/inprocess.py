"""The app and the command line in the test's own process: no child to start, no imports to pay
again, and coverage sees the code they run.

`app_client` drives the real app through httpx's ASGITransport on an event loop of its own (a
blocking portal thread), with the app's lifespan run by asgi-lifespan, behind a plain synchronous
`httpx.Client`, so a test reads like one that calls a served API. `run_cli` runs `tipgraph` with
typer's CliRunner and answers like `subprocess.run` (returncode, stdout, stderr).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass

import httpx
from anyio.from_thread import BlockingPortal, start_blocking_portal
from asgi_lifespan import LifespanManager
from asgi_lifespan._types import ASGIApp
from fastapi import FastAPI
from typer.testing import CliRunner

from api.app import create_app
from cli.main import app as cli_app
from graph.settings import Settings

BASE_URL = "http://tipgraph.test"


class _PortalTransport(httpx.BaseTransport):
    """A synchronous transport that hands each request to the ASGI transport on the portal's
    loop; the body is read first because the ASGI side wants an async stream."""

    def __init__(self, portal: BlockingPortal, inner: httpx.ASGITransport) -> None:
        self._portal = portal
        self._inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._portal.call(self._send, request)

    async def _send(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        forwarded = httpx.Request(
            request.method, request.url, headers=request.headers, content=body
        )
        response = await self._inner.handle_async_request(forwarded)
        content = await response.aread()
        return httpx.Response(response.status_code, headers=response.headers, content=content)


@contextmanager
def app_client(settings: Settings) -> Iterator[httpx.Client]:
    """A client of `create_app(settings)`, its lifespan started for the block and ended after."""
    with (
        start_blocking_portal() as portal,
        portal.wrap_async_context_manager(_started(create_app(settings))) as app,
    ):
        transport = _PortalTransport(portal, httpx.ASGITransport(app=app))
        with httpx.Client(transport=transport, base_url=BASE_URL, timeout=60) as client:
            yield client


@asynccontextmanager
async def _started(app: FastAPI) -> AsyncIterator[ASGIApp]:
    # Made on the portal's loop: asgi-lifespan asks which event loop it runs on when created.
    async with LifespanManager(app, startup_timeout=30, shutdown_timeout=30) as manager:
        yield manager.app


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str) -> CliResult:
    """`tipgraph ARGS...` in this process. An exception the command does not turn into an exit
    code is raised here, where a child process would have printed a traceback."""
    result = CliRunner().invoke(cli_app, list(args), catch_exceptions=False)
    return CliResult(result.exit_code, result.stdout, result.stderr)
