"""`tipgraph queries ...`: list, read and run the saved queries; write their guide and docs."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from neo4j.graph import Node, Relationship
from neo4j.graph import Path as GraphPath
from rich.markup import escape
from rich.syntax import Syntax
from rich.table import Table

from cli.console import console, err_console, fail, print_rows
from cli.cypher_cmd import OutputFormat
from cypher.browser import guide_server, render_grass, render_guide
from cypher.docs import doc_path, render_markdown
from cypher.registry import QueryResult, SavedQuery, get_registry
from graph.driver import get_driver
from graph.errors import TipgraphError
from graph.settings import get_settings
from graph.vocabulary import CAVEAT

app = typer.Typer(
    help="The saved Cypher queries: list, show and run them; write the Browser guide and docs.",
    no_args_is_help=True,
)

# Wider results read better as one small key/value table per row than as one squeezed table.
WIDE = 5


def _query(name: str) -> SavedQuery:
    try:
        return get_registry().get(name)
    except TipgraphError as exc:
        fail(exc)


@app.command("list")
def list_queries(
    tag: Annotated[str | None, typer.Option(help="Only queries with this tag.")] = None,
) -> None:
    """List the saved queries by area."""
    try:
        queries = get_registry().queries
    except TipgraphError as exc:
        fail(exc)
    table = Table("area", "name", "title", "parameters")
    for query in sorted(queries, key=lambda q: (q.area, q.name)):
        if tag is not None and tag not in query.tags:
            continue
        params = ", ".join(p.name + ("*" if p.required else "") for p in query.params)
        table.add_row(query.area, query.name, escape(query.title), params)
    console.print(table)
    console.print("[dim]* required. `tipgraph queries show NAME` tells more.[/]")


@app.command()
def show(name: Annotated[str, typer.Argument(help="The saved query.")]) -> None:
    """Show one saved query: what it answers, its parameters, its examples and its Cypher."""
    query = _query(name)
    console.print(f"[bold]{escape(query.name)}[/]: {escape(query.title)}")
    console.print(escape(" ".join(query.description.split())))
    console.print(f"[dim]area {query.area}; tags {', '.join(query.tags)}; {query.path}[/]")
    if query.params:
        table = Table("parameter", "type", "required", "default", "description")
        for spec in query.params:
            kind: str = spec.type
            if spec.values:
                kind += ": " + ", ".join(spec.values)
            if spec.labels:
                kind += ": " + " / ".join(spec.labels)
            if spec.items is not None:
                kind += f" of {spec.items.type}"
            table.add_row(
                spec.name,
                escape(kind),
                "yes" if spec.required else "no",
                "" if spec.default is None else json.dumps(spec.default),
                escape(spec.description),
            )
        console.print(table)
    for number, example in enumerate(query.examples, start=1):
        args = " ".join(f"--param {k}={_arg(v)}" for k, v in example.params.items())
        console.print(f"example {number}: tipgraph queries run {query.name} {escape(args)}")
        console.print(f"  [dim]{len(example.rows)} row(s) on the seed graph[/]")
    console.print(Syntax(query.text, "cypher", word_wrap=True))


def _arg(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _params(pairs: Sequence[str]) -> dict[str, Any]:
    """`key=value` pairs as raw strings (the query's own types coerce them); a key given twice
    becomes a list."""
    params: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            fail(f"--param {pair!r} is not key=value; write e.g. --param id=person:chou-bun-eng")
        if key in params:
            before = params[key]
            params[key] = [*(before if isinstance(before, list) else [before]), value]
        else:
            params[key] = value
    return params


def _compact(value: Any) -> str:
    """A cell for a terminal: a node by its name, a relationship by its type, a path by both."""
    if isinstance(value, Node):
        return f"{value.get('name') or value.get('id') or value.element_id}"
    if isinstance(value, Relationship):
        return value.type
    if isinstance(value, GraphPath):
        nodes = value.nodes
        parts = [_compact(nodes[0])]
        for before, rel, after in zip(nodes, value.relationships, nodes[1:], strict=False):
            forward = rel.start_node is not None and rel.start_node.element_id == before.element_id
            parts.extend([f"-[{rel.type}]->" if forward else f"<-[{rel.type}]-", _compact(after)])
        return " ".join(parts)
    if isinstance(value, list):
        if all(isinstance(v, str) for v in value):
            return "\n".join(value)
        return "\n".join(_compact(v) for v in value)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


CHAIN_COLUMNS = {
    "chain",
    "hop",
    "from",
    "direction",
    "predicate",
    "to",
    "stance",
    "quote",
    "source",
}


def _print_chains(result: QueryResult) -> None:
    """Rows that spell out chains hop by hop (one row per claim on a hop), as chains."""
    current: tuple[Any, Any] | None = None
    for row in result.rows:
        if row["chain"] != (current or (None,))[0]:
            weakest = f"weakest hop: {row.get('weakest_status')}, "
            weakest += f"{row.get('weakest_sources')} independent source(s)"
            console.print(
                f"\n[bold]chain {row['chain']}[/]: {escape(str(row.get('official', '')))} → "
                f"{escape(str(row.get('target', '')))} [dim]({weakest})[/]"
            )
        if (row["chain"], row["hop"]) != current:
            arrow = (
                f"-[{row['predicate']}]->"
                if row["direction"] == "->"
                else f"<-[{row['predicate']}]-"
            )
            status = f" [dim]({row['hop_status']})[/]" if row.get("hop_status") else ""
            ends = f"{escape(str(row['from']))} {escape(arrow)} {escape(str(row['to']))}"
            console.print(f"  {row['hop']}. {ends}{status}")
            current = (row["chain"], row["hop"])
        speaker = f" ({escape(str(row['speaker']))})" if row.get("speaker") else ""
        console.print(f"     {row['stance']}{speaker}: “{escape(str(row['quote']))}”")
        console.print(f"     [dim]source: {escape(str(row['source']))}[/]")
    console.print(f"\n[dim]{len(result.rows)} row(s). {CAVEAT}[/]")


def _print_table(result: QueryResult) -> None:
    if set(result.keys) >= CHAIN_COLUMNS:
        _print_chains(result)
        return
    if len(result.keys) <= WIDE:
        table = Table(*result.keys, show_lines=True)
        for row in result.rows:
            table.add_row(*[escape(_compact(row.get(k))) for k in result.keys])
        console.print(table)
    else:
        for number, row in enumerate(result.rows, start=1):
            table = Table(title=f"row {number}", show_header=False, title_justify="left")
            table.add_column(style="dim", no_wrap=True)
            table.add_column()
            for key in result.keys:
                table.add_row(key, escape(_compact(row.get(key))))
            console.print(table)
    console.print(f"[dim]{len(result.rows)} row(s). {CAVEAT}[/]")


@app.command()
def run(
    name: Annotated[str, typer.Argument(help="The saved query.")],
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="key=value; repeat a key to give a list."),
    ] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    limit: Annotated[
        int | None, typer.Option(min=1, help="Fewer rows than the configured cap.")
    ] = None,
    timeout: Annotated[
        float | None, typer.Option(min=0.01, help="Seconds; below the configured limit only.")
    ] = None,
) -> None:
    """Run a saved query read-only and print its rows."""
    settings = get_settings()
    try:
        result = get_registry().run(
            get_driver(),
            name,
            _params(param or []),
            database=settings.neo4j_database,
            timeout=timeout,
            row_cap=limit,
        )
    except TipgraphError as exc:
        fail(exc)
    if fmt is OutputFormat.table:
        _print_table(result)
    else:
        print_rows(result.rows, result.keys, fmt.value)
    if result.truncated:
        err_console.print(
            f"[yellow]only the first {len(result.rows)} rows are shown:[/] narrow the query "
            "with its parameters"
        )


@app.command()
def guide(
    out: Annotated[
        Path | None, typer.Option(help="Folder to write guide.html and style.grass to.")
    ] = None,
    serve: Annotated[
        bool, typer.Option("--serve", help="Serve both on 127.0.0.1 until interrupted.")
    ] = False,
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port for --serve.")] = 8765,
) -> None:
    """Write or serve the Neo4j Browser guide (`:play`) and stylesheet (`:style`)."""
    if out is None and not serve:
        fail("give --out DIR to write the files, or --serve to serve them")
    try:
        registry = get_registry()
        html, grass = render_guide(registry), render_grass()
    except TipgraphError as exc:
        fail(exc)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "guide.html").write_text(html, encoding="utf-8")
        (out / "style.grass").write_text(grass, encoding="utf-8")
        console.print(f"wrote {out / 'guide.html'} and {out / 'style.grass'}")
    if serve:
        server = guide_server(registry, port=port)
        base = f"http://127.0.0.1:{server.server_address[1]}"
        console.print(f"serving; in Neo4j Browser ({get_settings().browser_url}):")
        console.print(f"  :style {base}/style.grass")
        console.print(f"  :play {base}/guide.html")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            console.print("stopped")
        finally:
            server.server_close()


@app.command()
def docs(
    check: Annotated[
        bool, typer.Option("--check", help="Fail if docs/queries.md is stale; write nothing.")
    ] = False,
) -> None:
    """Write docs/queries.md from the saved queries' headers."""
    try:
        text = render_markdown(get_registry())
        path = doc_path()
    except TipgraphError as exc:
        fail(exc)
    current = path.read_text(encoding="utf-8") if path.is_file() else ""
    if check:
        if current != text:
            fail(f"{path} is stale; run `tipgraph queries docs` and commit it")
        console.print(f"{path} is up to date")
        return
    path.write_text(text, encoding="utf-8")
    console.print(f"wrote {path}")
