"""Framing: distancing or loaded language aimed at an actor: "ما يسمى", scare quotes around an
institution ("الحكومة"، "سلطات"), and pejoratives (عصابات، ميليشيات، مرتزقة، إرهابيين)."""
from __future__ import annotations

from ..entities.kb import KnowledgeBase
from ..model import Document, Framing, Mention
from ..text.normalize import normalize
from .quotes import quoted_spans

# ما يسمى / ما تسمى / ما يعرف / ما يطلق (عليه): "so-called"
SO_CALLED_VERBS = frozenset(normalize(w) for w in "يسمى تسمى يسمي تسمي سمي يعرف تعرف يطلق تطلق".split())
SO_CALLED_AFTER = frozenset(normalize(w) for w in "المزعوم المزعومة المزعومين المدعو المدعوة".split())
PEJORATIVES = frozenset(normalize(w) for w in """
عصابات عصابة العصابات العصابة ميليشيات ميليشيا مليشيات مليشيا الميليشيات الميليشيا المليشيات مرتزقة المرتزقة
إرهابيين إرهابيون الإرهابيين الإرهابيون إرهابية الإرهابية إرهابي الإرهابي متمردين المتمردين المتمردون
الانقلابيين الانقلابيون انقلابيين الخونة خونة عملاء العملاء الظلاميين التكفيريين تكفيريين الغزاة المحتل المحتلين
""".split())
INSTITUTION_WORDS = frozenset(normalize(w) for w in """
الحكومة حكومة سلطات السلطات السلطة الجيش جيش البرلمان برلمان الرئيس رئيس الدولة دولة الشرعية المجلس مجلس
القيادة قيادة الوزارة وزارة المؤسسة القضاء الثوار الثورة الانتخابات الاتفاق الشعب
""".split())
ACTOR_TYPES = ("PER", "ORG", "LOC")
WINDOW = 60  # characters after a marker in which its target is looked for


class FramingFinder:
    """Adds Document.framing, each marker with the actor it is about when one can be told."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb

    def __call__(self, doc: Document) -> Document:
        actors = [m for m in doc.entities if m.actor_id and m.type in ACTOR_TYPES]
        for s in doc.sentences:
            toks = s.tokens
            for i, t in enumerate(toks):
                if t.norm == "ما" and i + 1 < len(toks) and toks[i + 1].norm in SO_CALLED_VERBS:
                    end = toks[i + 1].end
                    target = self._next_actor(actors, end, doc, max_gap=3)
                    doc.framing.append(Framing(doc.text[t.start:end], t.start, end, "so-called", self._about(target, doc)))
                if t.norm in SO_CALLED_AFTER:
                    target = self._prev_actor(actors, t.start)
                    doc.framing.append(Framing(t.text, t.start, t.end, "so-called", self._about(target, doc)))
                stem = t.stem_norm or t.norm
                if t.norm in PEJORATIVES or stem in PEJORATIVES or ("ال" + stem) in PEJORATIVES:
                    start = _after_conj_prep(t)
                    target = self._next_actor(actors, t.end, doc, max_gap=3) or self._covering(actors, t)
                    doc.framing.append(Framing(doc.text[start:t.end], start, t.end, "pejorative", self._about(target, doc)))
            for a, b in quoted_spans(doc.text, s.start, s.end):
                inner = doc.text[a:b]
                words = [normalize(w) for w in inner.split()]
                if not 1 <= len(words) <= 3:
                    continue
                inside = [m for m in actors if a <= m.start and m.end <= b]
                if not inside and not any(w in INSTITUTION_WORDS for w in words):
                    continue
                target = inside[0] if inside else self._next_actor(actors, b, doc, max_gap=WINDOW)
                doc.framing.append(Framing(doc.text[a - 1:b + 1], a - 1, b + 1, "scare-quotes", self._about(target, doc)))
        doc.framing.sort(key=lambda f: f.start)
        return doc

    def _next_actor(self, actors: list[Mention], pos: int, doc: Document, max_gap: int = 12) -> Mention | None:
        """The first actor after a marker; a known actor a little further on beats a mere place."""
        after = [m for m in actors if pos <= m.start <= pos + max_gap + 2]
        if not after:
            return None
        known = [m for m in after if self.kb.get(m.actor_id)]
        first = min(known or after, key=lambda m: m.start)
        if max_gap < WINDOW and doc.text[pos:first.start].count(" ") > max_gap:
            return None
        return first

    def _prev_actor(self, actors: list[Mention], pos: int) -> Mention | None:
        before = [m for m in actors if pos - 30 <= m.end <= pos]
        return max(before, key=lambda m: m.end) if before else None

    def _covering(self, actors: list[Mention], t) -> Mention | None:
        return next((m for m in actors if m.start < t.end and t.start < m.end), None)

    def _about(self, m: Mention | None, doc: Document) -> str | None:
        """The actor a marker aims at: a person stands for the organisation they head on the date;
        a capital or city for its country's government."""
        if m is None:
            return None
        actor = self.kb.get(m.actor_id)
        if actor is None and (m.actor_id or "").startswith("capital-") and m.country:
            head = self.kb.holder("head-of-government", m.country, doc.published)
            actor = head  # "سلطات" طرابلس: the government seated in the capital
        if actor is None:
            return m.country.lower() if m.country else None
        if actor.type == "PER":
            for office in ("head-of-government", "commander", "leader", "head-of-state"):
                for r in actor.roles:
                    if r.org and r.office == office and r.active(doc.published):
                        return r.org
        return actor.id


def _after_conj_prep(t) -> int:
    start = t.start
    for m in t.morphs:
        if m.role == "proclitic" and m.tag in ("CONJ", "PREP"):
            start = m.end
        else:
            break
    return start
