"""Rebuild src/rasd/data/lexicon/words.tsv: normalised word frequencies for clitic and run-together decisions.

Sources: the project's own word list (project_words.txt), the project's sample corpus, and, when
present, the ANERcorp training file in ../shared/data (word counts only; no sentence is kept).

    python tools/build_lexicon.py [--anercorp ../shared/data/anercorp/train.txt]
"""
from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

from rasd.text.normalize import normalize

ROOT = Path(__file__).resolve().parents[1]
LEX = ROOT / "src" / "rasd" / "data" / "lexicon"
WORD = re.compile(r"^[\u0621-\u064a\u0671-\u06d3\u064b-\u0652\u0670\u0640]+$")
PROJECT_WEIGHT = 5  # a word the project lists is known even if no corpus has it
MIN_CORPUS_COUNT = 2  # corpus words seen once are too often typos or run-together words


def corpus_counts(words) -> Counter:
    c: Counter = Counter()
    for w in words:
        if WORD.match(w):
            c[normalize(w)] += 1
    return c


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--anercorp", default=str(ROOT.parent / "shared" / "data" / "anercorp" / "train.txt"))
    args = ap.parse_args()
    counts: Counter = Counter()
    corpus: Counter = Counter()
    anercorp = Path(args.anercorp)
    if anercorp.is_file():
        corpus += corpus_counts(line.split(" ")[0] for line in anercorp.read_text(encoding="utf-8").splitlines() if line.strip())
    else:
        print(f"note: {anercorp} not found; building from the project's own sources only")
    samples = ROOT / "samples" / "corpus.jsonl"
    if samples.is_file():
        for line in samples.read_text(encoding="utf-8").splitlines():
            if line.strip():
                corpus += corpus_counts(re.findall(r"[\u0621-\u064a\u0671-\u06d3\u064b-\u0652\u0670\u0640]+", json.loads(line)["text"]))
    for w, n in corpus.items():
        if n >= MIN_CORPUS_COUNT:
            counts[w] += n
    for line in (LEX / "project_words.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            counts[normalize(line)] += PROJECT_WEIGHT
    out = LEX / "words.tsv"
    with out.open("w", encoding="utf-8") as f:
        for w, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            f.write(f"{w}\t{n}\n")
    print(f"wrote {out.relative_to(ROOT)}: {len(counts)} words")


if __name__ == "__main__":
    main()
