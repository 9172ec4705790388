"""The matcher is imported at the first match, not at every start of the API or the CLI."""

from __future__ import annotations

import subprocess
import sys

from screening.match import ALGORITHM_NAME, algorithm
from tests.paths import PROJECT_ROOT


def test_the_named_matcher_is_the_one_that_scores() -> None:
    # The API names its matcher in every answer without importing it.
    assert algorithm().NAME == ALGORITHM_NAME


def test_starting_the_api_or_the_cli_imports_no_matcher() -> None:
    heavy = ("nomenklatura.matching", "sklearn", "scipy")
    probe = f"import sys, api.app, cli.main; print([m for m in {heavy!r} if m in sys.modules])"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]", result.stdout
