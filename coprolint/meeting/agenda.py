"""Agenda items: number, time or duration, title and who leads, from tables and from lines.

A table row (time | item | who) and a line ("10:00 – 10:30 Welcome (Priya)", or a PDF line
"10:00\\tWelcome\\tPriya" where the reader kept the column gap as a tab) are read the same way:
as a row of cells. A row is an item when it has a time or an item number and a title.
Rows that carry a date or "Day 2" start a new day, so that times starting again in the
morning are not read as going backwards.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from coprolint.meeting import words
from coprolint.meeting.dates import SEPARATED_RE, dates_in, find_dates, may_name_month
from coprolint.meeting.patterns import LazyPattern, has_digit
from coprolint.meeting.times import Clock, find_clocks, find_duration, find_range, has_clock_word
from coprolint.model import Location, Paragraph

NUMBER_RE = re.compile(r"^(?:item\s+)?(?P<num>\d{1,2}(?:\.\d{1,2}){0,2})(?:[.):]|\s*$)\s*", re.IGNORECASE)
LEAD_NUMBER_RE = re.compile(r"^(?:item\s+)?(?P<num>\d{1,2}(?:\.\d{1,2}){0,2})(?:[.)](?!\d)\s*|\s+(?=[A-Z]))", re.IGNORECASE)
SEPARATORS = " \t-–—:|•·,"
DAY_RE = re.compile(r"\bday\s+(?:\d{1,2}|one|two|three|four|five)\b", re.IGNORECASE)
LABELS = {"time", "times", "date", "when", "start", "starts", "from", "until", "venue", "where", "place"}
MAX_TITLE = 160
BIG_JUMP = 180  # minutes: a time this far before the last one starts a new day or track


class AgendaItem:
    """One item of the agenda. (A plain class with slots: making a dataclass costs every fresh process
    about half a millisecond.)"""

    __slots__ = ("title", "location", "number", "start", "end", "duration", "who", "day", "source", "is_break", "is_end")

    def __init__(
        self, title: str, location: Location, number: str | None = None, start: int | None = None, end: int | None = None,
        duration: int | None = None, who: str | None = None, day: int = 1, source: str = "line", is_break: bool = False,
        is_end: bool = False,
    ) -> None:
        self.title = title
        self.location = location
        self.number = number  # "3", "3.1" as written
        self.start = start  # minutes after midnight
        self.end = end
        self.duration = duration  # minutes, when written
        self.who = who
        self.day = day  # which day of a multi-day agenda
        self.source = source  # "table" or "line"
        self.is_break = is_break
        self.is_end = is_end

    def __repr__(self) -> str:
        return f"AgendaItem({self.title!r}, start={self.start}, end={self.end}, number={self.number!r}, day={self.day})"

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"title": self.title, "source": self.source, "location": self.location.as_dict()}
        if self.number is not None:
            out["number"] = self.number
        for key in ("start", "end"):
            value = getattr(self, key)
            if value is not None:
                out[key] = f"{value // 60:02d}:{value % 60:02d}"
        if self.duration is not None:
            out["duration_minutes"] = self.duration
        if self.who:
            out["who"] = self.who
        if self.day != 1:
            out["day"] = self.day
        if self.is_break:
            out["break"] = True
        if self.is_end:
            out["end_of_meeting"] = True
        return out


class Row:
    """A body line or table row as its non-empty cells."""

    __slots__ = ("cells", "location", "source", "last_cell")

    def __init__(self, cells: list[str], location: Location, source: str, last_cell: int | None = None) -> None:
        self.cells = cells
        self.location = location
        self.source = source
        self.last_cell = last_cell  # table rows: the cell the last paragraph came from


def _squeezed(text: str) -> str:
    """``" ".join(text.split())``, without splitting the many texts it would give back unchanged: a
    printable text has no white space but the plain space (str.isprintable counts every other kind
    out), so one without a double, leading or trailing space is already so."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def rows(paragraphs: Iterable[Paragraph], lines: set[int] | None = None) -> list[Row]:
    """Body lines and table rows, in reading order, as lists of non-empty cells. ``lines``: the ids
    of the only body lines to take (see ``lines_that_may_count``); None takes every line."""
    out: list[Row] = []
    current: tuple[int | None, int | None] | None = None
    for p in paragraphs:
        loc = p.location
        if loc.part == "table" and loc.table is not None:
            key = (loc.table, loc.row)
            text = _squeezed(p.text)
            if current == key and out:
                row = out[-1]
                if text:
                    # A new cell, or another paragraph of the same cell.
                    if loc.cell is not None and row.last_cell == loc.cell and row.cells:
                        row.cells[-1] = row.cells[-1] + " " + text
                    else:
                        row.cells.append(text)
                row.last_cell = loc.cell
                continue
            current = key
            out.append(Row([text] if text else [], loc, "table", loc.cell))
            continue
        current = None
        if loc.part not in ("body", "textbox") or (lines is not None and id(p) not in lines):
            continue
        text = p.text
        if "\t" in text:
            cells = [" ".join(c.split()) for c in text.split("\t")]
            cells = [c for c in cells if c]
        else:
            line = _squeezed(text)
            cells = [line] if line else []
        if cells:
            out.append(Row(cells, loc, "line"))
    return out


