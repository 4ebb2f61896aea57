"""The corpus store: one embedded DuckDB file with documents, their reports (outlets), mentions,
events, quotes, framing, merged events and ingest errors; a schema version with migrations."""
from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import duckdb

from ..errors import RasdError
from ..model import Document

SCHEMA_VERSION = 7
MEMORY_LIMIT = os.environ.get("RASD_DUCKDB_MEMORY", "256MB")  # DuckDB's cache would otherwise grow with the file
DEFAULT_DB = "rasd.duckdb"
# Tables without a primary key (plain inserts). The per-document tables hold tens of rows per
# document: DuckDB keeps key indexes in memory, so at 45k documents their indexes alone filled a
# 256 MB cap. Their rows are written once, with their document (ids unique by construction).
NO_KEY = {"lsh", "mentions", "events", "quotes", "framing"}


def _resign_documents(con) -> None:
    """Re-sign stored documents with the current MinHash (dedup.SIGNATURE_VERSION) and rebuild
    the LSH table, so that old and new documents compare."""
    import numpy as np

    from .dedup import bands, minhash

    con.execute("DELETE FROM lsh")
    con.execute("CREATE TEMP TABLE resigned (id TEXT, minhash UBIGINT[])")
    last = ""
    while rows := con.execute("SELECT id, text FROM documents WHERE id > ? ORDER BY id LIMIT 1000", [last]).fetchall():
        sigs = [minhash(text) for _, text in rows]
        ids = np.array([r[0] for r in rows], dtype=object)
        col = np.empty(len(sigs), dtype=object)
        col[:] = sigs
        con.register("resigned_rows", {"id": ids, "minhash": col})
        con.execute("INSERT INTO resigned SELECT id, minhash FROM resigned_rows")
        con.unregister("resigned_rows")
        lsh = [(b, bucket, r[0]) for r, sig in zip(rows, sigs) for b, bucket in enumerate(bands(sig))]
        con.register("lsh_rows", {"band": np.array([x[0] for x in lsh], dtype=np.int16),
                                  "bucket": np.array([x[1] for x in lsh], dtype=np.uint64),
                                  "doc_id": np.array([x[2] for x in lsh], dtype=object)})
        con.execute("INSERT INTO lsh SELECT band, bucket, doc_id FROM lsh_rows")
        con.unregister("lsh_rows")
        last = rows[-1][0]
    con.execute("UPDATE documents SET minhash = r.minhash FROM resigned r WHERE documents.id = r.id")
    con.execute("DROP TABLE resigned")


