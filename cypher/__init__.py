"""Saved Cypher queries: one file each under `cypher/<area>/`, and the registry that reads them."""
