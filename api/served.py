"""The API in a child process, as `tipgraph serve` runs it, for callers that test or measure it
over HTTP (the test suite, the benchmarks)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

# uvicorn's line once it listens; with --port 0 it names the port the system gave it.
_LISTENING = re.compile(rb"Uvicorn running on (http://127\.0\.0\.1:\d+)")


@contextmanager
def served(log: Path, **env_overrides: str) -> Iterator[str]:
    """The real app under uvicorn in a subprocess, its output in `log`; yields its base URL once
    /health answers, and stops it on exit. The child binds a port the system picks and names it
    in its log, so no other process can take the port between choosing and binding it."""
    env = {**os.environ, **env_overrides}
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "cli.main", "serve", "--port", "0"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        url: str | None = None
        while time.monotonic() < deadline:
            if url is None:
                found = _LISTENING.search(log.read_bytes())
                url = found[1].decode() if found else None
            if url is not None:
                try:
                    # Any answer will do (a 503 too): some tests serve an app whose Neo4j is away.
                    httpx.get(f"{url}/health", timeout=15)
                    break
                except httpx.HTTPError:
                    pass
            if proc.poll() is not None:
                raise RuntimeError(f"the API exited: {log.read_text()[-2000:]}")
            time.sleep(0.1)
        else:
            raise RuntimeError(f"the API did not start: {log.read_text()[-2000:]}")
        assert url is not None
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
