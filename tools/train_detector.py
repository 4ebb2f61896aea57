"""Train the ASSAULT/PROTEST sentence detector (rasd/events/detect.py) and report its F1.

    python tools/train_detector.py [--gsr ../shared/data/arabic_event_gsr/detection_dev.jsonl] [--folds 5]

Training data: the GSR development split (`yes` vs `easy no`/`difficult no`; `ambiguous` left out)
and the project's own labelled sentences (src/rasd/data/events/detection_examples*.jsonl). A fifth
of the GSR sentences (those whose id hashes to 0 mod 5, see `held_out`) is held out: the shipped
model never sees them, so `rasd eval` and tests/test_detect.py can score it honestly there. The
threshold is the one that maximises k-fold cross-validated F1 on the training part. Writes
src/rasd/data/models/detector.json.
"""
from __future__ import annotations

import argparse
import json
import math
import random
from pathlib import Path

from rasd.evaluate import PRF
from rasd.events.detect import DIM, feature_hashes, held_out, sentence_features
from rasd.model import Sentence
from rasd.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "rasd" / "data" / "models" / "detector.json"
EXAMPLES = ROOT / "src" / "rasd" / "data" / "events"  # detection_examples*.jsonl
EPOCHS, L2, LR = 40, 1e-4, 0.1  # chosen by cross-validated F1 on the training part (tools/train_detector.py)


def featurize(pipe: Pipeline, text: str, etype: str) -> list[int]:
    doc = pipe.process(text)
    whole = Sentence(0, len(doc.text), 0, [t for s in doc.sentences for t in s.tokens])
    return sorted(set(feature_hashes(sentence_features(doc, whole, doc.events, etype))))


def fit(X: list[list[int]], y: list[int], seed: int = 0) -> tuple[float, dict[int, float]]:
    """Logistic regression by AdaGrad SGD with L2, positives weighted to balance the classes."""
    pos = max(1, sum(y))
    wpos = (len(y) - pos) / pos
    w: dict[int, float] = {}
    g2: dict[int, float] = {}
    b, gb = 0.0, 1e-8
    order = list(range(len(X)))
    rnd = random.Random(seed)
    for _ in range(EPOCHS):
        rnd.shuffle(order)
        for i in order:
            z = b + sum(w.get(j, 0.0) for j in X[i])
            p = 1 / (1 + math.exp(-max(-30, min(30, z))))
            g = (p - y[i]) * (wpos if y[i] else 1.0)
            gb += g * g
            b -= LR * g / math.sqrt(gb)
            for j in X[i]:
                gj = g + L2 * w.get(j, 0.0)
                g2[j] = g2.get(j, 1e-8) + gj * gj
                w[j] = w.get(j, 0.0) - LR * gj / math.sqrt(g2[j])
    return b, {j: v for j, v in w.items() if abs(v) > 1e-3}


def prob(model, x) -> float:
    b, w = model
    z = b + sum(w.get(j, 0.0) for j in x)
    return 1 / (1 + math.exp(-max(-30, min(30, z))))


def f1_at(scores, labels, th) -> tuple[float, float, float]:
    c = PRF(tp=sum(1 for s, l in zip(scores, labels) if s >= th and l),
            fp=sum(1 for s, l in zip(scores, labels) if s >= th and not l),
            fn=sum(1 for s, l in zip(scores, labels) if s < th and l))
    return c.precision, c.recall, c.f1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gsr", default=str(ROOT.parent / "shared" / "data" / "arabic_event_gsr" / "detection_dev.jsonl"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--no-own", action="store_true", help="train without the project's own labelled sentences")
    args = ap.parse_args()
    pipe = Pipeline(detector=False)
    gsr = [json.loads(line) for line in Path(args.gsr).read_text(encoding="utf-8").splitlines() if line.strip()]
    gsr = [r for r in gsr if r["label"] != "ambiguous"]
    own = [json.loads(line) for path in sorted(EXAMPLES.glob("detection_examples*.jsonl"))
           for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = {"dim": DIM, "types": {}}
    ap_own = not args.no_own
    for etype in ("ASSAULT", "PROTEST"):
        rows = [r for r in gsr if r["event_type"] == etype]
        g = [r for r in rows if not held_out(r["id"])]
        h = [r for r in rows if held_out(r["id"])]
        o = [r for r in own if r["event_type"] == etype] if ap_own else []
        gx = [featurize(pipe, r["text"], etype) for r in g]
        gy = [1 if r["label"] == "yes" else 0 for r in g]
        hx = [featurize(pipe, r["text"], etype) for r in h]
        hy = [1 if r["label"] == "yes" else 0 for r in h]
        ox = [featurize(pipe, r["text"], etype) for r in o]
        oy = [1 if r["label"] == "yes" else 0 for r in o]
        idx = list(range(len(g)))
        random.Random(13).shuffle(idx)
        scores = [0.0] * len(g)
        for k in range(args.folds):
            test = set(idx[k::args.folds])
            model = fit([gx[i] for i in idx if i not in test] + ox, [gy[i] for i in idx if i not in test] + oy, k)
            for i in test:
                scores[i] = prob(model, gx[i])
        best = max((f1_at(scores, gy, th / 100) + (th / 100,) for th in range(5, 96)), key=lambda x: x[2])
        final = fit(gx + ox, gy + oy, 99)
        hp, hr, hf = f1_at([prob(final, x) for x in hx], hy, best[3])
        out["types"][etype] = {
            "bias": final[0], "weights": {str(j): round(v, 4) for j, v in final[1].items() if abs(v) >= 0.01},
            "threshold": best[3],
            "cv": {"precision": round(best[0], 4), "recall": round(best[1], 4), "f1": round(best[2], 4), "folds": args.folds},
            "held_out": {"precision": round(hp, 4), "recall": round(hr, 4), "f1": round(hf, 4),
                         "sentences": len(h), "positive": sum(hy)},
            "train": {"gsr_sentences": len(g), "gsr_positive": sum(gy), "own_sentences": len(o)}}
        print(f"{etype}: trained on {len(g)} GSR ({sum(gy)} positive) + {len(o)} own sentences; "
              f"CV F1={best[2]:.3f} at threshold {best[3]:.2f}; held-out {len(h)} ({sum(hy)} positive): "
              f"P={hp:.3f} R={hr:.3f} F1={hf:.3f}")
    OUT.write_text(json.dumps(out, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size / 1e3:.0f} kB)")


if __name__ == "__main__":
    main()
