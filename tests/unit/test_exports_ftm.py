"""The sample FollowTheMoney file of the importers passes followthemoney's own checks."""

from __future__ import annotations

import pytest

from tests.ftmcheck import ftm_lines, ftm_problems
from tests.paths import PROJECT_ROOT


@pytest.mark.parametrize("sample", ["ftm.jsonl"])
def test_the_sample_file_is_valid_ftm(sample: str) -> None:
    lines = [
        e
        for e in ftm_lines((PROJECT_ROOT / "data" / "samples" / sample).read_text())
        if "schema" in e
    ]
    # The sample refers to the seed's Licadho and commander, which it does not restate.
    assert [p for p in ftm_problems(lines) if "is not exported" not in p] == []
