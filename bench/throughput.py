"""Throughput and memory of `rasd extract` on a generated corpus, next to a tokenise-only pass.

    python bench/throughput.py [--n 1000 10000] [--words 400]

Articles are built from the sample corpus's sentences, shuffled and recombined into documents of
about --words words (an average news article), so every run sees the same kind of text. Prints
documents/s on one core for the full pipeline and for tokenising alone, their ratio, and the peak
resident memory; memory should stay flat as N grows (documents stream through one at a time).
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def sentences() -> list[str]:
    out = []
    for line in (ROOT / "samples" / "corpus.jsonl").read_text(encoding="utf-8").splitlines():
        for para in json.loads(line)["text"].split("\n\n"):
            out += [s.strip() + "." for s in para.split(".") if len(s.split()) > 3]
    return out


def articles(n: int, words: int, seed: int = 1):
    pool = sentences()
    rnd = random.Random(seed)
    for i in range(n):
        body, count = [], 0
        while count < words:
            s = rnd.choice(pool)
            body.append(s)
            count += len(s.split())
        paras = [" ".join(body[k:k + 3]) for k in range(0, len(body), 3)]
        yield f"bench-{i}", "\n\n".join(paras)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, nargs="+", default=[1000])
    ap.add_argument("--words", type=int, default=400)
    args = ap.parse_args()
    from rasd.pipeline import Pipeline
    from rasd.text.tokenize import tokenize

    pipe = Pipeline()
    pipe.process("تمهيد: تحميل الموارد مرة واحدة.", "2020-01-01")  # load models before timing
    rows = []
    for n in args.n:
        t0 = time.perf_counter()
        ntok = 0
        for doc_id, text in articles(n, args.words):
            ntok += len(tokenize(text))
        tok_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        nev = 0
        for doc_id, text in articles(n, args.words):
            nev += len(pipe.process(text, "2020-02-19", id=doc_id).events)
        ext_s = time.perf_counter() - t0
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rows.append((n, n / ext_s, n / tok_s, ext_s / tok_s, rss, ntok / n, nev))
        print(f"N={n}: extract {n / ext_s:.1f} docs/s/core, tokenise-only {n / tok_s:.1f} docs/s, "
              f"ratio {ext_s / tok_s:.1f}x, peak RSS {rss:.0f} MB, {ntok / n:.0f} tokens/doc, {nev} events", flush=True)


if __name__ == "__main__":
    main()
