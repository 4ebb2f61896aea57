"""Event lexicon: trigger words and phrases for the 16 PLOVER types, and the cue lists the coder
uses (reporting verbs, negation, future, conditions, modes). Data in rasd/data/events."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path

from ..entities.match import NameMatcher
from ..errors import RasdError
from ..plover import check
from ..text.normalize import normalize


@dataclass(slots=True)
class Trigger:
    lemma: str
    type: str
    mode: str | None
    pos: str  # "verb" | "noun"
    object: str  # "direct" | "prep" | "none"
    target_preps: tuple[str, ...] = ()
    confidence: float = 0.7
    passive: bool = False


@dataclass
class Cues:
    reporting_verbs: frozenset[str]
    negation: frozenset[str]
    future: frozenset[str]
    conditional: frozenset[str]
    modal: frozenset[str]
    mode_cues: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    pejoratives: frozenset[str] = frozenset()
    so_called: tuple[str, ...] = ()
    title_words: frozenset[str] = frozenset()


def _data_dir() -> Path:
    return Path(str(resources.files("rasd") / "data" / "events"))


class EventLexicon:
    """Loads lazily; `matcher` finds triggers over tokens (clitic-aware, longest match)."""

    def __init__(self, directory: Path | None = None):
        self.dir = directory or _data_dir()

    @cached_property
    def entries(self) -> list[tuple[str, Trigger]]:
        out: list[tuple[str, Trigger]] = []
        path = self.dir / "triggers.jsonl"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                o = json.loads(line)
                check(o["type"], o.get("mode"))
            except (json.JSONDecodeError, KeyError, ValueError) as e:
                raise RasdError(f"{path.name}:{n}: bad trigger entry ({e})") from None
            base = dict(lemma=o.get("lemma", ""), type=o["type"], mode=o.get("mode"), pos=o.get("pos", "verb"),
                        object=o.get("object", "direct"), target_preps=tuple(normalize(p) for p in o.get("target_preps", [])),
                        confidence=float(o.get("confidence", 0.7)))
            for form in o.get("forms", []):
                out.append((form, Trigger(**base)))
            for form in o.get("passive", []):
                out.append((form, Trigger(**base, passive=True)))
        return out

    @cached_property
    def matcher(self) -> NameMatcher:
        return NameMatcher(self.entries)

    @cached_property
    def cues(self) -> Cues:
        o = json.loads((self.dir / "cues.json").read_text(encoding="utf-8"))

        def norm_set(key: str) -> frozenset[str]:
            return frozenset(normalize(w) for w in o.get(key, []))

        return Cues(reporting_verbs=norm_set("reporting_verbs"), negation=norm_set("negation"),
                    future=norm_set("future"), conditional=norm_set("conditional"), modal=norm_set("modal"),
                    mode_cues=o.get("mode_cues", {}), pejoratives=norm_set("pejoratives"),
                    so_called=tuple(o.get("so_called", [])), title_words=norm_set("title_words"))

    @cached_property
    def mode_matchers(self) -> dict[str, NameMatcher]:
        """Per event type, a matcher of the words that set its mode (بدون طيار → drone)."""
        return {etype: NameMatcher((w, mode) for mode, words in modes.items() for w in words)
                for etype, modes in self.cues.mode_cues.items()}
