"""The event coder: trigger words in each sentence become PLOVER events with source and target
actors, place, date, mode, negation and hypothetical flags, and character offsets for all."""
from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass

from ..entities.kb import KnowledgeBase
from ..model import Document, Event, Mention, Sentence, TextSpan, Token
from ..text.normalize import normalize
from .dates import DATE_WORDS, DateMention, find_dates
from .lexicon import EventLexicon, Trigger

PREPOSITIONS = frozenset(normalize(w) for w in "في على إلى الى من مع عن ضد عند لدى حول قرب فوق تحت بين نحو داخل خارج عبر".split())
LOCATIVE = frozenset(normalize(w) for w in "في قرب فوق داخل بالقرب شمال جنوب شرق غرب وسط أطراف ضواحي محيط عند بمنطقة بمدينة".split())
COMPLEMENTIZERS = frozenset(normalize(w) for w in "أن إن أنه إنه أنها إنها أنهم إنهم بأن بأنه بأنها".split())
PRONOUN_THAT = frozenset(normalize(w) for w in "أنه إنه أنها إنها أنهم إنهم بأنه بأنها".split())
AGENT_MARKERS = [tuple(normalize(w) for w in p.split()) for p in ("من قبل", "على يد", "على أيدي", "من طرف")]
REQUEST_LIKE = ("REQUEST", "THREATEN", "AGREE", "REJECT")
DENIALS = frozenset(normalize(w) for w in "نفى نفت نفوا ينفي تنفي ينفون كذب كذبت".split())
HEAD_TITLES = frozenset(normalize(w) for w in "قائد رئيس زعيم أمين مدير وزير سفير متحدث".split())
SAID = frozenset(normalize(w) for w in "ذكر قال أعلن أكد صرح جاء أوضح أفاد".split())
THAT = frozenset(normalize(w) for w in "ذلك هذا".split())
TEMPORAL = frozenset(normalize(w) for w in "بعد عقب قبل خلال منذ إثر اثر أثناء إبان".split())
# words that may sit between a trigger and its complement noun: رفضت (ال)مشاركة في المحادثات
LINKING = frozenset(normalize(w) for w in "المشاركة مشاركة الانضمام استئناف جولة جولات".split())
RELATIVE_PRONOUNS = frozenset(normalize(w) for w in "الذي التي الذين اللذين اللتين اللواتي".split())
OPENING = 12  # characters into a sentence within which a date opens it
MAX_DATE_DISTANCE = 120  # characters between a trigger and a date that is its own
ARGUED_FACTOR = 0.5
CLAUSE_OPENERS = frozenset(normalize(w) for w in "فيما بينما حيث لكن كما في وفي غير إلا".split())
ACTORLESS_OK = ("ASSAULT", "PROTEST", "RETREAT")  # a blast, a strike, a ceasefire are events without a named actor
BELONGING = frozenset(normalize(w) for w in "تابعة التابعة تابع التابع تابعين التابعين".split())
SOURCE_WINDOW = 4  # tokens after a verb in which its subject (VSO) is looked for
SYMMETRIC = ("CONSULT", "AGREE", "COOPERATE")


@dataclass(slots=True)
class Found:
    trigger: Trigger
    start: int
    end: int
    first: int  # token index
    last: int


def is_actor(m: Mention, kb: KnowledgeBase) -> bool:
    """A mention that can act: a person, an organisation, or a country (not a mere place)."""
    if m.type in ("PER", "ORG"):
        return True
    a = kb.get(m.actor_id)
    return a is not None and a.type == "LOC" and a.id == (a.country or "").lower()


def is_place(m: Mention, kb: KnowledgeBase) -> bool:
    return m.type == "LOC" and m.kind != "nisba" and m.lat is not None


