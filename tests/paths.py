"""The checkout the tests run in: they read data/, docs/ and fixtures from it, never from where
the packages are installed (graph/paths.py finds the bundled files for the code itself)."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
