"""Duplicates: exact copies share a content id; near-duplicates (the same wire story on several
sites) are found by MinHash LSH on word shingles and share a story; events told by several
reports are merged into one event with all its reports."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import zlib
from collections import defaultdict

import numpy as np

from ..text.normalize import normalize
from .store import Store

NUM_PERM = 128
BANDS, ROWS = 42, 3  # LSH: pairs above a Jaccard of about (1/42)^(1/3) ≈ 0.29 meet in some band
SHINGLE = 3  # words per shingle
NEAR_DUP = 0.35  # estimated shingle Jaccard from which two documents tell the same story (reworded copies: 0.47-0.55, unrelated: < 0.05)
MAX_CANDIDATES = 64  # LSH candidates compared per new document (those sharing the most bands)
SIGNATURE_VERSION = 2  # 1: blake2b shingles and (a·x + b) mod p; 2: crc32 words and multiply-shift (schema v4 recomputes)
_rng = np.random.default_rng(20200219)
# multiply-shift hashing, (a·x + b) mod 2^64 keeping the top 32 bits, with odd multipliers a
_A = _rng.integers(1, 1 << 63, NUM_PERM, dtype=np.uint64) | np.uint64(1)
_B = _rng.integers(0, 1 << 63, NUM_PERM, dtype=np.uint64)
_POS = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)  # word place in a shingle
_WORD = re.compile(r"\w+")


def content_id(text: str, norm: str | None = None) -> str:
    """Id of a cleaned text: the same text from two outlets is one document with two reports.
    `norm`, when given, is normalize(text) computed already."""
    return hashlib.sha256((normalize(text) if norm is None else norm).encode("utf-8")).hexdigest()[:20]


def shingles(text: str, norm: str | None = None) -> np.ndarray:
    """64-bit hashes of the text's distinct word SHINGLE-grams (normalised words, crc32 each,
    combined by position; arithmetic wraps modulo 2^64)."""
    words = _WORD.findall(normalize(text) if norm is None else norm)
    if len(words) < SHINGLE:
        words = words + [""] * (SHINGLE - len(words))
    w = np.fromiter(map(zlib.crc32, map(str.encode, words)), dtype=np.uint64, count=len(words))  # utf-8
    n = len(words) - SHINGLE + 1
    h = np.zeros(n, dtype=np.uint64)
    for k in range(SHINGLE):
        h += w[k:k + n] * _POS[k]
    return np.unique(h)


def minhash(text: str, norm: str | None = None) -> list[int]:
    """A NUM_PERM-long MinHash signature of the text's word shingles."""
    sh = shingles(text, norm)
    h = (sh[:, None] * _A[None, :] + _B[None, :]) >> np.uint64(32)
    return h.min(axis=0).tolist()


def bands(sig: list[int]) -> list[int]:
    return [int.from_bytes(hashlib.blake2b(str(sig[b * ROWS:(b + 1) * ROWS]).encode(), digest_size=8).digest(), "little")
            for b in range(BANDS)]


def similarity(a: list[int], b: list[int]) -> float:
    return sum(1 for x, y in zip(a, b) if x == y) / NUM_PERM


