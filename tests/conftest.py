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
