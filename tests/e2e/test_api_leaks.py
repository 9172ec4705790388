"""What the API leaves behind: the audit log (keyed parameter hashes, owner-only, rotated, with
the client address), uvicorn's access log (no query strings) and 503 answers (no internal
address). Each test serves its own app with the settings it needs."""

from __future__ import annotations

import json
import socket
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from neo4j import Driver

from tests.conftest import READER_KEY
from tests.e2e.fixtures import serving_api

HEADERS = {"X-API-Key": READER_KEY}

SECRET_WORD = "zqxsecretword"


@contextmanager
def app(folder: Path, **env: str) -> Iterator[str]:
    with serving_api(
        folder / "uvicorn.log", TIPGRAPH_AUDIT_LOG=str(folder / "audit.jsonl"), **env
    ) as url:
        yield url


def records(folder: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in (folder / "audit.jsonl").read_text().splitlines()]


def test_audit_file_is_private_keyed_and_records_the_client(driver: Driver, tmp_path: Path) -> None:
    hashes = []
    for n, secret in enumerate(("first-audit-secret-0123", "second-audit-secret-0123")):
        folder = tmp_path / str(n)
        folder.mkdir()
        with app(folder, TIPGRAPH_AUDIT_SECRET=secret) as url:
            response = httpx.get(
                f"{url}/entities/search", params={"text": SECRET_WORD}, headers=HEADERS, timeout=30
            )
            assert response.status_code == 200, response.text
        mode = stat.S_IMODE((folder / "audit.jsonl").stat().st_mode)
        assert mode == 0o600, oct(mode)
        last = next(r for r in reversed(records(folder)) if r["route"] == "/entities/search")
        assert last["client"] == "127.0.0.1"
        assert SECRET_WORD not in (folder / "audit.jsonl").read_text()
        hashes.append(last["params_hash"])
    assert hashes[0] != hashes[1], "the same call under two secrets hashes differently"


def test_audit_file_rotates_by_size(driver: Driver, tmp_path: Path) -> None:
    with app(tmp_path, TIPGRAPH_AUDIT_MAX_BYTES="10000", TIPGRAPH_AUDIT_KEEP="2") as url:
        client = httpx.Client(base_url=url, headers=HEADERS, timeout=30)
        for _ in range(200):
            assert client.get("/queries").status_code == 200
        client.close()
    files = sorted(p.name for p in tmp_path.glob("audit.jsonl*"))
    assert files == ["audit.jsonl", "audit.jsonl.1", "audit.jsonl.2"]
    for path in tmp_path.glob("audit.jsonl*"):
        assert path.stat().st_size <= 10_000
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert all(json.loads(line)["route"] for line in path.read_text().splitlines())


def test_access_log_has_paths_without_query_strings(driver: Driver, tmp_path: Path) -> None:
    with app(tmp_path) as url:
        httpx.get(f"{url}/entities/search", params={"text": SECRET_WORD}, headers=HEADERS)
    log = (tmp_path / "uvicorn.log").read_text()
    assert '"GET /entities/search HTTP/1.1" 200' in log
    assert SECRET_WORD not in log


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_503_names_no_internal_address(driver: Driver, tmp_path: Path) -> None:
    port = _closed_port()
    paths = ["/entities/search?text=x", "/queries/neighbourhood/run?id=city:poipet", "/sources"]
    with app(tmp_path, TIPGRAPH_NEO4J_URI=f"bolt://127.0.0.1:{port}") as url:
        answers = [httpx.get(f"{url}{path}", headers=HEADERS, timeout=60) for path in paths]
    for response in answers:
        assert response.status_code == 503, response.text
        assert response.headers["retry-after"] == "5"
        assert response.headers["content-type"].startswith("application/problem+json")
        for leak in (str(port), "127.0.0.1", "bolt", "7687", "Couldn't connect"):
            assert leak not in response.text, f"{leak!r} in {response.text}"
