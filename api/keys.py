"""API keys: readers read, writers also ingest. Only hashes are kept; comparison is constant-time.

Keys come from `TIPGRAPH_API_KEYS` (`name:role:secret,...`). Outside production, when that is
unset, a reader and a writer key are generated once into a git-ignored file beside the local
server's password, so `make run` works with no set-up.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from graph.errors import ConfigError
from graph.settings import Settings

Role = Literal["reader", "writer"]
ROLES: tuple[Role, ...] = ("reader", "writer")


@dataclass(frozen=True)
class ApiKey:
    key_id: str
    role: Role
    digest: bytes


def _digest(secret: str) -> bytes:
    return hashlib.sha256(secret.encode("utf-8")).digest()


def parse_keys(spec: str) -> list[ApiKey]:
    keys: list[ApiKey] = []
    for entry in (e.strip() for e in spec.split(",")):
        if not entry:
            continue
        parts = entry.split(":", 2)
        if len(parts) != 3 or parts[1] not in ROLES or len(parts[2]) < 16:
            raise ConfigError(
                f"bad TIPGRAPH_API_KEYS entry {parts[0]!r}",
                hint="write name:reader:SECRET or name:writer:SECRET, secrets of 16+ characters",
            )
        role: Role = "writer" if parts[1] == "writer" else "reader"
        keys.append(ApiKey(parts[0], role, _digest(parts[2])))
    return keys


def dev_keys_file(settings: Settings) -> Path:
    return settings.instance_dir / "api-keys"


def generated_secret(path: Path, make: Callable[[], str]) -> str:
    """The secret kept in `path`, made and written there (owner-only) on first use."""
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: of two processes starting at once, one writes and both read the same secret.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(make() + "\n")
    return path.read_text(encoding="utf-8").strip()


def load_keys(settings: Settings) -> list[ApiKey]:
    if settings.api_keys is not None:
        return parse_keys(settings.api_keys.get_secret_value())
    spec = generated_secret(
        dev_keys_file(settings),
        lambda: (
            f"dev-reader:reader:{secrets.token_urlsafe(24)},"
            f"dev-writer:writer:{secrets.token_urlsafe(24)}"
        ),
    )
    return parse_keys(spec)


class KeyRing:
    def __init__(self, keys: list[ApiKey]) -> None:
        self._keys = keys

    def match(self, presented: str) -> ApiKey | None:
        digest = _digest(presented)
        found = None
        # Compare against every key so timing does not reveal which one matched.
        for key in self._keys:
            if hmac.compare_digest(key.digest, digest):
                found = key
        return found
