"""The README's layout section names exactly the folders the repository tracks at its top."""

from __future__ import annotations

import re
import subprocess

from tests.paths import PROJECT_ROOT


def _layout_folders() -> list[str]:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
    block = section.split("```", 2)[1]
    return re.findall(r"^([.\w-]+)/ ", block, re.MULTILINE)


def _tracked_folders() -> set[str]:
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert tracked, "git ls-files listed nothing"
    return {path.split("/", 1)[0] for path in tracked if "/" in path}


def test_the_layout_names_every_tracked_top_level_folder_and_no_other() -> None:
    named = _layout_folders()
    assert len(named) == len(set(named)), f"named twice: {named}"
    assert set(named) == _tracked_folders()


def test_the_layout_keeps_the_folders_the_design_names() -> None:
    assert {"graph", "api", "loaders", "cypher"} <= set(_layout_folders())
