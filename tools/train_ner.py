"""Train the CRF named-entity model on ANERcorp and report entity F1 on a held-out dev split.

    python tools/train_ner.py [--train ../shared/data/anercorp/train.txt] [--dev-share 0.1]

The last `dev-share` of the sentences (a contiguous block, so no article leaks across the split)
is held out: the shipped model is trained on the rest, so its dev score stays honest and a test
can pin it (tests/test_recognize.py). --final trains on every sentence instead.
Writes src/rasd/data/models/ner.crfsuite and ner_metrics.json.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import pycrfsuite

from rasd.entities.kb import KnowledgeBase
from rasd.evaluate import PRF
from rasd.entities.recognize import Gazetteer, sentence_features
from rasd.text.lexicon import Lexicon

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "src" / "rasd" / "data" / "models"
PARAMS = {"c1": 0.1, "c2": 0.05, "max_iterations": 200, "feature.possible_transitions": True,
          "feature.minfreq": 2}


def read_conll(path: Path) -> list[tuple[list[str], list[str]]]:
    sents, words, tags = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) < 2:
            if words:
                sents.append((words, tags))
                words, tags = [], []
            continue
        words.append(parts[0])
        tags.append(parts[-1].replace("PERS", "PER"))
    if words:
        sents.append((words, tags))
    return sents


def entities(tags: list[str]) -> set[tuple[int, int, str]]:
    out, i = set(), 0
    while i < len(tags):
        if tags[i].startswith(("B-", "I-")):
            typ = tags[i][2:]
            j = i + 1
            while j < len(tags) and tags[j] == f"I-{typ}":
                j += 1
            out.add((i, j, typ))
            i = j
        else:
            i += 1
    return out


def score(gold: list[list[str]], pred: list[list[str]]) -> dict:
    """Exact-span entity scores per type, for PER+ORG+LOC together, and their macro F1."""
    counts: dict[str, PRF] = {"ALL": PRF()}
    for g, p in zip(gold, pred):
        ge, pe = entities(g), entities(p)
        for e in ge | pe:
            for typ in (e[2], "ALL"):
                c = counts.setdefault(typ, PRF())
                if e in ge and e in pe:
                    c.tp += 1
                elif e in pe:
                    c.fp += 1
                else:
                    c.fn += 1
    core = PRF()
    for t in ("PER", "ORG", "LOC"):
        if t in counts:
            core.tp, core.fp, core.fn = core.tp + counts[t].tp, core.fp + counts[t].fp, core.fn + counts[t].fn
    report = {typ: _row(c) for typ, c in sorted(counts.items())}
    report["PER+ORG+LOC"] = _row(core)
    f1s = [report[t]["f1"] for t in ("PER", "ORG", "LOC") if t in report]
    report["macro(PER,ORG,LOC)"] = round(sum(f1s) / len(f1s), 4) if f1s else 0.0
    return report


def _row(c: PRF) -> dict:
    return {"precision": round(c.precision, 4), "recall": round(c.recall, 4), "f1": round(c.f1, 4),
            "support": c.tp + c.fn}


def train(sents, out: Path, lexicon, gaz) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for words, tags in sents:
        trainer.append(sentence_features(words, lexicon, gaz), tags)
    trainer.set_params(PARAMS)
    trainer.train(str(out))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", default=str(ROOT.parent / "shared" / "data" / "anercorp" / "train.txt"))
    ap.add_argument("--dev-share", type=float, default=0.1)
    ap.add_argument("--final", action="store_true", help="retrain on all sentences, dev included, after scoring")
    args = ap.parse_args()
    sents = read_conll(Path(args.train))
    cut = int(len(sents) * (1 - args.dev_share))
    train_part, dev = sents[:cut], sents[cut:]
    lexicon, gaz = Lexicon(), Gazetteer(KnowledgeBase())
    MODELS.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    dev_model = MODELS / "ner_dev.crfsuite"
    train(train_part, dev_model, lexicon, gaz)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(dev_model))
    pred = [tagger.tag(sentence_features(w, lexicon, gaz)) for w, _ in dev]
    report = score([t for _, t in dev], pred)
    tagger.close()
    print(f"trained on {len(train_part)} sentences in {time.time() - t0:.0f}s; dev = last {len(dev)} sentences "
          f"({sum(len(w) for w, _ in dev)} tokens)")
    for typ, r in report.items():
        print(f"  {typ:20} {r}")
    final = MODELS / "ner.crfsuite"
    if args.final:
        train(sents, final, lexicon, gaz)
        dev_model.unlink()
    else:
        dev_model.replace(final)
    metrics = {"data": "ANERcorp train.txt", "sentences": len(sents), "dev_sentences": len(dev),
               "dev_split": f"last {args.dev_share:.0%} of sentences", "params": PARAMS, "dev": report,
               "final_model_includes_dev": args.final}
    (MODELS / "ner_metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {final.relative_to(ROOT)} ({final.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
