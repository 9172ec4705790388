"""Report facts -> validated -> resolved -> batched, idempotent writes with provenance.

The public API: `load_paths` (files and folders), `load_document` (bytes, for the HTTP ingest),
`LoadReport`, and `loaders.errors.FactFileError` with its `Problem`s.
"""

from loaders.errors import FactFileError, Problem
from loaders.load import load_document, load_paths
from loaders.report import LoadReport

__all__ = ["FactFileError", "LoadReport", "Problem", "load_document", "load_paths"]
