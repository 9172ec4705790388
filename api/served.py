"""The API in a child process, as `tipgraph serve` runs it, for callers that test or measure it
over HTTP (the test suite, the benchmarks)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served(log: Path, **env_overrides: str) -> Iterator[str]:
    """The real app under uvicorn in a subprocess on a free port, its output in `log`; yields
    its base URL once /health answers, and stops it on exit."""
    port = free_port()
    env = {**os.environ, "TIPGRAPH_API_PORT": str(port), **env_overrides}
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "cli.main", "serve", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                # Any answer will do (a 503 too): some tests serve an app whose Neo4j is away.
                httpx.get(f"{url}/health", timeout=15)
                break
            except httpx.HTTPError:
                if proc.poll() is not None:
                    raise RuntimeError(f"the API exited: {log.read_text()[-2000:]}") from None
                time.sleep(0.3)
        else:
            raise RuntimeError(f"the API did not start: {log.read_text()[-2000:]}")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
