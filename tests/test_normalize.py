import pytest

from rasd.text.normalize import arabic_ratio, clean_unicode, normalize, normalize_with_map


@pytest.mark.parametrize("raw, expected", [
    ("أحمد", "احمد"),
    ("إبراهيم", "ابراهيم"),
    ("آذار", "اذار"),
    ("مصطفى", "مصطفي"),
    ("الحكومة", "الحكومه"),
    ("مُحَمَّدٌ", "محمد"),           # diacritics go
    ("الـــوزير", "الوزير"),          # tatweel goes
    ("٢٠٢٠", "2020"),                 # Arabic-Indic digits
    ("۱۹", "19"),                     # Persian digits
    ("NATO", "nato"),
])
def test_normalize_matching_form(raw, expected):
    assert normalize(raw) == expected


def test_normalize_with_map_points_back_into_the_text():
    text = "قَالَ الـوزيرُ"
    norm, offsets = normalize_with_map(text)
    assert norm == "قال الوزير"
    i = norm.index("الوزير")
    j = i + len("الوزير")
    assert text[offsets[i]:offsets[j - 1] + 1].replace("ـ", "") == "الوزير"
    assert offsets[len(norm)] == len(text)


def test_clean_unicode_fixes_spaces_and_invisible_marks():
    assert clean_unicode("ليبيا\u00a0اليوم") == "ليبيا اليوم"
    assert clean_unicode("طرا\u200bبلس") == "طرابلس"
    assert clean_unicode("\ufeffنص\r\nثان") == "نص\nثان"
    assert clean_unicode("\u200fجنيف\u200e") == "جنيف"


def test_clean_unicode_turns_presentation_forms_into_letters():
    # ﻟﻴﺒﻴﺎ written with Arabic presentation-form glyphs
    assert clean_unicode("\ufedf\ufef4\ufe92\ufef4\ufe8e") == "ليبيا"


def test_arabic_ratio():
    assert arabic_ratio("ليبيا Libya") == pytest.approx(5 / 10)
    assert arabic_ratio("123 ...") == 0.0
