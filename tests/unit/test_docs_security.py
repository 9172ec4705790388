"""docs/security.md stays true to the code: linked from the README, every test it cites exists,
and every setting and limit it names is the one the code has."""

from __future__ import annotations

import re

from graph.settings import Settings
from loaders import limits
from tests.paths import PROJECT_ROOT

DOC = (PROJECT_ROOT / "docs" / "security.md").read_text(encoding="utf-8")


def test_the_readme_links_it() -> None:
    assert "docs/security.md" in (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def test_every_test_it_cites_exists() -> None:
    cited = set(re.findall(r"`(tests/(?:unit|e2e)/test_\w+\.py)`", DOC))
    assert len(cited) >= 10
    missing = sorted(path for path in cited if not (PROJECT_ROOT / path).is_file())
    assert not missing, missing


def test_every_setting_it_names_is_a_setting() -> None:
    named = set(re.findall(r"`TIPGRAPH_([A-Z_]+)`", DOC))
    assert {"MAX_BODY_BYTES", "RATE_LIMIT_PER_MINUTE", "AUDIT_SECRET"} <= named
    fields = {name.upper() for name in Settings.model_fields}
    assert not sorted(named - fields)


def test_the_limits_it_states_are_the_codes() -> None:
    settings = Settings()
    for value in (
        settings.max_body_bytes,
        settings.rate_limit_per_minute,
        settings.rate_limit_burst,
        limits.MAX_FILE_BYTES,
        limits.MAX_NODES,
        limits.MAX_FACTS,
        limits.MAX_QUOTE_CHARS,
        limits.MAX_VALUE_CHARS,
    ):
        assert f"{value:,}" in DOC, value
    assert f"| {settings.max_concurrent_per_key} |" in DOC
