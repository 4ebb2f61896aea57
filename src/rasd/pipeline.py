"""The pipeline: raw text in, an enriched Document out, through ordered stages."""
from __future__ import annotations

import datetime as dt
import gc
from contextlib import contextmanager
from functools import cached_property
from typing import Callable, Iterable, Iterator

from .io.readers import RawDoc, content_id
from .model import Document
from .text import segment
from .text.clean import clean
from .text.lexicon import Lexicon
from .text.tokenize import tokenize

Stage = Callable[[Document], Document]


def parse_published(value: str | None) -> str | None:
    """YYYY-MM-DD from a date or datetime string; ValueError when it is not one."""
    if value is None or not str(value).strip():
        return None
    s = str(value).strip()
    try:
        return dt.date.fromisoformat(s[:10]).isoformat()
    except ValueError:
        raise ValueError(f"published date {value!r} is not YYYY-MM-DD") from None


BATCH = 64  # documents extracted together by Pipeline.pipe and `rasd extract`


def batches(items: Iterable, size: int) -> Iterator[list]:
    """Consecutive lists of `size` items (the last may be shorter)."""
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@contextmanager
def gc_paused():
    """No cyclic garbage collection inside: extraction makes no reference cycles (checked: a
    collection after a batch finds nothing to free), so its objects all go by reference counting,
    and the collector would only walk a batch's ~10^6 live objects again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Resources:
    """Heavy shared resources, loaded once and lazily."""

    @cached_property
    def lexicon(self) -> Lexicon:
        return Lexicon()

    @cached_property
    def kb(self):
        from .entities.kb import KnowledgeBase
        return KnowledgeBase()

    @cached_property
    def places(self):
        from .entities.places import Gazetteer
        return Gazetteer(self.kb)

    @cached_property
    def events(self):
        from .events.lexicon import EventLexicon
        return EventLexicon()

    @cached_property
    def recognizer(self):
        from .entities.recognize import Recognizer
        return Recognizer(self.kb, self.lexicon)


class EntityStage:
    """Adds entity mentions: KB actors, places with coordinates, the recogniser's names, coreference."""

    def __init__(self, resources: Resources, use_model: bool = True):
        from .entities.coref import Coreference
        from .entities.link import EntityLinker

        self.linker = EntityLinker(resources.kb, resources.places, resources.recognizer if use_model else None,
                                   resources.lexicon)
        self.coref = Coreference(resources.kb)

    def prepare(self, docs: list[Document]) -> None:
        """Batch work for many documents before each is linked: the recogniser's tagging."""
        if self.linker.recognizer is not None:
            self.linker.recognizer.prepare(docs)

    def __call__(self, doc: Document) -> Document:
        return self.coref(self.linker(doc))


class Segmenter:
    """Adds stories, sentences and tokens (with clitic morphs)."""

    def __init__(self, resources: Resources):
        self.resources = resources

    def __call__(self, doc: Document) -> Document:
        doc.stories = segment.stories(doc.text, doc.title)
        doc.sentences = segment.sentences(doc.text, doc.stories)
        lex = self.resources.lexicon
        for s in doc.sentences:
            s.tokens = tokenize(doc.text, s.start, s.end, lex)
        return doc


class EventStage:
    """Adds events (PLOVER), quotes and framing markers."""

    def __init__(self, resources: Resources, detector: bool = True):
        from .events.code import EventCoder
        from .events.detect import Detector
        from .events.framing import FramingFinder
        from .events.quotes import QuoteFinder

        self.coder = EventCoder(resources.kb, resources.events, Detector() if detector else None)
        self.quotes = QuoteFinder()
        self.framing = FramingFinder(resources.kb)

    def __call__(self, doc: Document) -> Document:
        return self.framing(self.quotes(self.coder(doc)))


class Pipeline:
    """Cleaning makes the Document; each stage then adds to it and never rewrites earlier work."""

    def __init__(self, stages: list[Stage] | None = None, resources: Resources | None = None, detector: bool = True):
        self.resources = resources or Resources()
        self.stages: list[Stage] = stages if stages is not None else [
            Segmenter(self.resources), EntityStage(self.resources), EventStage(self.resources, detector)]

    def make_document(self, raw: RawDoc) -> Document:
        """Clean a raw document into a Document (text, title, published, warnings)."""
        warnings: list[str] = []
        try:
            published = parse_published(raw.published)
        except ValueError as e:
            published = None
            warnings.append(str(e) + "; ignored")
        cleaned = clean(raw.text or "", self.resources.lexicon, title=raw.title)
        doc = Document(id=raw.id, text=cleaned.text, title=cleaned.title, published=published,
                       url=raw.url, source=raw.source)
        doc.warnings = warnings + cleaned.warnings
        return doc

    def process_raw(self, raw: RawDoc) -> Document:
        return self.run_stages(self.make_document(raw))

    def run_stages(self, doc: Document) -> Document:
        for stage in self.stages:
            doc = stage(doc)
        return doc

    def run_many(self, docs: list[Document]) -> list[Document]:
        """run_stages on many documents, a stage at a time, so that a stage with a `prepare(docs)`
        does its batch work for all of them at once (same results as one by one)."""
        with gc_paused():
            for stage in self.stages:
                prepare = getattr(stage, "prepare", None)
                if prepare is not None:
                    prepare(docs)
                docs = [stage(doc) for doc in docs]
        return docs

    def process(self, text: str, published: str | None = None, *, id: str | None = None,
                title: str | None = None, url: str | None = None, source: str | None = None) -> Document:
        return self.process_raw(RawDoc(id=id or content_id(text), text=text, title=title,
                                       published=published, url=url, source=source))

    def warm_up(self) -> "Pipeline":
        """Load every resource now rather than on the first document, then freeze them out of the
        garbage collector's sight (gc.freeze): a long run then spends ~1% of its time collecting
        instead of ~4% walking the knowledge base and lexicons again and again. Process-wide: the
        collector's thresholds are raised too (below)."""
        self.process("تمهيد: التقى وزير الخارجية نظيره في طرابلس أمس.", "2020-01-01")
        gc.collect()
        gc.freeze()
        # a batch of documents keeps ~100k small objects alive (tokens, mentions): collecting the
        # youngest generation every 10,000 allocations rather than 700 halves the time spent in the
        # collector (12% → 6% of an extraction run); refcounting still frees everything acyclic at once
        gc.set_threshold(10_000, 10, 10)
        return self

    def pipe(self, raws: Iterable[RawDoc], batch_size: int = BATCH) -> Iterator[Document]:
        """Documents of raw inputs, in order, extracted batch_size at a time (run_many)."""
        for batch in batches(raws, batch_size):
            yield from self.run_many([self.make_document(raw) for raw in batch])
