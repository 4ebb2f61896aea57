"""Score rasd's whole entity stage (knowledge base + gazetteer + CRF, merged) on the ANERcorp dev
split, next to the CRF alone, with ANERcorp's conventions: names only (mentions of kind "name").

    python tools/eval_ner_pipeline.py [--train ../shared/data/anercorp/train.txt]

The dev split is the one tools/train_ner.py held out (the last sentences, see ner_metrics.json).
Each dev sentence is joined with spaces, run through the pipeline, and its mentions mapped back
to ANERcorp's tokens (cleaning drops only invisible marks, which are dropped here first).
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from train_ner import MODELS, ROOT, read_conll, score

from rasd.pipeline import Pipeline


def to_bio(words: list[str], text: str, doc_text: str, mentions) -> list[str]:
    orig = [i for i, c in enumerate(text) if not c.isspace()]
    cleaned = [i for i, c in enumerate(doc_text) if not c.isspace()]
    back = dict(zip(cleaned, orig))
    offs, p = [], 0
    for w in words:
        offs.append((p, p + len(w)))
        p += len(w) + 1
    bio = ["O"] * len(words)
    for m in mentions:
        if m.kind != "name":
            continue
        s, e = back.get(m.start), back.get(m.end - 1)
        if s is None or e is None:
            continue
        idx = [i for i, (a, b) in enumerate(offs) if a <= e and s < b]
        for j, i in enumerate(idx):
            bio[i] = ("B-" if j == 0 else "I-") + m.type
    return bio


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", default=str(ROOT.parent / "shared" / "data" / "anercorp" / "train.txt"))
    args = ap.parse_args()
    n_dev = json.loads((MODELS / "ner_metrics.json").read_text())["dev_sentences"]
    dev = read_conll(Path(args.train))[-n_dev:]
    pipe = Pipeline()
    gold, full, crf = [], [], []
    for words, tags in dev:
        words = [w.replace("\u200f", "") or "-" for w in words]
        text = " ".join(words)
        doc = pipe.process(text, "2008-01-01")
        gold.append(tags)
        full.append(to_bio(words, text, doc.text, doc.entities))
        crf.append(to_bio(words, text, doc.text, pipe.resources.recognizer.mentions(doc)))
    for name, pred in (("pipeline", full), ("crf only", crf)):
        r = score(gold, pred)
        print(name, {k: r[k]["f1"] for k in ("PER", "ORG", "LOC", "PER+ORG+LOC")})


if __name__ == "__main__":
    main()
