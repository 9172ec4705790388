"""What the API leaves behind on the real Neo4j: the audit log (keyed parameter hashes,
owner-only, with the client address) and uvicorn's access log (no query strings). Rotation and
503 answers need no database (tests/unit/test_api_leaks.py)."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from neo4j import Driver
from pydantic import SecretStr

from graph.settings import Settings
from tests.conftest import READER_KEY
from tests.e2e.fixtures import app_settings, serving_api
from tests.inprocess import app_client

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


def test_audit_file_is_private_keyed_and_records_the_client(
    neo4j_server: Settings, tmp_path: Path
) -> None:
    hashes = []
    for n, secret in enumerate(("first-audit-secret-0123", "second-audit-secret-0123")):
        folder = tmp_path / str(n)
        folder.mkdir()
        settings = app_settings(
            neo4j_server, audit_secret=SecretStr(secret), audit_log=folder / "audit.jsonl"
        )
        with app_client(settings) as api:
            response = api.get("/entities/search", params={"text": SECRET_WORD}, headers=HEADERS)
            assert response.status_code == 200, response.text
        mode = stat.S_IMODE((folder / "audit.jsonl").stat().st_mode)
        assert mode == 0o600, oct(mode)
        last = next(r for r in reversed(records(folder)) if r["route"] == "/entities/search")
        assert last["client"] == "127.0.0.1"
        assert SECRET_WORD not in (folder / "audit.jsonl").read_text()
        hashes.append(last["params_hash"])
    assert hashes[0] != hashes[1], "the same call under two secrets hashes differently"


def test_access_log_has_paths_without_query_strings(driver: Driver, tmp_path: Path) -> None:
    with app(tmp_path) as url:
        httpx.get(f"{url}/entities/search", params={"text": SECRET_WORD}, headers=HEADERS)
    log = (tmp_path / "uvicorn.log").read_text()
    assert '"GET /entities/search HTTP/1.1" 200' in log
    assert SECRET_WORD not in log


def test_access_log_off_leaves_the_audit_log_recording(driver: Driver, tmp_path: Path) -> None:
    with app(tmp_path, TIPGRAPH_API_ACCESS_LOG="false") as url:
        answer = httpx.get(f"{url}/entities/search", params={"text": "x"}, headers=HEADERS)
        assert answer.status_code == 200
    assert "GET /entities/search" not in (tmp_path / "uvicorn.log").read_text()
    records = (tmp_path / "audit.jsonl").read_text().splitlines()
    assert json.loads(records[-1])["route"] == "/entities/search"
