"""Ingest: read inputs, extract, store. Idempotent (a report already stored is skipped before any
work), transactional per batch (a crash loses at most the open batch, which the next run redoes),
bad documents go to the errors table and the batch goes on."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
import os
from typing import Callable, Iterable, Iterator

from ..errors import InputError
from ..io.readers import RawDoc, read_paths
from ..pipeline import Pipeline
from .dedup import assign_stories, bands, content_id, merge_events, minhash
from .store import Store


@dataclass
class IngestStats:
    read: int = 0
    new_documents: int = 0
    new_reports: int = 0
    unchanged: int = 0
    exact_duplicates: int = 0
    errors: int = 0
    merged_events: int = 0
    messages: list[str] = field(default_factory=list)


def report_id(raw: RawDoc) -> str:
    """What makes a report the same report again: its input id, outlet, url and content."""
    body = hashlib.sha256((raw.text or raw.html or "").encode("utf-8")).hexdigest()
    key = f"{raw.id}|{raw.source or ''}|{raw.url or ''}|{body}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def ingest_items(items: Iterable[RawDoc | InputError], store: Store, pipeline: Pipeline, batch_size: int = 100,
                 published: str | None = None, advance: Callable[[], None] | None = None) -> IngestStats:
    stats = IngestStats()
    open_batch = 0
    new_docs: list[tuple[str, list[int]]] = []
    store.con.execute("BEGIN TRANSACTION")
    try:
        for item in items:
            stats.read += 1
            if isinstance(item, InputError):
                record_error(store, item, stats)
            else:
                _ingest_one(item, store, pipeline, published, stats, new_docs)
            open_batch += 1
            if advance:
                advance()
            if open_batch >= batch_size:
                commit_batch(store, new_docs)
                store.con.execute("BEGIN TRANSACTION")
                open_batch = 0
        commit_batch(store, new_docs)
    except BaseException:
        store.discard()
        store.con.execute("ROLLBACK")
        raise
    store.load_actors(pipeline.resources.kb)
    stats.merged_events = merge_events(store)
    return stats


def record_error(store: Store, err: InputError, stats: IngestStats) -> None:
    stats.errors += 1
    stats.messages.append(str(err))
    store.add_error(f"{err.path}:{err.line or ''}", err.path, err.line, err.problem)


def commit_batch(store: Store, new_docs: list[tuple[str, list[int]]]) -> None:
    """Write the batch's buffered rows, place its new documents in stories, and commit."""
    store.flush()
    assign_stories(store, new_docs)
    new_docs.clear()
    store.con.execute("COMMIT")


def store_document(store: Store, doc, stats: IngestStats, new_docs: list) -> str:
    """Buffer an extracted document unless its text is stored already; its content id."""
    cid = content_id(doc.text)
    if store.has_document(cid):
        stats.exact_duplicates += 1
    else:
        sig = minhash(doc.text)
        store.add_document(doc, cid, sig, bands(sig))
        new_docs.append((cid, sig))
        stats.new_documents += 1
    return cid


def _ingest_one(raw: RawDoc, store: Store, pipeline: Pipeline, published: str | None, stats: IngestStats,
                new_docs: list) -> None:
    rid = report_id(raw)
    if store.has_report(rid):
        stats.unchanged += 1
        return
    if raw.published is None and published:
        raw.published = published
    doc = pipeline.process_raw(raw)
    cid = store_document(store, doc, stats, new_docs)
    store.add_report(rid, cid, raw.id, raw.source, raw.url, doc.published, raw.origin)
    stats.new_reports += 1


FEED_SUFFIXES = (".rss", ".atom", ".xml")


def iter_inputs(paths: list[str], input_format: str = "auto", fetcher=None) -> Iterator[RawDoc | InputError]:
    """Documents of files, directories, '-', RSS/Atom feed files, and page or feed URLs."""
    from ..io.feeds import Fetcher, read_feed_file, read_url

    fetcher = fetcher or Fetcher()
    for p in paths:
        if p.startswith(("http://", "https://")):
            yield from read_url(p, fetcher)
        elif p.lower().endswith(FEED_SUFFIXES) and os.path.isfile(p):
            yield from read_feed_file(p, fetcher)
        else:
            yield from read_paths([p], input_format)


def ingest(paths: list[str], store: Store, pipeline: Pipeline | None = None, batch_size: int = 100,
           input_format: str = "auto", published: str | None = None,
           advance: Callable[[], None] | None = None, fetcher=None) -> IngestStats:
    """Ingest files, directories (recursively), '-', feed files and URLs into the store."""
    return ingest_items(iter_inputs(paths, input_format, fetcher), store, pipeline or Pipeline(), batch_size,
                        published, advance)
