"""Property-based tests of the API against its own OpenAPI, over HTTP, on the seed graph.

Schemathesis generates requests for every operation (a bounded number each, reproducibly) and
checks that no answer is a server error and that every answer fits its documented status codes,
content types and schemas. Its pytest plugin does not run under this pytest, so the operations
are walked here and every failure is reported at once.
"""

from __future__ import annotations

from typing import Any

import httpx
import schemathesis
from hypothesis import HealthCheck, given, settings
from neo4j import Driver
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import WRITER_KEY

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def test_api_conforms_to_its_schema(seed_graph: Driver, api_url: str) -> None:
    spec = httpx.get(f"{api_url}/openapi.json", timeout=30).json()
    schema = schemathesis.openapi.from_dict(spec)
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]
        operations += 1

        @settings(
            max_examples=6,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case: Any) -> None:
            # A writer key reaches every route, ingest included; auth is tested elsewhere.
            case.call_and_validate(
                base_url=api_url, headers={"X-API-Key": WRITER_KEY}, timeout=60, checks=CHECKS
            )

        try:
            check()
        except Exception as exc:
            failures.append(f"{operation.label}: {str(exc)[:1500]}")
    assert operations >= 30, f"only {operations} operations in the OpenAPI"
    assert not failures, "\n\n".join(failures)
