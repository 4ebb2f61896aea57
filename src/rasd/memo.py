"""Bounded caches: per-word results (clitic analyses, CRF rows, name starts…) are remembered in plain
dicts that are emptied when full, so memory stays flat however many distinct words a corpus has."""
from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")
WORDS = 50_000  # distinct words a per-word cache holds before it starts again


def remember(cache: dict, key, value: T, limit: int = WORDS) -> T:
    """cache[key] = value, emptying the cache first when it holds more than `limit` entries."""
    if len(cache) > limit:
        cache.clear()
    cache[key] = value
    return value
