"""rasd: Arabic-first extraction of who did what to whom, where and when, from news text."""
from __future__ import annotations

import functools

from .errors import InputError, RasdError
from .model import Document, Event, Framing, Mention, Quote, Sentence, Story, Token

__version__ = "0.1.0"
__all__ = ["process", "Pipeline", "Document", "Event", "Framing", "Mention", "Quote", "Sentence",
           "Story", "Token", "RasdError", "InputError", "__version__"]


@functools.cache
def _pipeline():
    from .pipeline import Pipeline
    return Pipeline()


def process(text: str, published: str | None = None, **kwargs) -> Document:
    """Run the whole pipeline on one text; `published` (YYYY-MM-DD) anchors relative dates."""
    return _pipeline().process(text, published=published, **kwargs)


def __getattr__(name: str):
    if name == "Pipeline":
        from .pipeline import Pipeline
        return Pipeline
    raise AttributeError(name)
