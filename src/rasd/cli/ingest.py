"""`rasd ingest`: extract documents into the DuckDB store and print what it holds."""
from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.table import Table

from ..corpus.ingest import BATCH_SIZE, ingest
from ..corpus.store import DEFAULT_DB, Store
from ..io.readers import FORMATS
from ..pipeline import Pipeline
from .extract import _check_date


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", default=DEFAULT_DB, show_default=True, help="The DuckDB store file.")
@click.option("--input-format", type=click.Choice(FORMATS), default="auto", show_default=True)
@click.option("--published", callback=_check_date, metavar="YYYY-MM-DD", help="Date for documents that carry none.")
@click.option("--batch-size", default=BATCH_SIZE, show_default=True,
              help="Documents per transaction (and extracted together).")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: when stderr is a terminal).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--scheduler", metavar="tcp://HOST:8786", help="Extract on this Dask cluster.")
@click.option("--dask-local", type=int, metavar="N", help="Extract on a local Dask cluster of N worker processes.")
@click.option("--shards", default=".rasd-shards", show_default=True, help="Folder for the Parquet shards of a Dask run.")
def ingest_cmd(paths, db, input_format, published, batch_size, progress, fmt, scheduler, dask_local, shards) -> None:
    """Ingest PATHS (files, directories, or - for stdin) into the store: extract each document,
    store it with its report, merge duplicates and duplicate reports of events. Running it twice
    changes nothing; after an interruption it picks up where it stopped."""
    err = Console(stderr=True)
    show = err.is_terminal if progress is None else progress
    with Store(db) as store:
        if scheduler or dask_local:
            from ..corpus.distributed import ingest_distributed, make_client
            from ..corpus.ingest import iter_inputs

            with make_client(scheduler, dask_local) as client:
                stats = ingest_distributed(iter_inputs(list(paths), input_format), store, client, shards, published)
            _finish(db, store, stats, fmt, err)
            return
        pipeline = Pipeline().warm_up()
        if show:
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
            with Progress(SpinnerColumn(), TextColumn("ingesting"), TextColumn("{task.completed} documents"),
                          TimeElapsedColumn(), console=err, transient=True) as bar:
                task = bar.add_task("ingest", total=None)
                stats = ingest(list(paths), store, pipeline, batch_size, input_format, published,
                               advance=lambda: bar.advance(task))
        else:
            stats = ingest(list(paths), store, pipeline, batch_size, input_format, published)
        _finish(db, store, stats, fmt, err)


def _finish(db, store, stats, fmt, err) -> None:
    for msg in stats.messages:
        err.print(f"[red]error[/red]: {msg}", highlight=False, soft_wrap=True)
    summary = store.summary()
    run = {"read": stats.read, "new_documents": stats.new_documents, "new_reports": stats.new_reports,
           "unchanged": stats.unchanged, "exact_duplicates": stats.exact_duplicates, "errors": stats.errors}
    if fmt == "json":
        from ..corpus.store import dumps
        click.echo(dumps({"run": run, "store": summary}))
    else:
        print_summary(db, run, summary)
    if stats.errors:
        sys.exit(1)


def print_summary(db: str, run: dict, summary: dict) -> None:
    console = Console(file=sys.stdout, width=110)
    t = Table(title=f"rasd store {db}")
    t.add_column("what")
    t.add_column("this run", justify="right")
    t.add_column("in store", justify="right")
    t.add_row("documents read", str(run["read"]), "")
    t.add_row("documents (distinct texts)", str(run["new_documents"]), str(summary["documents"]))
    t.add_row("reports (outlets × documents)", str(run["new_reports"]), str(summary["reports"]))
    t.add_row("stories (near-duplicates merged)", "", str(summary["stories"]))
    t.add_row("already stored, skipped", str(run["unchanged"]), "")
    t.add_row("exact copies of a stored text", str(run["exact_duplicates"]), "")
    t.add_row("event reports", "", str(summary["events"]))
    t.add_row("events (duplicate reports merged)", "", str(summary["merged_events"]))
    t.add_row("errors", str(run["errors"]), str(summary["errors"]))
    console.print(t)
    by_type = Table(title="events by type (merged, not negated)")
    by_type.add_column("type")
    by_type.add_column("events", justify="right")
    for k, v in summary["events_by_type"].items():
        by_type.add_row(k, str(v))
    actors = Table(title="top actors")
    for c in ("actor", "name", "events"):
        actors.add_column(c, justify="right" if c == "events" else "left")
    for a in summary["top_actors"]:
        actors.add_row(a["actor"], a["name"] or "", str(a["events"]))
    console.print(by_type)
    console.print(actors)
