"""`rasd serve`: the HTTP API over a store (docs at /docs)."""
from __future__ import annotations

import click

from ..corpus.store import DEFAULT_DB


@click.command("serve")
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback by default).")
@click.option("--port", default=8000, show_default=True)
@click.option("--ingest-token", envvar="RASD_INGEST_TOKEN", help="Enable POST /api/ingest for this bearer token.")
def serve_cmd(db, host, port, ingest_token) -> None:
    """Serve the HTTP API over the store at --db; read-only unless an ingest token is given."""
    import uvicorn

    from ..web.api import create_app

    click.echo(f"rasd: serving {db} at http://{host}:{port} (API docs at /docs)", err=True)
    uvicorn.run(create_app(db, ingest_token), host=host, port=port, log_level="warning")
