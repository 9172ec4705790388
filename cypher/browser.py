"""Neo4j Browser aids built from the registry: a guide of the saved queries and a stylesheet.

The guide is the HTML that `:play <url>` (a carousel frame) and `:guide <url>` (the sidebar)
read: one `<slide>` per saved query, its description, and a runnable block that sets the
example's parameters with `:param` and then runs the query. The stylesheet is GraSS for
`:style <url>`: a colour per entity type, names as captions, claims small and pale, sources
large and dark, so a drawing shows at a glance what is an actor and what is evidence.
"""

from __future__ import annotations

import json
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from cypher.registry import Registry, SavedQuery
from graph.ontology import get_ontology
from graph.vocabulary import CAVEAT

# (fill, border, caption text) per entity type; a test keeps it in step with the ontology.
TYPE_COLOURS: dict[str, tuple[str, str, str]] = {
    "Person": ("#F79767", "#F36924", "#FFFFFF"),
    "Organization": ("#57C7E3", "#23B3D7", "#2A2C34"),
    "CriminalGroup": ("#D9534F", "#B52B27", "#FFFFFF"),
    "Company": ("#8DCC93", "#5DB665", "#2A2C34"),
    "PublicBody": ("#4C8EDA", "#2870C2", "#FFFFFF"),
    "NGO": ("#6DCE9E", "#3CBF7F", "#2A2C34"),
    "MediaOutlet": ("#C990C0", "#B261A5", "#FFFFFF"),
    "InternationalBody": ("#FFC454", "#D7A013", "#2A2C34"),
    "Country": ("#604A0E", "#423204", "#FFFFFF"),
    "Province": ("#A57C2B", "#7A5B1E", "#FFFFFF"),
    "City": ("#DA7194", "#CC3C6C", "#FFFFFF"),
    "Site": ("#7F3C8D", "#5A2A64", "#FFFFFF"),
    "Position": ("#D9C8AE", "#C0A378", "#2A2C34"),
    "Sanction": ("#2A2C34", "#000000", "#FFFFFF"),
    "Event": ("#FFE081", "#E0B700", "#2A2C34"),
    "Source": ("#1B4F72", "#0B2740", "#FFFFFF"),
}
CLAIM_RELATIONSHIPS = ("SUBJECT", "OBJECT", "CITED_IN", "MADE_BY", "ACCORDING_TO")
# What a host serving the guide and the style must answer, to GET and to OPTIONS: the Browser
# fetches them from its own origin, and fetches a guide with these two headers, which makes it
# send a preflight first.
BROWSER_CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, OPTIONS",
    "Access-Control-Allow-Headers": "pragma, cache-control",
}


def _rule(selector: str, props: dict[str, str]) -> str:
    body = "".join(f"  {key}: {value};\n" for key, value in props.items())
    return f"{selector} {{\n{body}}}\n"


def render_grass() -> str:
    """The GraSS stylesheet; rules for parent types come before their subtypes, since the
    Browser lets a later matching rule win."""
    types = get_ontology().types
    missing = sorted(set(types) - set(TYPE_COLOURS))
    if missing:
        raise ValueError(f"no colour for entity types {missing}; add them to TYPE_COLOURS")
    ordered = sorted(types.values(), key=lambda t: (t.parent is not None, t.name))
    rules = [
        _rule(
            "node",
            {
                "diameter": "50px",
                "color": "#A5ABB6",
                "border-color": "#9AA1AC",
                "border-width": "2px",
                "text-color-internal": "#FFFFFF",
                "font-size": "10px",
            },
        ),
        _rule(
            "relationship",
            {
                "color": "#7B8089",
                "shaft-width": "2px",
                "font-size": "8px",
                "padding": "3px",
                "text-color-external": "#2A2C34",
                "text-color-internal": "#FFFFFF",
                "caption": "'<type>'",
            },
        ),
        _rule("node.Entity", {"caption": "'{name}'"}),
    ]
    for entity_type in ordered:
        fill, border, text = TYPE_COLOURS[entity_type.name]
        props = {
            "color": fill,
            "border-color": border,
            "text-color-internal": text,
            "caption": "'{name}'",
        }
        if entity_type.name == "Source":
            props |= {"diameter": "70px", "border-width": "4px"}
        rules.append(_rule(f"node.{entity_type.name}", props))
    rules.append(
        _rule(
            "node.Claim",
            {
                "diameter": "25px",
                "color": "#F4F4F4",
                "border-color": "#B0B0B0",
                "border-width": "1px",
                "text-color-internal": "#2A2C34",
                "font-size": "8px",
                "caption": "'{stance}'",
            },
        )
    )
    for rel in CLAIM_RELATIONSHIPS:
        rules.append(_rule(f"relationship.{rel}", {"color": "#C8C8C8", "shaft-width": "1px"}))
    rules.append(_rule("relationship.CONTRADICTS", {"color": "#D9534F", "shaft-width": "3px"}))
    return "\n".join(rules)