class EventCoder:
    """Adds Document.events."""

    def __init__(self, kb: KnowledgeBase, lexicon: EventLexicon, detector=None):
        self.kb, self.lex, self.detector = kb, lexicon, detector

    @functools.cached_property
    def _future_present(self) -> frozenset[str]:
        return self.lex.cues.future | self.lex.cues.modal | {"لن", "سوف"}

    @functools.cached_property
    def _future_past(self) -> frozenset[str]:
        return self._future_present - {"قد"}  # قد + past verb is "has done", not "may do"

    def __call__(self, doc: Document) -> Document:
        self._mode_cache: dict = {}  # per document: (sentence span, type) → mode cue hits
        prev_actor: Mention | None = None
        for s in doc.sentences:
            ents = [m for m in doc.entities if s.start <= m.start and m.end <= s.end]
            actors = [m for m in ents if is_actor(m, self.kb) and not _adjective_of(doc.text, m, ents)]
            places = [m for m in ents if is_place(m, self.kb)]
            dates = find_dates(doc.text, s.start, s.end, doc.published) if _may_have_date(s) else []
            found = self._triggers(s, ents)
            coded: list[Event] = []
            for k, f in enumerate(found):
                coded.extend(self._code(doc, s, f, found[:k], actors, places, dates, prev_actor))
            kept = self._gate(doc, s, coded)
            attributed = self._said_that(doc, s, actors)
            if attributed is not None:
                for e in doc.events:  # "وقد ذكر ذلك الوزير": the previous sentence was his
                    if e.source is None and e.sentence_end <= s.start and e.sentence_end >= s.start - 2:
                        e.source = attributed
            doc.events.extend(kept)
            named = [m for m in actors if m.kind != "nisba"]
            if named:
                prev_actor = named[0]
        return doc

    def _said_that(self, doc: Document, s: Sentence, actors: list[Mention]) -> Mention | None:
        """The actor of a sentence like "وقد ذكر ذلك X" / "جاء ذلك على لسان X", which attributes the
        sentence before it."""
        toks = s.tokens
        for k in range(min(len(toks) - 1, 4)):
            if _bare(toks[k].norm) in SAID and toks[k + 1].norm in THAT:
                return self._after(toks, k + 2, actors, SOURCE_WINDOW + 2)
        return None

    def _gate(self, doc: Document, s: Sentence, coded: list[Event]) -> list[Event]:
        """Keep an ASSAULT or PROTEST only where the detector reads the sentence as reporting one;
        its probability becomes the event's confidence."""
        if self.detector is None or not self.detector.model:
            return coded
        from .detect import sentence_features

        keep = []
        probs: dict[str, float] = {}
        for e in coded:
            if e.type in self.detector.types:
                if e.type not in probs:
                    probs[e.type] = self.detector.probability(sentence_features(doc, s, coded, e.type), e.type)
                p = probs[e.type]
                th = self.detector.threshold(e.type)
                argued = e.source is not None or e.target is not None
                if p < (th * ARGUED_FACTOR if argued else th) and not (e.negated or e.hypothetical):
                    continue  # an event whose actors the coder found needs less of the detector's belief
                e.confidence = round(max(e.confidence * 0.5, p), 3)
            keep.append(e)
        return keep

    def _triggers(self, s: Sentence, ents: list[Mention]) -> list[Found]:
        """Trigger matches that name an event of their own. Left out: a trigger inside a name
        (الوفاق in حكومة الوفاق); a noun that is the complement of a trigger just before it (رفضت
        مفاوضات جنيف, تعليق المشاركة في محادثات, انتهاك للحظر); and a noun after a temporal preposition
        with no one it was held with (بعد مؤتمر برلين), which recalls an earlier event as background."""
        out: list[Found] = []
        toks = s.tokens
        for m in self.lex.matcher.find(toks):
            if any(e.start < m.end and m.start < e.end for e in ents):
                continue
            trig = max(m.values, key=lambda t: t.confidence)
            f = Found(trig, m.start, m.end, m.first, m.last)
            if trig.pos == "noun" and out and self._complement(toks, out[-1], f, ents):
                continue
            if trig.pos == "noun" and any(tk.norm in RELATIVE_PRONOUNS for tk in toks[:m.first]) \
                    and not self._has_with(toks, f):
                continue  # القرارات التي تم التوصل إليها في المؤتمر: background in a relative clause
            if trig.pos == "noun" and m.first > 0 and _bare(toks[m.first - 1].norm) in TEMPORAL \
                    and not self._has_with(toks, f):
                continue
            out.append(f)
        return out

    def _complement(self, toks: list[Token], prev: Found, f: Found, ents: list[Mention]) -> bool:
        gap = []
        for t in toks[prev.last:f.first]:
            if not any(e.start <= t.start < e.end for e in ents):
                gap.append(t)
                if len(gap) > 3:
                    return False
        if any(t.text in "،,؛:." or t.norm in COMPLEMENTIZERS for t in gap):
            return False
        return all(t.norm in PREPOSITIONS or _bare(t.norm) in PREPOSITIONS or t.norm in LINKING for t in gap)

    def _has_with(self, toks: list[Token], f: Found) -> bool:
        return any(_bare(t.norm) == "مع" for t in toks[f.last:f.last + 2])

    def _code(self, doc: Document, s: Sentence, f: Found, earlier: list[Found], actors: list[Mention],
              places: list[Mention], dates: list[DateMention], prev_actor: Mention | None) -> list[Event]:
        toks = s.tokens
        t = f.trigger
        clause_start = self._clause_start(toks, f.first)
        sources: list[Mention] = []
        targets: list[Mention] = []
        agent = self._agent(toks, f, actors)
        if t.passive or agent:
            sources = self._group(doc.text, agent, actors) if agent else []
            subj = self._after(toks, f.last, actors, SOURCE_WINDOW)
            targets = self._group(doc.text, subj, actors) if subj else []
        else:
            left_adj = self._adjacent_left(doc.text, actors, clause_start, f.start)
            subj = None
            if left_adj is None and t.pos == "verb":
                subj = self._after(toks, f.last, actors, SOURCE_WINDOW)
            if left_adj is not None:
                sources = self._group_back(doc.text, left_adj, actors)
                rest_from = f.end
            elif subj is not None:
                sources = self._group(doc.text, subj, actors)
                rest_from = sources[-1].end
            else:
                left = self._before(actors, clause_start, f.start, doc.text if t.pos != "verb" else None)
                if left is None and clause_start > s.start:
                    left = self._reporter(toks, f, actors, clause_start)
                if left is None and t.pos in ("noun", "participle"):
                    left = self._before(actors, s.start, f.start, doc.text)
                if left is None and prev_actor is not None and t.pos == "noun" and self._has_with(toks, f):
                    left = prev_actor  # بعد محادثات مع ... ، صرح: the talks of the previous sentence's actor
                sources = self._group_back(doc.text, left, actors) if left else []
                rest_from = f.end
            targets = self._targets(doc, toks, t, rest_from, actors, sources)
        if not sources:
            speaker = self._quote_speaker(doc, s, f, actors)
            if speaker is not None:
                sources = [speaker]
        if len(sources) > 1 and not targets and t.type in SYMMETRIC:
            sources, targets = sources[:1], sources[1:]
        rel = next((tk.start for tk in toks[f.last:] if tk.norm in RELATIVE_PRONOUNS), s.end)
        location = self._location(doc, f, [p for p in places if p.start < rel], sources + targets)
        date = self._date(f, [d for d in dates if d.start < rel], s)
        negated = self._negated(toks, f)
        hypothetical = self._hypothetical(toks, f, earlier, date)
        mode = self._mode(s, f, t.type) or self._mode_nearby(doc, s, t.type) or t.mode
        conf = t.confidence * (0.6 + (0.2 if sources else 0) + (0.2 if targets else 0))
        if t.pos == "noun" and not sources and not targets and t.type not in ACTORLESS_OK:
            return []  # a talk, a deal, a ban named with no one doing it is a topic, not an event
        events = []
        for src in sources or [None]:
            for tgt in targets or [None]:
                if src is not None and tgt is not None and src.actor_id and src.actor_id == tgt.actor_id:
                    continue
                events.append(Event(
                    id=_event_id(doc.id, f, src, tgt), type=t.type, trigger=TextSpan(f.start, f.end, doc.text[f.start:f.end]),
                    sentence_start=s.start, sentence_end=s.end, mode=mode, source=src, target=tgt, location=location,
                    date=date.value if date else doc.published, date_precision=date.precision if date else "publication",
                    negated=negated, hypothetical=hypothetical, confidence=conf))
        return events

    # -- arguments --------------------------------------------------------------------------
    def _quote_speaker(self, doc: Document, s: Sentence, f: Found, actors: list[Mention]) -> Mention | None:
        """Inside a direct quote ("لدينا موقف مشترك"), the speaker named before the quote acts."""
        from .quotes import quoted_spans

        if not any(q in doc.text[s.start:s.end] for q in '"«“„'):
            return None
        for a, b in quoted_spans(doc.text, s.start, s.end):
            if a <= f.start < b:
                before = [m for m in actors if s.start <= m.start and m.end <= a and m.kind != "nisba"]
                return max(before, key=lambda m: m.end) if before else None
        return None

    def _clause_start(self, toks: list[Token], i: int) -> int:
        """Start of the clause the trigger is in: after the last complementizer (أن/إن) or colon before it."""
        start = toks[0].start if toks else 0
        for k in range(i - 1, -1, -1):
            if toks[k].norm in COMPLEMENTIZERS or toks[k].text == ":":
                return toks[k].end
        return start

    def _reporter(self, toks: list[Token], f: Found, actors: list[Mention], clause_start: int) -> Mention | None:
        """In "أعلن الجيش أنه أسقط ..." the pronoun of أنه points back to the reporting subject."""
        comp = next((t for t in toks if t.end == clause_start), None)
        if comp is None or comp.norm not in PRONOUN_THAT:
            return None
        before = [m for m in actors if m.end <= comp.start]
        return before[0] if before else None

    def _after(self, toks: list[Token], last: int, actors: list[Mention], window: int) -> Mention | None:
        """The subject after a verb (VSO): the first actor within `window` tokens, passing over a
        title phrase (وزير الدفاع الروسي سيرجي شويغو) but not a preposition or a new clause."""
        k = last
        nisba: Mention | None = None
        while k < min(len(toks), last + window):
            tok = toks[k]
            m = next((a for a in actors if tok.start <= a.start < tok.end), None)
            if m is not None and m.kind != "nisba":
                if tok.morphs and tok.morphs[0].tag == "PREP" and not m.text.startswith(tok.text[:2]):
                    return None
                return m
            if m is None and _bare(tok.norm) in BELONGING and k + 1 < len(toks):
                owner = next((a for a in actors if toks[k + 1].start <= a.start < toks[k + 1].end), None)
                return owner  # طائرة حربية تابعة لقوات حفتر: the owner acts
            if m is None and (tok.norm in PREPOSITIONS or tok.norm in COMPLEMENTIZERS or tok.text in "،,؛:.") \
                    or (m is None and tok.morphs and tok.morphs[0].tag == "PREP"):
                return nisba
            if m is not None:  # a nisba inside a title or a group's name: go on past it
                if m.text.endswith(("يين", "يون", "ين")) and nisba is None:
                    nisba = m  # a people's plural (المهنيين السودانيين) names a group; طائرة تركية does not
                while k < len(toks) and toks[k].start < m.end:
                    k += 1
                window += 1
                continue
            k += 1
        return nisba  # تجمع المهنيين السودانيين: no name, but the group's country

    def _adjacent_left(self, text: str, actors: list[Mention], lo: int, hi: int) -> Mention | None:
        """An actor right before the trigger, opening its clause: the subject of SVO order."""
        cands = [m for m in actors if lo <= m.start and m.end <= hi and m.kind != "nisba" and not text[m.end:hi].strip()]
        if not cands:
            return None
        m = cands[0]
        head = text[lo:m.start].strip()
        return m if not head or head in ("و", "ف") or head.endswith(("،", ",", ":")) else None

    def _before(self, actors: list[Mention], lo: int, hi: int, text: str | None = None) -> Mention | None:
        """The nearest actor before `hi`; with `text`, one inside a prepositional or temporal phrase
        (عقب اجتماع مجلس الاتحاد الأوروبي) is passed over when another is there."""
        cands = [m for m in actors if lo <= m.start and m.end <= hi and m.kind != "nisba"]
        if text is not None:
            free = [m for m in cands if not _governed(text, m)]
            cands = free or cands
        return max(cands, key=lambda m: m.end) if cands else None

    def _group(self, text: str, first: Mention, actors: list[Mention]) -> list[Mention]:
        """An actor and those coordinated with it by و right after: شويغو وحفتر."""
        group = [first]
        for m in sorted(actors, key=lambda m: m.start):
            if m.start >= group[-1].end and m.start - group[-1].end <= 3 and _joined(text, group[-1], m):
                group.append(m)
        return group

    def _group_back(self, text: str, last: Mention, actors: list[Mention]) -> list[Mention]:
        group = [last]
        for m in sorted(actors, key=lambda m: -m.start):
            if m.end <= group[0].start and group[0].start - m.end <= 3 and _joined(text, m, group[0]):
                group.insert(0, m)
        return group


    def _targets(self, doc: Document, toks: list[Token], t: Trigger, pos: int, actors: list[Mention],
                 sources: list[Mention]) -> list[Mention]:
        """The target: for a direct object, the first actor after `pos` with no preposition before it;
        for a prepositional one, the first actor after one of the trigger's prepositions (titles may
        come between: مع وزير الخارجية الأردني أيمن الصفدي). An organisation headed by the title of a
        person named right after it stands for that person (قائد الجيش الوطني الليبي، خليفة حفتر)."""
        if t.object == "none" and not t.target_preps:
            return []
        prep: str | None = None
        k = next((i for i, tok in enumerate(toks) if tok.start >= pos), len(toks))
        limit = k + 12
        while k < min(len(toks), limit):
            tok = toks[k]
            if tok.text in "؛.":
                return []
            if tok.text in "،," and k + 1 < len(toks):  # a comma and a clause opener end the clause
                nxt = toks[k + 1]
                if nxt.norm in CLAUSE_OPENERS or (nxt.norm[:1] == "و" and nxt.morphs and nxt.morphs[0].tag == "CONJ"):
                    return []
            m = next((a for a in actors if tok.start <= a.start < tok.end and a not in sources), None)
            glued = tok.morphs[0].tag == "PREP" and len(tok.morphs) > 1 if tok.morphs else False
            if m is None:
                if tok.norm in PREPOSITIONS or _bare(tok.norm) in PREPOSITIONS:
                    prep = _bare(tok.norm)
                elif glued:
                    prep = normalize(tok.morphs[0].text)
                k += 1
                continue
            here = normalize(tok.morphs[0].text) if glued and tok.start < m.start else prep
            if m.kind == "nisba":  # وزير الخارجية الأردني أيمن الصفدي: the name after the title
                named = next((a for a in actors if m.end <= a.start <= m.end + 2 and a.kind != "nisba"), None)
                m = named or m
            wanted = here in t.target_preps if here else t.object == "direct"
            if wanted or (m.kind == "nisba" and here is None and t.object == "direct"):
                return self._group(doc.text, self._apposition(doc, m, actors), actors)
            if here is not None and here not in t.target_preps and t.object != "prep":
                return []
            while k < len(toks) and toks[k].start < m.end:
                k += 1
        return []

    def _apposition(self, doc: Document, m: Mention, actors: list[Mention]) -> Mention:
        if m.type != "ORG":
            return m
        before = normalize(doc.text[max(0, m.start - 10):m.start]).split()
        if not before or _bare(before[-1]) not in HEAD_TITLES:
            return m
        nxt = min((a for a in actors if a.start >= m.end and a.type == "PER"), key=lambda a: a.start, default=None)
        if nxt is not None and doc.text[m.end:nxt.start].strip(" ،,") == "" or (
                nxt is not None and len(doc.text[m.end:nxt.start].split()) <= 2
                and doc.text[m.end:nxt.start].strip().startswith(("،", ","))):
            return nxt
        return m

    def _prep_before(self, doc: Document, m: Mention) -> str | None:
        """The preposition that governs a mention: a clitic ب/ل glued to it, or the word before it."""
        j = m.start
        k = j
        while k > 0 and not doc.text[k - 1].isspace():
            k -= 1
        glued = normalize(doc.text[k:j])
        if glued in ("ب", "ل", "وب", "ول", "فب"):
            return glued[-1]
        if glued:
            return None
        w = k - 1
        while w > 0 and doc.text[w - 1] == " ":
            w -= 1
        a = w
        while a > 0 and not doc.text[a - 1].isspace():
            a -= 1
        word = normalize(doc.text[a:w])
        word = word[1:] if word[:1] == "و" and word[1:] in PREPOSITIONS else word
        return word if word in PREPOSITIONS else None

    def _agent(self, toks: list[Token], f: Found, actors: list[Mention]) -> Mention | None:
        for k in range(f.last, min(len(toks) - 1, f.last + 8)):
            pair = (toks[k].norm, toks[k + 1].norm)
            if pair in AGENT_MARKERS:
                return self._after(toks, k + 2, actors, 3)
        return None

    def _location(self, doc: Document, f: Found, places: list[Mention], parties: list[Mention]) -> Mention | None:
        cands = []
        for m in places:
            if any(p is m for p in parties):
                continue
            prep = self._prep_before(doc, m)
            if prep in LOCATIVE or prep == "ب" or self._loc_head(doc, m):
                cands.append(m)
        if not cands:
            return None
        return min(cands, key=lambda m: (m.start < f.start, abs(m.start - f.end)))

    def _loc_head(self, doc: Document, m: Mention) -> bool:
        before = normalize(doc.text[max(0, m.start - 12):m.start]).split()
        return bool(before) and before[-1] in LOCATIVE

    def _date(self, f: Found, dates: list[DateMention], s: Sentence | None = None) -> DateMention | None:
        """The date nearest the trigger within reach; a date opening the sentence (في يوم الاثنين 17
        فبراير ، أعلن ...) dates all of it."""
        dates = [d for d in dates if abs(d.start - f.end) <= MAX_DATE_DISTANCE or abs(f.start - d.end) <= MAX_DATE_DISTANCE
                 or (s is not None and d.start - s.start <= OPENING)]
        if not dates:
            return None
        return min(dates, key=lambda d: abs(d.start - f.end) if d.start >= f.end else abs(f.start - d.end) + 5)

    # -- flags ------------------------------------------------------------------------------
    def _negated(self, toks: list[Token], f: Found) -> bool:
        """A negation just before the trigger (لم يقصف), or a denial governing its clause (نفى ... أن)."""
        if _cue_before(toks, f.first, self.lex.cues.negation, 3):
            return True
        comp = next((k for k in range(f.first - 1, -1, -1) if toks[k].norm in COMPLEMENTIZERS), None)
        if comp is not None:
            return any(_bare(toks[k].norm) in DENIALS for k in range(max(0, comp - 6), comp))
        return False

    def _hypothetical(self, toks: list[Token], f: Found, earlier: list[Found], date: DateMention | None) -> bool:
        cues = self.lex.cues
        head = toks[f.first]
        if head.morphs and any(m.tag == "FUT" for m in head.morphs):
            return True
        before = self._future_present if head.norm[:1] in PRESENT_PREFIXES else self._future_past
        if _cue_before(toks, f.first, before, 4):
            return True
        if _cue_before(toks, f.first, cues.conditional, f.first):
            return True
        if _cue_after(toks, f.last, cues.future, 4):
            return True
        if f.trigger.pos == "noun" and any(e.trigger.type in REQUEST_LIKE for e in earlier):
            return True
        return bool(date and date.future)

    def _mode_hits(self, s: Sentence, etype: str) -> list:
        """Mode cues of one type in a sentence, found once per sentence and type."""
        key = (s.start, s.end, etype)
        if key not in self._mode_cache:
            matcher = self.lex.mode_matchers.get(etype)
            self._mode_cache[key] = matcher.find(s.tokens) if matcher else []
        return self._mode_cache[key]

    def _mode_nearby(self, doc: Document, s: Sentence, etype: str) -> str | None:
        """A mode cue in the sentence before, in the same story (a headline's بدون طيار)."""
        k = next((i for i, x in enumerate(doc.sentences) if x is s), 0)
        if k == 0 or doc.sentences[k - 1].story != s.story:
            return None
        matcher = self.lex.mode_matchers.get(etype)
        hits = self._mode_hits(doc.sentences[k - 1], etype)
        return hits[0].values[0] if hits else None

    def _mode(self, s: Sentence, f: Found, etype: str) -> str | None:
        matcher = self.lex.mode_matchers.get(etype)
        if matcher is None:
            return None
        hits = self._mode_hits(s, etype)
        if not hits:
            return None
        best = min(hits, key=lambda h: abs(h.start - f.end))
        return best.values[0]



