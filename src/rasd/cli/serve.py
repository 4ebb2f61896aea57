"""`rasd serve`: the HTTP API over a store (docs at /docs)."""
from __future__ import annotations

import click

from ..corpus.store import DEFAULT_DB


@click.command("serve")
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback by default).")
@click.option("--port", default=8000, show_default=True)
@click.option("--ingest-token", envvar="RASD_INGEST_TOKEN", help="Enable POST /api/ingest for this bearer token.")
@click.option("--watch", "feeds_file", type=click.Path(exists=True, dir_okay=False),
              help="Also poll the feeds listed in this file (one process writes the store).")
@click.option("--every", default="15m", show_default=True, help="Polling interval with --watch.")
def serve_cmd(db, host, port, ingest_token, feeds_file, every) -> None:
    """Serve the HTTP API over the store at --db; read-only unless an ingest token or --watch is given."""
    import uvicorn

    from ..corpus.watch import parse_every, read_feed_list
    from ..web.api import create_app

    feeds = read_feed_list(feeds_file) if feeds_file else None
    click.echo(f"rasd: serving {db} at http://{host}:{port} (API docs at /docs)"
               + (f", watching {len(feeds)} feeds" if feeds else ""), err=True)
    uvicorn.run(create_app(db, ingest_token, feeds, parse_every(every)), host=host, port=port, log_level="warning")
