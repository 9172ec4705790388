"""The unit tier: no Neo4j. The app under test points at a port nothing listens on, so an answer
that needed the database would be a 503 and fail the test instead of passing without it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from graph.settings import Settings
from tests.conftest import API_KEYS
from tests.e2e.fixtures import E2E_FIXTURES
from tests.inprocess import app_client

UNIT_DIR = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(UNIT_DIR):
            wanted = E2E_FIXTURES & set(getattr(item, "fixturenames", ()))
            if wanted:
                raise pytest.UsageError(
                    f"{item.nodeid} asks for {', '.join(sorted(wanted))}: it belongs in tests/e2e"
                )


def no_database_settings(tmp: Path, **overrides: object) -> Settings:
    """Settings of an app with the suite's keys whose Neo4j is nowhere (port 9, discard)."""
    fields: dict[str, object] = {
        "instance": "unit",
        "environment": "test",
        "neo4j_uri": "bolt://127.0.0.1:9",
        "neo4j_password": SecretStr("no-database-in-the-unit-tier"),
        "api_keys": SecretStr(API_KEYS),
        "audit_log": tmp / "audit.jsonl",
        "audit_secret": SecretStr("unit-tier-audit-secret-0123456789"),
        "neo4j_root": tmp / "neo4j",
        **overrides,
    }
    return Settings.model_validate(fields)


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """The real app in this process, with the suite's keys and no database."""
    with app_client(no_database_settings(tmp_path_factory.mktemp("unit-app"))) as client:
        yield client