def _literal(value: Any) -> str:
    # JSON's strings, numbers, lists, true/false/null are also Cypher literals.
    return json.dumps(value, ensure_ascii=False)


def param_lines(query: SavedQuery) -> str:
    """`:param` commands setting every parameter to its value in the query's first example."""
    params = query.server_values(query.validate_params(query.examples[0].params))
    return "\n".join(f":param {name} => {_literal(value)};" for name, value in params.items())


def _param_list(query: SavedQuery) -> str:
    if not query.params:
        return "<p>No parameters.</p>"
    items = []
    for spec in query.params:
        need = "required" if spec.required else f"default {_literal(spec.default)}"
        items.append(
            f"<li><code>{escape(spec.name)}</code> ({escape(spec.type)}, {escape(need)}): "
            f"{escape(spec.description)}</li>"
        )
    return "<ul>" + "".join(items) + "</ul>"


def _blocks(query: SavedQuery) -> str:
    # Two blocks: the Browser runs several statements as a script and then shows no result,
    # so the parameters are set first and the query runs on its own, drawing its graph.
    code = '    <pre class="pre-scrollable code runnable">{}</pre>\n'
    query_step = "Run the query" + (" with them" if query.params else "")
    steps = []
    if query.params:
        steps.append(
            "    <p>1. Set the parameters (click, edit the values, run):</p>\n"
            + code.format(escape(param_lines(query)))
        )
    number = "2. " if query.params else ""
    steps.append(f"    <p>{number}{query_step}:</p>\n" + code.format(escape(query.text)))
    return "".join(steps)


def _slide(query: SavedQuery) -> str:
    return (
        '<slide class="row-fluid">\n'
        '  <div class="col-sm-4">\n'
        f"    <h3>{escape(query.title)}</h3>\n"
        f"    <p>{escape(' '.join(query.description.split()))}</p>\n"
        f"    <p><small>saved query <code>{escape(query.name)}</code>, "
        f"area {escape(query.area)}</small></p>\n"
        f"    {_param_list(query)}\n"
        "  </div>\n"
        '  <div class="col-sm-8">\n'
        f"{_blocks(query)}"
        "  </div>\n"
        "</slide>\n"
    )


def render_guide(registry: Registry) -> str:
    """The Browser guide: an opening slide with the caveat and an index, one slide per query."""
    queries = sorted(registry.queries, key=lambda q: (q.area, q.name))
    index = "".join(f"<li><code>{escape(q.name)}</code>: {escape(q.title)}</li>" for q in queries)
    opening = (
        '<slide class="row-fluid">\n'
        '  <div class="col-sm-12">\n'
        "    <h3>tipgraph: saved queries</h3>\n"
        f"    <p><strong>{escape(CAVEAT)}</strong></p>\n"
        "    <p>Each slide after this one is one saved query, in the order below: what it "
        "answers, then two blocks. Click the first to put its <code>:param</code> lines in "
        "the editor, adjust the values and run them; then click the second, the query, and "
        "run it. Claims (small pale nodes) carry the quote and the stance; sources are the "
        "large dark nodes; a red arrow is a denial answering a claim.</p>\n"
        f"    <ol>{index}</ol>\n"
        "  </div>\n"
        "</slide>\n"
    )
    slides = opening + "".join(_slide(q) for q in queries)
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        "<title>tipgraph saved queries</title>\n</head>\n<body>\n"
        '<article class="guide">\n<carousel class="deck container-fluid">\n'
        f"{slides}</carousel>\n</article>\n</body>\n</html>\n"
    )


def guide_server(registry: Registry, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    """An HTTP server for `/guide.html` and `/style.grass`, for use without the API.

    Every answer, and the OPTIONS preflight, carries `BROWSER_CORS_HEADERS`. Call
    `serve_forever()` on it.
    """
    files = {
        "/guide.html": (render_guide(registry).encode(), "text/html; charset=utf-8"),
        "/style.grass": (render_grass().encode(), "text/plain; charset=utf-8"),
    }

    class Handler(BaseHTTPRequestHandler):
        def _allow(self) -> None:
            for name, value in BROWSER_CORS_HEADERS.items():
                self.send_header(name, value)

        def do_OPTIONS(self) -> None:
            self.send_response(204)
            self._allow()
            self.end_headers()

        def do_GET(self) -> None:
            body, kind = files.get(self.path.split("?")[0], (b"not found", "text/plain"))
            self.send_response(200 if self.path.split("?")[0] in files else 404)
            self._allow()
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            return None

    return ThreadingHTTPServer((host, port), Handler)
