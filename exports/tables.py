"""Rows as tables analysts open in a spreadsheet: CSV and XLSX.

Every cell is plain text or a number, never JSON: lists are joined with `; `, a path reads
`A -[REL]-> B`, a node is its name. A text cell that a spreadsheet would run as a formula
(starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with `'`, the
escape OWASP recommends against CSV injection; in XLSX such a cell is typed as text instead.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from graph.values import to_jsonable

LIST_JOIN = "; "
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """Text a spreadsheet shows as it is, rather than evaluating it."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _name(node: Mapping[str, Any]) -> str:
    return str(node.get("name") or node.get("id") or "")


def _flat(value: Any) -> str | int | float | bool | None:
    if value is None or isinstance(value, (int, float, bool)):
        return value
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        if "nodes" in value and "relationships" in value:  # a path
            nodes, rels = value["nodes"], value["relationships"]
            out = _name(nodes[0]) if nodes else ""
            for rel, node in zip(rels, nodes[1:], strict=False):
                out += f" -[{rel.get('type')}]-> {_name(node)}"
            return out
        if "labels" in value or "id" in value:  # a node
            return _name(value)
        return LIST_JOIN.join(f"{k}: {_flat(v)}" for k, v in value.items() if v is not None)
    if isinstance(value, (list, tuple)):
        return LIST_JOIN.join(str(_flat(v)) for v in value if v is not None)
    return str(value)


Cell = str | int | float | bool | None


def cells(columns: Sequence[str], row: Mapping[str, Any], *, escape: bool = True) -> list[Cell]:
    """One row as flat cells in column order, formula-safe unless `escape` is off."""
    out: list[Cell] = []
    for column in columns:
        value = _flat(to_jsonable(row.get(column)))
        out.append(safe_text(value) if escape and isinstance(value, str) else value)
    return out


def to_csv(columns: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_text(c) for c in columns])
    for row in rows:
        writer.writerow(["" if c is None else c for c in cells(columns, row)])
    return buffer.getvalue()


def to_xlsx(
    columns: Sequence[str],
    rows: Sequence[Mapping[str, Any]],
    *,
    title: str,
    notes: Sequence[str] = (),
) -> bytes:
    """A workbook: the rows on the first sheet, and a sheet `about` with the caveat and notes
    (the query, the parameters, whether the rows were cut at the row cap)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has its first sheet
    sheet.title = title[:31]
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(cells(columns, row, escape=False))
    about = book.create_sheet("about")
    for note in notes:
        about.append([note])
    for ws in (sheet, about):
        for line in ws.iter_rows():
            for cell in line:
                if isinstance(cell.value, str):
                    # openpyxl stores text starting with `=` as a formula; typed as text, it
                    # shows as written and never runs, without the CSV's visible `'`.
                    cell.data_type = "s"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
