"""Quotes: who said what. Direct quotes in quotation marks, and reported speech (قال X إن ...),
with the speaker linked to the actor."""
from __future__ import annotations

import re

from ..model import Document, Mention, Quote, Sentence
from ..text.normalize import normalize

SPEECH_VERBS = frozenset(normalize(w) for w in """
قال قالت قالوا يقول تقول يقولون صرح صرحت أكد أكدت أكدوا يؤكد تؤكد أوضح أوضحت أضاف أضافت أشار أشارت
ذكر ذكرت أفاد أفادت أعلن أعلنت أعلنوا يعلن تعلن شدد شددت اعتبر اعتبرت رأى رأت كشف كشفت حذر حذرت
أعرب أعربت لفت لفتت بين بينت تابع تابعت نقل نقلت زعم زعمت نفى نفت اتهم اتهمت دعا دعت طالب طالبت
""".split())
ACCORDING_TO = [tuple(normalize(w) for w in p.split()) for p in ("وفقا ل", "وفقا له", "وفقا لها", "بحسب", "حسب", "نقلا عن")]
QUOTE_PAIRS = {'"': '"', "«": "»", "“": "”", "„": "”"}
MIN_QUOTE_WORDS = 4  # shorter quoted spans are names or scare quotes (see framing.py)
SPEAKER_TYPES = ("PER", "ORG", "LOC")
_OPENING = re.compile("|".join(map(re.escape, QUOTE_PAIRS)))


def quoted_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Inner spans of quotation marks in text[start:end] (straight quotes pair up in order)."""
    out = []
    i = start
    while (m := _OPENING.search(text, i, end)) is not None:
        close = text.find(QUOTE_PAIRS[m.group()], m.end(), end)
        if close == -1:
            break
        out.append((m.end(), close))
        i = close + 1
    return out


def _speaker_near(doc: Document, s: Sentence, verb_start: int, verb_end: int, before_limit: int) -> Mention | None:
    """The speaker of a speech verb: the actor right after it (VSO), else the nearest one before it."""
    ents = [m for m in doc.entities if s.start <= m.start < s.end and m.type in SPEAKER_TYPES and m.kind != "nisba"
            and (m.type != "LOC" or (m.actor_id or "") .isalpha() and len(m.actor_id or "") == 3)]
    after = [m for m in ents if verb_end <= m.start <= verb_end + 25]
    if after:
        return min(after, key=lambda m: m.start)
    before = [m for m in ents if before_limit <= m.end <= verb_start]
    return max(before, key=lambda m: m.end) if before else None


class QuoteFinder:
    """Adds Document.quotes."""

    def __call__(self, doc: Document) -> Document:
        last_speaker: Mention | None = None
        for s in doc.sentences:
            toks = s.tokens
            verbs = [t for t in toks if t.kind == "word" and _speech_verb(t)]
            spans = [(a, b) for a, b in quoted_spans(doc.text, s.start, s.end) if len(doc.text[a:b].split()) >= MIN_QUOTE_WORDS]
            covered: list[tuple[int, int]] = []
            for a, b in spans:
                verb = max((t for t in verbs if t.end <= a), key=lambda t: t.end, default=None)
                speaker = _speaker_near(doc, s, verb.start, verb.end, s.start) if verb else None
                if verb is None:
                    # a quote standing alone continues the previous speaker's words
                    speaker = last_speaker
                doc.quotes.append(Quote(speaker, doc.text[a:b], a, b))
                covered.append((a, b))
                last_speaker = speaker or last_speaker
            for t in verbs:
                if any(a <= t.start < b for a, b in covered):
                    continue
                clause = self._reported_clause(doc, s, t)
                if clause is None or any(a < clause[1] and clause[0] < b for a, b in covered):
                    continue
                speaker = _speaker_near(doc, s, t.start, t.end, s.start)
                if speaker is None and self._according_to_him(toks):
                    speaker = last_speaker
                doc.quotes.append(Quote(speaker, doc.text[clause[0]:clause[1]], clause[0], clause[1]))
                last_speaker = speaker or last_speaker
            if self._according_to_him(toks) and not any(s.start <= q.start < s.end for q in doc.quotes):
                body = _trim(doc.text, toks[min(3, len(toks) - 1)].start, s.end)
                if body and last_speaker is not None:
                    doc.quotes.append(Quote(last_speaker, doc.text[body[0]:body[1]], body[0], body[1]))
        doc.quotes.sort(key=lambda q: q.start)
        return doc

    def _reported_clause(self, doc: Document, s: Sentence, verb) -> tuple[int, int] | None:
        """The clause after إن / أن / : that follows a speech verb, to the end of the sentence."""
        after = doc.text[verb.end:s.end]
        m = re.search(r"(?:^|\s)(?:[وف]?(?:إن|أن|ان|بأن|بان)(?:ه|ها|هم)?|:)\s", after)
        if m is None or m.start() > 80:
            return None
        return _trim(doc.text, verb.end + m.end(), s.end)

    def _according_to_him(self, toks) -> bool:
        norms = tuple(t.norm for t in toks[:3])
        return any(norms[:len(p)] == p for p in ACCORDING_TO) or (norms[:1] == ("ووفقا",))


def _speech_verb(t) -> bool:
    n = t.norm
    return n in SPEECH_VERBS or (n[:1] in "وف" and n[1:] in SPEECH_VERBS) or \
        (t.stem_norm or t.norm) in SPEECH_VERBS


def _trim(text: str, a: int, b: int) -> tuple[int, int] | None:
    while a < b and (text[a].isspace() or text[a] in "،,:"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ".،,"):
        b -= 1
    return (a, b) if b > a else None
