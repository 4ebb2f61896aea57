"""Tokens with offsets, and clitic segmentation (و ف ب ل ك س ال and pronoun suffixes) that keeps offsets."""
from __future__ import annotations

import re
from typing import Sequence

from ..memo import remember
from ..model import Token
from .lexicon import Lexicon
from .normalize import DROPPED, normalize

_AR = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06d5\u06fa-\u06fc"
_MARKS = "\u064b-\u0655\u0670\u0610-\u061a\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640"
_DIGIT = "0-9\u0660-\u0669\u06f0-\u06f9"
WORD_RE = re.compile(rf"[{_AR}][{_AR}{_MARKS}]*")  # the words TOKEN_RE finds, alone
TOKEN_RE = re.compile(
    rf"(?P<word>[{_AR}][{_AR}{_MARKS}]*)"
    rf"|(?P<number>[{_DIGIT}]+(?:[.,\u066b\u066c/:][{_DIGIT}]+)*%?)"
    rf"|(?P<latin>[A-Za-z\u00c0-\u024f]+(?:['’\-][A-Za-z\u00c0-\u024f]+)*)"
    rf"|(?P<punct>[.,;:!?\u060c\u061b\u061f\u06d4\"'«»“”‘’()\[\]{{}}\-–—…/])"
    rf"|(?P<symbol>\S)"
)

# Words that begin like a clitic but are whole words (normalised forms).
NO_SPLIT = frozenset(normalize(w) for w in """
الذي التي الذين اللذان اللتان اللاتي اللواتي اللائي الآن إلى ألا إلا الله اللهم
لكن لكنه لكنها لكي لأن لان لذلك لدى لقد لما لماذا لو لولا ليس ليست لعل
بل بعد بين بينما بدون بسبب كما كان كانت كل كلا كيف كي فقط في فيما فيه فيها وفق وفقا
ولكن وهو وهي وسط وراء وحده
""".split())

PRONOUNS = ("هما", "كما", "هم", "هن", "كم", "كن", "ها", "نا", "ني", "ه", "ك", "ي")
PREP_WORDS = frozenset(normalize(w) for w in "في من عن مع بين عند لدى على إلى حول ضد أمام خلال بعد قبل منذ دون".split())
PRESENT_PREFIX = "يتنأ"


def tokenize(text: str, start: int = 0, end: int | None = None, lexicon: Lexicon | None = None) -> list[Token]:
    """Tokens of text[start:end], offsets into `text`; Arabic words get clitic morphs when a lexicon is given."""
    end = len(text) if end is None else end
    tokens: list[Token] = []
    analyses = lexicon.analyses if lexicon is not None else None
    for m in TOKEN_RE.finditer(text, start, end):
        kind = m.lastgroup or "symbol"
        word = m.group()
        at = m.start()
        if kind == "word" and analyses is not None:
            got = analyses.get(word)
            if got is None:
                got = _analysis(word, lexicon)
            norm, pieces, stem_norm, word = got  # the cached word: one string object per distinct word
        else:
            norm = stem_norm = normalize(word)
            pieces = [(0, len(word), "stem", "STEM", norm)]
        tokens.append(Token(at, m.end(), word, kind, norm, None, None, stem_norm, pieces))
    return tokens


def _letters(word: str) -> tuple[str, Sequence[int]]:
    """The word's letters without diacritics/tatweel, and each letter's index in `word`."""
    if DROPPED.isdisjoint(word):  # most words carry no marks
        return word, range(len(word))
    idx = [i for i, ch in enumerate(word) if ch not in DROPPED]
    return "".join(word[i] for i in idx), idx


def _stem_freq(stem: str, lexicon: Lexicon) -> int:
    """Frequency of a stem; a stem that lost its ta marbuta or alef to a suffix is looked up restored."""
    n = normalize(stem)
    f = lexicon.freq(n)
    if stem.endswith("ت"):
        f = max(f, lexicon.freq(normalize(stem[:-1] + "ة")))
    if stem.endswith("ا"):
        f = max(f, lexicon.freq(normalize(stem[:-1] + "ى")))
    return f


