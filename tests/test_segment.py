import pytest

from rasd.text.segment import paragraphs, sentence_spans, stories


def sents(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text, 0, len(text))]


def test_segment_sentences_on_arabic_punctuation():
    text = "اجتمع الوزيران في القاهرة. هل تنجح الهدنة؟ لا أحد يعرف؛ الأطراف منقسمة! انتهى"
    assert sents(text) == ["اجتمع الوزيران في القاهرة.", "هل تنجح الهدنة؟", "لا أحد يعرف؛", "الأطراف منقسمة!", "انتهى"]


def test_segment_comma_does_not_end_a_sentence():
    text = "قال الوزير ، في مؤتمر صحفي ، إن المحادثات مستمرة."
    assert sents(text) == [text]


@pytest.mark.parametrize("text", [
    "ارتفع الإنتاج إلى 1.2 مليون برميل يوميا.",
    "زار د. محمد المنفي طرابلس أمس.",
    "نشر الموقع example.org تقريرا جديدا.",
    "وصل الوفد إلى U.S. Embassy صباحا.",
])
def test_segment_no_split_on_decimals_abbreviations_urls(text):
    assert sents(text) == [text]


def test_segment_quote_stays_in_its_sentence():
    text = 'وقال الوزير: "نحن ملتزمون بالهدنة. ولن نتراجع". ثم غادر القاعة.'
    assert sents(text) == ['وقال الوزير: "نحن ملتزمون بالهدنة. ولن نتراجع".', "ثم غادر القاعة."]


def test_segment_guillemet_quote_ending_with_period_inside():
    text = "وأضاف «الحل سياسي فقط.» وغادر المؤتمر."
    assert sents(text) == ["وأضاف «الحل سياسي فقط.»", "وغادر المؤتمر."]


def test_segment_paragraphs_trimmed():
    text = "  أول.  \n\n ثان. \n"
    assert [text[a:b] for a, b in paragraphs(text)] == ["أول.", "ثان."]


DIGEST = """حصاد السودان، 3 يونيو: المجلس العسكري يفض الاعتصام

تناول حصاد اليوم ثلاثة أخبار: فض الاعتصام، ورد المعارضة، والموقف الدولي.

فضت قوات الأمن الاعتصام أمام القيادة العامة في الخرطوم.

المعارضة تعلن العصيان المدني

أعلن تحالف المعارضة بدء عصيان مدني شامل.

دعا الاتحاد الأفريقي إلى تسليم السلطة للمدنيين.

مجلس الأمن يناقش الوضع

عقد مجلس الأمن جلسة مغلقة لبحث الأزمة."""


def test_segment_stories_of_a_digest():
    st = stories(DIGEST, "حصاد السودان، 3 يونيو: المجلس العسكري يفض الاعتصام")
    heads = [DIGEST[s.headline_start:s.headline_end] if s.headline_start is not None else None for s in st]
    assert heads == ["حصاد السودان، 3 يونيو: المجلس العسكري يفض الاعتصام",
                     "المعارضة تعلن العصيان المدني", "مجلس الأمن يناقش الوضع"]
    assert DIGEST[st[0].lead_start:st[0].lead_end].startswith("تناول حصاد اليوم")
    assert st[-1].end == len(DIGEST)
    assert "فضت قوات الأمن" in DIGEST[st[0].start:st[0].end]


def test_segment_plain_article_is_one_story():
    text = "أعلن الجيش سيطرته على المدينة.\n\nوقال المتحدث إن المعارك توقفت."
    st = stories(text, None)
    assert len(st) == 1 and st[0].headline_start is None and st[0].lead_start is None
