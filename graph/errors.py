"""The root error of tipgraph; every layer raises a subclass, the API maps each to a status."""

from __future__ import annotations


class TipgraphError(Exception):
    """Root of every error tipgraph raises on purpose.

    `status` is the HTTP status the API answers with; `title` is the short, stable name of the
    problem shown to clients; the message says what is wrong and how to fix it.
    """

    status: int = 500
    title: str = "Internal error"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class ConfigError(TipgraphError):
    """A setting is missing or unusable."""

    title = "Configuration error"


class ServerError(TipgraphError):
    """The local Neo4j server could not be assembled, started or reached."""

    status = 503
    title = "Database unavailable"


class NotFound(TipgraphError):
    """What was asked for is not in the graph (an entity, a claim, a source, a saved query).

    Raised where the thing is looked up; the API answers it with 404 and nothing else decides.
    """

    status = 404
    title = "Not found"
