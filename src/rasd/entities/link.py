"""Entity stage: knowledge-base and gazetteer matches merged with the recogniser's spans, then linked."""
from __future__ import annotations

from collections import Counter
from functools import cached_property

import numpy as np

from ..memo import remember
from ..model import Document, Mention
from ..text.normalize import normalize
from .kb import Actor, KnowledgeBase, alias_key
from .match import Match, NameMatcher, name_words
from .places import Gazetteer, Place
from .recognize import TITLES

# A head noun followed by a country's nisba names that country's institution of this sector:
# الجيش التركي → Turkey, MIL; الحكومة الليبية → Libya, GOV.
SECTOR_HEADS: dict[tuple[str, ...], str] = {name_words(k): v for k, v in {
    "الجيش": "MIL", "جيش": "MIL", "القوات": "MIL", "قوات": "MIL", "القوات المسلحة": "MIL", "البحرية": "MIL",
    "القوات الجوية": "MIL", "سلاح الجو": "MIL", "وزارة الدفاع": "MIL", "الإدارة العسكرية": "MIL",
    "الحكومة": "GOV", "حكومة": "GOV", "الرئاسة": "GOV", "السلطات": "GOV", "وزارة الخارجية": "GOV",
    "الخارجية": "GOV", "الدبلوماسية": "GOV", "الشرطة": "COP", "قوات الأمن": "COP", "وزارة الداخلية": "COP",
    "البرلمان": "LEG", "المخابرات": "SPY", "الاستخبارات": "SPY", "المعارضة": "OPP", "القضاء": "JUD",
}.items()}
# Words that make a place name a bigger place of that kind: ميناء طرابلس, مطار معيتيقة.
# (Facilities only: "مدينة طوباس" is the town طوباس, but "ميناء طرابلس" is not Tripoli.)
PLACE_HEADS = frozenset(normalize(w) for w in "ميناء مطار قاعدة مرفأ معبر حقل".split())
# A head noun after these is part of a title (وزير الخارجية الروسي), not an institution.
TITLE_WORDS = frozenset(normalize(w) for w in "وزير وزيرة رئيس رئيسة سفير سفيرة نائب مبعوث متحدث".split())
GENERIC_HEADS = frozenset(normalize(w) for w in "حركة صحيفة جريدة وكالة قناة تلفزيون إذاعة موقع".split())
FUZZY_CUTOFF = 90
FUZZY_CACHE = 20_000  # names whose fuzzy lookup is remembered
COMMON_WORD_FREQ = 20


