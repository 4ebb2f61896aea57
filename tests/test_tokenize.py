import pytest

from rasd.text.lexicon import Lexicon
from rasd.text.tokenize import tokenize

# A small hand-made lexicon keeps these cases independent of the shipped word list.
LEX = Lexicon({w: 50 for w in """وزير الوزير حكومة الحكومة ليبيا طرابلس جيش الجيش يعقد عقد أسقط وصف
صف حث بحث مع معه على إلى لبنان بريطانيا التي الذي قوات القوات موقف""".split()})


def pieces(word: str, lex: Lexicon = LEX) -> list[tuple[str, str]]:
    (tok,) = tokenize(word, lexicon=lex)
    return [(m.text, m.tag) for m in tok.morphs]


@pytest.mark.parametrize("word, expected", [
    ("والحكومة", [("و", "CONJ"), ("ال", "DET"), ("حكومة", "STEM")]),
    ("بالجيش", [("ب", "PREP"), ("ال", "DET"), ("جيش", "STEM")]),
    ("للحكومة", [("ل", "PREP"), ("ل", "DET"), ("حكومة", "STEM")]),
    ("لليبيا", [("ل", "PREP"), ("ليبيا", "STEM")]),
    ("وطرابلس", [("و", "CONJ"), ("طرابلس", "STEM")]),
    ("سيعقد", [("س", "FUT"), ("يعقد", "STEM")]),
    ("الوزير", [("ال", "DET"), ("وزير", "STEM")]),
    ("حكومته", [("حكومت", "STEM"), ("ه", "PRON")]),
    ("معه", [("مع", "STEM"), ("ه", "PRON")]),
    ("عليها", [("علي", "STEM"), ("ها", "PRON")]),
])
def test_tokenize_segments_clitics(word, expected):
    assert pieces(word) == expected


@pytest.mark.parametrize("word", ["وزير", "وصف", "بحث", "لبنان", "بريطانيا", "التي", "الذي", "كما"])
def test_tokenize_keeps_whole_words_whole(word):
    assert pieces(word) == [(word, "STEM")]


def test_tokenize_offsets_cover_the_text_with_diacritics():
    text = "وَالحُكومةُ، قالت: 3.5% من ١٩ NATO"
    toks = tokenize(text, lexicon=LEX)
    for t in toks:
        assert text[t.start:t.end] == t.text
        assert t.morphs[0].start == t.start and t.morphs[-1].end == t.end
        for m in t.morphs:
            assert text[m.start:m.end] == m.text
    kinds = [(t.text, t.kind) for t in toks]
    assert ("3.5%", "number") in kinds and ("١٩", "number") in kinds and ("NATO", "latin") in kinds
    assert ("،", "punct") in kinds
    assert toks[0].morphs[0].text == "وَ"  # the vowel mark stays with its letter
