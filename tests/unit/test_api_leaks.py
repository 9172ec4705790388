"""What the API leaves behind, without a database: the audit log's parameter hashes are keyed
with its secret, the log rotates by size and stays owner-only, and a 503 (Neo4j unreachable)
names no internal address."""

from __future__ import annotations

import hashlib
import hmac
import json
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from api.audit import AuditLog
from tests.conftest import READER_KEY
from tests.inprocess import app_client
from tests.unit.conftest import no_database_settings

HEADERS = {"X-API-Key": READER_KEY}


def test_parameter_hashes_are_keyed_with_the_audit_secret(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "a.jsonl", b"one secret", max_bytes=10_000, keep=2)
    other = AuditLog(tmp_path / "b.jsonl", b"another secret", max_bytes=10_000, keep=2)
    params = {"text": "sihanoukville", "id": "person:long-dimanche"}
    canonical = json.dumps(params, sort_keys=True, ensure_ascii=False).encode()
    assert log.params_hash(params) == hmac.new(b"one secret", canonical, "sha256").hexdigest()[:16]
    # A guess hashed without the secret does not match: the hash cannot be confirmed by guessing.
    assert log.params_hash(params) != hashlib.sha256(canonical).hexdigest()[:16]
    assert log.params_hash(params) != other.params_hash(params)


def test_audit_file_rotates_by_size(tmp_path: Path) -> None:
    settings = no_database_settings(tmp_path, audit_max_bytes=10_000, audit_keep=2)
    with app_client(settings) as app:
        for _ in range(200):
            assert app.get("/queries", headers=HEADERS).status_code == 200
    files = sorted(p.name for p in tmp_path.glob("audit.jsonl*"))
    assert files == ["audit.jsonl", "audit.jsonl.1", "audit.jsonl.2"]
    for path in tmp_path.glob("audit.jsonl*"):
        assert path.stat().st_size <= 10_000
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert all(json.loads(line)["route"] for line in path.read_text().splitlines())


def test_503_names_no_internal_address(app: httpx.Client) -> None:
    # The unit tier's app has its Neo4j at bolt://127.0.0.1:9, where nothing answers.
    # Each waits out the driver's retries, so the three are sent at once.
    paths = ["/entities/search?text=x", "/queries/neighbourhood/run?id=city:poipet", "/sources"]
    with ThreadPoolExecutor(len(paths)) as pool:
        answers = list(pool.map(lambda path: app.get(path, headers=HEADERS), paths))
    for response in answers:
        assert response.status_code == 503, response.text
        assert response.headers["retry-after"] == "5"
        assert response.headers["content-type"].startswith("application/problem+json")
        for leak in ("127.0.0.1", ":9", "bolt", "7687", "Couldn't connect"):
            assert leak not in response.text, f"{leak!r} in {response.text}"