def assign_stories(store: Store, new_docs: list[tuple[str, list[int]]]) -> None:
    """Give each newly stored document (in input order) the story of the most similar document
    stored before it, when one is near enough; else its own. One LSH join for the whole batch."""
    if not new_docs:
        return
    order = {doc_id: k for k, (doc_id, _) in enumerate(new_docs)}
    store.con.execute("CREATE TEMP TABLE IF NOT EXISTS batch_docs (doc_id TEXT)")
    store.con.execute("DELETE FROM batch_docs")
    store.con.executemany("INSERT INTO batch_docs VALUES (?)", [[d] for d in order])
    # each new document's candidates, those sharing the most bands first, at most MAX_CANDIDATES
    pairs = store.con.execute(
        "SELECT b.doc_id, l.doc_id FROM lsh b JOIN batch_docs n ON n.doc_id = b.doc_id "
        "JOIN lsh l ON l.band = b.band AND l.bucket = b.bucket AND l.doc_id <> b.doc_id "
        "GROUP BY b.doc_id, l.doc_id "
        "QUALIFY row_number() OVER (PARTITION BY b.doc_id ORDER BY count(*) DESC, l.doc_id) <= ?",
        [MAX_CANDIDATES]).fetchall()
    candidates: dict[str, set[str]] = defaultdict(set)
    for new, other in pairs:
        if other not in order or order[other] < order[new]:  # only documents stored before it
            candidates[new].add(other)
    story_of: dict[str, str] = {}
    arrays = {doc_id: np.asarray(sig, dtype=np.uint64) for doc_id, sig in new_docs}
    others = {o for c in candidates.values() for o in c if o not in arrays}
    if others:  # their signatures as numpy arrays (a Python list of 128 ints each costs 5x more)
        got = store.con.execute("SELECT id, story_id, minhash FROM documents WHERE id IN (SELECT unnest(?)) "
                                "AND minhash IS NOT NULL", [list(others)]).fetchnumpy()
        for doc_id, story, sig in zip(got["id"].tolist(), got["story_id"].tolist(), got["minhash"]):
            arrays[doc_id] = np.asarray(sig, dtype=np.uint64)
            story_of[doc_id] = story
    changed = []
    for doc_id, _ in new_docs:
        cands = [o for o in candidates.get(doc_id, ()) if o in arrays]
        best: tuple[float, str | None] = (0.0, None)
        if cands:  # the most similar (ties: the greatest id), all candidates compared at once
            sims = (np.stack([arrays[o] for o in cands]) == arrays[doc_id]).sum(axis=1) / NUM_PERM
            top = sims.max()
            best = (float(top), max(o for o, x in zip(cands, sims) if x == top))
        story = story_of.get(best[1], best[1]) if best[0] >= NEAR_DUP else doc_id
        story_of[doc_id] = story
        if story != doc_id:
            changed.append([story, doc_id])
    if changed:
        store.con.executemany("UPDATE documents SET story_id = ? WHERE id = ?", changed)


# Merge rows stay narrow (ids, key, day, place, rank): the events' other columns are joined in only
# when the merged events are written, so a full merge of millions of reports holds a few columns.
MERGE_SQL = """
WITH rep AS (SELECT doc_id, min(published) AS published FROM reports GROUP BY doc_id),
keyed AS (
    SELECT e.id, e.doc_id, e.day, e.location_country, rep.published,
           concat_ws('|', e.type, coalesce(e.source_actor, ''), coalesce(e.target_actor, ''),
                     e.negated::TEXT, e.hypothetical::TEXT,
                     CASE WHEN e.source_actor IS NULL AND e.target_actor IS NULL THEN d.story_id ELSE '' END) AS mkey
    FROM events e JOIN documents d ON d.id = e.doc_id JOIN rep ON rep.doc_id = e.doc_id),
ev AS (SELECT * FROM keyed {scope}),
ordered AS (
    SELECT *, lag(day) OVER w AS prev_day, lag(location_country) OVER w AS prev_country
    FROM ev WINDOW w AS (PARTITION BY mkey ORDER BY day NULLS FIRST, published NULLS LAST, id)),
marked AS (
    SELECT *, CASE WHEN prev_day IS NULL AND day IS NULL AND row_number() OVER w > 1 THEN 0
                   WHEN prev_day IS NULL OR day IS NULL THEN 1
                   WHEN day - prev_day > 1 THEN 1
                   WHEN location_country IS NOT NULL AND prev_country IS NOT NULL
                        AND location_country <> prev_country THEN 1
                   ELSE 0 END AS boundary
    FROM ordered WINDOW w AS (PARTITION BY mkey ORDER BY day NULLS FIRST, published NULLS LAST, id)),
clustered AS (
    SELECT *, sum(boundary) OVER (PARTITION BY mkey ORDER BY day NULLS FIRST, published NULLS LAST, id
                                  ROWS UNBOUNDED PRECEDING) AS cluster
    FROM marked),
grouped AS (
    SELECT *, min(id) OVER (PARTITION BY mkey, cluster) AS first_id,
           row_number() OVER (PARTITION BY mkey, cluster ORDER BY published NULLS LAST, id) AS rank_in
    FROM clustered)
SELECT g.id AS event_id, substr(sha256(g.first_id), 1, 16) AS merged_id, g.doc_id, g.published, g.rank_in
FROM grouped g
"""


