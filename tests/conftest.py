"""Shared fixtures: paths to the project's samples and to ../shared data (tests skip when absent)."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "libya-2020-02-19.txt"
SEED_GOLD = SHARED / "seed" / "libya-2020-02-19.gold.json"


@pytest.fixture(scope="session")
def pipeline():
    from rasd.pipeline import Pipeline

    return Pipeline()


@pytest.fixture
def seed_path() -> Path:
    if not SEED.is_file():
        pytest.skip("../shared/seed is absent")
    return SEED


def assert_spans(d: dict) -> None:
    """Every span in an output document indexes its text: text[start:end] == span text."""
    text = d["text"]

    def check(obj):
        if isinstance(obj, dict):
            if "start" in obj and "end" in obj and isinstance(obj.get("text"), str) and obj is not d:
                assert text[obj["start"]:obj["end"]] == obj["text"], obj
            if "start" in obj and "end" in obj:
                assert 0 <= obj["start"] <= obj["end"] <= len(text), obj
            for v in obj.values():
                if v is not d.get("text"):
                    check(v)
        elif isinstance(obj, list):
            for v in obj:
                check(v)

    check({k: v for k, v in d.items() if k != "text"})


DATA = Path(__file__).parent / "data"


def mini_pipeline(places_dir: Path, extra_stages=()):
    """A pipeline over the hand-made KB and places of tests/data (entities, then `extra_stages(kb)`)."""
    import shutil

    from rasd.entities.coref import Coreference
    from rasd.entities.kb import KnowledgeBase, read_actors
    from rasd.entities.link import EntityLinker
    from rasd.entities.places import Gazetteer
    from rasd.pipeline import Pipeline, Resources, Segmenter

    shutil.copy(DATA / "mini_places.jsonl", places_dir / "libya.jsonl")
    kb = KnowledgeBase(read_actors([DATA / "mini_kb.jsonl"]))
    res = Resources()
    stages = [Segmenter(res), EntityLinker(kb, Gazetteer(kb, places_dir), None, res.lexicon), Coreference(kb)]
    return Pipeline(stages + [make(kb) for make in extra_stages], res)
