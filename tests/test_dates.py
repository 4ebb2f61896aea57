import pytest

from rasd.events.dates import find_dates

PUB = "2020-02-19"  # a Wednesday


def dates(text, pub=PUB):
    return [(text[d.start:d.end], d.value, d.precision) for d in find_dates(text, 0, len(text), pub)]


@pytest.mark.parametrize("text, expected", [
    ("في يوم الاثنين 17 فبراير ، أعلن الوزير", [("يوم الاثنين 17 فبراير", "2020-02-17", "day")]),
    ("اجتمعا يوم الأربعاء في موسكو", [("يوم الأربعاء", "2020-02-19", "day")]),
    ("وصل الوفد يوم الخميس", [("يوم الخميس", "2020-02-13", "day")]),          # the latest Thursday before
    ("قصفت الطائرات المواقع أمس", [("أمس", "2020-02-18", "day")]),
    ("وقع الهجوم أول أمس", [("أول أمس", "2020-02-17", "day")]),
    ("بدأت المعارك منذ يومين", [("منذ يومين", "2020-02-17", "day")]),
    ("يبدأ العمل في أواخر مارس", [("أواخر مارس", "2020-03", "month")]),
    ("فرض مجلس الأمن الحظر في عام 2011", [("عام 2011", "2011", "year")]),
    ("وصل المبعوث في 3 شباط", [("3 شباط", "2020-02-03", "day")]),
    ("في ٢٧ كانون الأول ٢٠١٩ أعلن الجيش", [("٢٧ كانون الأول ٢٠١٩", "2019-12-27", "day")]),
    ("عقد المؤتمر في 27 ديسمبر", [("27 ديسمبر", "2019-12-27", "day")]),  # a date after publication is last year's
    ("انتهت الجولة في آذار 2019", [("آذار 2019", "2019-03", "month")]),
    ("اندلعت الاحتجاجات سنة 2011 في المدن الكبرى", [("سنة 2011", "2011", "year")]),  # ة is ه once normalised
    ("وصلت القافلة ليلة الجمعة إلى المدينة", [("ليلة الجمعة", "2020-02-14", "day")]),
])
def test_dates_resolved_against_publication(text, expected):
    assert dates(text) == expected


@pytest.mark.parametrize("text", [
    "اجتمعت اللجنة العسكرية 5 + 5 في جنيف",
    "قتل 17 شخصا في الهجوم",
    "الأمسية الثقافية اليومية",
])
def test_dates_not_read_where_there_is_none(text):
    assert dates(text) == []


def test_dates_without_publication_keep_explicit_years_only():
    assert dates("في 17 فبراير 2020 وفي يوم الاثنين", None) == [("17 فبراير 2020", "2020-02-17", "day")]
