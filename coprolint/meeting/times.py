"""Clock times, time ranges and durations as UK (and US) agendas write them.

Times are minutes after midnight. "10:00", "10.00am", "10am", "noon", "10am–11.30am",
"10 to 11.30am", "10:00 to 10:30", "(15 mins)", "1 hour 30 minutes". A dotted time without
am/pm ("10.30") is ambiguous with section numbers ("1.10"), so it counts only where the caller
says the text is a time slot (a time column of a table, the start of an agenda line).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from coprolint.meeting.patterns import LazyPattern

_MERIDIEM = r"(?P<{n}>[ap]\.?\s?m\b\.?)"
_CLOCK = (
    r"(?<![\d.:/£$€#,])"
    r"(?:(?P<{h}>[01]?\d|2[0-3])(?:(?P<{s}>[:.])(?P<{m}>[0-5]\d))?\s*" + _MERIDIEM + r"?"
    r"|(?P<{w}>noon|midday|midnight))"
    r"(?![\d/]|[:.]\d)"
)


def _clock(tag: str) -> str:
    return _CLOCK.format(h=f"h{tag}", s=f"s{tag}", m=f"m{tag}", n=f"ap{tag}", w=f"w{tag}")


CLOCK_RE = re.compile(_clock(""), re.IGNORECASE)
RANGE_RE = re.compile(
    _clock("1") + r"\s*(?:-|–|—|−|to|until|till|and)\s*" + _clock("2"),
    re.IGNORECASE,
)
DURATION_RE = LazyPattern(  # compiled when a text first has "h" or "min" (see find_duration)
    r"(?<![\w.])(?:"
    r"(?P<hours>\d{1,2}(?:\.\d+)?|an?|one|two|three|half\s+an)\s*(?:hours?|hrs?|h)\b"
    r"(?:\s*(?:and\s*)?(?P<hmins>\d{1,2})\s*(?:minutes?|mins?|m)\b)?"
    r"|(?P<mins>\d{1,3})\s*(?:minutes?|mins?)\b"
    r")",
    re.IGNORECASE,
)
_WORD_HOURS = {"a": 1.0, "an": 1.0, "one": 1.0, "two": 2.0, "three": 3.0}


# What every clock time has: minutes after a separator, am/pm after a digit, or a word. A text
# without any of these has no time, and these tests are far cheaper than the patterns above.
CLOCK_DIGITS_RE = re.compile(r"\d(?:[:.]\d|\s*[aApP])")
CLOCK_WORD_RE = LazyPattern(r"noon|midday|midnight", re.IGNORECASE)
_NAMES = {tag: (f"w{tag}", f"h{tag}", f"s{tag}", f"m{tag}", f"ap{tag}") for tag in ("", "1", "2")}


def has_clock_word(text: str, low: str | None = None) -> bool:
    """Whether "noon", "midday" or "midnight" is in ``text``, in any case, as CLOCK_WORD_RE finds them
    (``low``: the text's lower(), when already made)."""
    if "ı" in text or "İ" in text:
        return CLOCK_WORD_RE.search(text) is not None  # the pattern takes both for "i"; lower() does not
    if low is None:
        low = text.lower()
    return "noon" in low or ("mid" in low and ("midday" in low or "midnight" in low))


def may_hold_clock(text: str, low: str | None = None) -> bool:
    return CLOCK_DIGITS_RE.search(text) is not None or has_clock_word(text, low)


class Clock(NamedTuple):  # a tuple: made thousands of times per agenda, and never changed
    minutes: int  # after midnight
    explicit: bool  # am/pm or noon written, so the hour is certain
    text: str
    start: int  # span in the scanned text
    end: int

    def label(self) -> str:
        return f"{self.minutes // 60:02d}:{self.minutes % 60:02d}"


def _to_clock(match: re.Match[str], tag: str, loose: bool, meridiem_hint: str | None = None) -> Clock | None:
    names = _NAMES[tag]
    word, hour_text, sep, minute_text, ap = match.group(*names)
    if word:
        minutes = 0 if word.lower() == "midnight" else 12 * 60
        return Clock(minutes, True, word, match.start(names[0]), match.end(names[0]))
    hour = int(hour_text)
    minute = int(minute_text or 0)
    meridiem = ap.lower().replace(".", "").replace(" ", "")[0] if ap else meridiem_hint
    if not ap and not meridiem_hint:
        if sep is None:
            return None  # a bare number is not a time
        if sep == "." and not loose:
            return None  # "1.10" is more often a section number than ten past one
    if meridiem:
        if hour > 12 or hour == 0:
            return None
        hour = hour % 12 + (12 if meridiem == "p" else 0)
    start = match.start(names[1])
    end = match.end(names[4]) if ap else (match.end(names[3]) if sep else match.end(names[1]))
    return Clock(hour * 60 + minute, bool(meridiem), match.string[start:end], start, end)


def find_clocks(text: str, loose: bool = False, low: str | None = None) -> list[Clock]:
    """Every clock time in ``text``, in order (``low``: its lower(), when already made)."""
    out: list[Clock] = []
    if not may_hold_clock(text, low):
        return out
    for match in CLOCK_RE.finditer(text):
        clock = _to_clock(match, "", loose)
        if clock is not None:
            out.append(clock)
    return out


def find_range(text: str, loose: bool = False) -> tuple[Clock, Clock] | None:
    """The first "start to end" pair in ``text``: "10am–11.30am", "10 to 11.30am", "10:00 - 10:30"."""
    if not may_hold_clock(text):
        return None  # the second time must stand on its own
    for match in RANGE_RE.finditer(text):
        ap2 = match.group("ap2")
        hint = ap2.lower().replace(".", "").replace(" ", "")[0] if ap2 else None
        second = _to_clock(match, "2", loose)
        if second is None:
            continue
        first = _to_clock(match, "1", loose) if match.group("ap1") or match.group("w1") else None
        if first is None:
            # "10 to 11.30am" and "10-11am": the first time borrows the second's am/pm, unless
            # that would put it after the second (as in "11 to 1pm", where it is morning).
            first = _to_clock(match, "1", loose, hint)
            if first is not None and hint == "p" and first.minutes > second.minutes:
                first = _to_clock(match, "1", loose, "a")
            if first is None and match.group("s1") == ":":
                first = _to_clock(match, "1", loose)
        if first is None:
            continue
        return first, second
    return None


def find_duration(text: str, low: str | None = None) -> int | None:
    """A duration in minutes: "(15 mins)", "1 hour", "1.5 hrs", "1 hour 30 minutes", "half an hour"
    (``low``: the text's lower(), when already made)."""
    if "ı" not in text and "İ" not in text:  # the pattern takes both for "i"; lower() does not
        if low is None:
            low = text.lower()
        if "h" not in low and "min" not in low:
            return None  # every unit the pattern knows starts with "h" or "min"
    match = DURATION_RE.search(text)
    if match is None:
        return None
    if match.group("mins"):
        value = int(match.group("mins"))
        return value if 0 < value <= 600 else None
    raw = " ".join(match.group("hours").lower().split())
    hours = 0.5 if raw == "half an" else _WORD_HOURS.get(raw) or float(raw)
    minutes = int(round(hours * 60)) + int(match.group("hmins") or 0)
    return minutes if 0 < minutes <= 600 else None
