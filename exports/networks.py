"""GraphML and GEXF of a graph form, written by networkx, for Gephi, yEd and Cytoscape.

Attributes are typed by the ontology's property kinds (integers stay integers, booleans
booleans). Neither format as networkx writes it has a list type, so a list is one string with
its items joined by ` | `. Each edge carries the quotes, stances and sources of its claims, and
an id made from its triple (the same as the FtM link's), which survives every rebuild.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import Any

import networkx as nx

from exports.context import Bundle, link_id
from graph.ontology import PropertySpec, get_ontology

LIST_JOIN = " | "
# Bookkeeping of the loader that means nothing in a drawing.
_LEFT_OUT = frozenset({"fingerprint", "content_hash", "text_path"})


def _kinds() -> dict[str, str]:
    onto = get_ontology()
    specs: dict[str, PropertySpec] = dict(onto.entity_properties)
    for t in onto.types.values():
        specs.update(t.properties)
    specs.update(onto.direct_edge_properties)
    return {name: spec.kind for name, spec in specs.items()}


def _typed(kind: str | None, value: Any) -> Any:
    """A value as the attribute type its ontology kind asks for, or None to leave it out."""
    if value is None or value == [] or value == "":
        return None
    if isinstance(value, (list, tuple)):
        return LIST_JOIN.join(str(v) for v in value)
    if kind == "integer" and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind == "number" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if kind == "boolean" and isinstance(value, bool):
        return value
    return str(value)


def _attributes(props: Mapping[str, Any], kinds: Mapping[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in sorted(props.items()):
        if name in _LEFT_OUT:
            continue
        typed = _typed(kinds.get(name), value)
        if typed is not None:
            out[name] = typed
    return out


def to_networkx(bundle: Bundle) -> nx.MultiDiGraph[str]:
    """The bundle as a directed multigraph: entities as nodes, direct edges with their claims."""
    kinds = _kinds()
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph(name="tipgraph")
    for node in bundle.graph["nodes"]:
        attrs = _attributes(node["properties"], kinds)
        attrs["label"] = str(node["properties"].get("name") or node["key"])
        attrs["labels"] = LIST_JOIN.join(node["labels"])
        graph.add_node(node["key"], **attrs)
    for rel in bundle.graph["relationships"]:
        props = rel["properties"]
        claims = [bundle.claims[c] for c in props.get("claim_ids") or [] if c in bundle.claims]
        sources = [bundle.sources.get(str(c.get("source_id")), {}) for c in claims]
        attrs = _attributes(props, kinds)
        attrs["type"] = rel["type"]
        for name, values in (
            ("quotes", [c.get("quote") for c in claims]),
            ("claim_stances", [c.get("stance") for c in claims]),
            ("sources", [s.get("name") or s.get("id") for s in sources]),
        ):
            typed = _typed(None, [v for v in values if v])
            if typed is not None:
                attrs[name] = typed
        edge_id = link_id(rel["start"], rel["type"], rel["end"])
        attrs["id"] = edge_id
        graph.add_edge(rel["start"], rel["end"], key=edge_id, **attrs)
    return graph


def to_graphml(bundle: Bundle) -> str:
    buffer = io.BytesIO()
    nx.write_graphml(to_networkx(bundle), buffer, edge_id_from_attribute="id")
    text = buffer.getvalue().decode("utf-8")
    # networkx writes Python's `True`/`False`; GraphML's boolean is `true`/`false` (yEd and
    # Gephi read only those).
    booleans = re.findall(r'<key id="(d\d+)" for="\w+" attr.name="[^"]*" attr.type="boolean"', text)
    for key in booleans:
        text = re.sub(
            rf'(<data key="{key}">)(True|False)(</data>)',
            lambda m: m.group(1) + m.group(2).lower() + m.group(3),
            text,
        )
    return text


def to_gexf(bundle: Bundle) -> str:
    buffer = io.BytesIO()
    nx.write_gexf(to_networkx(bundle), buffer)
    return buffer.getvalue().decode("utf-8")
