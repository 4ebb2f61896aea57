"""Duplicates: exact copies share a content id; near-duplicates (the same wire story on several
sites) are found by MinHash LSH on word shingles and share a story; events told by several
reports are merged into one event with all its reports."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict

import numpy as np

from ..text.normalize import normalize
from .store import Store

NUM_PERM = 128
BANDS, ROWS = 42, 3  # LSH: pairs above a Jaccard of about (1/42)^(1/3) ≈ 0.29 meet in some band
SHINGLE = 3  # words per shingle
NEAR_DUP = 0.35  # estimated shingle Jaccard from which two documents tell the same story (reworded copies: 0.47-0.55, unrelated: < 0.05)
_MERSENNE = (1 << 61) - 1
_rng = np.random.default_rng(20200219)
_A = _rng.integers(1, _MERSENNE, NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, _MERSENNE, NUM_PERM, dtype=np.uint64)
_WORD = re.compile(r"\w+")


def content_id(text: str) -> str:
    """Id of a cleaned text: the same text from two outlets is one document with two reports."""
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()[:20]


def shingles(text: str) -> set[int]:
    words = _WORD.findall(normalize(text))
    if len(words) < SHINGLE:
        words = words + [""] * (SHINGLE - len(words))
    return {int.from_bytes(hashlib.blake2b(" ".join(words[i:i + SHINGLE]).encode(), digest_size=8).digest(), "little")
            >> 3 for i in range(len(words) - SHINGLE + 1)}


def minhash(text: str) -> list[int]:
    """A NUM_PERM-long MinHash signature of the text's word shingles."""
    sh = np.fromiter(shingles(text), dtype=np.uint64)
    if sh.size == 0:
        return [0] * NUM_PERM
    # (a·x + b) mod p, computed in 64-bit with x < 2^61: split to avoid overflow
    x = sh[:, None] % np.uint64(_MERSENNE)
    prod = (_A[None, :] * (x & np.uint64(0xFFFFFFFF))) % np.uint64(_MERSENNE)
    hi = (_A[None, :] * (x >> np.uint64(32))) % np.uint64(_MERSENNE)
    hi = (hi * np.uint64(1 << 32)) % np.uint64(_MERSENNE)
    h = (prod + hi + _B[None, :]) % np.uint64(_MERSENNE)
    return [int(v) for v in h.min(axis=0)]


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
    sigs = dict(new_docs)
    store.con.execute("CREATE TEMP TABLE IF NOT EXISTS batch_docs (doc_id TEXT)")
    store.con.execute("DELETE FROM batch_docs")
    store.con.executemany("INSERT INTO batch_docs VALUES (?)", [[d] for d in order])
    pairs = store.con.execute(
        "SELECT DISTINCT b.doc_id, l.doc_id FROM lsh b JOIN batch_docs n ON n.doc_id = b.doc_id "
        "JOIN lsh l ON l.band = b.band AND l.bucket = b.bucket AND l.doc_id <> b.doc_id").fetchall()
    candidates: dict[str, set[str]] = defaultdict(set)
    for new, other in pairs:
        if other not in order or order[other] < order[new]:  # only documents stored before it
            candidates[new].add(other)
    story_of: dict[str, str] = {}
    others = {o for c in candidates.values() for o in c if o not in sigs}
    if others:
        for doc_id, story, sig in store.con.execute(
                "SELECT id, story_id, minhash FROM documents WHERE id IN (SELECT unnest(?))", [list(others)]).fetchall():
            sigs[doc_id] = list(sig)
            story_of[doc_id] = story
    changed = []
    for doc_id, sig in new_docs:
        best = max(((similarity(sig, sigs[o]), o) for o in candidates.get(doc_id, ()) if o in sigs), default=(0.0, None))
        story = story_of.get(best[1], best[1]) if best[0] >= NEAR_DUP else doc_id
        story_of[doc_id] = story
        if story != doc_id:
            changed.append([story, doc_id])
    if changed:
        store.con.executemany("UPDATE documents SET story_id = ? WHERE id = ?", changed)


def merge_events(store: Store) -> int:
    """Recompute merged events: reports of the same type between the same actors, dated within a
    day of each other, at compatible places (same country, or one unknown), become one event.
    Events without any linked actor merge only inside one story (near-duplicate reports)."""
    rows = store.query(
        "SELECT e.id, e.type, e.mode, e.source_actor, e.target_actor, e.source_name, e.target_name, "
        "e.source_country, e.target_country, e.location_name, e.location_country, e.lat, e.lon, e.day, "
        "e.negated, e.hypothetical, e.confidence, e.doc_id, d.story_id, r.published, r.source "
        "FROM events e JOIN documents d ON d.id = e.doc_id "
        "JOIN (SELECT doc_id, min(published) AS published, min(source) AS source FROM reports GROUP BY doc_id) r "
        "ON r.doc_id = e.doc_id")
    outlets: dict[str, set] = defaultdict(set)
    n_reports: dict[str, int] = defaultdict(int)
    for r in store.query("SELECT doc_id, source FROM reports"):
        outlets[r["doc_id"]].add(r["source"] or "?")
        n_reports[r["doc_id"]] += 1
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        anchor = "" if (r["source_actor"] or r["target_actor"]) else r["story_id"]
        key = (r["type"], r["source_actor"] or "", r["target_actor"] or "", bool(r["negated"]),
               bool(r["hypothetical"]), anchor)
        groups[key].append(r)
    merged, links = [], []
    for key, evs in groups.items():
        evs.sort(key=lambda r: (r["day"] or dt.date.min, r["published"] or dt.date.min, r["id"]))
        clusters: list[list[dict]] = []
        for r in evs:
            c = clusters[-1] if clusters else None
            if c and _close(c[-1]["day"], r["day"]) and _compatible(c, r):
                c.append(r)
            else:
                clusters.append([r])
        for c in clusters:
            first = min(c, key=lambda r: (r["published"] or dt.date.max, r["id"]))
            mid = hashlib.sha256("|".join(sorted(r["id"] for r in c)[:1]).encode()).hexdigest()[:16]
            docs = {r["doc_id"] for r in c}
            place = next((r for r in c if r["location_name"]), first)
            days = [r["day"] for r in c if r["day"]]
            merged.append([mid, first["type"], next((r["mode"] for r in c if r["mode"]), None),
                           first["source_actor"], first["target_actor"], first["source_name"], first["target_name"],
                           first["source_country"], first["target_country"], place["location_name"],
                           place["location_country"], place["lat"], place["lon"],
                           first["day"], min(days) if days else None, max(days) if days else None,
                           sum(n_reports[d] or 1 for d in docs), len(set().union(*(outlets[d] for d in docs))),
                           first["id"], first["doc_id"], first["published"], first["negated"], first["hypothetical"],
                           max(r["confidence"] or 0 for r in c)])
            links += [[mid, r["id"]] for r in c]
    store.con.execute("BEGIN TRANSACTION")
    store.con.execute("DELETE FROM merged_events")
    store.con.execute("DELETE FROM event_merges")
    store._add("merged_events", merged)
    store._add("event_merges", [[event_id, mid] for mid, event_id in links])
    store.flush()
    store.con.execute("COMMIT")
    return len(merged)


def _close(a: dt.date | None, b: dt.date | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs((b - a).days) <= 1


def _compatible(cluster: list[dict], r: dict) -> bool:
    countries = {x["location_country"] for x in cluster if x["location_country"]}
    return not r["location_country"] or not countries or r["location_country"] in countries
