"""The data model: typed records that travel through the pipeline, all spans as offsets into Document.text."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Morph:
    """One piece of a token after clitic segmentation: a proclitic, the stem or an enclitic."""

    start: int
    end: int
    text: str
    role: str  # "proclitic" | "stem" | "enclitic"
    tag: str  # CONJ, PREP, DET, FUT, PRON, STEM ...
    norm: str = ""  # normalised matching form of `text`

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "role": self.role, "tag": self.tag}


class Token:
    """A word, number, Latin run or punctuation mark; `norm` is its normalised matching form.
    Its morphs (clitics and stem) are made on first use from `pieces`, the word's cached clitic
    analysis as (start, end, role, tag, norm) relative to the token: most tokens never need them."""

    __slots__ = ("start", "end", "text", "kind", "norm", "_morphs", "pieces", "forms", "stem_norm")

    def __init__(self, start: int, end: int, text: str, kind: str, norm: str = "",
                 morphs: list[Morph] | None = None, forms: list[tuple[str, int]] | None = None,
                 stem_norm: str = "", pieces: list[tuple[int, int, str, str, str]] | None = None):
        self.start, self.end, self.text, self.kind, self.norm = start, end, text, kind, norm
        self._morphs = morphs if morphs is not None or pieces is not None else []
        self.pieces = pieces
        self.forms = forms  # match.first_word_forms
        self.stem_norm = stem_norm  # normalised stem, set by tokenize

    @property
    def morphs(self) -> list[Morph]:
        m = self._morphs
        if m is None:
            at, w = self.start, self.text
            m = self._morphs = [Morph(at + a, at + b, w[a:b], role, tag, n) for a, b, role, tag, n in self.pieces]
        return m

    @morphs.setter
    def morphs(self, value: list[Morph]) -> None:
        self._morphs = value

    def __repr__(self) -> str:
        return f"Token({self.start}, {self.end}, {self.text!r}, {self.kind!r}, {self.norm!r})"

    @property
    def stem(self) -> Morph | None:
        for m in self.morphs:
            if m.role == "stem":
                return m
        return None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"text": self.text, "start": self.start, "end": self.end, "kind": self.kind}
        if self.morphs and len(self.morphs) > 1:
            d["morphs"] = [m.to_dict() for m in self.morphs]
        return d


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    story: int = 0
    tokens: list[Token] = field(default_factory=list)

    def to_dict(self, text: str | None = None, tokens: bool = False) -> dict[str, Any]:
        d: dict[str, Any] = {"start": self.start, "end": self.end, "story": self.story}
        if tokens:
            d["tokens"] = [t.to_dict() for t in self.tokens]
        return d


@dataclass(slots=True)
class Story:
    """A story of the document: its headline (None for the first story of a plain article) and its extent."""

    start: int
    end: int
    headline_start: int | None = None
    headline_end: int | None = None
    lead_start: int | None = None  # a digest's lead paragraph, listing the day's stories
    lead_end: int | None = None

    def to_dict(self, text: str) -> dict[str, Any]:
        headline = None
        if self.headline_start is not None and self.headline_end is not None:
            headline = {
                "text": text[self.headline_start:self.headline_end],
                "start": self.headline_start,
                "end": self.headline_end,
            }
        lead = None
        if self.lead_start is not None and self.lead_end is not None:
            lead = {"text": text[self.lead_start:self.lead_end], "start": self.lead_start, "end": self.lead_end}
        return {"start": self.start, "end": self.end, "headline": headline, "lead": lead}


@dataclass(slots=True)
class Mention:
    """An entity mention: a PER/ORG/LOC span, linked to an actor of the knowledge base when known."""

    text: str
    type: str
    start: int
    end: int
    actor_id: str | None = None
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    lat: float | None = None
    lon: float | None = None
    # "name", or a linked non-name: "nisba" (تركيتين), "descriptor" (الجيش التركي), "title"
    # (الوزير الروسي), "anaphor" (هذا الأخير)
    kind: str = "name"

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "text": self.text, "type": self.type, "start": self.start, "end": self.end,
            "actor_id": self.actor_id, "name": self.name,
        }
        if self.kind != "name":
            d["kind"] = self.kind
        if self.country is not None:
            d["country"] = self.country
        if self.sector is not None:
            d["sector"] = self.sector
        if self.lat is not None and self.lon is not None:
            d["lat"], d["lon"] = self.lat, self.lon
        return d

    def to_actor_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "actor_id": self.actor_id,
                "name": self.name, "country": self.country, "sector": self.sector}

    def to_location_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "name": self.name,
                "country": self.country, "lat": self.lat, "lon": self.lon}


@dataclass(slots=True)
class TextSpan:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(slots=True)
class Event:
    id: str
    type: str
    trigger: TextSpan
    sentence_start: int
    sentence_end: int
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    source: Mention | None = None
    target: Mention | None = None
    location: Mention | None = None
    date: str | None = None
    date_precision: str = "publication"
    negated: bool = False
    hypothetical: bool = False
    confidence: float = 0.5

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "type": self.type, "mode": self.mode, "context": list(self.context),
            "source": self.source.to_actor_dict() if self.source else None,
            "target": self.target.to_actor_dict() if self.target else None,
            "location": self.location.to_location_dict() if self.location else None,
            "date": self.date, "date_precision": self.date_precision,
            "trigger": self.trigger.to_dict(),
            "sentence": {"start": self.sentence_start, "end": self.sentence_end},
            "negated": self.negated, "hypothetical": self.hypothetical,
            "confidence": round(self.confidence, 3),
        }


@dataclass(slots=True)
class Quote:
    speaker: Mention | None
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"speaker": self.speaker.to_dict() if self.speaker else None,
                "text": self.text, "start": self.start, "end": self.end}


@dataclass(slots=True)
class Framing:
    text: str
    start: int
    end: int
    kind: str  # "so-called" | "scare-quotes" | "pejorative"
    about: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "kind": self.kind, "about": self.about}


@dataclass
class Document:
    """One news document. `text` is the cleaned readable text that every offset indexes."""

    id: str
    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    source: str | None = None
    stories: list[Story] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    framing: list[Framing] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def tokens(self) -> list[Token]:
        return [t for s in self.sentences for t in s.tokens]

    def span(self, start: int, end: int) -> str:
        return self.text[start:end]

    def to_dict(self, tokens: bool = False) -> dict[str, Any]:
        """The output contract of DESIGN.md, extended with `source`, `stories` and `sentences`."""
        return {
            "id": self.id,
            "title": self.title,
            "published": self.published,
            "url": self.url,
            "source": self.source,
            "text": self.text,
            "stories": [s.to_dict(self.text) for s in self.stories],
            "sentences": [s.to_dict(tokens=tokens) for s in self.sentences],
            "entities": [m.to_dict() for m in self.entities],
            "events": [e.to_dict() for e in self.events],
            "quotes": [q.to_dict() for q in self.quotes],
            "framing": [f.to_dict() for f in self.framing],
            "warnings": list(self.warnings),
        }


def _mention(d: dict | None, default_type: str = "LOC") -> Mention | None:
    if d is None:
        return None
    return Mention(text=d.get("text") or "", type=d.get("type", default_type), start=d["start"], end=d["end"],
                   actor_id=d.get("actor_id"), name=d.get("name"), country=d.get("country"), sector=d.get("sector"),
                   lat=d.get("lat"), lon=d.get("lon"), kind=d.get("kind", "name"))


def document_from_dict(d: dict[str, Any]) -> Document:
    """A Document back from its output-contract JSON (tokens are not restored)."""
    doc = Document(id=d["id"], text=d["text"], title=d.get("title"), published=d.get("published"),
                   url=d.get("url"), source=d.get("source"), warnings=list(d.get("warnings", [])))
    for s in d.get("stories", []):
        h, lead = s.get("headline"), s.get("lead")
        doc.stories.append(Story(s["start"], s["end"], h["start"] if h else None, h["end"] if h else None,
                                 lead["start"] if lead else None, lead["end"] if lead else None))
    doc.sentences = [Sentence(s["start"], s["end"], s.get("story", 0)) for s in d.get("sentences", [])]
    doc.entities = [_mention(m) for m in d.get("entities", [])]
    for e in d.get("events", []):
        doc.events.append(Event(
            id=e["id"], type=e["type"], trigger=TextSpan(e["trigger"]["start"], e["trigger"]["end"], e["trigger"]["text"]),
            sentence_start=e["sentence"]["start"], sentence_end=e["sentence"]["end"], mode=e.get("mode"),
            context=list(e.get("context", [])), source=_mention(e.get("source"), "ORG"),
            target=_mention(e.get("target"), "ORG"), location=_mention(e.get("location")), date=e.get("date"),
            date_precision=e.get("date_precision", "publication"), negated=e.get("negated", False),
            hypothetical=e.get("hypothetical", False), confidence=e.get("confidence", 0.5)))
    doc.quotes = [Quote(_mention(q.get("speaker"), "PER"), q["text"], q["start"], q["end"]) for q in d.get("quotes", [])]
    doc.framing = [Framing(f["text"], f["start"], f["end"], f["kind"], f.get("about")) for f in d.get("framing", [])]
    return doc
