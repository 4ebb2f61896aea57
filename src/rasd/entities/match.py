"""Find names of a dictionary (actor aliases, place names) in tokenised sentences, clitic-aware."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Iterable, TypeVar

from ..memo import remember
from ..model import Token
from ..text.normalize import normalize
from ..text.tokenize import tokenize

V = TypeVar("V")


def name_words(name: str) -> tuple[str, ...]:
    """A name as the sequence of normalised token texts the matcher compares."""
    return tuple(t.norm for t in tokenize(name) if t.norm not in ('"', "«", "»", "“", "”"))


_forms_cache: dict[str, list[tuple[str, int]]] = {}


def first_word_forms(tok: Token) -> list[tuple[str, int]]:
    """Forms a token can take as the first word of a name, with where the name then starts
    (relative to the token's start): the whole token; without a conjunction or preposition
    (و ف ب ل ك); with an elided article restored (للأمم → الأمم, the span keeping the
    preposition). Computed once per distinct word, and kept on the token."""
    got = tok.forms
    if got is None:
        got = _forms_cache.get(tok.text)
        if got is None:
            got = remember(_forms_cache, tok.text, [(form, start - tok.start) for form, start in _forms(tok)])
        tok.forms = got
    return got


def _forms(tok: Token) -> list[tuple[str, int]]:
    forms = [(tok.norm, tok.start)]
    morphs = tok.morphs
    k = 0
    while k < len(morphs) and morphs[k].role == "proclitic" and morphs[k].tag in ("CONJ", "PREP", "FUT"):
        nxt = morphs[k + 1] if k + 1 < len(morphs) else None
        if nxt is not None and nxt.tag == "DET" and nxt.text.startswith("ل") and morphs[k].tag == "PREP":
            rest = normalize(tok.text[nxt.end - tok.start:])
            forms.append(("ال" + rest, tok.start if k == 0 else morphs[k].start))
            break
        k += 1
        if k < len(morphs):
            forms.append((normalize(tok.text[morphs[k].start - tok.start:]), morphs[k].start))
    # without a pronoun suffix (اعتقلته → اعتقلت, التقاه → التقا): triggers are listed bare
    if morphs and morphs[-1].role == "enclitic":
        start_pos = next((start for _, start in forms[1:2]), tok.start)
        stem_end = morphs[-1].start
        bare = normalize(tok.text[start_pos - tok.start:stem_end - tok.start])
        if bare and bare != forms[-1][0]:
            forms.append((bare, start_pos))
            if bare.endswith("ا"):
                forms.append((bare[:-1] + "ي", start_pos))  # التقاه → التقى
    # و + a word that the segmenter left whole (وتركيا, وحفتر): try it without the conjunction
    if len(forms) == 1 and tok.kind == "word" and tok.norm[:1] in ("و", "ف", "ب", "ل") and len(tok.norm) > 3:
        forms.append((tok.norm[1:], tok.start + 1))
    return forms


@dataclass(slots=True)
class Match(Generic[V]):
    start: int
    end: int
    first: int  # token index of the first word
    last: int  # token index after the last word
    values: list[V]


class NameMatcher(Generic[V]):
    """Greedy longest-match lookup of multi-word names over a sentence's tokens, on a word trie."""

    def __init__(self, names: Iterable[tuple[str, V]]):
        # node = (children by next word, values of the name ending here)
        self.trie: dict[str, tuple[dict, list[V]]] = {}
        for name, value in names:
            words = name_words(name)
            children = self.trie
            node = None
            for w in words:
                node = children.get(w)
                if node is None:
                    node = children[w] = ({}, [])
                children = node[0]
            if node is not None:
                node[1].append(value)
        self._starts: dict[str, tuple] = {}  # word → (trie node, where the name starts) of its forms that begin a name

    def _starts_of(self, tok: Token) -> tuple:
        return remember(self._starts, tok.text, tuple((node, rel) for form, rel in first_word_forms(tok)
                                                      if (node := self.trie.get(form)) is not None))

    def find(self, tokens: list[Token]) -> list[Match[V]]:
        out: list[Match[V]] = []
        known = self._starts
        n = len(tokens)
        i = 0
        while i < n:
            starts = known.get(tokens[i].text)
            if starts is None:
                starts = self._starts_of(tokens[i])
            if not starts:  # most words begin no name: one look-up each
                i += 1
                continue
            best: Match[V] | None = None
            for node, rel in starts:
                hit = (1, node[1]) if node[1] else None
                k = 1
                while i + k < n:
                    node = node[0].get(tokens[i + k].norm)
                    if node is None:
                        break
                    k += 1
                    if node[1]:
                        hit = (k, node[1])
                if hit and (best is None or hit[0] > best.last - best.first):
                    best = Match(tokens[i].start + rel, tokens[i + hit[0] - 1].end, i, i + hit[0], hit[1])
            if best:
                out.append(best)
                i = best.last
            else:
                i += 1
        return out
