"""Property: every span rasd outputs indexes Document.text, on generated and real input."""
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SAMPLES, assert_spans
from rasd.pipeline import Pipeline

PIPE = Pipeline()
ALPHABET = list("ابتثجحخدذرسشصضطظعغفقكلمنهويءآأإؤئىة") + list("\u064b\u064e\u064f\u0650\u0651\u0652\u0640") + \
    list(" \n\n\t\u00a0\u200b\u200f.،؛؟!:\"«»()-0123456789٠١٢٣٤٥٦٧٨٩") + list("abcXYZ") + ["\ufeb3", "\r\n"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(ALPHABET), max_size=300).map("".join))
def test_spans_property_generated_text(text):
    doc = PIPE.process(text)
    d = doc.to_dict(tokens=True)
    assert_spans(d)
    prev = -1
    for s in d["sentences"]:
        assert s["start"] >= prev and s["end"] > s["start"]
        assert d["text"][s["start"]:s["end"]].strip() == d["text"][s["start"]:s["end"]]
        prev = s["end"]


def test_spans_property_sample_corpus():
    path = SAMPLES / "corpus.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        obj = json.loads(line)
        d = PIPE.process(obj["text"], obj.get("published"), id=obj["id"], title=obj.get("title")).to_dict(tokens=True)
        assert_spans(d)
        assert d["sentences"], obj["id"]