PRESENT_PREFIXES = ("ي", "ت", "ن", "ا")


@functools.lru_cache(maxsize=64)
def _split_cues(cues: frozenset[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    """One-word cues (checked by set lookup) and phrases (checked by substring)."""
    return frozenset(c for c in cues if " " not in c), tuple(f" {c} " for c in cues if " " in c)


def _has_cue(words: list[str], cues: frozenset[str]) -> bool:
    single, phrases = _split_cues(cues)
    if any(w in single for w in words):
        return True
    if phrases:
        text = " " + " ".join(words) + " "
        return any(p in text for p in phrases)
    return False


def _cue_before(toks: list[Token], i: int, cues: frozenset[str], width: int) -> bool:
    """Whether one of the (possibly multi-word) cues occurs in the `width` words before token i."""
    return _has_cue([_bare(t.norm) for t in toks[max(0, i - width):max(0, i)]], cues)


def _cue_after(toks: list[Token], i: int, cues: frozenset[str], width: int) -> bool:
    return _has_cue([_bare(t.norm) for t in toks[i:i + width]], cues)


def _governed(text: str, m: Mention) -> bool:
    """Whether a mention sits in a prepositional or temporal phrase: a preposition among the two
    words before it, or glued to it (بحكومة), except the ب of "ما يسمى ب"."""
    k = m.start
    while k > 0 and not text[k - 1].isspace():
        k -= 1
    glued = normalize(text[k:m.start])
    before = normalize(text[max(0, k - 30):k]).split()[-2:]
    if before and before[-1] in ("يسمي", "تسمي", "يعرف", "تعرف"):
        return False
    if glued and glued[-1:] in ("ب", "ل", "ك"):
        return True
    return any(_bare(w) in PREPOSITIONS or _bare(w) in TEMPORAL for w in before)


def _adjective_of(text: str, m: Mention, ents: list[Mention]) -> bool:
    """A country adjective right after a name qualifies that name (حكومة التوافق الوطنية الليبية)."""
    return m.kind == "nisba" and any(e.end < m.start and e.kind != "nisba" and text[e.end:m.start] == " " for e in ents)


_DATE_WORDS_CONJ = DATE_WORDS | {c + w for w in DATE_WORDS for c in "وف" if len(w) >= 3}  # _bare's forms


def _may_have_date(s: Sentence) -> bool:
    """A cheap look for a number or a date word before running the date patterns."""
    return any(t.kind == "number" or t.norm in _DATE_WORDS_CONJ for t in s.tokens)


def _bare(norm: str) -> str:
    return norm[1:] if norm[:1] in "وف" and len(norm) > 3 else norm


def _joined(text: str, a: Mention, b: Mention) -> bool:
    """Two mentions coordinated by و (mentions leave the clitic out, so it sits between them)."""
    return text[a.end:b.start].strip() == "و"


def _event_id(doc_id: str, f: Found, src: Mention | None, tgt: Mention | None) -> str:
    key = f"{doc_id}|{f.start}|{f.end}|{src.start if src else ''}|{tgt.start if tgt else ''}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