SIMPLE_TIME_RE = re.compile(r"([01]?\d|2[0-3])[:.]([0-5]\d)")


def _whole_time(cell: str) -> tuple[Clock, Clock | None] | None:
    """A cell that is only a time or a time range ("10:00", "10.30–11.00", "10am - noon")."""
    text = cell.strip().strip("()[]").strip()
    if len(text) > 24:
        return None
    simple = SIMPLE_TIME_RE.fullmatch(text)
    if simple:
        # The commonest cell, "10:00" or "9.30": what find_clocks would make of it, without the search.
        minutes = int(simple.group(1)) * 60 + int(simple.group(2))
        return Clock(minutes, False, text, 0, len(text)), None
    found = find_range(text, loose=True)
    if found and _rest(text, found[1].end) == "":
        return found[0], found[1]
    clocks = find_clocks(text, loose=True)
    if len(clocks) == 1 and clocks[0].start <= 1 and _rest(text, clocks[0].end) == "":
        return clocks[0], None
    return None


def _rest(text: str, end: int) -> str:
    return text[end:].strip(SEPARATORS + ".()")


def _leading_time(text: str) -> tuple[Clock, Clock | None, str] | None:
    """A time or range at the start of a line, and the rest of the line."""
    found = find_range(text[:40], loose=True)
    if found and found[0].start <= 2:
        return found[0], found[1], text[found[1].end:]
    clocks = find_clocks(text[:24], loose=True)
    if clocks and clocks[0].start <= 2:
        rest = text[clocks[0].end:]
        if not rest or rest[0] in SEPARATORS or rest[0] == ")":
            return clocks[0], None, rest
    return None


def _trailing_time(text: str) -> tuple[Clock, Clock | None, str] | None:
    """A time or range at the end of a line: "Welcome 10:00", "Welcome (10:00 – 10:20)"."""
    tail = text[-40:]
    offset = len(text) - len(tail)
    found = find_range(tail, loose=False)
    if found and _rest(tail, found[1].end) == "":
        return found[0], found[1], text[: offset + found[0].start]
    clocks = find_clocks(tail)
    if clocks and _rest(tail, clocks[-1].end) == "":
        return clocks[-1], None, text[: offset + clocks[-1].start]
    return None


def _clean_title(text: str) -> str:
    title = _squeezed(text).strip(SEPARATORS + ".")
    return title.strip()


_NOT_ASCII_LETTERS = bytes(c for c in range(128) if not chr(c).isalpha())


def _letters(text: str) -> int:
    """How many letters (str.isalpha) ``text`` has; for ASCII, counted by deleting the other bytes."""
    if text.isascii():
        return len(text.encode().translate(None, _NOT_ASCII_LETTERS))
    return sum(map(str.isalpha, text))


def _is_title(text: str, low: str) -> bool:
    """Whether ``text`` (``low``: its lower()) reads as an item's title."""
    # Letters left once any times are taken out: "9:00 am – 9:30 am" is not a title.
    bare = text
    for clock in reversed(find_clocks(text, low=low)):
        bare = bare[: clock.start] + bare[clock.end :]
    letters = _letters(bare)
    return letters >= 3 and len(text) <= MAX_TITLE and low.rstrip(":") not in LABELS


