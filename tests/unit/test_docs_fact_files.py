"""docs/fact-files.md stays true: its example passes the loader's checks against its own text,
and every rule that names a field names one the models know."""

from __future__ import annotations

import re

from loaders.checks import check_document
from loaders.factfile import EntityEntry, FactEntry, SourceBlock
from loaders.plan import EmptyGraph
from tests.paths import PROJECT_ROOT

DOC = PROJECT_ROOT / "docs" / "fact-files.md"

SEED_TEXT = PROJECT_ROOT / "data" / "sources" / "000_34f7053f1d15ed5f.txt"


def _block(lang: str) -> str:
    match = re.search(rf"```{lang}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert match, f"no ```{lang} block in {DOC}"
    return match.group(1)


def test_the_example_loads_against_its_text() -> None:
    text = _block("text")
    plan = check_document(
        _block("yaml").encode(),
        filename="example.yaml",
        base_dir=None,
        graph=EmptyGraph(),
        text=text,
    )
    assert len(plan.claims) == 5
    denial = next(c for c in plan.claims if c.props["stance"] == "denies")
    assert denial.answers and denial.speaker_ref == "person:long-dimanche"


def test_the_example_text_is_an_excerpt_of_the_seed() -> None:
    seed = SEED_TEXT.read_text(encoding="utf-8")
    for paragraph in _block("text").split("\n\n"):
        assert paragraph.strip() in seed


def test_the_field_tables_list_every_model_field() -> None:
    doc = DOC.read_text(encoding="utf-8")
    for model in (SourceBlock, EntityEntry, FactEntry):
        for name in model.model_fields:
            assert f"`{name}`" in doc, f"{model.__name__}.{name} is undocumented"
