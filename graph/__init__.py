"""The database side of tipgraph: settings, driver, ontology, schema and the local Neo4j server.

This package imports none of `loaders`, `cypher`, `api` or `cli`; they all import it.
"""
