"""A learned check on ASSAULT and PROTEST: does this sentence report such an event, or only talk
about one (a condemnation, a threat, a call, a denial)? Logistic regression over hashed word and
coder features, trained by tools/train_detector.py; its probability gates and scores the coder's
events of those types."""
from __future__ import annotations

import json
import zlib
from functools import cached_property
from importlib import resources
from itertools import repeat
from pathlib import Path

from ..model import Document, Event, Sentence
from ..text.normalize import normalize

MODEL_NAME = "detector.json"
DIM = 2 ** 15


def held_out(row_id: str) -> bool:
    """The fixed fifth of the GSR development split that training never sees (tools/train_detector.py)."""
    return zlib.crc32(row_id.encode("utf-8")) % 5 == 0


def feature_hashes(features: list[str]) -> list[int]:
    """Each feature's slot among DIM weights (crc32 of its utf-8)."""
    return [h % DIM for h in map(zlib.crc32, map(str.encode, features))]


def sentence_features(doc: Document, s: Sentence, events: list[Event], etype: str) -> list[str]:
    """Features of one sentence for one event type: its words and what the coder made of it."""
    stems = []
    for t in s.tokens:
        if t.kind in ("word", "latin"):
            stems.append(t.stem_norm or t.norm)
        elif t.kind == "number":
            stems.append("<num>")
    f = [f"w:{w}" for w in stems]
    f += [f"b:{a}|{b}" for a, b in zip(stems, stems[1:])]
    mine = [e for e in events if e.type == etype]
    f.append(f"n_{etype}:{min(len(mine), 3)}")
    f.append(f"date:{_date_kind(events)}")
    toks = s.tokens
    for e in mine:
        trig = normalize(e.trigger.text)
        k = next((i for i, t in enumerate(toks) if t.start >= e.trigger.start), 0)
        prev = toks[k - 1].norm if k > 0 else "<s>"
        near_num = any(t.kind == "number" for t in toks[k:k + 4])
        glued = bool(toks and k < len(toks) and toks[k].morphs and toks[k].morphs[0].tag == "PREP")
        f += [f"T:{trig}", f"T:neg:{e.negated}", f"T:hyp:{e.hypothetical}", f"T:src:{e.source is not None}",
              f"T:tgt:{e.target is not None}", f"T:mode:{e.mode}", f"T:loc:{e.location is not None}",
              f"T:prev:{prev}", f"T:num:{near_num}", f"T:glued:{glued}", f"T:date:{e.date_precision}",
              f"T:{trig}:tgt:{e.target is not None}", f"T:{trig}:prev:{prev}"]
        rel = (e.trigger.start - s.start) / max(1, s.end - s.start)
        f.append(f"T:pos:{int(rel * 4)}")
    for e in events:
        if e.type != etype:
            f.append(f"other:{e.type}")
    return f


def _date_kind(events: list[Event]) -> str:
    """Whether the sentence dates what it tells (أمس, يوم الأحد): reports of fresh events do."""
    kinds = {e.date_precision for e in events}
    return "day" if "day" in kinds else ("coarse" if kinds & {"month", "year"} else "none")


class Detector:
    """p(sentence reports an event of type T) for the types it was trained on."""

    def __init__(self, path: Path | None = None):
        self.path = path or Path(str(resources.files("rasd") / "data" / "models" / MODEL_NAME))

    @cached_property
    def model(self) -> dict:
        if not self.path.is_file():
            return {}
        return json.loads(self.path.read_text(encoding="utf-8"))

    @property
    def types(self) -> tuple[str, ...]:
        return tuple(self.model.get("types", {}))

    @cached_property
    def _weights(self) -> dict[str, dict[int, float]]:
        return {t: {int(k): v for k, v in m["weights"].items()} for t, m in self.model.get("types", {}).items()}

    def probability(self, features: list[str], etype: str) -> float:
        import math

        w = self._weights[etype]
        z = self.model["types"][etype]["bias"] + sum(map(w.get, feature_hashes(features), repeat(0.0)))
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))

    def threshold(self, etype: str) -> float:
        return self.model["types"][etype]["threshold"]
