"""Keys, roles and the error shape, over HTTP against the real app."""

from __future__ import annotations

import httpx


def test_health_is_open(api: httpx.Client) -> None:
    assert api.get("/health", timeout=30).status_code == 200