def _parse_row(row: Row) -> AgendaItem | None:
    """The item without its break and end marks, from a row that may hold an item (a digit or a
    clock word)."""
    cells = row.cells
    if not cells or sum(map(len, cells)) > 400:
        return None
    number: str | None = None
    start: Clock | None = None
    end: Clock | None = None
    who: str | None = None
    rest_cells: list[str] = []
    for index, cell in enumerate(cells):
        if start is None and index <= 2:
            whole = _whole_time(cell)
            if whole:
                start, end = whole
                continue
        if number is None and index <= 1:
            m = NUMBER_RE.match(cell)
            if m and m.end() == len(cell):
                number = m.group("num")
                continue
        rest_cells.append(cell)
    if not rest_cells:
        return None
    text = rest_cells[0]
    if number is None:
        m = LEAD_NUMBER_RE.match(text)
        if m and m.end() < len(text):
            number = m.group("num")
            text = text[m.end():]
    if start is None:
        lead = _leading_time(text)
        if lead:
            start, end, text = lead
        else:
            trail = _trailing_time(text)
            if trail:
                start, end, text = trail
    if start is None and number is None:
        return None
    title = _clean_title(text)
    low = title.lower()  # for the tests below, made once
    duration = find_duration(title, low)
    if duration is not None:
        title = _clean_title(re.sub(r"\(?\s*\d[^()]*?(?:minutes?|mins?|hours?|hrs?)\s*\)?\s*$", "", title, flags=re.I)) or title
        low = title.lower()
    if not title or not _is_title(title, low):
        return None
    if start is None and row.source == "line" and len(title) > 120:
        return None  # a numbered paragraph of prose, not an item
    if len(rest_cells) > 1:
        candidate = rest_cells[1]
        if _letters(candidate) >= 2 and len(candidate) <= 80:
            who = candidate
    item = AgendaItem(
        title=title,
        location=row.location,
        number=number,
        start=start.minutes if start else None,
        end=end.minutes if end else None,
        duration=duration,
        who=who,
        source=row.source,
    )
    return item


def _mark_all(items: list[AgendaItem]) -> None:
    """Which items are breaks, and which end the meeting. Most agendas have no word of either list
    in any title, which one look at the words of all the titles together shows."""
    breaks, ends = words.phrases("breaks", "words"), words.phrases("ends", "words")
    lows = [words.lower(item.title) for item in items]
    together = words.tokens(" ".join(low for low in lows if low is not None))
    if None in lows or breaks.may_occur(together) or ends.may_occur(together):
        for item, low in zip(items, lows):
            _mark(item, low)


def _mark(item: AgendaItem, low: str | None) -> None:
    """Whether the item is a break, or ends the meeting (``low``: its title's ``words.lower``). Most
    titles have no word of either list, which one look at the title's words shows before any
    phrase is looked for."""
    breaks, ends = words.phrases("breaks", "words"), words.phrases("ends", "words")
    if low is None:
        folded = words.fold(item.title)
    else:
        found = words.tokens(low)
        if not (breaks.may_occur(found) or ends.may_occur(found)):
            return
        folded = words.Folded(item.title, low, found)  # what fold would make again
    item.is_break = breaks.has(folded)
    item.is_end = not item.is_break and len(item.title) <= 40 and ends.has(folded)


DAY_OR_MONTH_NAMES = frozenset((
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december",
))
MONTH_OR_DAY_RE = LazyPattern(r"^(?:" + "|".join(sorted(DAY_OR_MONTH_NAMES)) + r")\W*$", re.IGNORECASE)
_ASCII_NON_WORD = "".join(chr(c) for c in range(128) if not (chr(c).isalnum() or c == 95))


def _day_or_month_name(cell: str) -> bool:
    """A cell that is only a weekday or month name (and punctuation), as MONTH_OR_DAY_RE matches it."""
    if not cell.isascii():
        # The pattern matches one character with each of the name's (nine at most): a word
        # character after those rules it out without the pattern (mostly never compiled).
        if len(cell) > 9 and (cell[9].isalnum() or cell[9] == "_"):
            return False
        return MONTH_OR_DAY_RE.match(cell) is not None
    name = cell.rstrip(_ASCII_NON_WORD)
    return len(name) <= 9 and name.lower() in DAY_OR_MONTH_NAMES  # no name is longer than "wednesday"


def _day_number(text: str, low: str) -> bool:
    """Whether DAY_RE finds "Day 2" in ``text``: tried only where "day" is, when ``low`` lines up with ``text``."""
    if len(low) != len(text):
        return DAY_RE.search(text) is not None
    # Only "day" in any case lower-cases to "day", so a match starts where ``low`` has it.
    at = low.find("day")
    while at >= 0:
        if DAY_RE.match(text, at):
            return True
        at = low.find("day", at + 3)
    return False


def _day_marker(row: Row, text: str, low: str, digit: bool, separated: bool, named: bool) -> bool:
    """A row that starts a new day: a date, "Day 2", or a weekday or month name on its own.

    ``text`` is the row's cells joined by spaces, ``low`` its lower(); ``digit``, ``separated`` and
    ``named`` say whether it has a digit, a date separator (``SEPARATED_RE``) and (tested only with
    a digit) a month's name (``may_name_month``).
    """
    has_day = "day" in low
    if has_day and _day_number(text, low):
        return True
    # Every weekday's name holds "day", and every month's what may_name_month looks for.
    if (has_day or named or not digit) and any(map(_day_or_month_name, row.cells)):
        return True
    return digit and (separated or named) and len(text) <= 80 and bool(dates_in(text, separated, named))


