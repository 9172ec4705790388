"""The audit log's parameter hashes are keyed with its secret."""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path

from api.audit import AuditLog


def test_parameter_hashes_are_keyed_with_the_audit_secret(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "a.jsonl", b"one secret", max_bytes=10_000, keep=2)
    other = AuditLog(tmp_path / "b.jsonl", b"another secret", max_bytes=10_000, keep=2)
    params = {"text": "sihanoukville", "id": "person:long-dimanche"}
    canonical = json.dumps(params, sort_keys=True, ensure_ascii=False).encode()
    assert log.params_hash(params) == hmac.new(b"one secret", canonical, "sha256").hexdigest()[:16]
    # A guess hashed without the secret does not match: the hash cannot be confirmed by guessing.
    assert log.params_hash(params) != hashlib.sha256(canonical).hexdigest()[:16]
    assert log.params_hash(params) != other.params_hash(params)
