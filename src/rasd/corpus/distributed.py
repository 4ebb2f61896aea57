"""Scale-out over Dask: documents are extracted on the cluster's workers in chunks, each chunk
comes back as a Parquet shard (bytes, so workers need no shared disk), and the shards are loaded
into the store in input order, which gives the same store as a local run.

Run it on a real cluster: start `dask scheduler` on one machine and `dask worker tcp://HOST:8786`
on each of the others (every machine with rasd installed, e.g. `pip install .` from this
repository), then `rasd ingest PATHS --scheduler tcp://HOST:8786`. Inputs are read where the
command runs; only the documents travel."""
from __future__ import annotations

import dataclasses
import functools
import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable

import duckdb

from ..errors import InputError
from ..io.readers import RawDoc
from ..model import document_from_dict
from ..text.normalize import normalize
from .dedup import content_id
from ..pipeline import batches
from .ingest import IngestStats, commit_batch, record_error, report_id, store_document
from .store import Store

CHUNK = 50  # documents a task


@functools.cache
def _worker_pipeline():
    from ..pipeline import Pipeline
    return Pipeline().warm_up()


def extract_chunk(raws: list[dict]) -> bytes:
    """Run on a worker: extract each raw document, return the chunk as a Parquet file's bytes."""
    pipe = _worker_pipeline()
    docs = pipe.run_many([pipe.make_document(RawDoc(**r)) for r in raws])
    rows = [(r["id"], json.dumps(r, ensure_ascii=False), json.dumps(doc.to_dict(), ensure_ascii=False))
            for r, doc in zip(raws, docs)]
    fd, path = tempfile.mkstemp(suffix=".parquet")
    os.close(fd)
    try:
        con = duckdb.connect()
        con.execute("CREATE TABLE shard (input_id TEXT, raw TEXT, doc TEXT)")
        if rows:
            con.executemany("INSERT INTO shard VALUES (?, ?, ?)", rows)
        con.execute(f"COPY shard TO '{path}' (FORMAT parquet)")
        con.close()
        return Path(path).read_bytes()
    finally:
        os.unlink(path)


def ingest_distributed(items: Iterable[RawDoc | InputError], store: Store, client, shard_dir: str | Path,
                       published: str | None = None, chunk: int = CHUNK,
                       advance: Callable[[], None] | None = None) -> IngestStats:
    """Like corpus.ingest.ingest_items, with the extraction done on a Dask client's workers."""
    from .dedup import merge_events

    stats = IngestStats()
    shard_dir = Path(shard_dir)
    shard_dir.mkdir(parents=True, exist_ok=True)
    chunks: list[list[dict]] = [[]]
    store.con.execute("BEGIN TRANSACTION")
    for batch in batches(items, chunk):
        rids = [None if isinstance(item, InputError) else report_id(item) for item in batch]
        store.prefetch("reports", [rid for rid in rids if rid])
        for item, rid in zip(batch, rids):
            stats.read += 1
            if isinstance(item, InputError):
                record_error(store, item, stats)
                continue
            if store.has_report(rid):
                stats.unchanged += 1
                continue
            if item.published is None and published:
                item.published = published
            if len(chunks[-1]) >= chunk:
                chunks.append([])
            chunks[-1].append(dataclasses.asdict(item))
    store.con.execute("COMMIT")
    chunks = [c for c in chunks if c]
    futures = client.map(extract_chunk, chunks, pure=False)
    for k, fut in enumerate(futures):  # in input order, so stories form as in a local run
        path = shard_dir / f"shard-{k:05d}.parquet"
        path.write_bytes(fut.result())
        rows = duckdb.connect().execute(f"SELECT raw, doc FROM read_parquet('{path}')").fetchall()
        store.con.execute("BEGIN TRANSACTION")
        new_docs: list = []
        docs = [document_from_dict(json.loads(d)) for _, d in rows]
        norms = [normalize(doc.text) for doc in docs]
        cids = [content_id(doc.text, norm) for doc, norm in zip(docs, norms)]
        store.prefetch("documents", cids)
        for (raw_json, _), doc, cid, norm in zip(rows, docs, cids, norms):
            raw = RawDoc(**json.loads(raw_json))
            store_document(store, doc, stats, new_docs, cid, norm)
            store.add_report(report_id(raw), cid, raw.id, raw.source, raw.url, doc.published, raw.origin)
            stats.new_reports += 1
            if advance:
                advance()
        commit_batch(store, new_docs)
    from ..pipeline import Resources
    store.load_actors(Resources().kb)
    stats.merged_events = merge_events(store, incremental=True)
    return stats


@contextmanager
def make_client(scheduler: str | None = None, local_workers: int | None = None):
    """A Dask client (used as `with make_client(...) as client`): to a running scheduler, or to a
    local cluster of `local_workers` processes, which is shut down with the client."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with LocalCluster(n_workers=local_workers or 2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        yield client
