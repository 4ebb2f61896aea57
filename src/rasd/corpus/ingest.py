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
from ..model import Document
from ..pipeline import Pipeline, batches, gc_paused
from ..text.normalize import normalize
from .dedup import assign_stories, bands, content_id, merge_events, minhash
from .store import Store


BATCH_SIZE = 500  # documents a transaction, extracted together (Pipeline.run_many)


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


def ingest_items(items: Iterable[RawDoc | InputError], store: Store, pipeline: Pipeline, batch_size: int = BATCH_SIZE,
                 published: str | None = None, advance: Callable[[], None] | None = None) -> IngestStats:
    stats = IngestStats()
    new_docs: list[tuple[str, list[int]]] = []
    open_tx = False
    try:
        for batch in batches(items, batch_size):
            store.con.execute("BEGIN TRANSACTION")
            open_tx = True
            with gc_paused():  # a batch's documents and rows make no reference cycles
                _ingest_batch(batch, store, pipeline, published, stats, new_docs, advance)
                commit_batch(store, new_docs)
            open_tx = False
    except BaseException:
        store.discard()
        if open_tx:
            store.con.execute("ROLLBACK")
        raise
    store.load_actors(pipeline.resources.kb)
    stats.merged_events = merge_events(store, incremental=True)
    return stats


def _ingest_batch(batch: list[RawDoc | InputError], store: Store, pipeline: Pipeline, published: str | None,
                  stats: IngestStats, new_docs: list, advance: Callable[[], None] | None) -> None:
    """One transaction's worth of inputs: reports already stored are skipped, texts already stored
    (exact copies) only gain a report, the rest are extracted. Stored ids are looked up per batch."""
    rids = [None if isinstance(item, InputError) else report_id(item) for item in batch]
    store.prefetch("reports", [rid for rid in rids if rid])
    cleaned = {}
    for raw, rid in zip(batch, rids):
        if rid and not store.has_report(rid):
            if raw.published is None and published:
                raw.published = published
            doc = pipeline.make_document(raw)
            norm = normalize(doc.text)  # for the content id now and the MinHash signature later
            cleaned[rid] = (doc, content_id(doc.text, norm), norm)
    store.prefetch("documents", [cid for _, cid, _ in cleaned.values()])
    # texts not stored yet, each extracted once (an exact copy only gains a report), all in one run_many
    todo: dict[str, Document] = {}
    for doc, cid, _ in cleaned.values():
        if cid not in todo and not store.has_document(cid):
            todo[cid] = doc
    extracted = dict(zip(todo, pipeline.run_many(list(todo.values()))))
    for item, rid in zip(batch, rids):
        stats.read += 1
        if isinstance(item, InputError):
            record_error(store, item, stats)
        else:
            if rid not in cleaned or store.has_report(rid):  # stored before, or earlier in this batch
                stats.unchanged += 1
            else:
                doc, cid, norm = cleaned.pop(rid)
                store_document(store, extracted.get(cid, doc), stats, new_docs, cid, norm)
                store.add_report(rid, cid, item.id, item.source, item.url, doc.published, item.origin)
                stats.new_reports += 1
        if advance:
            advance()


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


def store_document(store: Store, doc, stats: IngestStats, new_docs: list, cid: str | None = None,
                   norm: str | None = None) -> str:
    """Buffer an extracted document unless its text is stored already; its content id. `norm` is
    normalize(doc.text) when the caller has it."""
    cid = cid or content_id(doc.text, norm)
    if store.has_document(cid):
        stats.exact_duplicates += 1
    else:
        sig = minhash(doc.text, norm)
        store.add_document(doc, cid, sig, bands(sig))
        new_docs.append((cid, sig))
        stats.new_documents += 1
    return cid


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


def ingest(paths: list[str], store: Store, pipeline: Pipeline | None = None, batch_size: int = BATCH_SIZE,
           input_format: str = "auto", published: str | None = None,
           advance: Callable[[], None] | None = None, fetcher=None) -> IngestStats:
    """Ingest files, directories (recursively), '-', feed files and URLs into the store."""
    return ingest_items(iter_inputs(paths, input_format, fetcher), store, pipeline or Pipeline(), batch_size,
                        published, advance)
