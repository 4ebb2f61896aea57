"""Segmentation: paragraphs, stories (title, lead, sections with headlines) and sentences, as offsets."""
from __future__ import annotations

import re

from ..model import Sentence, Story
from .clean import looks_like_headline

TERMINAL = ".!?؟؛…\u06d4"
CLOSERS = "\"'»”’)]"
OPEN_QUOTES = {"«": "»", "“": "”", "„": "”"}
MAX_QUOTE = 400  # an unclosed quote stops shielding boundaries after this many characters
_MARKS = re.compile("[" + re.escape(TERMINAL + '"' + "".join(OPEN_QUOTES) + "".join(OPEN_QUOTES.values())) + "]")
# Abbreviations that end with a period (normalised to bare letters, no period).
ABBREVIATIONS = frozenset("""
د م ص ج ق ش ت أ ا ه هـ إلخ الخ ق.م ج.م.ع
mr mrs ms dr prof st no vs etc inc ltd co jr sr gen col lt sgt
""".split())
_PARA = re.compile(r"[^\n]+")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line, trimmed."""
    out = []
    for m in _PARA.finditer(text):
        span = strip_span(text, m.start(), m.end())
        if span:
            out.append(span)
    return out


def strip_span(text: str, a: int, b: int) -> tuple[int, int] | None:
    """text[a:b] without its leading and trailing whitespace; None when nothing is left."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return (a, b) if b > a else None


def stories(text: str, title: str | None) -> list[Story]:
    """Stories of a document. A headline is a short line not ending like a sentence that is followed
    by body text; it opens a new story. The first line, when it is the title, heads the first story;
    when the document has several stories, the first body paragraph is the lead."""
    paras = paragraphs(text)
    if not paras:
        return []
    heads = [looks_like_headline(text[s:e]) for s, e in paras]
    result: list[Story] = []
    current: Story | None = None
    for i, (s, e) in enumerate(paras):
        is_headline = heads[i] and i + 1 < len(paras) and not heads[i + 1]
        if current is None or is_headline:
            if current is not None:
                result.append(current)
            current = Story(start=s, end=e)
            if is_headline:
                current.headline_start, current.headline_end = s, e
        else:
            current.end = e
    assert current is not None
    result.append(current)
    first = result[0]
    if first.headline_start is None and title and text[paras[0][0]:paras[0][1]].strip() == title.strip():
        first.headline_start, first.headline_end = paras[0]
    if len(result) > 1:
        body = [p for p in paras if first.start <= p[0] < first.end and p[0] != first.headline_start]
        if body:
            first.lead_start, first.lead_end = body[0]
    return result


def _word_before(text: str, i: int) -> str:
    j = i
    while j > 0 and not text[j - 1].isspace():
        j -= 1
    return text[j:i].lower().strip("\"'«(“")


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside one paragraph text[start:end]."""
    spans: list[tuple[int, int]] = []
    s = start
    i = start
    quote_close: str | None = None
    quote_open_at = 0
    straight_open = False
    while (m := _MARKS.search(text, i, end)) is not None:
        # only terminals and quotation marks change anything: jump from one to the next, applying
        # the time-out of an unclosed quote that fell on the plain characters skipped
        i = m.start()
        if quote_open_at + MAX_QUOTE + 1 < i:
            quote_close, straight_open = None, False
        ch = text[i]
        if quote_close is not None and (ch == quote_close or i - quote_open_at > MAX_QUOTE):
            quote_close = None
        elif ch in OPEN_QUOTES and quote_close is None and not straight_open:
            quote_close, quote_open_at = OPEN_QUOTES[ch], i
        elif ch == '"':
            straight_open = not straight_open
            quote_open_at = i
        if straight_open and i - quote_open_at > MAX_QUOTE:
            straight_open = False
        if ch in TERMINAL and quote_close is None and not straight_open and _is_boundary(text, i, end):
            j = i + 1
            while j < end and (text[j] in TERMINAL or text[j] in CLOSERS):
                if text[j] == '"':
                    straight_open = False
                j += 1
            spans.append((s, j))
            s = j
            i = j
            continue
        if ch in TERMINAL and (quote_close is not None or straight_open):
            # a sentence that ends inside a quote ends with the quote: "... ." → split after the closer
            j = i + 1
            while j < end and text[j] in TERMINAL:
                j += 1
            if j < end and text[j] in CLOSERS and (j + 1 >= end or text[j + 1].isspace()):
                k = j + 1
                while k < end and text[k] in TERMINAL:
                    k += 1
                if k >= end or (text[k].isspace() and _next_starts_sentence(text, k, end)):
                    quote_close, straight_open = None, False
                    spans.append((s, k))
                    s = i = k
                    continue
        i += 1
    if s < end:
        spans.append((s, end))
    return [span for a, b in spans if (span := strip_span(text, a, b))]


def _next_starts_sentence(text: str, k: int, end: int) -> bool:
    while k < end and text[k].isspace():
        k += 1
    return k < end and not text[k].islower()


def _is_boundary(text: str, i: int, end: int) -> bool:
    """Whether the terminal mark at i ends a sentence (not a decimal, URL, or abbreviation)."""
    ch = text[i]
    nxt = text[i + 1] if i + 1 < end else ""
    if ch == ".":
        prev = text[i - 1] if i > 0 else ""
        if prev.isdigit() and nxt.isdigit():
            return False
        if nxt and not nxt.isspace() and nxt not in CLOSERS and nxt not in TERMINAL:
            return False  # example.org, U.S., 3.5
        word = _word_before(text, i)
        if word.rstrip(".") in ABBREVIATIONS or "." in word or len(word) == 1:
            return False  # د. / U.S. / a single initial
        if nxt and _next_char(text, i + 1, end).islower():
            return False
    return True


def _next_char(text: str, i: int, end: int) -> str:
    while i < end and text[i].isspace():
        i += 1
    return text[i] if i < end else ""


def sentences(text: str, story_list: list[Story]) -> list[Sentence]:
    """Sentences of every paragraph, each tagged with the index of its story."""
    out: list[Sentence] = []
    for s, e in paragraphs(text):
        story = next((k for k, st in enumerate(story_list) if st.start <= s < st.end), 0)
        for a, b in sentence_spans(text, s, e):
            out.append(Sentence(a, b, story))
    return out
