"""Reviewers' judgements on screening candidates: an append-only log of JSON lines.

Each line says who judged which pair (a graph entity, a list entry) how and when; an `undo`
line takes the pair's judgement back. The current judgement of a pair is its last line, so the
log is the history and nothing is ever lost. It lives beside the graph's instance, not in it,
so a reload of the graph keeps it, and the next screening run reuses it.
"""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, get_args

from graph.errors import TipgraphError

Verdict = Literal["same", "not_same", "unsure"]
VERDICTS: tuple[str, ...] = get_args(Verdict)
_LOCK = threading.Lock()


class JudgementError(TipgraphError):
    """A judgement that cannot be recorded (unknown verdict, nobody named, nothing to undo)."""

    title = "Judgement refused"
    status = 422


@dataclass(frozen=True)
class Judgement:
    entity_id: str  # the graph's entity
    candidate_id: str  # the list entry, as a graph entity id
    list_id: str  # the source the list was imported as
    verdict: Verdict | Literal["undo"]
    by: str
    at: str  # ISO time, UTC
    score: float | None = None
    note: str | None = None


class JudgementLog:
    def __init__(self, path: Path) -> None:
        self.path = path

    def history(self) -> list[Judgement]:
        if not self.path.exists():
            return []
        lines = self.path.read_text(encoding="utf-8").splitlines()
        return [Judgement(**json.loads(line)) for line in lines if line.strip()]

    def current(self, list_id: str | None = None) -> dict[tuple[str, str], Judgement]:
        """The standing judgement of each pair (undone pairs have none)."""
        out: dict[tuple[str, str], Judgement] = {}
        for j in self.history():
            if list_id is not None and j.list_id != list_id:
                continue
            if j.verdict == "undo":
                out.pop((j.entity_id, j.candidate_id), None)
            else:
                out[(j.entity_id, j.candidate_id)] = j
        return out

    def record(
        self,
        entity_id: str,
        candidate_id: str,
        list_id: str,
        verdict: str,
        by: str,
        *,
        score: float | None = None,
        note: str | None = None,
    ) -> Judgement:
        if verdict not in (*VERDICTS, "undo"):
            raise JudgementError(
                f"unknown verdict {verdict!r}", hint=f"use one of: {', '.join(VERDICTS)}"
            )
        if not by.strip():
            raise JudgementError("a judgement needs the reviewer's name", hint="give --by NAME")
        if verdict == "undo" and (entity_id, candidate_id) not in self.current():
            raise JudgementError(
                f"no judgement on {entity_id} and {candidate_id} to undo",
                hint="see `tipgraph screen history`",
            )
        judgement = Judgement(
            entity_id=entity_id,
            candidate_id=candidate_id,
            list_id=list_id,
            verdict=verdict,  # type: ignore[arg-type]  # checked against VERDICTS above
            by=by.strip(),
            at=datetime.now(UTC).isoformat(timespec="seconds"),
            score=score,
            note=note,
        )
        with _LOCK:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(asdict(judgement), ensure_ascii=False) + "\n")
        return judgement
