"""Calendar dates as meeting papers write them, UK first.

"Thursday 14 January 2027", "14 Jan 2027", "14th January", "14th of January 2027",
"January 14, 2027" (US papers), "14/01/2027" and "14.01.27" (day first unless that cannot be:
"12/19/2023" is month first), and ISO "2027-01-14". A date without a year keeps year None; the
caller settles it from the other dates in the document.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from coprolint.meeting.patterns import LazyPattern, has_digit

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?P<weekday>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?,?\s+(?:the\s+)?)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"

DAY_MONTH_RE = re.compile(rf"(?<![\w/.-]){_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MONTH}{_YEAR}(?![\w/])", re.IGNORECASE)
MONTH_DAY_RE = re.compile(rf"(?<![\w/.-]){_WEEKDAY}{_MONTH}\s+{_DAY}(?![\d:]){_YEAR}(?![\w/])", re.IGNORECASE)
# The numeric and ISO forms are compiled when a text first has a date separator (SEPARATED_RE).
NUMERIC_RE = LazyPattern(
    r"(?<![\w/.:-])(?P<a>[0-3]?\d)(?P<sep>[/.-])(?P<b>[0-3]?\d)(?P=sep)(?P<year>(?:19|20)?\d\d)(?![\w/.-]|\.\d)"
)
ISO_RE = LazyPattern(r"(?<![\w/.-])(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?![\w/-]|\.\d)")


class DateHit(NamedTuple):
    day: int
    month: int
    year: int | None
    weekday: int | None  # 0 = Monday, as written (None when not written)
    text: str
    start: int
    end: int

    def resolve(self, year: int) -> dt.date | None:
        try:
            return dt.date(self.year or year, self.month, self.day)
        except ValueError:
            return None


def _valid(day: int, month: int, year: int | None) -> bool:
    try:
        dt.date(year or 2024, month, day)  # 2024 is a leap year, so 29 February passes without a year
        return True
    except ValueError:
        return False


SEPARATED_RE = re.compile(r"\d[/.-]\d")  # the numeric and ISO forms have one of these
# Every month name above starts with one of these: far cheaper to look for than the full patterns.
MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_HINT = LazyPattern("|".join(MONTH_STEMS), re.IGNORECASE)
_MONTH_HINT_LOW = re.compile(_MONTH_HINT.pattern)  # the same, in a lower-cased text: no case rules, so faster


def may_name_month(text: str, low: str | None = None) -> bool:
    """Whether a month could be spelt out in ``text`` (``low``: its lower() when already made)."""
    if "ſ" in text:
        return _MONTH_HINT.search(text) is not None  # the pattern takes the long s for "s"; lower() does not
    return _MONTH_HINT_LOW.search(text.lower() if low is None else low) is not None


def find_dates(text: str, low: str | None = None) -> list[DateHit]:
    """Every date written in ``text``, in order, without overlaps (``low``: its lower(), when already made)."""
    if not has_digit(text):  # every form has a digit (day or year); most paragraphs have none
        return []
    separated = SEPARATED_RE.search(text) is not None
    named = may_name_month(text, low)
    if not (separated or named):
        return []
    return dates_in(text, separated, named)


def dates_in(text: str, separated: bool, named: bool) -> list[DateHit]:
    """``find_dates`` for a text with a digit, told already whether it has a date separator
    (``SEPARATED_RE``) and whether it may name a month (``may_name_month``): the forms it cannot
    hold are not searched for."""
    hits: list[DateHit] = []
    taken: list[tuple[int, int]] = []

    def add(day: int, month: int, year: int | None, weekday: str | None, m: re.Match[str]) -> None:
        if any(m.start() < e and s < m.end() for s, e in taken) or not _valid(day, month, year):
            return
        taken.append((m.start(), m.end()))
        hits.append(DateHit(day, month, year, WEEKDAYS.get((weekday or "").lower().rstrip(".")), m.group(0).strip(), m.start(), m.end()))

    for m in ISO_RE.finditer(text) if separated else ():
        add(int(m.group("day")), int(m.group("month")), int(m.group("year")), None, m)
    for m in DAY_MONTH_RE.finditer(text) if named else ():
        if not (m.group("year") or m.group("weekday")) and not m.group("month")[0].isupper():
            continue
        year = int(m.group("year")) if m.group("year") else None
        add(int(m.group("day")), MONTHS[m.group("month").lower()], year, m.group("weekday"), m)
    for m in MONTH_DAY_RE.finditer(text) if named else ():
        # "May 5" is a date; a lone "mar 3" or "sun 2" inside prose is too weak without a year or weekday.
        month_word = m.group("month").lower()
        if not (m.group("year") or m.group("weekday")) and not m.group("month")[0].isupper():
            continue  # "I may 5 things": a lower-case month without a year is a word, not a date
        year = int(m.group("year")) if m.group("year") else None
        add(int(m.group("day")), MONTHS[month_word], year, m.group("weekday"), m)
    for m in NUMERIC_RE.finditer(text) if separated else ():
        a, b = int(m.group("a")), int(m.group("b"))
        year = int(m.group("year"))
        if year < 100 and m.group("sep") != "/":
            continue  # "4.2.10" is a section number far more often than 4 February 2010
        if year < 100:
            year += 2000
        day, month = (a, b) if b <= 12 else (b, a)  # day first, as in the UK, unless it cannot be
        if month > 12:
            continue
        add(day, month, year, None, m)
    hits.sort(key=lambda h: h.start)
    return hits