def lines_that_may_count(texts: words.Texts, paragraphs: list[Paragraph], numbered: set[int]) -> set[int]:
    """The ids of the paragraphs (``paragraphs``: the document's, whose texts ``texts`` holds;
    ``numbered``: the places of those with a digit) that, as a body line, could be an agenda item
    or start a new day; ``extract`` passes over the rest.

    Without a digit a line does nothing unless it has a clock word ("noon", "midday", "midnight"),
    "Day" and a number, or a cell that is only a weekday's or month's name. Most lines are prose
    with none of these: a few substring tests on each show it, where splitting it into cells and
    trying each test of ``extract`` costs far more. Paragraphs with odd case rules are always kept."""
    keep = numbered | set(texts.odd)
    lows = texts.lows
    for index, text in enumerate(texts.texts):
        if index not in keep and _may_count(text, lows[index] or ""):
            keep.add(index)
    return {id(paragraphs[index]) for index in keep}


def _may_count(text: str, low: str) -> bool:
    """Whether a line without a digit (``low``: its lower()) may count."""
    if "noon" in low or "mid" in low or "\t" in text or ("day" in low and DAY_RE.search(text) is not None):
        return True
    # A weekday's or month's name alone (nine letters at most) and then only punctuation, as
    # ``_day_or_month_name`` takes it (outside ASCII: where the tenth character is not a word character).
    line = text.strip()
    if text.isascii():
        return len(line.rstrip(_ASCII_NON_WORD)) <= 9
    return len(line) <= 9 or not (line[9].isalnum() or line[9] == "_")


def extract(paragraphs: list[Paragraph], lines: set[int] | None = None) -> list[AgendaItem]:
    """Agenda items in reading order, with day numbers for multi-day agendas. ``lines``: the ids of
    the body lines that may count (``lines_that_may_count``), or None to look at every line."""
    items: list[AgendaItem] = []
    day = 1
    day_has_items = False  # whether an item is on the current day yet
    last_start: int | None = None  # the latest start time on the current day
    for row in rows(paragraphs, lines):
        text = " ".join(row.cells)
        low = text.lower()
        # The cheap tests the costlier ones depend on, each made once per row: dates, times and item
        # numbers need a digit (or, for times, a word such as "noon").
        digit = has_digit(text)
        separated = digit and SEPARATED_RE.search(text) is not None
        named = digit and may_name_month(text, low)
        if _day_marker(row, text, low, digit, separated, named):
            if day_has_items:
                day, day_has_items, last_start = day + 1, False, None
            continue
        # An item's title is part of its row, so a row that cannot hold a date has a title without one.
        dated = digit and (separated or named)
        item = _parse_row(row) if digit or has_clock_word(text, low) else None
        if item is not None and dated and find_dates(item.title):
            if day_has_items:
                day, day_has_items, last_start = day + 1, False, None
            continue  # a date with a time is a day's heading, not an item
        if item is not None:
            if item.start is not None and last_start is not None:
                _afternoon(item, last_start)
                if last_start - item.start > BIG_JUMP:
                    # hours back: a new day or a parallel track the layout did not mark
                    day, day_has_items, last_start = day + 1, False, None
            item.day = day
            items.append(item)
            day_has_items = True
            if item.start is not None:
                last_start = item.start
    items = _keep_agenda_runs(items)
    _mark_all(items)
    return items


def _keep_agenda_runs(items: list[AgendaItem]) -> list[AgendaItem]:
    """Numbered lines alone are weak: keep them only when there are a few of them."""
    timed = [i for i in items if i.start is not None]
    numbered = [i for i in items if i.start is None]
    if len(numbered) < 3:
        return timed
    return items


def _afternoon(item: AgendaItem, last: int) -> None:
    """ "1:30" written after "11:45" with no am/pm is half past one in the afternoon."""
    assert item.start is not None
    if item.start < 7 * 60 and item.start + 720 >= last > item.start:
        item.start += 720
        if item.end is not None and item.end < item.start:
            item.end += 720


def settle_times(items: list[AgendaItem]) -> None:
    """Times written without am/pm: "1:30" after "11:45" is half past one in the afternoon."""
    last: int | None = None
    day = None
    for item in items:
        if item.day != day:
            last, day = None, item.day
        if item.start is None:
            continue
        if last is not None and item.start < 7 * 60 and item.start + 720 >= last > item.start:
            item.start += 720
            if item.end is not None and item.end < item.start:
                item.end += 720
        if item.end is not None and item.end < item.start and item.end + 720 <= item.start + 600:
            item.end += 720
        last = item.start

