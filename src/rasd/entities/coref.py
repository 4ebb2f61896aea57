"""Coreference: titles resolved by date (وزير الخارجية الروسي → Lavrov on 2020-02-19), short titles
after a resolved one (الوزير الروسي), surname-only mentions, "the latter" (هذا الأخير), and a bare
generic head after the organisation it shortens (الجيش الوطني الليبي ... الجيش)."""
from __future__ import annotations

from ..model import Document, Mention, Token
from ..text.normalize import normalize
from .kb import KnowledgeBase
from .match import name_words

# Title words → office (and offices to try after it, e.g. the EU's "foreign minister").
OFFICES: dict[tuple[str, ...], tuple[str, ...]] = {name_words(k): v for k, v in {
    "وزير الخارجية": ("foreign-minister", "high-representative"),
    "وزيرة الخارجية": ("foreign-minister", "high-representative"),
    "وزير خارجية": ("foreign-minister",),
    "وزيرة خارجية": ("foreign-minister",),
    "رئيس الدبلوماسية": ("foreign-minister", "high-representative"),
    "رئيس دبلوماسية": ("high-representative", "foreign-minister"),
    "وزير الدفاع": ("defence-minister",),
    "وزيرة الدفاع": ("defence-minister",),
    "وزير دفاع": ("defence-minister",),
    "وزير الداخلية": ("interior-minister",),
    "وزير داخلية": ("interior-minister",),
    "رئيس الوزراء": ("head-of-government",),
    "رئيسة الوزراء": ("head-of-government",),
    "رئيس وزراء": ("head-of-government",),
    "رئيس الحكومة": ("head-of-government",),
    "رئيس حكومة": ("head-of-government",),
    "الرئيس": ("head-of-state",),
    "رئيس": ("head-of-state",),
    "الملك": ("head-of-state",),
    "العاهل": ("head-of-state",),
    "الأمين العام": ("secretary-general",),
    "المبعوث الأممي": ("un-envoy",),
}.items()}
SHORT_TITLES = frozenset(normalize(w) for w in "الوزير الوزيرة الرئيس المسؤول الدبلوماسي الجنرال المشير".split())
LATTER = [name_words(w) for w in ("هذا الأخير", "هذه الأخيرة", "الأخير", "الأخيرة")]
NAME_GAP = {"،", ",", "السيد", "السيدة"}
# Organisation heads that, alone and definite, usually shorten an organisation named just before.
GENERIC_HEADS = frozenset(normalize(w) for w in """
الجيش الحكومة الحركة الحزب الجماعة التنظيم المجلس البرلمان الوزارة الرئاسة البعثة المنظمة الائتلاف الميليشيا
""".split())
GENERIC_REACH = 1200  # characters back to the organisation a generic head can shorten
FIRST_WORDS = frozenset({w[0] for w in OFFICES} | SHORT_TITLES | {w[0] for w in LATTER} | GENERIC_HEADS)  # cheap pre-check


