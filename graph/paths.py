"""Where tipgraph finds its files: the data bundled in its packages, and the checkout it may run in.

Bundled data (the ontology, the saved queries, the Maven poms) is located through
`importlib.resources`, so it is found wherever the packages are installed, editable or not.
State (the local Neo4j, passwords, keys, the audit log) never goes next to the code: its default
folder is chosen by `default_state_dir`, from the working directory and the user's home.
"""

from __future__ import annotations

import os
import tomllib
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from graph.errors import ConfigError

PROJECT_NAME = "tipgraph"


def bundled(package: str, *parts: str) -> Traversable:
    """A data file or folder shipped inside one of tipgraph's packages, e.g.
    `bundled("graph", "ontology.yaml")`."""
    return files(package).joinpath(*parts)


def bundled_dir(package: str, *parts: str) -> Path:
    """A bundled folder as a real directory, for callers that hand paths on (Maven's `-f`, the
    file names in saved-query errors). Packages are installed as plain files (a wheel is always
    unpacked), so this refuses only an exotic zip import."""
    found = bundled(package, *parts)
    if not isinstance(found, Path) or not found.is_dir():
        raise ConfigError(
            f"{package}/{'/'.join(parts)} is not a folder on disk ({found})",
            hint="install tipgraph with pip (unpacked), not as a zip archive",
        )
    return found


def find_checkout(start: Path | None = None) -> Path | None:
    """The tipgraph source checkout containing `start` (default: the working directory): the
    nearest folder upwards whose pyproject.toml names this project; None outside a checkout."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        pyproject = folder / "pyproject.toml"
        if not pyproject.is_file():
            continue
        try:
            name = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["name"]
        except (OSError, KeyError, TypeError, tomllib.TOMLDecodeError):
            continue
        if name == PROJECT_NAME:
            return folder
    return None


def need_checkout(what: str) -> Path:
    """The checkout, for the few developer tasks that write into it or need its files."""
    checkout = find_checkout()
    if checkout is None:
        raise ConfigError(
            f"{what} needs a tipgraph source checkout, and {Path.cwd()} is not inside one",
            hint="run it from a clone of the repository",
        )
    return checkout


def default_state_dir() -> Path:
    """Local state's folder when TIPGRAPH_STATE_DIR is unset: the git-ignored `.neo4j/` of the
    checkout the command runs in (so `make run` and `make test` keep their server there), else
    the user's state folder, `$XDG_STATE_HOME/tipgraph` (`~/.local/state/tipgraph`)."""
    checkout = find_checkout()
    if checkout is not None:
        return checkout / ".neo4j"
    xdg = os.environ.get("XDG_STATE_HOME")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "state"
    return base / PROJECT_NAME
