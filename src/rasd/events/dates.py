"""Dates in Arabic news text, resolved against the publication date.

"يوم الاثنين 17 فبراير" → 2020-02-17 (day); a bare weekday → the latest such day on or before
publication; أمس / أول أمس / منذ يومين; Levantine and Maghrebi month names; "في أواخر مارس" (month);
"عام 2011" (year). Values use ISO 8601 at their precision: 2020-02-17, 2020-03, 2011."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterator

from ..text.normalize import normalize, normalize_with_map

MONTHS: dict[str, int] = {}
for _n, _names in enumerate([
    "يناير جانفي كانون الثاني", "فبراير فيفري شباط", "مارس آذار", "أبريل إبريل ابريل أفريل نيسان",
    "مايو ماي أيار", "يونيو يونيه جوان حزيران", "يوليو يوليه جويلية تموز", "أغسطس اغسطس أوت آب",
    "سبتمبر شتنبر أيلول", "أكتوبر اكتوبر تشرين الأول", "نوفمبر نونبر تشرين الثاني", "ديسمبر دجنبر كانون الأول",
], 1):
    parts = _names.split()
    i = 0
    while i < len(parts):
        if parts[i] in ("كانون", "تشرين"):
            MONTHS[normalize(parts[i] + " " + parts[i + 1])] = _n
            i += 2
        else:
            MONTHS[normalize(parts[i])] = _n
            i += 1
WEEKDAYS = {normalize(w): i for i, w in enumerate("الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت الأحد".split())}
NUMBER_WORDS = {normalize(w): n for w, n in [("يومين", 2), ("ثلاثة", 3), ("أربعة", 4), ("خمسة", 5), ("ستة", 6),
                                             ("سبعة", 7), ("عشرة", 10)]}
# every word a date expression can hold apart from numbers (for a quick pre-check)
DATE_WORDS = frozenset({w for m in MONTHS for w in m.split()} | set(WEEKDAYS) | {
    normalize(w) for w in "أمس اليوم غدا البارحة منذ الليلة عام العام سنة أواخر أوائل منتصف مطلع نهاية بداية أواسط".split()})
PART_OF_MONTH = {normalize(w) for w in ("أواخر", "أوائل", "منتصف", "مطلع", "نهاية", "بداية", "أواسط")}

_month_alt = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_weekday_alt = "|".join(re.escape(w) for w in WEEKDAYS)
_B = r"(?:(?<![\w])|(?<=(?<![\w])[وفبل]))"  # word start, or after a one-letter clitic (و3 شباط)
_E = r"(?![\w])"
DAY_MONTH = re.compile(rf"{_B}(?:(?:يوم\s+)?(?P<wd>{_weekday_alt})\s*،?\s*)?(?P<day>[0-9]{{1,2}})\s*(?:من\s+)?(?P<mon>{_month_alt}){_E}"
                       rf"(?:\s*(?:من\s+)?(?:عام\s+)?(?P<year>(?:19|20)[0-9]{{2}}){_E})?")
MONTH_YEAR = re.compile(rf"{_B}(?:(?P<part>\w+)\s+)?(?:شهر\s+)?(?P<mon>{_month_alt}){_E}(?:\s*(?:من\s+)?(?:عام\s+)?(?P<year>(?:19|20)[0-9]{{2}}){_E})?")
YEAR = re.compile(rf"{_B}(?:عام|العام|سنه)\s+(?P<year>(?:19|20)[0-9]{{2}}){_E}")
WEEKDAY = re.compile(rf"{_B}(?:يوم\s+|ليله\s+|صباح\s+|مساء\s+)?(?P<wd>{_weekday_alt}){_E}")
RELATIVE = re.compile(rf"{_B}(?P<rel>(?:اول\s+امس|امس\s+الاول|امس|البارحه|اليوم|غدا|الليله\s+الماضيه|منذ\s+(?:يومين|\w+\s+ايام)))(?!\w)")


# words one of which each pattern needs (patterns run on normalised text: ة is ه there); a sentence
# without any is not scanned with that pattern (its word-start look-behinds make scanning slow)
_MONTH_WORDS = tuple(MONTHS)
NEEDS = {DAY_MONTH: _MONTH_WORDS, MONTH_YEAR: _MONTH_WORDS, YEAR: ("عام", "سنه"), WEEKDAY: tuple(WEEKDAYS),
         RELATIVE: ("امس", "البارحه", "اليوم", "غدا", "الليله", "منذ")}


def _scan(pattern: re.Pattern, norm: str, present: dict) -> Iterator[re.Match]:
    """The pattern's matches in norm, or none at once when no word it needs is there (`present`
    remembers that per word list: the two month patterns need the same words)."""
    needs = NEEDS[pattern]
    got = present.get(needs)
    if got is None:
        got = present[needs] = any(w in norm for w in needs)
    return pattern.finditer(norm) if got else iter(())


@dataclass(slots=True)
class DateMention:
    start: int
    end: int
    value: str
    precision: str  # "day" | "month" | "year"
    future: bool = False


def _iso(d: dt.date) -> str:
    return d.isoformat()


def _year_for(month: int, day: int | None, published: dt.date | None) -> int | None:
    """A date without a year is in the publication's year, or the year before when it would fall
    more than a month after publication (a January article about "27 December")."""
    if published is None:
        return None
    year = published.year
    try:
        candidate = dt.date(year, month, day or 1)
    except ValueError:
        return year
    if candidate - published > dt.timedelta(days=31):
        year -= 1
    return year


def find_dates(text: str, start: int, end: int, published: str | None) -> list[DateMention]:
    """Date expressions in text[start:end], resolved; offsets index `text`."""
    pub = dt.date.fromisoformat(published) if published else None
    norm, offsets = normalize_with_map(text[start:end])
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    present: dict = {}

    def span(a: int, b: int) -> tuple[int, int]:
        return start + offsets[a], start + offsets[b - 1] + 1

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    for m in _scan(DAY_MONTH, norm, present):
        day, month = int(m["day"]), MONTHS[m["mon"]]
        year = int(m["year"]) if m["year"] else _year_for(month, day, pub)
        if year is None or not 1 <= day <= 31:
            continue
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        a, b = span(m.start(), m.end())
        found.append(DateMention(a, b, _iso(d), "day", bool(pub and d > pub)))
        taken.append((m.start(), m.end()))
    for m in _scan(MONTH_YEAR, norm, present):
        if not free(m.start("mon"), m.end()):
            continue
        part = m["part"] if m["part"] in PART_OF_MONTH else None
        if m["year"] is None and part is None and not re.search(r"(?:^|\s)(?:في|خلال|منذ|شهر)\s*$", norm[:m.start("mon")]):
            continue  # a bare month name with nothing around it is too weak to date an event
        month = MONTHS[m["mon"]]
        year = int(m["year"]) if m["year"] else _year_for(month, None, pub)
        if year is None:
            continue
        s0 = m.start("part") if part else m.start("mon")
        a, b = span(s0, m.end())
        value = f"{year:04d}-{month:02d}"
        future = bool(pub and value > pub.isoformat()[:7])
        found.append(DateMention(a, b, value, "month", future))
        taken.append((s0, m.end()))
    for m in _scan(YEAR, norm, present):
        if free(m.start(), m.end()):
            a, b = span(m.start(), m.end())
            found.append(DateMention(a, b, m["year"], "year", bool(pub and int(m["year"]) > pub.year)))
            taken.append((m.start(), m.end()))
    if pub is not None:
        for m in _scan(WEEKDAY, norm, present):
            if not free(m.start(), m.end()):
                continue
            back = (pub.weekday() - WEEKDAYS[m["wd"]]) % 7
            a, b = span(m.start(), m.end())
            found.append(DateMention(a, b, _iso(pub - dt.timedelta(days=back)), "day"))
            taken.append((m.start(), m.end()))
        for m in _scan(RELATIVE, norm, present):
            if not free(m.start(), m.end()):
                continue
            days = relative_days(m["rel"])
            if days is None:
                continue
            a, b = span(m.start(), m.end())
            found.append(DateMention(a, b, _iso(pub + dt.timedelta(days=days)), "day", days > 0))
            taken.append((m.start(), m.end()))
    found.sort(key=lambda d: d.start)
    return found


def relative_days(rel: str) -> int | None:
    rel = " ".join(rel.split())
    if rel in ("اول امس", "امس الاول"):
        return -2
    if rel in ("امس", "البارحه", "الليله الماضيه"):
        return -1
    if rel == "اليوم":
        return 0
    if rel == "غدا":
        return 1
    if rel.startswith("منذ "):
        word = rel.split()[1]
        n = NUMBER_WORDS.get(word)
        if n is None and word.isdigit():
            n = int(word)
        return -n if n else None
    return None
