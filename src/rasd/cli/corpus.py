"""`rasd digest` and `rasd export`: read the store."""
from __future__ import annotations

import sys

import click

from ..corpus.digest import build_digest, to_html, to_markdown
from ..corpus.export import FORMATS, export
from ..corpus.store import DEFAULT_DB, Store, dumps
from .extract import _check_date


@click.command("digest")
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--date", "date", required=True, callback=_check_date, metavar="YYYY-MM-DD")
@click.option("--country", help="ISO 3166 alpha-3 code (LBY).")
@click.option("--actor", help="Actor id of the knowledge base (haftar-khalifa).")
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json"]), default="md", show_default=True)
def digest_cmd(db, date, country, actor, fmt) -> None:
    """The day's digest for a country or an actor, built from stored facts only."""
    if not country and not actor:
        raise click.UsageError("give --country or --actor")
    with Store(db, read_only=True) as store:
        d = build_digest(store, date, country, actor)
    click.echo(dumps(d) if fmt == "json" else (to_html(d) if fmt == "html" else to_markdown(d)))


@click.command("export")
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@click.option("--output", "-o", help="File to write (needed for parquet and csv; jsonl and plover go to stdout otherwise).")
@click.option("--since", callback=_check_date, metavar="YYYY-MM-DD")
@click.option("--until", callback=_check_date, metavar="YYYY-MM-DD")
@click.option("--country", help="ISO alpha-3 code of the source, target or place.")
@click.option("--type", "event_type", help="PLOVER event type.")
def export_cmd(db, fmt, output, since, until, country, event_type) -> None:
    """Export merged events (one row per event, with its report and outlet counts)."""
    with Store(db, read_only=True) as store:
        n = export(store, fmt, output, sys.stdout, since=since, until=until, country=country, event_type=event_type)
    click.echo(f"rasd: exported {n} events", err=True)


@click.command("watch")
@click.argument("feeds_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--every", default="15m", show_default=True, help="Polling interval: 30s, 15m, 1h.")
@click.option("--rounds", type=int, help="Stop after this many rounds (default: run until stopped).")
@click.option("--delay", default=1.0, show_default=True, help="Seconds between two requests to the same host.")
def watch_cmd(feeds_file, db, every, rounds, delay) -> None:
    """Poll the RSS/Atom feeds listed in FEEDS_FILE (one URL a line, # comments) and ingest new items."""
    from ..corpus.watch import parse_every, read_feed_list, watch
    from ..io.feeds import Fetcher

    try:
        seconds = parse_every(every)
    except ValueError as e:
        raise click.BadParameter(str(e)) from None
    urls = read_feed_list(feeds_file)

    def show(r) -> None:
        click.echo(f"rasd watch: {r.feeds} feeds, {r.new_items} new items, {r.not_modified} not modified, "
                   f"{r.failed} failed", err=True)

    with Store(db) as store:
        watch(urls, store, seconds, fetcher=Fetcher(delay=delay), rounds=rounds, on_round=show)
