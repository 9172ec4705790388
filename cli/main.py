"""The `tipgraph` command: one front door, a subcommand group per concern."""

from __future__ import annotations

import logging

import typer

from cli import cypher_cmd, db, import_cmd, load, queries, screen, serve, show
from cli.console import fail
from graph.errors import TipgraphError
from graph.settings import get_settings

# The driver logs each routing retry while a server starts; the CLI reports failures itself.
logging.getLogger("neo4j").setLevel(logging.ERROR)

app = typer.Typer(
    name="tipgraph",
    help="tipgraph: a knowledge graph of trafficking and scam-compound networks, built from "
    "what reports say.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)


@app.callback()
def _settings_first() -> None:
    # Unusable settings (production with an empty secret, say) are the user's to fix: one
    # message with its fix, never a traceback from whichever command read them first.
    try:
        get_settings()
    except TipgraphError as exc:
        fail(exc)


app.add_typer(db.app, name="db")
app.command(name="cypher")(cypher_cmd.cypher)
app.command(name="serve")(serve.serve)
app.command(name="load")(load.load)
app.command(name="unload")(load.unload)
app.command(name="import")(import_cmd.import_)
app.command(name="show")(show.show)
app.add_typer(queries.app, name="queries")
app.add_typer(screen.app, name="screen")


if __name__ == "__main__":
    app()