# Migrations: version → steps (SQL, or a function of the connection) that bring the schema from
# version-1 to it.
MIGRATIONS: dict[int, list] = {1: [
    """CREATE TABLE IF NOT EXISTS documents (
        id TEXT PRIMARY KEY,          -- content hash of the cleaned text: one row per distinct text
        title TEXT, published DATE, text TEXT NOT NULL,
        story_id TEXT,                -- near-duplicate cluster (the same story told by several outlets)
        minhash UBIGINT[],            -- MinHash signature for near-duplicate search
        warnings TEXT[], ingested_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS reports (
        id TEXT PRIMARY KEY,          -- hash of input id, outlet, url and document: ingesting twice changes nothing
        doc_id TEXT NOT NULL, input_id TEXT, source TEXT, url TEXT, published DATE, origin TEXT,
        ingested_at TIMESTAMP)""",
    "CREATE TABLE IF NOT EXISTS lsh (band SMALLINT, bucket UBIGINT, doc_id TEXT)",
    """CREATE TABLE IF NOT EXISTS mentions (
        doc_id TEXT, idx INTEGER, text TEXT, type TEXT, kind TEXT, start_ INTEGER, end_ INTEGER,
        actor_id TEXT, name TEXT, country TEXT, sector TEXT, lat DOUBLE, lon DOUBLE,
        PRIMARY KEY (doc_id, idx))""",
    """CREATE TABLE IF NOT EXISTS events (
        id TEXT PRIMARY KEY, doc_id TEXT, type TEXT, mode TEXT, context TEXT[],
        source_actor TEXT, source_name TEXT, source_text TEXT, source_start INTEGER, source_end INTEGER,
        source_country TEXT, source_sector TEXT,
        target_actor TEXT, target_name TEXT, target_text TEXT, target_start INTEGER, target_end INTEGER,
        target_country TEXT, target_sector TEXT,
        location_name TEXT, location_text TEXT, location_start INTEGER, location_end INTEGER,
        location_country TEXT, lat DOUBLE, lon DOUBLE,
        date TEXT, date_precision TEXT, day DATE,
        trigger_text TEXT, trigger_start INTEGER, trigger_end INTEGER,
        sentence_start INTEGER, sentence_end INTEGER,
        negated BOOLEAN, hypothetical BOOLEAN, confidence DOUBLE,
        merged_id TEXT)""",
    """CREATE TABLE IF NOT EXISTS merged_events (
        id TEXT PRIMARY KEY, type TEXT, mode TEXT, source_actor TEXT, target_actor TEXT,
        source_name TEXT, target_name TEXT, source_country TEXT, target_country TEXT,
        location_name TEXT, location_country TEXT, lat DOUBLE, lon DOUBLE,
        day DATE, first_day DATE, last_day DATE, n_reports INTEGER, n_outlets INTEGER,
        earliest_event TEXT, earliest_doc TEXT, earliest_published DATE,
        negated BOOLEAN, hypothetical BOOLEAN, confidence DOUBLE)""",
    """CREATE TABLE IF NOT EXISTS quotes (
        doc_id TEXT, idx INTEGER, speaker_actor TEXT, speaker_text TEXT, speaker_start INTEGER,
        speaker_end INTEGER, text TEXT, start_ INTEGER, end_ INTEGER, PRIMARY KEY (doc_id, idx))""",
    """CREATE TABLE IF NOT EXISTS framing (
        doc_id TEXT, idx INTEGER, kind TEXT, text TEXT, start_ INTEGER, end_ INTEGER, about TEXT,
        PRIMARY KEY (doc_id, idx))""",
    """CREATE TABLE IF NOT EXISTS actors (
        id TEXT PRIMARY KEY, type TEXT, name_en TEXT, name_ar TEXT, country TEXT, sector TEXT, wikidata TEXT)""",
    """CREATE TABLE IF NOT EXISTS errors (
        origin TEXT, path TEXT, line INTEGER, problem TEXT, logged_at TIMESTAMP,
        PRIMARY KEY (origin, problem))""",
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER)",
], 2: [
    """CREATE TABLE IF NOT EXISTS feeds (
        url TEXT PRIMARY KEY, etag TEXT, modified TEXT, last_checked TIMESTAMP, last_status TEXT,
        failures INTEGER DEFAULT 0)""",
    "CREATE TABLE IF NOT EXISTS seen_items (feed_url TEXT, item_id TEXT, seen_at TIMESTAMP, PRIMARY KEY (feed_url, item_id))",
], 3: [
    # merged events are rebuilt after each ingest: a link table is rewritten faster than events updated
    "CREATE TABLE IF NOT EXISTS event_merges (event_id TEXT PRIMARY KEY, merged_id TEXT)",
    "ALTER TABLE events DROP COLUMN merged_id",
], 4: [
    _resign_documents,  # MinHash signatures of version 2 (crc32 words, multiply-shift)
], 5: [
    # when merged events were last brought up to date: later reports' groups are merged incrementally
    "CREATE TABLE IF NOT EXISTS merge_state (merged_through TIMESTAMP)",
], 6: [
    # merged events and their links are rewritten by each merge: without primary-key indexes to
    # rebuild, committing a merge of 460k event links takes 0.1 s instead of 10 s (ids are unique
    # by construction: one link per stored event, one row per merged id)
    "CREATE TABLE event_merges_v6 (event_id TEXT, merged_id TEXT)",
    "INSERT INTO event_merges_v6 SELECT event_id, merged_id FROM event_merges",
    "DROP TABLE event_merges",
    "ALTER TABLE event_merges_v6 RENAME TO event_merges",
    "CREATE TABLE merged_events_v6 AS SELECT * FROM merged_events",
    "DROP TABLE merged_events",
    "ALTER TABLE merged_events_v6 RENAME TO merged_events",
], 7: [
    # no key indexes on the per-document tables (see NO_KEY): memory stays flat as the store grows
    *[stmt for table in ("mentions", "events", "quotes", "framing") for stmt in (
        f"CREATE TABLE {table}_v7 AS SELECT * FROM {table}",
        f"DROP TABLE {table}",
        f"ALTER TABLE {table}_v7 RENAME TO {table}")],
]}


class StoreError(RasdError):
    pass