def analyse(letters: str, lexicon: Lexicon) -> list[tuple[int, int, str, str]]:
    """Clitic analysis of a bare word: (start, end, role, tag) pieces over `letters`."""
    norm = normalize(letters)
    if len(letters) < 3 or norm in NO_SPLIT:
        return [(0, len(letters), "stem", "STEM")]
    pieces: list[tuple[int, int, str, str]] = []
    pos = 0
    whole = lexicon.freq(norm)

    def rest_score(p: int) -> int:
        rest = letters[p:]
        best = lexicon.freq(normalize(rest))
        if rest.startswith("ال") and len(rest) >= 4:
            best = max(best, lexicon.freq(normalize(rest[2:])))
        return best

    # Conjunction و / ف
    if letters[0] in "وف" and len(letters) >= 4 and normalize(letters[1:]) not in ():
        rest = letters[1:]
        if rest_score(1) > whole or (rest.startswith(("ال", "بال", "لل", "كال", "س")) and rest_score(1) >= whole and rest_score(1) > 0):
            pieces.append((0, 1, "proclitic", "CONJ"))
            pos = 1
            whole = rest_score(1)
    # Preposition ب ل ك, or future س before a present-tense verb
    if len(letters) - pos >= 4:
        c = letters[pos]
        rest = letters[pos + 1:]
        if c == "ل" and rest.startswith("ل") and len(rest) >= 3:
            # للحكومة = ل + (ا)ل + حكومة, but لليبيا = ل + ليبيا
            with_article = lexicon.freq(normalize(rest[1:]))
            without = lexicon.freq(normalize(rest))
            if with_article >= without and with_article > 0:
                pieces += [(pos, pos + 1, "proclitic", "PREP"), (pos + 1, pos + 2, "proclitic", "DET")]
                pos += 2
                pieces.append((pos, len(letters), "stem", "STEM"))
                return pieces
        if c in "بلك" and (rest.startswith("ال") or rest_score(pos + 1) > whole):
            if rest_score(pos + 1) > 0:
                pieces.append((pos, pos + 1, "proclitic", "PREP"))
                pos += 1
        elif c == "س" and rest[:1] in PRESENT_PREFIX and lexicon.freq(normalize(rest)) > whole:
            pieces.append((pos, pos + 1, "proclitic", "FUT"))
            pos += 1
    # Article
    if letters.startswith("ال", pos) and len(letters) - pos >= 4 and normalize(letters[pos:]) not in NO_SPLIT:
        pieces.append((pos, pos + 2, "proclitic", "DET"))
        pos += 2
        pieces.append((pos, len(letters), "stem", "STEM"))
        return pieces
    # Pronoun suffix (not after an article)
    stem_end = len(letters)
    body = letters[pos:]
    body_freq = lexicon.freq(normalize(body))
    if normalize(body) not in NO_SPLIT:
        for suf in PRONOUNS:
            if not body.endswith(suf) or len(body) - len(suf) < 2:
                continue
            stem = body[: -len(suf)]
            if normalize(stem) in PREP_WORDS or (normalize(stem[:-1] + "ى") in PREP_WORDS and stem.endswith("ي")):
                stem_end = pos + len(stem)
                break
            if len(stem) >= 3 and _stem_freq(stem, lexicon) > max(body_freq, 2) * 2:
                stem_end = pos + len(stem)
                break
    pieces.append((pos, stem_end, "stem", "STEM"))
    if stem_end < len(letters):
        pieces.append((stem_end, len(letters), "enclitic", "PRON"))
    return pieces


def _analysis(word: str, lexicon: Lexicon) -> tuple[str, list[tuple[int, int, str, str, str]], str, str]:
    """A word's normalised form, clitic pieces (start, end, role, tag, norm), normalised stem, and
    the word itself, cached on the lexicon: tokens of one word share that string, so the look-ups
    by token text in later stages' caches match it by identity."""
    letters, idx = _letters(word)
    if not letters:
        pieces = [(0, len(word), "stem", "STEM", normalize(word))]
    else:
        spans = [(idx[a], idx[b] if b < len(idx) else len(word), role, tag)
                 for a, b, role, tag in analyse(letters, lexicon)]
        pieces = [(s, e, role, tag, normalize(word[s:e])) for s, e, role, tag in spans]
    norm = normalize(word)
    stem_norm = next((n for _, _, role, _, n in pieces if role == "stem"), norm)
    return remember(lexicon.analyses, word, (norm, pieces, stem_norm, word))
