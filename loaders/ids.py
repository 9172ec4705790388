"""Deterministic ids and hashes: the same input gives the same id, so reloading is harmless."""

from __future__ import annotations

import hashlib
import json
from typing import Any

# Bump when the loader starts writing something different for the same file, so sources whose
# content hash was stored by an older loader are loaded again rather than skipped.
LOADER_FORMAT = "tipgraph-loader/2"


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


def claim_id(source_id: str, fact_key: str) -> str:
    return "claim:" + _digest(source_id, fact_key)[:20]


def statement_id(source_id: str, entity_ref: str) -> str:
    return "stmt:" + _digest(source_id, entity_ref)[:20]


def fingerprint(value: Any) -> str:
    """A hash of a JSON-able value, independent of key order."""
    return _digest(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str))[:32]


def content_hash(data: bytes, text: str | None, ontology_version: int) -> str:
    h = hashlib.sha256()
    h.update(f"{LOADER_FORMAT}\x00ontology/{ontology_version}\x00".encode())
    h.update(data)
    h.update(b"\x00")
    h.update((text or "").encode("utf-8"))
    return "sha256:" + h.hexdigest()
