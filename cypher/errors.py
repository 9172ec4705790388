"""Errors of the saved-query library; each carries the HTTP status the API answers with."""

from __future__ import annotations

from pathlib import Path

from graph.errors import NotFound, TipgraphError


class QueryDefinitionError(TipgraphError):
    """A `.cypher` file's header is malformed: the library refuses to load until it is fixed."""

    title = "Invalid saved query"

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(
            f"{path}: " + "; ".join(problems),
            hint="fix the `//` header of the file; see docs/queries.md for the header format",
        )


class UnknownQuery(NotFound):
    """No saved query has that name."""

    title = "Unknown saved query"


class QueryParamsError(TipgraphError):
    """The parameters given to a saved query do not fit its header.

    `errors` lists every problem at once, as `{"field": name, "message": text}`.
    """

    status = 422
    title = "Invalid query parameters"

    def __init__(self, query: str, errors: list[dict[str, str]]) -> None:
        self.query = query
        self.errors = errors
        listed = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        super().__init__(
            f"parameters of {query!r} are invalid: {listed}",
            hint=f"see `tipgraph queries show {query}` for its parameters",
        )


class EntityNotFound(NotFound, QueryParamsError):
    """Entity-id parameters that name no entity, current or former: the answer is 404, with the
    same per-field `errors` as any parameter problem."""

    title = "Not found"

    def __init__(self, query: str, errors: list[dict[str, str]]) -> None:
        self.query = query
        self.errors = errors
        TipgraphError.__init__(
            self,
            "; ".join(e["message"] for e in errors),
            hint="search for it by name: GET /entities/search, or the saved query search_entities",
        )


class QueryTimeout(TipgraphError):
    """The query ran past its time limit and the server stopped it."""

    status = 504
    title = "Query timed out"


class QueryRefused(TipgraphError):
    """The server refused the query, e.g. because it tried to write in a read transaction."""

    status = 403
    title = "Query refused"


class QueryFailed(TipgraphError):
    """The server could not run the query for another reason (a syntax or type error)."""

    status = 400
    title = "Query failed"
