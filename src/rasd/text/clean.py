"""Cleaning: readable Unicode, tidy spacing, repeated page furniture dropped, run-together words split."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..memo import remember
from .lexicon import Lexicon
from .normalize import clean_unicode, normalize
from .tokenize import WORD_RE, _letters

_SPACES = re.compile(r"[ \t]+")
_PUNCT_KEY = re.compile(r"[\W_]+", re.UNICODE)
# Arabic comma/semicolon/question mark glued to the next Arabic word: add the missing space.
_GLUED_PUNCT = re.compile(r"([\u060c\u061b\u061f])(?=[\u0621-\u064a])")
# A ta marbuta or alef maqsura can only end a word: one in the middle marks a missing space.
_FINAL_ONLY = "ةى"


@dataclass
class Cleaned:
    text: str
    title: str | None
    warnings: list[str] = field(default_factory=list)


def line_key(line: str) -> str:
    """What makes two lines 'the same line' for furniture detection."""
    return _PUNCT_KEY.sub("", normalize(line))


def tidy_line(line: str) -> str:
    line = _SPACES.sub(" ", line).strip()
    return _GLUED_PUNCT.sub(r"\1 ", line)


def looks_like_headline(line: str, max_words: int = 20) -> bool:
    """Short, and not ending like a sentence."""
    stripped = line.rstrip("\"'»”’) ")
    if not stripped or stripped[-1] in ".!?؟…:؛,،":
        return False
    if line[0] in "\"'«“(-–—•*":
        return False
    return len(line.split()) <= max_words


PREFIXES = ("", "و", "ف", "ب", "ل", "ك", "س", "وب", "ول", "وس", "فب", "فل", "فس", "ال", "وال", "بال", "فال",
            "كال", "لل", "ولل", "فلل", "وبال")
SUFFIXES = ("", "ه", "ها", "هم", "هما", "هن", "ك", "كم", "كما", "نا", "ني", "ي", "ات", "ون", "ين", "ان", "تان",
            "تين", "وا", "وه", "وها", "وهم", "اته", "اتها", "اتهم", "اتنا", "يه", "يها", "يهم", "تهم", "تها", "ته",
            "ية", "يا", "يين", "يون", "يات", "ت", "تم", "تن", "نا")
# A right half made of plural and pronoun endings is an ending, not a word (اعترافاتهم ≠ اعتراف + اتهم).
_ENDING_ONLY = re.compile(r"^(ات|ت|ن|و|ا|ي|ين|ون|ان)?(ه|ها|هم|هما|هن|ك|كم|نا|ني|ي)$")
MIN_HALF = 4  # shortest half (without a leading و/ف) accepted when splitting a run-together word
MIN_HALF_FREQ = 3


def explained(letters: str, lexicon: Lexicon) -> bool:
    """Whether a word reads as clitics + a known stem (+ plural or pronoun endings)."""
    endings = [suf for suf in SUFFIXES if letters.endswith(suf)]
    for p in PREFIXES:
        if not letters.startswith(p):
            continue
        for suf in endings:
            if len(letters) - len(p) - len(suf) < 2:
                continue
            stem = letters[len(p):len(letters) - len(suf)]
            forms = [stem, stem + "ة"] + ([stem[:-1] + "ة"] if stem.endswith("ت") else [])
            if p.endswith("ل") and not p.endswith("ال"):
                forms.append("ل" + stem)
            if any(lexicon.freq(normalize(f)) >= 2 for f in forms):
                return True
    return False


def split_run_together(word: str, lexicon: Lexicon) -> tuple[str, str] | None:
    """Split a word that is two known words with the space missing (المشيرخليفة → المشير, خليفة).

    Only an unknown word that no clitic analysis explains is split, only into two frequent known
    words of at least MIN_HALF letters whose right half is not a mere ending; a ta marbuta or alef
    maqsura inside a word is itself proof of a missing space."""
    letters, idx = _letters(word)
    if len(letters) < 2 * MIN_HALF - 1 or len(letters) != len(word):
        inner = next((i for i, ch in enumerate(letters[:-1]) if ch in _FINAL_ONLY), None)
        if inner is None or len(letters) != len(word):
            return None
    norm = normalize(letters)
    if lexicon.known(norm):
        return None
    inner_final = next((i for i, ch in enumerate(letters[:-1]) if ch in _FINAL_ONLY), None)
    if inner_final is not None:
        cut = inner_final + 1
        if cut >= 3 and len(letters) - cut >= 2:
            return word[:cut], word[cut:]
        return None
    if explained(letters, lexicon):
        return None
    best: tuple[int, int] | None = None
    for cut in range(MIN_HALF, len(letters) - MIN_HALF + 1):
        left, right = letters[:cut], letters[cut:]
        core = left[1:] if left[0] in "وف" and not lexicon.known(normalize(left)) else left
        if len(core) < MIN_HALF or _ENDING_ONLY.match(right) or (core.startswith("ال") and len(core) < 5):
            continue
        fl = _known_freq(left, lexicon)
        fr = _known_freq(right, lexicon)
        if fl >= MIN_HALF_FREQ and fr >= MIN_HALF_FREQ:
            score = min(fl, fr)
            if best is None or score > best[1]:
                best = (cut, score)
    if best is None:
        return None
    return word[: best[0]], word[best[0]:]


def _known_freq(part: str, lexicon: Lexicon) -> int:
    """A half counts as known as a word, or as a known word behind a و/ف conjunction."""
    f = lexicon.freq(normalize(part))
    if not f and part[0] in "وف":
        f = lexicon.freq(normalize(part[1:]))
    return f


def fix_run_together(line: str, lexicon: Lexicon) -> tuple[str, list[str]]:
    splits = lexicon.splits  # word → its split or None, for every word seen
    any_split = False
    for word in set(WORD_RE.findall(line)):
        if word in splits:
            parts = splits[word]
        else:
            parts = remember(splits, word, split_run_together(word, lexicon))
        any_split = any_split or parts is not None
    if not any_split:  # most lines
        return line, []
    out: list[str] = []
    fixed: list[str] = []
    last = 0
    for m in WORD_RE.finditer(line):
        word = m.group()
        parts = splits[word] if word in splits else split_run_together(word, lexicon)
        if parts:
            out.append(line[last:m.start()])
            out.append(parts[0] + " " + parts[1])
            last = m.end()
            fixed.append(f"{word} → {parts[0]} {parts[1]}")
    out.append(line[last:])
    return "".join(out), fixed


def clean(raw: str, lexicon: Lexicon, title: str | None = None) -> Cleaned:
    """Clean raw text into Document.text: one paragraph a line, blank line between paragraphs.

    The title is the given one, else a first line that looks like a headline. A line seen before
    (same letters, ignoring diacritics, spacing and punctuation) is page furniture and dropped,
    as is any copy of a given title; with no given title the first copy stays as the headline."""
    warnings: list[str] = []
    text = clean_unicode(raw)
    lines = [tidy_line(ln) for ln in text.split("\n")]
    lines = [ln for ln in lines if ln]
    title_key = line_key(title) if title else None
    seen: set[str] = set()
    kept: list[str] = []
    dropped = 0
    for ln in lines:
        key = line_key(ln)
        if not key:
            kept.append(ln)  # punctuation-only lines are kept as they are
            continue
        if key in seen or (title_key and key == title_key):
            dropped += 1
            continue
        seen.add(key)
        kept.append(ln)
    if dropped:
        warnings.append(f"dropped {dropped} repeated line(s) (page furniture)")
    split_notes: list[str] = []
    for i, ln in enumerate(kept):
        kept[i], notes = fix_run_together(ln, lexicon)
        split_notes += notes
    if split_notes:
        warnings.append("split run-together words: " + "; ".join(split_notes))
    if title is None and kept and looks_like_headline(kept[0]) and len(kept) > 1:
        title = kept[0]
    return Cleaned("\n\n".join(kept), title.strip() if title else None, warnings)
