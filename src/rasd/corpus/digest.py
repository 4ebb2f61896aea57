"""Daily digests, shaped like the founding document: a title, a lead listing the day's main
stories, then one section per story with what happened, who said what, where, and every source
report. Built only from stored facts; each line carries the document and offsets it came from."""
from __future__ import annotations

import datetime as dt
import html
from collections import defaultdict

from .store import Store

MAX_STORIES = 8
LEAD_STORIES = 3


def build_digest(store: Store, date: str, country: str | None = None, actor: str | None = None) -> dict:
    """The digest of one day for a country (ISO alpha-3) or an actor id, as a plain structure."""
    day = dt.date.fromisoformat(date)
    where, params = ["e.day = ?", "NOT e.negated"], [day]
    if country:
        where.append("(e.source_country = ? OR e.target_country = ? OR e.location_country = ?)")
        params += [country.upper()] * 3
    if actor:
        where.append("(e.source_actor = ? OR e.target_actor = ?)")
        params += [actor, actor]
    events = store.query(
        "SELECT e.*, em.merged_id, d.story_id, d.title AS doc_title, substr(d.text, e.sentence_start + 1, "
        "e.sentence_end - e.sentence_start) AS sentence, m.n_reports, m.n_outlets "
        "FROM events e JOIN documents d ON d.id = e.doc_id LEFT JOIN event_merges em ON em.event_id = e.id "
        "LEFT JOIN merged_events m ON m.id = em.merged_id "
        f"WHERE {' AND '.join(where)} ORDER BY e.doc_id, e.sentence_start", params)
    stories: dict[str, list[dict]] = defaultdict(list)
    for e in events:
        stories[e["story_id"]].append(e)
    sections = []
    for story_id, evs in stories.items():
        docs = sorted({e["doc_id"] for e in evs})
        reports = store.query(
            "SELECT r.doc_id, r.source, r.url, r.input_id, r.published FROM reports r JOIN documents d ON d.id = r.doc_id "
            "WHERE d.story_id = ? ORDER BY r.published, r.source", [story_id])
        quotes = store.query(
            "SELECT q.doc_id, q.text, q.start_, q.end_, q.speaker_text, a.name_ar AS speaker_name FROM quotes q "
            "LEFT JOIN actors a ON a.id = q.speaker_actor WHERE q.doc_id IN (SELECT unnest(?)) AND q.speaker_actor "
            "IS NOT NULL ORDER BY q.doc_id, q.start_ LIMIT 4", [docs])
        seen_merged, happened = set(), []
        for e in sorted(evs, key=lambda e: (-(e["n_reports"] or 1), -(e["confidence"] or 0))):
            if e["merged_id"] in seen_merged:
                continue
            seen_merged.add(e["merged_id"])
            happened.append({"type": e["type"], "mode": e["mode"], "sentence": e["sentence"], "doc_id": e["doc_id"],
                             "start": e["sentence_start"], "end": e["sentence_end"], "source": e["source_name"],
                             "target": e["target_name"], "place": e["location_name"], "reports": e["n_reports"] or 1,
                             "outlets": e["n_outlets"] or 1, "event_id": e["merged_id"]})
        headline = next((e["doc_title"] for e in evs if e["doc_title"]), None) or happened[0]["sentence"]
        places = sorted({e["location_name"] for e in evs if e["location_name"]})
        weight = sum(h["reports"] for h in happened) + len(reports)
        sections.append({"story_id": story_id, "headline": headline, "what_happened": happened[:6],
                         "quotes": quotes, "where": places, "sources": reports, "weight": weight})
    sections.sort(key=lambda s: (-s["weight"], s["headline"]))
    sections = sections[:MAX_STORIES]
    name = _place_name(store, country, actor)
    title = f"حصاد {name} ، {date}"
    if sections:
        title += f": {sections[0]['headline']}"
    return {"title": title, "date": date, "country": country, "actor": actor,
            "lead": [s["headline"] for s in sections[:LEAD_STORIES]], "stories": sections}


def _place_name(store: Store, country: str | None, actor: str | None) -> str:
    key = actor or (country.lower() if country else None)
    if key:
        row = store.query("SELECT name_ar FROM actors WHERE id = ?", [key])
        if row and row[0]["name_ar"]:
            return row[0]["name_ar"]
    return country or actor or "اليوم"


def to_markdown(d: dict) -> str:
    out = [f"# {d['title']}", ""]
    if d["lead"]:
        out += [f"{d['date']}: " + " ".join(f"{h}." if not h.endswith(".") else h for h in d["lead"]), ""]
    else:
        out += ["لا أحداث مخزنة لهذا اليوم.", ""]
    for s in d["stories"]:
        out += [f"## {s['headline']}", ""]
        for h in s["what_happened"]:
            extra = f" ({h['type']}{' / ' + h['mode'] if h['mode'] else ''}; {h['reports']} تقارير، {h['outlets']} مصادر)"
            out.append(f"- {h['sentence']}{extra} `[{h['doc_id']}:{h['start']}-{h['end']}]`")
        for q in s["quotes"]:
            out.append(f"- {q['speaker_name'] or q['speaker_text']}: «{q['text']}» `[{q['doc_id']}:{q['start_']}-{q['end_']}]`")
        if s["where"]:
            out.append(f"- المكان: {'، '.join(s['where'])}")
        out.append("- المصادر: " + "؛ ".join(
            f"[{r['source'] or r['input_id']}]({r['url']})" if r["url"] else (r["source"] or r["input_id"]) for r in s["sources"]))
        out.append("")
    return "\n".join(out)


def to_html(d: dict) -> str:
    e = html.escape
    parts = [f'<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{e(d["title"])}</title></head><body>',
             f"<h1>{e(d['title'])}</h1>"]
    if d["lead"]:
        parts.append("<p>" + " ".join(e(h) for h in d["lead"]) + "</p>")
    for s in d["stories"]:
        parts.append(f"<section><h2>{e(s['headline'])}</h2><ul>")
        for h in s["what_happened"]:
            parts.append(f'<li data-doc="{e(h["doc_id"])}" data-start="{h["start"]}" data-end="{h["end"]}">'
                         f"{e(h['sentence'])} <small>{e(h['type'])}, {h['reports']}/{h['outlets']}</small></li>")
        for q in s["quotes"]:
            parts.append(f"<li>{e(q['speaker_name'] or q['speaker_text'] or '')}: «{e(q['text'])}»</li>")
        parts.append("</ul><p>" + " ؛ ".join(
            (f'<a href="{e(r["url"])}">{e(r["source"] or r["input_id"] or "")}</a>' if r["url"]
             else e(r["source"] or r["input_id"] or "")) for r in s["sources"]) + "</p></section>")
    parts.append("</body></html>")
    return "\n".join(parts)
