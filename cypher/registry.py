"""The one registry of saved queries: every `cypher/<area>/<name>.cypher`, read once, validated.

The API, the command line, the Browser guide, the docs and the tests all go through it, so a
query means the same thing everywhere and always runs read-only, with a time limit and a row cap.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from neo4j import Driver
from pydantic import BaseModel, ValidationError

from cypher import execution
from cypher.errors import QueryDefinitionError, QueryParamsError, UnknownQuery
from cypher.header import EntityColumn, Example, HeaderProblems, ParamSpec, parse_header
from cypher.params import build_model, check_default, coerce, validation_problems
from graph.fulltext import search_query
from graph.paths import bundled_dir
from graph.settings import get_settings

QUERIES_DIR = bundled_dir("cypher")


@dataclass(frozen=True)
class QueryResult:
    """The rows of one run, as the driver gave them (nodes stay nodes), capped."""

    name: str
    keys: list[str]
    rows: list[dict[str, Any]]
    truncated: bool


@dataclass(frozen=True)
class SavedQuery:
    name: str
    area: str
    title: str
    description: str
    tags: tuple[str, ...]
    params: tuple[ParamSpec, ...]
    examples: tuple[Example, ...]
    text: str
    path: Path
    params_model: type[BaseModel] = field(repr=False)
    entities: Mapping[str, EntityColumn] = field(default_factory=dict)

    def entity_columns(self, columns: Iterable[str]) -> dict[str, EntityColumn]:
        """Which of these result columns name entities, and how (see `Header.entities`)."""
        out: dict[str, EntityColumn] = {}
        for column in columns:
            if column in self.entities:
                out[column] = self.entities[column]
            elif column in ("claim_id", "claim_ids"):
                out[column] = "claim"
            elif column in ("id", "ids") or column.endswith(("_id", "_ids")):
                out[column] = "id"
        return out

    def entity_params(self, values: Mapping[str, Any]) -> list[str]:
        """The entity ids among a run's parameters: what the caller asked about."""
        ids: list[str] = []
        for spec in self.params:
            value = values.get(spec.name)
            if spec.type == "entity_id" and isinstance(value, str):
                ids.append(value)
            elif spec.items is not None and spec.items.type == "entity_id" and value:
                ids.extend(str(v) for v in value)
        return ids

    def validate_params(self, raw: Mapping[str, Any]) -> dict[str, Any]:
        """Every declared parameter, typed and within bounds; strings are coerced."""
        try:
            return coerce(self.params_model, raw)
        except ValidationError as exc:
            raise QueryParamsError(self.name, validation_problems(exc)) from None

    def server_values(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Validated parameters as the server gets them: a `search` parameter's plain words
        become the full-text query (graph/fulltext.py). Kept apart from validation, which
        callers may repeat, while this must happen exactly once."""
        out = dict(values)
        for spec in self.params:
            if spec.type == "search" and out.get(spec.name) is not None:
                out[spec.name] = search_query(out[spec.name])
        return out


def load_query(path: Path, area: str) -> SavedQuery:
    """Read one `.cypher` file; every problem of its header is reported at once."""
    try:
        header, body, problems = parse_header(path.read_text(encoding="utf-8"))
    except HeaderProblems as exc:
        raise QueryDefinitionError(path, exc.problems) from None
    if header.name != path.stem:
        problems.append(f"name {header.name!r} differs from the file name {path.stem!r}")
    problems.extend(p for p in (check_default(spec) for spec in header.params) if p)
    if problems:
        raise QueryDefinitionError(path, problems)
    query = SavedQuery(
        name=header.name,
        area=area,
        title=header.title,
        description=header.description.strip(),
        tags=header.tags,
        params=header.params,
        examples=header.examples,
        text=body,
        path=path,
        params_model=build_model(header.name, header.params),
        entities=dict(header.entities),
    )
    for number, example in enumerate(query.examples, start=1):
        try:
            query.validate_params(example.params)
        except QueryParamsError as exc:
            problems.append(f"examples[{number}].params: {exc.message}")
    if problems:
        raise QueryDefinitionError(path, problems)
    return query


class Registry:
    """Saved queries by name, and the one way to run them."""

    def __init__(
        self,
        queries: Iterable[SavedQuery],
        *,
        max_timeout: float | None = None,
        max_rows: int | None = None,
    ) -> None:
        by_name: dict[str, SavedQuery] = {}
        for query in queries:
            if query.name in by_name:
                raise QueryDefinitionError(
                    query.path,
                    [f"name {query.name!r} is already used by {by_name[query.name].path}"],
                )
            by_name[query.name] = query
        self._by_name = dict(sorted(by_name.items()))
        settings = get_settings()
        self.max_timeout = max_timeout if max_timeout is not None else settings.query_timeout
        self.max_rows = max_rows if max_rows is not None else settings.query_row_cap

    @classmethod
    def load(
        cls,
        root: Path = QUERIES_DIR,
        *,
        max_timeout: float | None = None,
        max_rows: int | None = None,
    ) -> Registry:
        """Every `<area>/<name>.cypher` under `root` (one folder level per area)."""
        problems: list[QueryDefinitionError] = []
        queries: list[SavedQuery] = []
        for path in sorted(root.glob("*/*.cypher")):
            try:
                queries.append(load_query(path, path.parent.name))
            except QueryDefinitionError as exc:
                problems.append(exc)
        for path in sorted(root.glob("*.cypher")):
            problems.append(QueryDefinitionError(path, ["move it into an area folder"]))
        if len(problems) == 1:
            raise problems[0]
        if problems:
            raise QueryDefinitionError(
                root, [f"{p.path.name}: {'; '.join(p.problems)}" for p in problems]
            )
        return cls(queries, max_timeout=max_timeout, max_rows=max_rows)

    @property
    def queries(self) -> list[SavedQuery]:
        return list(self._by_name.values())

    def get(self, name: str) -> SavedQuery:
        try:
            return self._by_name[name]
        except KeyError:
            raise UnknownQuery(
                f"no saved query is named {name!r}",
                hint="`tipgraph queries list` (or GET /queries) lists them",
            ) from None

    def limits(self, timeout: float | None, row_cap: int | None) -> tuple[float, int]:
        """The caller's limits, never above the registry's own."""
        t = self.max_timeout if timeout is None else min(max(timeout, 0.001), self.max_timeout)
        cap = self.max_rows if row_cap is None else min(max(row_cap, 1), self.max_rows)
        return t, cap

    def _prepare(
        self, name: str, params: Mapping[str, Any], timeout: float | None, row_cap: int | None
    ) -> tuple[SavedQuery, dict[str, Any], float, int]:
        query = self.get(name)
        values = query.server_values(query.validate_params(params))
        return query, values, *self.limits(timeout, row_cap)

    def run(
        self,
        driver: Driver,
        name: str,
        params: Mapping[str, Any],
        *,
        database: str,
        timeout: float | None = None,
        row_cap: int | None = None,
    ) -> QueryResult:
        """Run a saved query read-only within the limits: the one way, for the API and the CLI."""
        query, values, t, cap = self._prepare(name, params, timeout, row_cap)
        keys, rows, truncated = execution.run_read(driver, query, values, database, t, cap)
        return QueryResult(name=name, keys=keys, rows=rows, truncated=truncated)


_lock = threading.Lock()
_registry: Registry | None = None


def get_registry() -> Registry:
    """The process-wide registry of the project's saved queries, read on first use."""
    global _registry
    with _lock:
        if _registry is None:
            _registry = Registry.load()
        return _registry
