"""Exports of a graph form (nodes and relationships): GraphML, and FollowTheMoney JSON lines."""

from __future__ import annotations

import hashlib
import json
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from graph.ontology import get_ontology

GraphDict = dict[str, list[dict[str, Any]]]

# Our types as FollowTheMoney schemata; places without an FtM schema of their own become Address.
FTM_SCHEMA = {
    "Person": "Person",
    "CriminalGroup": "Organization",
    "Company": "Company",
    "PublicBody": "PublicBody",
    "NGO": "Organization",
    "MediaOutlet": "Organization",
    "InternationalBody": "Organization",
    "Organization": "Organization",
    "Country": "Address",
    "Province": "Address",
    "City": "Address",
    "Site": "RealEstate",
    "Position": "Position",
    "Sanction": "Sanction",
    "Event": "Event",
    "Source": "Documentation",
}


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def to_graphml(graph: GraphDict) -> str:
    """GraphML with every property as a string key (lists as JSON), loadable by Gephi and yEd."""
    node_keys = sorted({k for n in graph["nodes"] for k in n["properties"]} | {"labels"})
    edge_keys = sorted({k for r in graph["relationships"] for k in r["properties"]} | {"type"})
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    ]
    out += [
        f'  <key id="n_{k}" for="node" attr.name={quoteattr(k)} attr.type="string"/>'
        for k in node_keys
    ]
    out += [
        f'  <key id="e_{k}" for="edge" attr.name={quoteattr(k)} attr.type="string"/>'
        for k in edge_keys
    ]
    out.append('  <graph id="tipgraph" edgedefault="directed">')
    for node in graph["nodes"]:
        out.append(f"    <node id={quoteattr(node['key'])}>")
        out.append(f'      <data key="n_labels">{escape(":".join(node["labels"]))}</data>')
        for k, v in sorted(node["properties"].items()):
            out.append(f'      <data key="n_{k}">{escape(_text(v))}</data>')
        out.append("    </node>")
    for rel in graph["relationships"]:
        ends = f"source={quoteattr(rel['start'])} target={quoteattr(rel['end'])}"
        out.append(f"    <edge id={quoteattr(rel['key'])} {ends}>")
        out.append(f'      <data key="e_type">{escape(rel["type"])}</data>')
        for k, v in sorted(rel["properties"].items()):
            out.append(f'      <data key="e_{k}">{escape(_text(v))}</data>')
        out.append("    </edge>")
    out += ["  </graph>", "</graphml>"]
    return "\n".join(out) + "\n"


def _strings(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


def _ftm_id(*parts: str) -> str:
    return "tipgraph-" + hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:24]  # noqa: S324


def to_ftm(graph: GraphDict) -> list[dict[str, Any]]:
    """FollowTheMoney entities: one per entity node, one per direct edge; claims stay out."""
    onto = get_ontology()
    entities: list[dict[str, Any]] = []
    ids: dict[str, str] = {}
    sanctions: dict[str, dict[str, Any]] = {}
    for node in graph["nodes"]:
        props = node["properties"]
        kind = str(props.get("type") or "")
        schema = FTM_SCHEMA.get(kind)
        if schema is None:
            continue  # Claims and other bookkeeping nodes have no FtM counterpart.
        ids[node["key"]] = node["key"]
        ftm: dict[str, list[str]] = {"name": _strings(props.get("name"))}
        if schema == "Address":
            ftm = {"full": _strings(props.get("name"))}
        if props.get("aliases") and schema != "Address":
            ftm["alias"] = _strings(props["aliases"])
        if props.get("topics") and schema not in ("Address", "Sanction"):
            ftm["topics"] = _strings(props["topics"])
        notes = _strings(props.get("description"))
        if props.get("unnamed"):
            notes.append("unnamed in its sources")
        if notes:
            ftm["remarks" if schema == "Address" else "notes"] = notes
        if schema == "Documentation":
            ftm = {"title": _strings(props.get("title") or props.get("name"))}
        entity = {"id": node["key"], "schema": schema, "properties": ftm}
        if schema == "Sanction":
            sanctions[node["key"]] = entity
        entities.append(entity)
    for rel in graph["relationships"]:
        start, end, kind = rel["start"], rel["end"], rel["type"]
        if start not in ids or end not in ids:
            continue
        props = rel["properties"]
        if kind == "TARGETS" and start in sanctions:
            sanctions[start]["properties"].setdefault("entity", []).append(end)
            continue
        # The ontology says which FtM interval schema expresses each predicate.
        predicate = onto.predicates.get(kind)
        link_spec = predicate.ftm if predicate is not None else None
        schema, subject, obj = (
            (link_spec.schema, link_spec.subject, link_spec.object)
            if link_spec is not None
            else ("UnknownLink", "subject", "object")
        )
        link: dict[str, list[str]] = {subject: [start], obj: [end]}
        words = kind.lower().replace("_", " ")
        if schema == "UnknownLink":
            link["role"] = [words]
        link["summary"] = [f"{words} ({props.get('status', 'unknown status')})"]
        if props.get("first_date"):
            link["startDate"] = [str(props["first_date"])]
        if props.get("last_date"):
            link["endDate"] = [str(props["last_date"])]
        if props.get("source_ids"):
            link["publisher"] = _strings(props["source_ids"])
        entities.append({"id": _ftm_id(start, kind, end), "schema": schema, "properties": link})
    return entities
