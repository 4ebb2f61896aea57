"""The command line: a thin layer over the Python API, one file per command."""
from __future__ import annotations

import click

from .. import __version__
from .corpus import digest_cmd, export_cmd, watch_cmd
from .eval import eval_cmd
from .extract import extract
from .ingest import ingest_cmd
from .serve import serve_cmd


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rasd")
def cli() -> None:
    """rasd (رصد): who did what to whom, where and when, read from Arabic news.

    \b
    Examples:
      rasd extract article.txt --published 2020-02-19 --format json
      rasd extract samples/corpus.jsonl --format table
      cat page.html | rasd extract - --input-format html
      rasd eval ../shared/seed/libya-2020-02-19.gold.json
      rasd ingest samples/corpus.jsonl --db rasd.duckdb
      rasd digest --country LBY --date 2020-01-19 --db rasd.duckdb
      rasd export --format plover --db rasd.duckdb > events.jsonl
    """


cli.add_command(extract)
cli.add_command(eval_cmd)
cli.add_command(ingest_cmd)
cli.add_command(digest_cmd)
cli.add_command(export_cmd)
cli.add_command(watch_cmd)
cli.add_command(serve_cmd)


def main() -> None:
    cli(prog_name="rasd")
