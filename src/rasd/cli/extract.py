"""`rasd extract`: read documents, run the pipeline, write the output contract."""
from __future__ import annotations

import sys

import click

from ..errors import InputError
from ..io.readers import FORMATS, RawDoc, read_paths
from ..io.writers import Writer
from ..pipeline import BATCH, Pipeline, batches, parse_published


def _check_date(ctx, param, value):
    try:
        return parse_published(value)
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


@click.command()
@click.argument("paths", nargs=-1, type=str)
@click.option("--input-format", type=click.Choice(FORMATS), default="auto", show_default=True,
              help="How to read the inputs; auto looks at the extension and the content.")
@click.option("--published", callback=_check_date, metavar="YYYY-MM-DD",
              help="Publication date for documents that carry none (anchors relative dates).")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "table"]), default="jsonl", show_default=True,
              help="json: one object (an array for several documents); jsonl: one object a line; table: for people.")
@click.option("--tokens", is_flag=True, help="Include tokens and clitic morphs in each sentence (json/jsonl).")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when stderr is a terminal).")
def extract(paths: tuple[str, ...], input_format: str, published: str | None, fmt: str, tokens: bool,
            progress: bool | None) -> None:
    """Extract entities, events, quotes and framing from PATHS (files, directories, or - for stdin).

    Bad documents are reported on stderr with file, line and problem; the rest are still
    written, and the exit code is 1 when any failed."""
    if not paths:
        raise click.UsageError("give at least one PATH, or - to read standard input")
    pipeline = Pipeline().warm_up()
    failures = 0
    show_progress = sys.stderr.isatty() if progress is None else progress
    with Writer(sys.stdout, fmt, tokens=tokens, progress=show_progress) as writer:
        # BATCH documents at a time (Pipeline.run_many); output and errors in input order
        for batch in batches(read_paths(list(paths), input_format), BATCH):
            raws = [item for item in batch if isinstance(item, RawDoc)]
            for raw in raws:
                if raw.published is None and published:
                    raw.published = published
            docs = iter(pipeline.run_many([pipeline.make_document(raw) for raw in raws]))
            for item in batch:
                if isinstance(item, InputError):
                    failures += 1
                    writer.error(item)
                else:
                    writer.write(next(docs))
    if failures:
        click.echo(f"rasd: {failures} document(s) failed; the others were written", err=True)
        sys.exit(1)