class EntityLinker:
    """Adds entity mentions: KB actors (aliases, nisba forms), places with coordinates, and the
    recogniser's spans; overlapping spans resolve to the longest, best-typed one; unlinked names
    are linked by close spelling; places are resolved by the document's countries."""

    def __init__(self, kb: KnowledgeBase, places: Gazetteer, recognizer=None, lexicon=None):
        self.kb, self.places, self.recognizer, self.lexicon = kb, places, recognizer, lexicon
        self._fuzzy_seen: dict = {}  # (type, name) → best fuzzy alias hit

    @cached_property
    def actor_matcher(self) -> NameMatcher:
        return NameMatcher((key, e) for key, entries in self.kb.aliases.items() for e in entries)

    @cached_property
    def place_matcher(self) -> NameMatcher:
        """Curated place names only (the project's lists, countries, capitals): the big geonames list
        geocodes what the recogniser finds but is too full of common words to find places itself."""
        return NameMatcher((key, key) for key, cands in self.places.names.items() if any(p.project for p in cands))

    @cached_property
    def fuzzy_choices(self) -> dict[str, dict[str, list[str]]]:
        """Per type, alias key → actor ids, for close-spelling links (شويجو ~ شويغو)."""
        out: dict[str, dict[str, list[str]]] = {}
        for key, entries in self.kb.aliases.items():
            for e in entries:
                if e.kind in ("name", "alias") and len(key) >= 4:
                    out.setdefault(self.kb.actors[e.actor_id].type, {}).setdefault(key, []).append(e.actor_id)
        return out

    @cached_property
    def fuzzy_lengths(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Per type, the fuzzy choices in order and their lengths: a ratio of FUZZY_CUTOFF or more
        needs lengths within a ratio of each other, so only those keys are scored (same best hit)."""
        return {t: (np.array(list(ch), dtype=object), np.array([len(k) for k in ch])) for t, ch in self.fuzzy_choices.items()}

    def __call__(self, doc: Document) -> Document:
        candidates: list[tuple[Mention, int]] = []  # (mention, priority: KB 3, place 2, model 1)
        for s in doc.sentences:
            for m in self.actor_matcher.find(s.tokens):
                candidates.append((self._actor_mention(doc, s.tokens, m), 3))
            for m in self.place_matcher.find(s.tokens):
                candidates.append((Mention(doc.text[m.start:m.end], "LOC", m.start, m.end), 2))
        model = self.recognizer.mentions(doc) if self.recognizer is not None else []
        candidates = [(m, p) for m, p in candidates if p == 3 or not self._common_word(m, model)]
        candidates += [(m, 1) for m in model]
        mentions = merge(candidates, doc)
        mentions = [p for m in mentions for p in split_coordinated(m, doc)]
        for m in mentions:
            if m.type == "PER":
                strip_titles(m, doc)
            elif m.type == "ORG" and m.actor_id:
                self._strip_generic_head(m, doc)
        for m in mentions:
            if m.actor_id is None and m.type in ("PER", "ORG"):
                self._fuzzy_link(m)
        countries = Counter(m.country for m in mentions if m.country)
        for m in mentions:
            if m.type == "LOC" and m.lat is None:
                place = self.places.resolve(m.text, countries) or self._place_without_clitic(m, countries)
                if place:
                    self._set_place(m, place)
        for m in mentions:
            if m.type == "LOC":
                widen_place(m, doc)
        doc.entities.extend(drop_contained(mentions))
        return doc

    def _strip_generic_head(self, m: Mention, doc: Document) -> None:
        """حركة حماس → حماس, صحيفة هآرتس → هآرتس: the name without a generic head noun, as NER
        corpora mark it, when the rest alone names the same actor."""
        first, _, rest = m.text.partition(" ")
        if rest and normalize(first) in GENERIC_HEADS and \
                any(e.actor_id == m.actor_id for e in self.kb.aliases.get(alias_key(rest), ())):
            start = m.end - len(rest)
            m.start, m.text = start, doc.text[start:m.end]

    def _common_word(self, m: Mention, model: list[Mention]) -> bool:
        """A one-word place name that is also a common word (الخمس, المرج) counts only where
        the recogniser also sees a place."""
        key = alias_key(m.text)
        if " " in key or self.lexicon is None or self.lexicon.freq(key) < COMMON_WORD_FREQ:
            return False
        if any(p.kind in ("country", "capital") for p in self.places.candidates(m.text)):
            return False
        return not any(r.type == "LOC" and r.start < m.end and m.start < r.end for r in model)

    def _actor_mention(self, doc: Document, tokens, m: Match) -> Mention:
        entries = m.values
        entry = next((e for e in entries if e.kind in ("name", "alias")), entries[0])
        actor = self.kb.actors[entry.actor_id]
        mention = Mention(doc.text[m.start:m.end], actor.type, m.start, m.end)
        link_actor(mention, actor, doc.published)
        if entry.kind == "nisba":
            mention.kind = "nisba"
            self._head_before_nisba(doc, tokens, m, mention, actor)
        return mention

    def _head_before_nisba(self, doc, tokens, m: Match, mention: Mention, actor: Actor) -> None:
        """الجيش التركي: widen a nisba to its head noun and take the head's sector."""
        for n in (2, 1):
            if m.first - n < 0:
                continue
            words = tuple(normalize(t.text) for t in tokens[m.first - n:m.first])
            first = tokens[m.first - n]
            stripped = (words[0][1:],) + words[1:] if words[0][:1] in "وفبل" else None
            sector = SECTOR_HEADS.get(words) or (SECTOR_HEADS.get(stripped) if stripped else None)
            before = tokens[m.first - n - 1].norm if m.first - n - 1 >= 0 else ""
            if sector and (before in TITLE_WORDS or before[1:] in TITLE_WORDS):
                return
            if sector:
                start = first.start + (1 if SECTOR_HEADS.get(words) is None else 0)
                mention.start, mention.text = start, doc.text[start:mention.end]
                mention.type, mention.sector, mention.kind = "ORG", sector, "descriptor"
                return

    def _fuzzy_link(self, m: Mention) -> None:
        from rapidfuzz import fuzz, process

        choices = self.fuzzy_choices.get(m.type, {})
        key = alias_key(m.text)
        if not choices or len(key) < 4:
            return
        n_words = len(key.split())
        if (m.type, key) not in self._fuzzy_seen:
            # ratio = 100·(1 − indel/(a+b)) and indel ≥ |a−b|: other lengths cannot reach the cutoff
            keys, lengths = self.fuzzy_lengths[m.type]
            slack = (100 - FUZZY_CUTOFF) / 100
            lo, hi = len(key) * (1 - slack) / (1 + slack), len(key) * (1 + slack) / (1 - slack)
            near = keys[(lengths >= lo) & (lengths <= hi)].tolist()  # in the choices' order
            remember(self._fuzzy_seen, (m.type, key),
                     process.extractOne(key, near, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF), FUZZY_CACHE)
        hit = self._fuzzy_seen[(m.type, key)]
        if hit and len(hit[0].split()) == n_words and len(set(choices[hit[0]])) == 1:
            link_actor(m, self.kb.actors[choices[hit[0]][0]], None)

    def _place_without_clitic(self, m: Mention, countries: Counter) -> Place | None:
        if m.text[:1] in "وبلف" and len(m.text) > 3:
            return self.places.resolve(m.text[1:], countries)
        return None

    def _set_place(self, m: Mention, place: Place) -> None:
        m.lat, m.lon = place.lat, place.lon
        m.country = m.country or place.country
        if m.actor_id is None:
            m.actor_id = place.id
            m.name = place.name


def drop_contained(mentions: list[Mention]) -> list[Mention]:
    """The mentions that no longer mention contains (same-span mentions all stay)."""
    order = sorted(mentions, key=lambda m: (m.start, -m.end))
    dropped: set[int] = set()
    max_end = -1  # furthest end of the mentions starting at or before this one, other spans
    i = 0
    while i < len(order):
        j = i
        while j < len(order) and (order[j].start, order[j].end) == (order[i].start, order[i].end):
            j += 1
        if max_end >= order[i].end:
            dropped.update(id(m) for m in order[i:j])
        max_end = max(max_end, order[i].end)
        i = j
    return [m for m in mentions if id(m) not in dropped]


def split_coordinated(m: Mention, doc: Document) -> list[Mention]:
    """Two persons joined by و in one recognised span (شويغو وحفتر) are two mentions."""
    if m.type != "PER" or m.actor_id or " و" not in m.text:
        return [m]
    out, start = [], m.start
    for i, ch in enumerate(m.text):
        if ch == " " and m.text[i + 1:i + 2] == "و" and i > 0:
            out.append(Mention(doc.text[start:m.start + i], "PER", start, m.start + i))
            start = m.start + i + 2
    out.append(Mention(doc.text[start:m.end], "PER", start, m.end))
    return [x for x in out if x.end > x.start] if all(len(x.text) > 2 for x in out) else [m]


def strip_titles(m: Mention, doc: Document) -> None:
    """A person's name without the titles before it (الشيخ محمد بن راشد → محمد بن راشد), as NER
    corpora mark names; the title stays in the text for coreference."""
    while True:
        first, _, rest = m.text.partition(" ")
        if not rest or normalize(first) not in TITLES or len(rest.split()) < 1:
            return
        start = m.start + len(first) + 1
        while start < m.end and doc.text[start] == " ":
            start += 1
        m.start, m.text = start, doc.text[start:m.end]


def widen_place(m: Mention, doc: Document) -> None:
    """Take a place-kind head noun just before a place name into the mention (ميناء طرابلس)."""
    j = m.start - 1
    while j > 0 and doc.text[j - 1] == " ":
        j -= 1
    if j <= 0 or doc.text[j] != " ":
        return
    k = j
    while k > 0 and not doc.text[k - 1].isspace():
        k -= 1
    word = doc.text[k:j]
    norm = normalize(word)
    if norm in PLACE_HEADS:
        m.start, m.text = k, doc.text[k:m.end]
    elif norm[:1] in "وبلف" and norm[1:] in PLACE_HEADS:
        m.start, m.text = k + 1, doc.text[k + 1:m.end]


def link_actor(m: Mention, actor: Actor, date: str | None) -> None:
    m.actor_id, m.name = actor.id, actor.name_en
    m.country = actor.country
    m.sector = actor.sector_on(date)
    if actor.type == "LOC" and m.type == "LOC" and actor.lat is not None:
        m.lat, m.lon = actor.lat, actor.lon


ADJECTIVE_ENDINGS = ("ي", "ية", "يه", "يين", "يون", "يات")


def merge(candidates: list[tuple[Mention, int]], doc: Document) -> list[Mention]:
    """Resolve overlapping spans. Dictionary spans (KB actors, then curated places) come first.
    A recogniser span is then kept where it overlaps none of them; where it holds exactly one and
    only widens it leftwards (مركز الإعلام في الجيش الوطني الليبي) or by adjectives on the right
    (حكومات الوفاق الوطني الليبية); where it reads a place name as part of a person or an
    organisation (ريال مدريد, دينامو كييف), the recogniser sees the context the list does not; and a
    person it extends to the right (محمد بن راشد آل مكتوم) becomes one mention. A wider span of the
    same type takes the inner actor's link; of another type, its country (الإدارة العسكرية الروسية)."""
    dictionary = sorted([mp for mp in candidates if mp[1] >= 2],
                        key=lambda mp: (-(mp[0].end - mp[0].start), -mp[1], mp[0].start))
    kept: list[Mention] = []
    place_only: set[int] = set()
    for m, prio in dictionary:
        if not any(k.start < m.end and m.start < k.end for k in kept):
            kept.append(m)
            if prio == 2:
                place_only.add(id(m))
    model = sorted([m for m, p in candidates if p < 2], key=lambda m: -(m.end - m.start))
    for m in model:
        inner = [k for k in kept if k.start < m.end and m.start < k.end]
        if not inner:
            kept.append(m)
            continue
        if len(inner) != 1:
            continue
        k = inner[0]
        contains = m.start <= k.start and k.end <= m.end
        if id(k) in place_only and m.type in ("PER", "ORG") and contains:
            kept.remove(k)
            kept.append(m)
            continue
        if not contains and k.type == m.type == "PER" and m.start >= k.start and m.end > k.end:
            k.end, k.text = m.end, doc.text[k.start:m.end]  # the name goes on past the list's form
            continue
        right = doc.text[k.end:m.end].split()
        if not contains or (m.start, m.end) == (k.start, k.end):
            continue
        if right and not all(w.endswith(ADJECTIVE_ENDINGS) for w in right):
            continue
        if k.type == m.type:
            m.actor_id, m.name, m.country, m.sector, m.lat, m.lon = k.actor_id, k.name, k.country, k.sector, k.lat, k.lon
        elif m.type == "ORG" and k.country:
            m.country, m.sector = k.country, k.sector if k.type == "ORG" else None
        else:
            continue
        kept.remove(k)
        kept.append(m)
    kept.sort(key=lambda m: m.start)
    return kept
