"""The HTTP API: saved queries, search, entities, paths, sources, claims, exports and ingest."""