class Store:
    """A rasd corpus in one DuckDB file. One process writes it; use it as a context manager."""

    def __init__(self, path: str | Path = DEFAULT_DB, read_only: bool = False):
        self.path = str(path)
        try:
            self.con = duckdb.connect(self.path, read_only=read_only, config={"memory_limit": MEMORY_LIMIT})
        except duckdb.Error as e:
            raise StoreError(f"{self.path}: cannot open the store ({e}); is another rasd process writing it?") from None
        self.con.execute("SET enable_progress_bar = false")  # DuckDB's own bars would garble rasd's output
        self._pending: dict[str, list[list]] = {}  # table → rows written at the next flush()
        self._pending_docs: set[str] = set()
        self._pending_reports: set[str] = set()
        self._looked_up: dict[str, tuple[set[str], set[str]]] = {}  # table → (ids asked, ids found), see prefetch
        if not read_only:
            self.migrate()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # -- schema ----------------------------------------------------------------------------
    def version(self) -> int:
        try:
            row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
        except duckdb.CatalogException:
            return 0
        return int(row[0] or 0)

    def migrate(self) -> None:
        current = self.version()
        if current > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: schema version {current} is newer than this rasd ({SCHEMA_VERSION})")
        for v in range(current + 1, SCHEMA_VERSION + 1):
            self.con.execute("BEGIN TRANSACTION")
            for step in MIGRATIONS[v]:
                if callable(step):
                    step(self.con)
                else:
                    self.con.execute(step)
            self.con.execute("INSERT INTO schema_version VALUES (?)", [v])
            self.con.execute("COMMIT")

    # -- writing ---------------------------------------------------------------------------
    def prefetch(self, table: str, ids: list[str]) -> None:
        """Look up a batch's report or document ids in one query, so that has_report/has_document
        answer for them without a query each (the answers hold until the batch is flushed)."""
        if table not in ("reports", "documents"):
            raise StoreError(f"cannot prefetch {table!r}")
        asked = set(ids)
        found = {r[0] for r in self.con.execute(f"SELECT id FROM {table} WHERE id IN (SELECT unnest(?))",
                                                 [sorted(asked)]).fetchall()} if asked else set()  # a hash join
        self._looked_up[table] = (asked, found)

    def _stored(self, table: str, key: str) -> bool:
        asked, found = self._looked_up.get(table, ((), ()))
        if key in asked:
            return key in found
        return self.con.execute(f"SELECT 1 FROM {table} WHERE id = ?", [key]).fetchone() is not None

    def has_report(self, report_id: str) -> bool:
        return report_id in self._pending_reports or self._stored("reports", report_id)

    def has_document(self, doc_id: str) -> bool:
        return doc_id in self._pending_docs or self._stored("documents", doc_id)

    def buffer(self, table: str, rows: list[list]) -> None:
        if rows:
            self._pending.setdefault(table, []).extend(rows)

    def discard(self) -> None:
        """Drop what is buffered and not yet written (the batch is being rolled back)."""
        self._pending.clear()
        self._pending_docs.clear()
        self._pending_reports.clear()
        self._looked_up.clear()

    def flush(self) -> None:
        """Write the buffered rows, a table at a time (column arrays scanned by DuckDB, not row inserts)."""
        import numpy as np

        for table, rows in self._pending.items():
            if not rows:
                continue
            data = {}
            for j in range(len(rows[0])):
                col = np.empty(len(rows), dtype=object)
                col[:] = [r[j] for r in rows]
                data[f"c{j}"] = col
            self.con.register("pending_rows", data)
            try:
                verb = "INSERT INTO" if table in NO_KEY else "INSERT OR IGNORE INTO"
                self.con.execute(f"{verb} {table} SELECT * FROM pending_rows")
            finally:
                self.con.unregister("pending_rows")
        self.discard()

    def add_document(self, doc: Document, content_id: str, minhash: list[int] | None, bands: list[int] | None) -> bool:
        """Buffer an extracted document under its content id (written by flush()); False when that
        text is already stored."""
        if self.has_document(content_id):
            return False
        now = dt.datetime.now()
        self._pending_docs.add(content_id)
        self.buffer("documents", [[content_id, doc.title, _day(doc.published), doc.text, content_id, minhash,
                                 list(doc.warnings), now]])
        if bands:
            self.buffer("lsh", [[i, b, content_id] for i, b in enumerate(bands)])
        self.buffer("mentions", [
            [content_id, i, m.text, m.type, m.kind, m.start, m.end, m.actor_id, m.name, m.country, m.sector, m.lat, m.lon]
            for i, m in enumerate(doc.entities)])
        rows = []
        seen: set[str] = set()
        for e in doc.events:
            if e.id in seen:  # one row per event id (the table has no key to refuse a second)
                continue
            seen.add(e.id)
            s, t, loc = e.source, e.target, e.location
            rows.append([
                f"{content_id}:{e.id}", content_id, e.type, e.mode, list(e.context),
                s.actor_id if s else None, s.name if s else None, s.text if s else None, s.start if s else None,
                s.end if s else None, s.country if s else None, s.sector if s else None,
                t.actor_id if t else None, t.name if t else None, t.text if t else None, t.start if t else None,
                t.end if t else None, t.country if t else None, t.sector if t else None,
                loc.name if loc else None, loc.text if loc else None, loc.start if loc else None,
                loc.end if loc else None, loc.country if loc else None, loc.lat if loc else None, loc.lon if loc else None,
                e.date, e.date_precision, _day(e.date),
                e.trigger.text, e.trigger.start, e.trigger.end, e.sentence_start, e.sentence_end,
                e.negated, e.hypothetical, e.confidence])
        self.buffer("events", rows)
        self.buffer("quotes", [
            [content_id, i, q.speaker.actor_id if q.speaker else None, q.speaker.text if q.speaker else None,
             q.speaker.start if q.speaker else None, q.speaker.end if q.speaker else None, q.text, q.start, q.end]
            for i, q in enumerate(doc.quotes)])
        self.buffer("framing", [[content_id, i, f.kind, f.text, f.start, f.end, f.about] for i, f in enumerate(doc.framing)])
        return True

    def add_report(self, report_id: str, doc_id: str, input_id: str | None, source: str | None, url: str | None,
                   published: str | None, origin: str) -> None:
        self._pending_reports.add(report_id)
        self.buffer("reports", [[report_id, doc_id, input_id, source, url, _day(published), origin, dt.datetime.now()]])

    def add_error(self, origin: str, path: str, line: int | None, problem: str) -> None:
        self.con.execute("INSERT INTO errors VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                         [origin, path, line, problem, dt.datetime.now()])

    def load_actors(self, kb) -> None:
        """The knowledge base's actors, for joins in digests, exports and the API."""
        have = self.con.execute("SELECT count(*) FROM actors").fetchone()[0]
        if have == len(kb):
            return
        self.con.execute("DELETE FROM actors")
        self.buffer("actors", [[a.id, a.type, a.name_en, a.name_ar, a.country, a.sector, a.wikidata]
                             for a in kb.actors.values()])
        self.flush()

    # -- reading ---------------------------------------------------------------------------
    def count(self, table: str) -> int:
        if table not in {"documents", "reports", "events", "merged_events", "mentions", "quotes", "framing",
                         "errors", "actors"}:
            raise StoreError(f"no table {table!r}")
        return int(self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    def query(self, sql: str, params: list | None = None) -> list[dict]:
        cur = self.con.execute(sql, params or [])
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row)) for row in cur.fetchall()]

    def summary(self) -> dict:
        stories = self.con.execute("SELECT count(DISTINCT story_id) FROM documents").fetchone()[0]
        return {
            "documents": self.count("documents"), "reports": self.count("reports"), "stories": int(stories or 0),
            "events": self.count("events"), "merged_events": self.count("merged_events"),
            "errors": self.count("errors"),
            "events_by_type": {r["type"]: r["n"] for r in self.query(
                "SELECT type, count(*) AS n FROM merged_events WHERE NOT negated GROUP BY type ORDER BY n DESC, type")},
            "top_actors": self.query(
                "SELECT actor, name, count(*) AS events FROM ("
                " SELECT source_actor AS actor, source_name AS name FROM merged_events WHERE source_actor IS NOT NULL"
                " UNION ALL SELECT target_actor, target_name FROM merged_events WHERE target_actor IS NOT NULL)"
                " GROUP BY actor, name ORDER BY events DESC, actor LIMIT 10"),
        }


def _day(date: str | None) -> dt.date | None:
    if date and len(date) == 10:
        try:
            return dt.date.fromisoformat(date)
        except ValueError:
            return None
    return None


def dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str)
