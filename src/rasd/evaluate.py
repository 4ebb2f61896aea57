"""Scoring against gold files (DESIGN.md gold format): entities with loose mention matching."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .model import Document
from .text.normalize import normalize

TYPES = ("PER", "ORG", "LOC")


def words(text: str) -> list[str]:
    return [w for w in normalize(text).replace('"', " ").split() if w]


def loose_match(a: str, b: str) -> bool:
    """Mentions match when at least half of the shorter side's words are shared (after normalisation).
    A word matches with or without a leading clitic (و ب ل ف ك) or article."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return False
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    forms = {f for w in long_ for f in _forms(w)}
    shared = sum(1 for w in short if _forms(w) & forms)
    return shared * 2 >= len(short)


def _forms(w: str) -> set[str]:
    out = {w}
    for p in ("و", "ف", "ب", "ل", "ك"):
        if w.startswith(p) and len(w) > 3:
            out.add(w[1:])
    for f in list(out):
        if f.startswith("ال") and len(f) > 3:
            out.add(f[2:])
        if f.startswith("لل") and len(f) > 3:
            out.add(f[2:])
    return out


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


def score_entities(gold: list[dict], doc: Document) -> dict[str, PRF]:
    """Distinct (text, type) mentions of the document against the gold list, one-to-one, loose matching.
    Only names are scored: like ANERcorp, the gold format leaves out country adjectives (nisba),
    titles standing for a person (الوزير الروسي) and anaphors (هذا الأخير), which rasd links too."""
    pred = sorted({(m.text, m.type) for m in doc.entities if m.type in TYPES and m.kind == "name"})
    result = {t: PRF() for t in (*TYPES, "ALL")}
    used: set[int] = set()
    gold_list = [(g["text"], g["type"]) for g in gold]
    exact = {(normalize(t), ty): i for i, (t, ty) in enumerate(gold_list)}
    order = sorted(pred, key=lambda p: (normalize(p[0]), p[1]) not in exact)  # exact matches claim first
    for text, typ in order:
        hit = exact.get((normalize(text), typ))
        if hit is None or hit in used:
            hit = next((i for i, (gt, gty) in enumerate(gold_list)
                        if i not in used and gty == typ and loose_match(text, gt)), None)
        if hit is None:
            result[typ].fp += 1
            result["ALL"].fp += 1
        else:
            used.add(hit)
            result[typ].tp += 1
            result["ALL"].tp += 1
    for i, (_, typ) in enumerate(gold_list):
        if i not in used:
            result[typ].fn += 1
            result["ALL"].fn += 1
    return result


def load_gold(path: str | Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _squash(text: str) -> tuple[str, list[int]]:
    """Normalised text without spaces, and where each of its characters sits in `text`."""
    from .text.normalize import normalize_with_map

    norm, offsets = normalize_with_map(text)
    chars, where = [], []
    for i, ch in enumerate(norm):
        if not ch.isspace() and ch not in '"«»“”':
            chars.append(ch)
            where.append(offsets[i])
    return "".join(chars), where


def locate(sentence: str, doc_text: str) -> tuple[int, int] | None:
    """Where a gold sentence is in the cleaned text (spacing and diacritics may differ)."""
    hay, where = _squash(doc_text)
    needle, _ = _squash(sentence)
    i = hay.find(needle) if needle else -1
    if i < 0:
        return None
    return where[i], where[i + len(needle) - 1] + 1


def _arg_match(pred, gold_text: str | None) -> bool:
    if gold_text is None:
        return pred is None
    return pred is not None and loose_match(pred.text, gold_text)


def score_events(gold: list[dict], doc: Document) -> dict[str, object]:
    """Events against gold events: by trigger+type, by type+source+target, and dates of the matched."""
    by_trigger, by_args = PRF(), PRF()
    date_right = date_total = 0
    spans = [locate(g["sentence"], doc.text) if g.get("sentence") else None for g in gold]

    def in_sentence(e, k: int) -> bool:
        sp = spans[k]
        return sp is None or (e.trigger.start < sp[1] and sp[0] < e.trigger.end)

    events = [e for e in doc.events]
    used: set[int] = set()
    for e in events:
        k = next((k for k, g in enumerate(gold) if k not in used and g["type"] == e.type and in_sentence(e, k)
                  and loose_match(e.trigger.text, g["trigger"])), None)
        if k is None:
            by_trigger.fp += 1
            continue
        used.add(k)
        by_trigger.tp += 1
        if gold[k].get("date"):
            date_total += 1
            date_right += e.date == gold[k]["date"]
    by_trigger.fn = len(gold) - len(used)
    used = set()
    for e in events:
        k = next((k for k, g in enumerate(gold) if k not in used and g["type"] == e.type and in_sentence(e, k)
                  and _arg_match(e.source, g.get("source")) and _arg_match(e.target, g.get("target"))), None)
        if k is None:
            by_args.fp += 1
        else:
            used.add(k)
            by_args.tp += 1
    by_args.fn = len(gold) - len(used)
    return {"trigger+type": by_trigger, "type+source+target": by_args,
            "date_accuracy": round(date_right / date_total, 4) if date_total else None, "dated_gold": date_total}


def score_detection(path: str | Path, pipeline, progress=None, held_out_only: bool = False) -> dict[str, PRF]:
    """Sentence-level detection against a GSR-style file: does the sentence report an event of the
    labelled type? `yes` is positive, `easy no`/`difficult no` negative, `ambiguous` left out. A
    sentence counts as reporting one when rasd codes an event of that type that is neither negated
    nor hypothetical. `held_out_only` keeps the fifth of the rows the shipped detector never saw."""
    result: dict[str, PRF] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            row = json.loads(line)
            if row.get("label") == "ambiguous":
                continue
            if held_out_only:
                from .events.detect import held_out
                if not held_out(row["id"]):
                    continue
            gold = row["label"] == "yes"
            doc = pipeline.process(row["text"])
            pred = any(e.type == row["event_type"] and not e.negated and not e.hypothetical for e in doc.events)
            prf = result.setdefault(row["event_type"], PRF())
            if pred and gold:
                prf.tp += 1
            elif pred:
                prf.fp += 1
            elif gold:
                prf.fn += 1
            if progress:
                progress()
    return result
