"""Writers: JSON (one object, or an array), JSON Lines, and a readable table for the terminal."""
from __future__ import annotations

import json
from typing import TextIO

from rich.console import Console
from rich.table import Table

from ..errors import InputError
from ..model import Document

PREVIEW = 60


class Writer:
    """Streams documents out as they come; errors go to stderr as they happen."""

    def __init__(self, out: TextIO, fmt: str, tokens: bool = False, progress: bool = False):
        self.out, self.fmt, self.tokens = out, fmt, tokens
        self.err = Console(stderr=True)
        self.count = 0
        self._pending: Document | None = None  # json: one object unless a second document comes
        self.rows: list[Document] = []
        self.progress = None
        if progress:
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
            self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                                     TextColumn("{task.completed} documents"), TimeElapsedColumn(),
                                     console=self.err, transient=True)
            self.task = self.progress.add_task("extracting", total=None)

    def __enter__(self) -> "Writer":
        if self.progress:
            self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.progress:
            self.progress.stop()
        if exc[0] is not None:
            return
        if self.fmt == "json":
            if self._pending is not None:
                self._dump(self._pending)
            elif self.count > 1:
                self.out.write("\n]")
            elif self.count == 0:
                self.out.write("[]")
            self.out.write("\n")
        elif self.fmt == "table":
            self._table()
        self.out.flush()

    def _dump(self, doc: Document) -> None:
        self.out.write(json.dumps(doc.to_dict(tokens=self.tokens), ensure_ascii=False, indent=2))

    def write(self, doc: Document) -> None:
        self.count += 1
        if self.progress:
            self.progress.advance(self.task)
        if self.fmt == "jsonl":
            self.out.write(json.dumps(doc.to_dict(tokens=self.tokens), ensure_ascii=False) + "\n")
        elif self.fmt == "json":
            if self.count == 1:
                self._pending = doc
                return
            if self._pending is not None:
                self.out.write("[\n")
                self._dump(self._pending)
                self._pending = None
            self.out.write(",\n")
            self._dump(doc)
        else:
            self.rows.append(doc)

    def error(self, err: InputError) -> None:
        self.err.print(f"[red]error[/red]: {err}", markup=True, highlight=False, soft_wrap=True)

    def _table(self) -> None:
        console = Console(file=self.out, width=max(160, Console(file=self.out).width))
        t = Table(title=f"rasd: {len(self.rows)} document(s)", show_lines=False)
        for col, kw in (("id", {"no_wrap": True}), ("published", {"no_wrap": True}), ("title", {"max_width": 48}), ("stories", {"justify": "right"}),
                        ("sentences", {"justify": "right"}), ("tokens", {"justify": "right"}),
                        ("entities", {"justify": "right"}), ("events", {"justify": "right"}),
                        ("quotes", {"justify": "right"}), ("warnings", {"justify": "right"})):
            t.add_column(col, **kw)
        for d in self.rows:
            title = d.title or d.text[:PREVIEW]
            t.add_row(d.id, d.published or "", title, str(len(d.stories)), str(len(d.sentences)),
                      str(len(d.tokens)), str(len(d.entities)), str(len(d.events)), str(len(d.quotes)),
                      str(len(d.warnings)))
        console.print(t)
        if len(self.rows) == 1:
            self._detail(console, self.rows[0])

    def _detail(self, console: Console, d: Document) -> None:
        t = Table(title="sentences", show_lines=False)
        t.add_column("#", justify="right")
        t.add_column("story", justify="right")
        t.add_column("span")
        t.add_column("sentence", max_width=90)
        for i, s in enumerate(d.sentences):
            t.add_row(str(i), str(s.story), f"{s.start}-{s.end}", d.text[s.start:s.end])
        console.print(t)
        for w in d.warnings:
            console.print(f"warning: {w}", highlight=False)
