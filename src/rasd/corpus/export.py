"""Exports of merged events: Parquet and CSV (through DuckDB), JSON Lines, and PLOVER/POLECAT-style
JSON Lines records with actor and recipient objects, location, text spans and citation."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator, TextIO

from .store import Store, StoreError

FORMATS = ("parquet", "csv", "jsonl", "plover")

SELECT = """
SELECT m.id, m.type, m.mode, e.date, e.date_precision, m.day, m.first_day, m.last_day,
       m.source_actor, m.source_name, e.source_text, e.source_start, e.source_end, m.source_country,
       coalesce(e.source_sector, sa.sector) AS source_sector, sa.wikidata AS source_wikidata,
       m.target_actor, m.target_name, e.target_text, e.target_start, e.target_end, m.target_country,
       coalesce(e.target_sector, ta.sector) AS target_sector, ta.wikidata AS target_wikidata,
       m.location_name, e.location_text, m.location_country, m.lat, m.lon,
       e.trigger_text, e.trigger_start, e.trigger_end, e.sentence_start, e.sentence_end,
       substr(d.text, e.sentence_start + 1, e.sentence_end - e.sentence_start) AS sentence,
       m.negated, m.hypothetical, m.confidence, m.n_reports, m.n_outlets,
       e.doc_id, m.earliest_published AS published, r.source AS outlet, r.url
FROM merged_events m
JOIN events e ON e.id = m.earliest_event
JOIN documents d ON d.id = e.doc_id
LEFT JOIN (SELECT doc_id, min(source) AS source, min(url) AS url FROM reports GROUP BY doc_id) r ON r.doc_id = e.doc_id
LEFT JOIN actors sa ON sa.id = m.source_actor
LEFT JOIN actors ta ON ta.id = m.target_actor
"""


def query(since: str | None = None, until: str | None = None, country: str | None = None,
          event_type: str | None = None) -> tuple[str, list]:
    where, params = [], []
    if since:
        where.append("m.day >= CAST(? AS DATE)")
        params.append(since)
    if until:
        where.append("m.day <= CAST(? AS DATE)")
        params.append(until)
    if country:
        where.append("(m.source_country = ? OR m.target_country = ? OR m.location_country = ?)")
        params += [country.upper()] * 3
    if event_type:
        where.append("m.type = ?")
        params.append(event_type.upper())
    sql = SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY m.day NULLS LAST, m.id"
    return sql, params


def export(store: Store, fmt: str, out: str | None, out_stream: TextIO | None = None, **filters) -> int:
    """Write the selected merged events; returns how many were written."""
    if fmt not in FORMATS:
        raise StoreError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    sql, params = query(**filters)
    if fmt in ("parquet", "csv"):
        if not out:
            raise StoreError(f"--output FILE is needed for {fmt}")
        n = store.con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]
        option = "(FORMAT parquet)" if fmt == "parquet" else "(FORMAT csv, HEADER true)"
        # COPY takes no prepared parameters: materialise the selection first.
        store.con.execute(f"CREATE OR REPLACE TEMP TABLE export_rows AS {sql}", params)
        store.con.execute(f"COPY export_rows TO '{_quote_path(out)}' {option}")
        return int(n)
    rows = store.query(sql, params)
    lines = (_plover(r, store) for r in rows) if fmt == "plover" else (_plain(r) for r in rows)
    if out:
        with open(out, "w", encoding="utf-8") as f:
            return _write(lines, f)
    return _write(lines, out_stream)


def _quote_path(path: str) -> str:
    return str(Path(path)).replace("'", "''")


def _write(lines: Iterator[dict], f) -> int:
    n = 0
    for obj in lines:
        f.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")
        n += 1
    return n


def _plain(r: dict) -> dict:
    return {k: (str(v) if hasattr(v, "isoformat") else v) for k, v in r.items()}


def _party(r: dict, side: str) -> dict | None:
    if not r[f"{side}_actor"] and not r[f"{side}_text"]:
        return None
    return {"actor_id": r[f"{side}_actor"], "name": r[f"{side}_name"], "text": r[f"{side}_text"],
            "country": r[f"{side}_country"], "sector": r[f"{side}_sector"], "wikidata": r[f"{side}_wikidata"]}


def _span(r: dict, key: str) -> dict | None:
    if r.get(f"{key}_start") is None:
        return None
    return {"text": r[f"{key}_text"], "start": r[f"{key}_start"], "end": r[f"{key}_end"]}


def _plover(r: dict, store: Store) -> dict:
    reports = store.query(
        "SELECT DISTINCT r.doc_id, r.source, r.url, r.published FROM event_merges em JOIN events e ON e.id = em.event_id "
        "JOIN reports r ON r.doc_id = e.doc_id WHERE em.merged_id = ? ORDER BY r.published, r.source", [r["id"]])
    return {
        "id": r["id"], "date": r["date"], "date_precision": r["date_precision"],
        "event_type": r["type"], "mode": r["mode"], "context": [],
        "actor": _party(r, "source"), "recipient": _party(r, "target"),
        "location": ({"name": r["location_name"], "text": r["location_text"], "country": r["location_country"],
                      "lat": r["lat"], "lon": r["lon"]} if r["location_name"] or r["location_text"] else None),
        "negated": bool(r["negated"]), "hypothetical": bool(r["hypothetical"]), "confidence": r["confidence"],
        "text_spans": {"trigger": _span(r, "trigger"), "actor": _span(r, "source"), "recipient": _span(r, "target"),
                       "location": _span(r, "location"),
                       "sentence": {"text": r["sentence"], "start": r["sentence_start"], "end": r["sentence_end"]}},
        "citation": {"doc_id": r["doc_id"], "outlet": r["outlet"], "url": r["url"],
                     "published": str(r["published"]) if r["published"] else None,
                     "reports": r["n_reports"], "outlets": r["n_outlets"],
                     "all_reports": [{"doc_id": x["doc_id"], "outlet": x["source"], "url": x["url"],
                                      "published": str(x["published"]) if x["published"] else None} for x in reports]},
    }