class Coreference:
    """Links title phrases and references to the actors they mean; adds mentions for them."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb

    def __call__(self, doc: Document) -> Document:
        ents = sorted(doc.entities, key=lambda m: m.start)
        by_start = {m.start: m for m in ents}
        added: list[Mention] = []
        for s in doc.sentences:
            toks = s.tokens
            i = 0
            while i < len(toks):
                n = toks[i].norm
                step = 0
                if n in FIRST_WORDS or n[1:] in FIRST_WORDS:
                    step = self._title_at(doc, toks, i, ents, by_start, added)
                    step = step or self._latter_at(doc, toks, i, ents, added)
                    step = step or self._generic_at(doc, s, toks, i, ents, added)
                i += step or 1
        doc.entities = sorted(ents + added, key=lambda m: m.start)
        self._surnames(doc)
        return doc

    def _title_at(self, doc, toks: list[Token], i: int, ents, by_start, added) -> int:
        for n in (2, 1):
            words = tuple(t.norm for t in toks[i:i + n])
            offices = OFFICES.get(words) or (OFFICES.get((words[0][1:],) + words[1:]) if words and words[0][:1] == "و" else None)
            if len(words) < n or not offices:
                continue
            scope_m = self._entity_at(toks, i + n, ents, ("LOC", "ORG"))
            if scope_m is None or not scope_m.actor_id:
                continue
            scope = scope_m.country if scope_m.type == "LOC" or scope_m.actor_id == (scope_m.country or "").lower() else scope_m.actor_id
            if scope_m.actor_id and self.kb.get(scope_m.actor_id) and self.kb.get(scope_m.actor_id).type == "ORG":
                scope = scope_m.actor_id
            holder = None
            for office in offices:
                holder = self.kb.holder(office, scope, doc.published)
                if holder:
                    break
            if holder is None:
                continue
            j = next((k for k in range(i + n, len(toks)) if toks[k].start >= scope_m.end), len(toks))
            while j < len(toks) and toks[j].text in NAME_GAP:
                j += 1
            name = by_start.get(toks[j].start) if j < len(toks) else None
            if name is None and j < len(toks):
                name = next((m for m in ents if m.start == toks[j].start or m.start == toks[j].start + 1), None)
            if name is not None and name.type == "PER":
                if name.actor_id is None:
                    _link(name, holder, doc.published)
                return j - i
            start = toks[i].start
            m = Mention(doc.text[start:scope_m.end], "PER", start, scope_m.end, kind="title")
            _link(m, holder, doc.published)
            if not any(e.start < m.end and m.start < e.end and e.type == "PER" for e in ents + added):
                ents[:] = [e for e in ents if not (m.start <= e.start and e.end <= m.end)]
                added.append(m)
            return j - i
        # short title + nisba after a resolved person of that country: الوزير الروسي
        if toks[i].norm in SHORT_TITLES or toks[i].norm[1:] in SHORT_TITLES:
            nis = self._entity_at(toks, i + 1, ents, ("LOC", "ORG"))
            if nis is not None and nis.country:
                prev = [m for m in ents + added if m.end <= toks[i].start and m.type == "PER" and m.actor_id
                        and m.country == nis.country]
                if prev:
                    ante = max(prev, key=lambda m: m.end)
                    start = toks[i].start + (0 if toks[i].norm in SHORT_TITLES else 1)
                    m = Mention(doc.text[start:nis.end], "PER", start, nis.end, ante.actor_id, ante.name,
                                ante.country, ante.sector, kind="title")
                    if not any(e.start < m.end and m.start < e.end and e.type == "PER" for e in ents + added):
                        added.append(m)
                    return 2
        return 0

    def _entity_at(self, toks: list[Token], k: int, ents, types) -> Mention | None:
        if k >= len(toks):
            return None
        t = toks[k]
        return next((m for m in ents if m.start < t.end and t.start < m.end and m.type in types), None)

    def _generic_at(self, doc, s, toks: list[Token], i: int, ents, added) -> int:
        """الجيش alone, after الجيش الوطني الليبي (or قوات الجيش ...) in the same story: that army.
        Not when a definite word follows (الجيش الحر may be another actor), nor inside a mention."""
        tok = toks[i]
        head, start = tok.norm, tok.start
        if head not in GENERIC_HEADS:
            head, start = head[1:], start + 1  # والجيش / فالحكومة
            if head not in GENERIC_HEADS or tok.norm[:1] not in "وف":
                return 0
        if any(m.start < tok.end and tok.start < m.end for m in ents + added):
            return 0
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if nxt is not None and nxt.kind == "word" and nxt.norm.startswith("ال"):
            return 0
        bare = head[2:]
        story_start = doc.stories[s.story].start if doc.stories and s.story < len(doc.stories) else 0
        prev = [m for m in ents + added if m.type == "ORG" and m.actor_id and m.end <= start
                and m.start >= max(story_start, start - GENERIC_REACH) and m.kind in ("name", "descriptor")
                and any(w == head or w == bare for w in (x.removeprefix("ال") if x != head else x
                                                         for x in name_words(m.text)))]
        if not prev:
            return 0
        ante = max(prev, key=lambda m: m.end)
        added.append(Mention(doc.text[start:tok.end], "ORG", start, tok.end, ante.actor_id, ante.name,
                             ante.country, ante.sector, kind="anaphor"))
        return 1

    def _latter_at(self, doc, toks: list[Token], i: int, ents, added) -> int:
        for words in LATTER:
            n = len(words)
            if tuple(t.norm for t in toks[i:i + n]) != words:
                continue
            start, end = toks[i].start, toks[i + n - 1].end
            prev = [m for m in ents + added if m.end <= start and m.actor_id and self.kb.get(m.actor_id)]
            if not prev:
                return n
            ante = max(prev, key=lambda m: m.end)
            if start - ante.end > 300:
                return n
            if not any(m.start < end and start < m.end for m in ents + added):
                added.append(Mention(doc.text[start:end], ante.type, start, end, ante.actor_id, ante.name,
                                     ante.country, ante.sector, ante.lat, ante.lon, kind="anaphor"))
            return n
        return 0

    def _surnames(self, doc: Document) -> None:
        """An unlinked one-word person mention that is the last word of a linked person named
        earlier in the document is that person."""
        seen: dict[str, Mention] = {}
        for m in doc.entities:
            if m.type != "PER":
                continue
            words = m.text.split()
            if m.actor_id and len(words) > 1:
                seen[normalize(words[-1])] = m
            elif m.actor_id is None and len(words) == 1 and normalize(words[0]) in seen:
                ante = seen[normalize(words[0])]
                m.actor_id, m.name, m.country, m.sector = ante.actor_id, ante.name, ante.country, ante.sector


def _link(m: Mention, actor, date) -> None:
    m.actor_id, m.name, m.country, m.sector = actor.id, actor.name_en, actor.country, actor.sector_on(date)
