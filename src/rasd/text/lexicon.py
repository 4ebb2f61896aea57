"""Word frequencies for deciding what is a known Arabic word (clitic stems, run-together words)."""
from __future__ import annotations

from functools import cached_property
from importlib import resources

from .normalize import normalize

# Compiled by tools/build_lexicon.py; project_words.txt is the project's own list, used alone
# when the compiled file is missing.
COMPILED = "words.tsv"
PROJECT_LIST = "project_words.txt"


class Lexicon:
    """Frequencies of normalised word forms. Loads lazily from rasd/data/lexicon on first use."""

    def __init__(self, counts: dict[str, int] | None = None):
        self._given = counts
        self.analyses: dict[str, tuple] = {}  # word → (norm, clitic analysis), filled by text.tokenize
        self.splits: dict[str, tuple[str, str] | None] = {}  # word → run-together split, by text.clean

    @cached_property
    def counts(self) -> dict[str, int]:
        if self._given is not None:
            return {normalize(w): c for w, c in self._given.items()}
        return load_counts()

    def freq(self, word: str) -> int:
        """Frequency of a word given in its normalised form."""
        return self.counts.get(word, 0)

    def known(self, word: str, min_count: int = 1) -> bool:
        return self.counts.get(word, 0) >= min_count


def load_counts() -> dict[str, int]:
    base = resources.files("rasd") / "data" / "lexicon"
    counts: dict[str, int] = {}
    compiled = base / COMPILED
    if compiled.is_file():
        for line in compiled.read_text(encoding="utf-8").splitlines():
            word, _, n = line.partition("\t")
            if word and n.isdigit():
                counts[word] = int(n)
        return counts
    project = base / PROJECT_LIST
    if project.is_file():
        for line in project.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                counts[normalize(line)] = counts.get(normalize(line), 0) + 5
    return counts
