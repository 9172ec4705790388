"""`tipgraph`, the one command-line front door over graph, loaders, cypher and api."""
