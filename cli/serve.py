"""`tipgraph serve`: the HTTP API under uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn

from api.accesslog import log_config
from api.keys import dev_keys_file, load_keys
from cli.console import console
from graph.settings import get_settings


def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (default from settings).")] = None,
    port: Annotated[
        int | None,
        typer.Option(min=0, max=65535, help="Port (default from settings; 0: any free port)."),
    ] = None,
    access_log: Annotated[
        bool | None,
        typer.Option(
            "--access-log/--no-access-log",
            help="uvicorn's access log on stderr (default from settings: on); the audit log "
            "records every request either way.",
        ),
    ] = None,
) -> None:
    """Serve the HTTP API (docs at /docs). Ctrl-C stops the API, not the database."""
    settings = get_settings()
    host = host or settings.api_host
    port = settings.api_port if port is None else port
    if port == 0:
        console.print("API:          on a free port, named in uvicorn's line below")
    else:
        console.print(f"API:          http://{host}:{port}/")
        console.print(f"API docs:     http://{host}:{port}/docs")
    console.print(f"Neo4j Browser: {settings.browser_url}")
    if settings.api_keys is None:
        load_keys(settings)
        console.print(f"API keys:     {dev_keys_file(settings)} (development keys, git-ignored)")
    uvicorn.run(
        "api.app:create_app",
        factory=True,
        host=host,
        port=port,
        log_level="info",
        log_config=log_config(),
        access_log=settings.api_access_log if access_log is None else access_log,
    )
