"""Fact-file problems: every mistake names file, line and field and says how to fix it."""

from __future__ import annotations

from dataclasses import dataclass

from graph.errors import TipgraphError


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in a fact file. `line` is 1-based; 0 when the file as a whole is at fault."""

    file: str
    line: int
    field: str
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message} — {self.fix}"

    def as_dict(self) -> dict[str, str | int]:
        return {
            "file": self.file,
            "line": self.line,
            "field": self.field,
            "message": self.message,
            "fix": self.fix,
        }


class FactFileError(TipgraphError):
    """A fact file that cannot be loaded; holds all of its problems, and nothing was written."""

    status = 422
    title = "Invalid fact file"

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.field, p.message))
        first = self.problems[0] if self.problems else None
        count = len(self.problems)
        where = first.file if first else "fact file"
        super().__init__(
            f"{where}: {count} problem{'s' if count != 1 else ''}; nothing was loaded from it",
            hint=str(first) if first else None,
        )