# One row per merged event: its first report's fields, the range of its days, and the counts of
# its reports (documents × outlets) and of its distinct outlets. Three statements, each holding
# one aggregate at a time (one query joining them needed several times the memory).
MERGED_SQL = ["""
CREATE OR REPLACE TEMP TABLE merge_counts AS
WITH docs AS (SELECT DISTINCT merged_id, doc_id FROM merge_rows),
rc AS (SELECT doc_id, count(*) AS n, list(DISTINCT coalesce(source, '?')) AS outlets FROM reports
       WHERE doc_id IN (SELECT doc_id FROM docs) GROUP BY doc_id)
SELECT d.merged_id, sum(rc.n) AS n_reports, count(DISTINCT o.outlet) AS n_outlets
FROM docs d JOIN rc USING (doc_id), unnest(rc.outlets) AS o(outlet) GROUP BY d.merged_id
""", """
CREATE OR REPLACE TEMP TABLE merge_agg AS
SELECT m.merged_id, max(e.mode) AS mode, max(e.location_name) AS location_name,
       max(e.location_country) AS location_country, max(e.lat) AS lat, max(e.lon) AS lon,
       min(e.day) AS first_day, max(e.day) AS last_day, max(e.confidence) AS confidence
FROM merge_rows m JOIN events e ON e.id = m.event_id GROUP BY m.merged_id
""", """
INSERT INTO merged_events
SELECT m.merged_id, e.type, a.mode, e.source_actor, e.target_actor, e.source_name, e.target_name,
       e.source_country, e.target_country, coalesce(e.location_name, a.location_name),
       coalesce(e.location_country, a.location_country), coalesce(e.lat, a.lat), coalesce(e.lon, a.lon),
       e.day, a.first_day, a.last_day, c.n_reports, c.n_outlets, e.id, e.doc_id, m.published,
       e.negated, e.hypothetical, a.confidence
FROM merge_rows m JOIN events e ON e.id = m.event_id JOIN merge_agg a ON a.merged_id = m.merged_id
     JOIN merge_counts c ON c.merged_id = m.merged_id
WHERE m.rank_in = 1
"""]

# The merge groups (same type, actors, flags; same story for actorless events) of the events of
# documents that gained a report since a time: only these groups can change.
TOUCHED_SCOPE = """WHERE mkey IN (SELECT mkey FROM keyed WHERE doc_id IN
    (SELECT doc_id FROM reports WHERE ingested_at >= ?))"""
# Merge groups are merged a share at a time (by a hash of their key; clusters never span groups),
# so that DuckDB's working memory stays bounded as events grow: a share of 200k events merged
# within a 64 MB cap (not within 48), so shares of 250k fit DuckDB's default 256 MB with room.
MERGE_SHARE_EVENTS = 250_000


def merge_events(store: Store, incremental: bool = False) -> int:
    """Compute merged events in SQL (memory stays flat as the corpus grows): reports of the same
    type between the same actors, dated within a day of each other, at compatible places, become
    one event. Events without any linked actor merge only inside one story (near-duplicate reports).
    A merged event counts its reports (documents × outlets) and its distinct outlets.

    `incremental` recomputes only the merge groups of documents that gained a report since the last
    merge (the store keeps its time, so a run killed before merging is caught up by the next one);
    clusters never span groups, so the result is the one a full recomputation gives (tested), at
    the cost of the groups touched rather than of the whole store. Either way groups are merged in
    shares of at most about MERGE_SHARE_EVENTS events (one transaction for all)."""
    con = store.con
    now = dt.datetime.now()
    since = con.execute("SELECT max(merged_through) FROM merge_state").fetchone()[0] if incremental else None
    shares = store.count("events") // MERGE_SHARE_EVENTS + 1
    con.execute("BEGIN TRANSACTION")
    if since is None:
        con.execute("DELETE FROM event_merges")
        con.execute("DELETE FROM merged_events")
    for share in range(shares):
        in_share = f"hash(mkey) % {shares} = {share}"
        if since is None:
            con.execute(f"CREATE OR REPLACE TEMP TABLE merge_rows AS {MERGE_SQL.format(scope='WHERE ' + in_share)}")
        else:
            con.execute(f"CREATE OR REPLACE TEMP TABLE merge_rows AS "
                        f"{MERGE_SQL.format(scope=TOUCHED_SCOPE + ' AND ' + in_share)}", [since])
            con.execute("DELETE FROM merged_events WHERE id IN (SELECT em.merged_id FROM event_merges em "
                        "JOIN merge_rows m ON m.event_id = em.event_id)")
            con.execute("DELETE FROM event_merges WHERE event_id IN (SELECT event_id FROM merge_rows)")
        con.execute("INSERT INTO event_merges SELECT event_id, merged_id FROM merge_rows")
        for statement in MERGED_SQL:
            con.execute(statement)
        con.execute("DROP TABLE merge_rows; DROP TABLE merge_counts; DROP TABLE merge_agg")
    con.execute("DELETE FROM merge_state")
    con.execute("INSERT INTO merge_state VALUES (?)", [now])
    con.execute("COMMIT")
    return store.count("merged_events")
