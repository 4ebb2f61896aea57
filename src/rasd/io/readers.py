"""Readers: plain text, HTML (main text and metadata) and JSON Lines, from files, directories or stdin.

Each reader yields RawDoc records or InputError values, so one bad document never stops a batch."""
from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator, Union

from ..errors import InputError
from .encodings import decode

MAX_DOC_BYTES = 10 * 1024 * 1024  # one document (a text/HTML file or one JSON line)
FORMATS = ("auto", "text", "html", "jsonl")
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
_HTML_SNIFF = re.compile(rb"<\s*(!doctype\s+html|html|head|body|article|p|div)\b", re.I)


@dataclass
class RawDoc:
    """A document as read, before cleaning."""

    id: str
    text: str | None = None
    html: str | None = None
    title: str | None = None
    published: str | None = None
    url: str | None = None
    source: str | None = None
    origin: str = ""  # file[:line], for messages


ReadResult = Union[RawDoc, InputError]


def content_id(text: str) -> str:
    """A deterministic id from the content."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def sniff_format(path: str, head: bytes) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{"):
        return "jsonl"
    if _HTML_SNIFF.search(head[:4096]):
        return "html"
    return "text"


def iter_files(paths: list[str]) -> Iterator[str]:
    """Files named, and the files of named directories (recursively, sorted, hidden ones skipped)."""
    for p in paths:
        if p == "-" or not os.path.isdir(p):
            yield p
            continue
        for root, dirs, files in os.walk(p):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if not name.startswith("."):
                    yield os.path.join(root, name)


def read_paths(paths: list[str], input_format: str = "auto", stdin: BinaryIO | None = None) -> Iterator[ReadResult]:
    """Read every document of every path ('-' is stdin) in order."""
    for path in iter_files(paths):
        if path == "-":
            if stdin is None:
                import sys
                stdin = sys.stdin.buffer
            yield from read_stream(stdin, "<stdin>", input_format)
            continue
        try:
            size = os.path.getsize(path)
            f = open(path, "rb")
        except OSError as e:
            yield InputError(path, f"cannot open: {e.strerror or e}")
            continue
        with f:
            head = f.read(4096)
            fmt = sniff_format(path, head) if input_format == "auto" else input_format
            if fmt == "jsonl":
                f.seek(0)
                yield from read_jsonl(f, path)
                continue
            if size > MAX_DOC_BYTES:
                yield InputError(path, f"file is {size / 1e6:.1f} MB, over the {MAX_DOC_BYTES // 2**20} MiB limit for one document",
                                 hint="split it, or give one document a line as JSON Lines")
                continue
            data = head + f.read()
        yield read_bytes(data, path, fmt, doc_id=Path(path).stem)


def read_stream(stream: BinaryIO, name: str, input_format: str = "auto") -> Iterator[ReadResult]:
    head = stream.read(4096)
    fmt = sniff_format(name, head) if input_format == "auto" else input_format
    if fmt == "jsonl":
        yield from read_jsonl(_Prefixed(head, stream), name)
        return
    data = head + stream.read(MAX_DOC_BYTES + 1 - len(head))
    if len(data) > MAX_DOC_BYTES:
        yield InputError(name, f"input is over the {MAX_DOC_BYTES // 2**20} MiB limit for one document",
                         hint="give one document a line as JSON Lines")
        return
    yield read_bytes(data, name, fmt, doc_id=None)


class _Prefixed:
    """A binary stream with some already-read bytes put back in front."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self.head, self.rest = head, rest

    def readline(self, limit: int = -1) -> bytes:
        if self.head:
            nl = self.head.find(b"\n")
            if nl >= 0:
                line, self.head = self.head[: nl + 1], self.head[nl + 1:]
                return line
            line, self.head = self.head, b""
            more = self.rest.readline(limit - len(line) if limit > 0 else -1)
            return line + more
        return self.rest.readline(limit)


def read_bytes(data: bytes, path: str, fmt: str, doc_id: str | None) -> ReadResult:
    try:
        text, _enc = decode(data, path)
    except InputError as e:
        return e
    if fmt == "html":
        return html_doc(text, path, doc_id)
    return RawDoc(id=doc_id or content_id(text), text=text, origin=path)


def html_doc(html: str, origin: str, doc_id: str | None, meta: dict | None = None) -> ReadResult:
    """Main text, title and published date of an HTML page (trafilatura), metadata given in `meta` wins."""
    from .html import extract_html

    meta = meta or {}
    try:
        text, title, published = extract_html(html)
    except ValueError as e:
        return InputError(origin, str(e))
    return RawDoc(id=doc_id or content_id(text), text=text, html=None,
                  title=meta.get("title") or title, published=meta.get("published") or published,
                  url=meta.get("url"), source=meta.get("source"), origin=origin)


def read_jsonl(f, path: str) -> Iterator[ReadResult]:
    """Stream JSON Lines one line at a time; a bad line is an error naming its line number."""
    lineno = 0
    while True:
        raw = f.readline(MAX_DOC_BYTES + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) > MAX_DOC_BYTES and not raw.endswith(b"\n"):
            while True:  # skip the rest of the over-long line without holding it
                more = f.readline(MAX_DOC_BYTES)
                if not more or more.endswith(b"\n"):
                    break
            yield InputError(path, f"line is over the {MAX_DOC_BYTES // 2**20} MiB limit for one document", line=lineno)
            continue
        if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        yield parse_jsonl_line(raw, path, lineno)


def parse_jsonl_line(raw: bytes, path: str, lineno: int) -> ReadResult:
    origin = f"{path}:{lineno}"
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return InputError(path, f"not valid UTF-8 ({e.reason} at byte {e.start})", line=lineno,
                          hint="JSON Lines must be UTF-8")
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        return InputError(path, f"invalid JSON ({e.msg}; column {e.colno})", line=lineno)
    if not isinstance(obj, dict):
        return InputError(path, f"expected a JSON object, found {type(obj).__name__}", line=lineno)
    text, html = obj.get("text"), obj.get("html")
    if text is None and html is None:
        return InputError(path, 'object has neither "text" nor "html"', line=lineno)
    for key in ("text", "html", "title", "published", "url", "source"):
        if obj.get(key) is not None and not isinstance(obj[key], str):
            return InputError(path, f'"{key}" must be a string, found {type(obj[key]).__name__}', line=lineno)
    doc_id = obj.get("id")
    if doc_id is not None and not isinstance(doc_id, (str, int)):
        return InputError(path, f'"id" must be a string, found {type(doc_id).__name__}', line=lineno)
    meta = {k: obj.get(k) for k in ("title", "published", "url", "source")}
    if text is None:
        doc = html_doc(html, origin, str(doc_id) if doc_id is not None else None, meta)
        return doc
    if not text.strip():
        return InputError(path, '"text" is empty', line=lineno)
    return RawDoc(id=str(doc_id) if doc_id is not None else content_id(text), text=text, origin=origin, **meta)
