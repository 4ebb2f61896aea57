import pytest

from rasd.text.clean import clean, line_key, looks_like_headline, split_run_together
from rasd.text.lexicon import Lexicon

LEX = Lexicon({w: 40 for w in """المشير خليفة النار أولا إطلاق تم حفتر قائد الجيش الوطني الحكومة وزير
الخارجية قال إن مطار طرابلس الليبي استهدف الاستقرار""".split()})


@pytest.mark.parametrize("fused, left, right", [
    ("المشيرخليفة", "المشير", "خليفة"),
    ("النارأولا", "النار", "أولا"),
    ("الحكومةالليبية", "الحكومة", "الليبية"),   # a ta marbuta inside a word proves the missing space
])
def test_clean_splits_run_together_words(fused, left, right):
    assert split_run_together(fused, LEX) == (left, right)


@pytest.mark.parametrize("word", ["المشير", "الاستقرار", "وزيرالخارجية"[:5], "بالمطار", "قالت"])
def test_clean_leaves_real_words_alone(word):
    assert split_run_together(word, LEX) is None


def test_clean_split_in_context_and_warning():
    c = clean("التقى الوزير مع المشيرخليفة حفتر.\n\nتم إطلاق النارأولا من المطار.", LEX)
    assert "المشير خليفة حفتر" in c.text and "النار أولا" in c.text
    assert any("المشيرخليفة" in w for w in c.warnings)


def test_clean_drops_repeated_headline_and_keeps_it_as_title():
    head = "حصاد اليوم: وزراء الخارجية يجتمعون في القاهرة"
    raw = f"{head}\n\n{head}\n\nاجتمع الوزراء أمس في القاهرة.\n\n{head}\n\nوقال المتحدث إن الاجتماع كان مثمرا."
    c = clean(raw, LEX)
    assert c.title == head
    assert c.text.count("وزراء الخارجية يجتمعون") == 1
    assert c.text.startswith(head)
    assert any("repeated" in w for w in c.warnings)


def test_clean_furniture_match_ignores_diacritics_and_spacing():
    assert line_key("نتائجُ  ليبيا ، 19 فبراير") == line_key("نتائج ليبيا، 19 فبراير")


def test_clean_given_title_is_not_repeated_in_text():
    c = clean("عنوان الخبر هنا\n\nنص الخبر الأول.", LEX, title="عنوان الخبر هنا")
    assert c.title == "عنوان الخبر هنا" and c.text == "نص الخبر الأول."


def test_clean_spacing_and_paragraphs():
    c = clean("  قال الوزير\u00a0 إن   الاتفاق صامد،وإن الهدنة مستمرة.  \r\n\r\n\r\nسطر\tثان.", LEX)
    assert c.text == "قال الوزير إن الاتفاق صامد، وإن الهدنة مستمرة.\n\nسطر ثان."


def test_clean_first_line_is_title_only_when_it_looks_like_one():
    assert clean("قال الوزير إن الاتفاق صامد.\n\nوأضاف أن الهدنة مستمرة.", LEX).title is None
    assert clean("الجيش يسقط طائرة مسيرة قرب طرابلس\n\nأعلن الجيش أنه أسقط طائرة.", LEX).title == \
        "الجيش يسقط طائرة مسيرة قرب طرابلس"


@pytest.mark.parametrize("line, expected", [
    ("الجيش يسقط طائرتين بدون طيار", True),
    ("أسقط الجيش طائرتين.", False),
    ("قال الوزير:", False),
    ('"نرفض التدخل الأجنبي"', False),
])
def test_clean_looks_like_headline(line, expected):
    assert looks_like_headline(line) is expected


@pytest.mark.parametrize("word, expected", [
    ("المشيرخليفة", ("المشير", "خليفة")),
    ("النارأولا", ("النار", "أولا")),
    ("الدورالثاني", ("الدور", "الثاني")),
    ("الانتقام", None), ("اعترافاتهم", None), ("المفكرة", None), ("عضويتهم", None),
    ("يتمركز", None), ("طالبات", None), ("المستفيد", None), ("الاتحادية", None), ("أنابوليس", None),
])
def test_clean_run_together_with_shipped_lexicon(word, expected):
    assert split_run_together(word, Lexicon()) == expected
