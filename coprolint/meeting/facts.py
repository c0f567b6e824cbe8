"""MeetingFacts: what one document says about its meeting, read once and shared by the rules.

Whether a document is a meeting document at all is decided here, from signals a person would
use: meeting words at the top (title, headings, first lines), a date, a time, agenda items.
A policy paper that mentions a meeting in passing has the word but not the rest, so the
meeting rules leave it alone. Minutes (a record of a meeting that happened) are told apart by
their title and by what only minutes say ("Present:", "seconded by", "adjourned at").
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from itertools import compress, count
from typing import Any

from coprolint.meeting import agenda, words
from coprolint.meeting.agenda import AgendaItem
from coprolint.meeting.dates import WEEKDAYS, find_dates
from coprolint.meeting.patterns import LazyPattern, digit_count, has_digit
from coprolint.meeting.times import find_clocks, find_range
from coprolint.model import DOCUMENT, Document, Location, Paragraph

EMAIL_RE = LazyPattern(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?<!\.)")
UK_PHONE_RE = LazyPattern(r"(?<![\w+])(?:\+44\s?\(?0?\)?\s?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)")
US_PHONE_RE = LazyPattern(r"(?<![\w+])(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}(?!\d)")
POSTCODE_RE = LazyPattern(r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b")
# How every postcode but GIR 0AA starts; it begins with a character class, so the engine can skip ahead.
POSTCODE_HINT_RE = re.compile(r"[A-PR-UWYZ](?:\d|[A-HK-Y]\d)")
URL_RE = LazyPattern(r"(?:https?://|www\.)[^\s<>\"')\]]+", re.IGNORECASE)
NAME = r"(?P<name>[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2})"
CONTACT_VERB = r"(?:contact|tell|ask|speak to|talk to|call|email|e-mail|phone|ring|text|let)\s+"
NAMED_CONTACT_RE = LazyPattern(r"\b" + CONTACT_VERB + NAME)
MEETING_WORDS_TOP = 8  # paragraphs at the top that count as "the top of the document"
DEADLINE_BEFORE = re.compile(
    r"\b(?:by|before|deadline|published|posted|dated|issued|printed|updated|revised|amended|"
    r"approved|adopted|circulated|sent|received|until|no later than)\W*(?:on\W*)?(?:the\W*)?$",
    re.IGNORECASE,
)


# The value types below are plain classes with slots: making a dataclass costs every fresh process
# about half a millisecond (a millisecond for MeetingFacts, with its twenty fields).


class Evidence:
    """Something found, and where: for messages and for the JSON facts."""

    __slots__ = ("text", "location")

    def __init__(self, text: str, location: Location = DOCUMENT) -> None:
        self.text = text
        self.location = location

    def __repr__(self) -> str:
        return f"Evidence({self.text!r}, {self.location.label()!r})"

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "location": self.location.as_dict()}


class FoundDate:
    """A date written in the document, resolved to a calendar date where a year is known."""

    __slots__ = ("text", "location", "date", "day", "month", "year_written", "weekday_written", "score")

    def __init__(
        self, text: str, location: Location, date: dt.date | None, day: int, month: int, year_written: bool,
        weekday_written: int | None, score: int = 0,
    ) -> None:
        self.text = text
        self.location = location
        self.date = date  # None when no year is written anywhere in the document
        self.day = day
        self.month = month
        self.year_written = year_written
        self.weekday_written = weekday_written
        self.score = score

    def __repr__(self) -> str:
        return f"FoundDate({self.text!r}, {self.location.label()!r}, {self.date}, score={self.score})"

    def weekday_mismatch(self) -> bool:
        return self.date is not None and self.weekday_written is not None and self.date.weekday() != self.weekday_written

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "location": self.location.as_dict()}
        out["date"] = self.date.isoformat() if self.date else None
        if self.weekday_mismatch():
            out["weekday_mismatch"] = True
        return out


class MeetingFacts:
    """Everything ``extract`` found; it starts empty and ``extract`` fills it in."""

    __slots__ = (
        "is_meeting", "is_minutes", "signals", "minutes_signals", "dates", "meeting_date", "start", "end", "time_source",
        "mode", "venue", "in_person_words", "video", "link_promised", "dial_in", "emails", "phones", "named_contacts",
        "agenda", "texts",
    )

    def __init__(self) -> None:
        self.is_meeting = False
        self.is_minutes = False
        self.signals: list[str] = []  # why it counts as a meeting document (or not)
        self.minutes_signals: list[str] = []
        self.dates: list[FoundDate] = []
        self.meeting_date: FoundDate | None = None
        self.start: int | None = None  # minutes after midnight
        self.end: int | None = None
        self.time_source: str | None = None  # "stated" or "agenda"
        self.mode: str | None = None  # "in-person", "online", "hybrid" or None when the document does not say
        self.venue: list[Evidence] = []  # postcodes, street addresses, "venue:" lines
        self.in_person_words: list[Evidence] = []
        self.video: list[Evidence] = []  # meeting links and platform names
        self.link_promised: list[Evidence] = []
        self.dial_in: list[Evidence] = []
        self.emails: list[Evidence] = []
        self.phones: list[Evidence] = []
        self.named_contacts: list[Evidence] = []
        self.agenda: list[AgendaItem] = []
        # The document's paragraphs lower-cased and split into words once, for every word list.
        self.texts = words.Texts([])

    def __repr__(self) -> str:
        return f"MeetingFacts(is_meeting={self.is_meeting}, is_minutes={self.is_minutes}, signals={self.signals!r})"

    def timed_items(self) -> list[AgendaItem]:
        return [i for i in self.agenda if i.start is not None]

    def as_dict(self) -> dict[str, Any]:
        clock = lambda m: None if m is None else f"{m // 60:02d}:{m % 60:02d}"  # noqa: E731
        return {
            "is_meeting": self.is_meeting,
            "is_minutes": self.is_minutes,
            "signals": self.signals,
            "minutes_signals": self.minutes_signals,
            "date": self.meeting_date.as_dict() if self.meeting_date else None,
            "dates": [d.as_dict() for d in self.dates],
            "start": clock(self.start),
            "end": clock(self.end),
            "time_source": self.time_source,
            "mode": self.mode,
            "venue": [e.as_dict() for e in self.venue],
            "video": [e.as_dict() for e in self.video],
            "link_promised": [e.as_dict() for e in self.link_promised],
            "dial_in": [e.as_dict() for e in self.dial_in],
            "contacts": {
                "emails": [e.as_dict() for e in self.emails],
                "phones": [e.as_dict() for e in self.phones],
                "named": [e.as_dict() for e in self.named_contacts],
            },
            "agenda": [i.as_dict() for i in self.agenda],
        }


def extract(document: Document) -> MeetingFacts:
    """Read every meeting fact from a document."""
    facts = MeetingFacts()
    body = document.body()
    paragraphs = [p for p in document.paragraphs if p.location.part != "comment"]
    # Every paragraph is lower-cased once, and the document split into words once; word lists are matched on that.
    facts.texts = words.Texts([p.text for p in document.paragraphs])
    # Dates, phone numbers, postcodes and street numbers all need a digit; most paragraphs have none.
    # (Paragraphs are known by their place in document.paragraphs, whose texts facts.texts holds, from here on.)
    everything = document.paragraphs
    numbered = {i for i in compress(count(), map(has_digit, facts.texts.texts))
                if everything[i].location.part != "comment"}
    _dates(document, paragraphs, numbered, facts)
    facts.agenda = agenda.extract(body, agenda.lines_that_may_count(facts.texts, everything, numbered))
    agenda.settle_times(facts.agenda)
    _times(body, facts)
    _places(document, numbered, facts)
    _contacts(document, paragraphs, numbered, facts)
    _kind(document, body, facts)
    return facts


FACTS_MEMO = "meeting.facts"  # where the facts sit in the checks' shared memo (engine --facts reads it)


def for_document(document: Document, ctx: Any) -> MeetingFacts:
    """The facts for this document, computed once and shared by every rule (through ctx.memo)."""
    return ctx.memo(FACTS_MEMO, lambda: extract(document))


# ---------------------------------------------------------------- dates and times


def _top(paragraphs: list[Paragraph], count: int = MEETING_WORDS_TOP) -> list[Paragraph]:
    top: list[Paragraph] = []
    for p in paragraphs:
        if len(top) == count:
            break
        if p.location.part in ("body", "table", "textbox", "header") and p.text.strip():
            top.append(p)
    return top


def _dates(document: Document, paragraphs: list[Paragraph], numbered: set[int], facts: MeetingFacts) -> None:
    raw: list[tuple[Paragraph, Any, bool]] = []  # each date, its paragraph, and whether that has a clock time
    lows = facts.texts.lows
    for index in sorted(numbered):  # every date has a digit
        p = document.paragraphs[index]
        hits = find_dates(p.text, lows[index])
        if hits:
            timed = bool(find_clocks(p.text))  # once per paragraph, however many dates it has
            raw.extend((p, hit, timed) for hit in hits)
    years = Counter(hit.year for _, hit, _ in raw if hit.year)
    common_year = years.most_common(1)[0][0] if years else None
    top_ids = {id(p) for p in _top(paragraphs, 12)}
    for p, hit, timed in raw:
        year = hit.year or common_year
        date = None
        if year:
            try:
                date = dt.date(year, hit.month, hit.day)
            except ValueError:
                date = None
        found = FoundDate(hit.text, p.location, date, hit.day, hit.month, hit.year is not None, hit.weekday)
        score = 0
        if id(p) in top_ids:
            score += 3
        if hit.weekday is not None:
            score += 2
        if hit.year is not None:
            score += 1
        if timed:
            score += 2
        if DEADLINE_BEFORE.search(p.text[: hit.start]):
            score -= 4
        if p.location.part in ("header", "footer"):
            score -= 1
        found.score = score
        facts.dates.append(found)
    if facts.dates:
        # The highest score; the first such date on a tie.
        best = max(enumerate(facts.dates), key=lambda pair: (pair[1].score, -pair[0]))[1]
        if best.score > 0:
            facts.meeting_date = best


def _times(body: list[Paragraph], facts: MeetingFacts) -> None:
    """Start and end: stated near the date ("10:00 to 13:00"), else read from the agenda."""
    near: list[Paragraph] = []
    if facts.meeting_date is not None:
        for i, p in enumerate(body):
            if p.location == facts.meeting_date.location:
                near = body[i : i + 3]
                break
    for p in near or _top(body):
        found = find_range(p.text)
        if found and found[1].minutes > found[0].minutes:
            facts.start, facts.end = found[0].minutes, found[1].minutes
            facts.time_source = "stated"
            return
    for p in near:
        clocks = find_clocks(p.text)
        if clocks:
            facts.start = clocks[0].minutes
            facts.time_source = "stated"
            break
    timed = facts.timed_items()
    if timed:
        first_day = [i for i in timed if i.day == timed[0].day]
        if facts.start is None:
            facts.start = first_day[0].start
            facts.time_source = "agenda"
        last = first_day[-1]
        if facts.end is None and len(first_day) >= 2:
            # Only an item that says it ends the meeting, or one with an end or a length, gives the end.
            if last.is_end:
                facts.end = last.start
            elif last.end is not None:
                facts.end = last.end
            elif last.duration and last.start is not None:
                facts.end = last.start + last.duration


# ---------------------------------------------------------------- where and how to join

ADDRESS_RE_CACHE: dict[str, re.Pattern[str]] = {}


def _address_re() -> re.Pattern[str]:
    if "re" not in ADDRESS_RE_CACHE:
        streets = "|".join(sorted((re.escape(w) for w in words.words("places", "street_words")), key=len, reverse=True))
        ADDRESS_RE_CACHE["re"] = re.compile(
            rf"\b\d{{1,5}}[A-Za-z]?,?\s+(?:[A-Z][\w'’.-]*\s+){{1,4}}(?:{streets})\b\.?", re.IGNORECASE
        )
    return ADDRESS_RE_CACHE["re"]


def _is_address_match(text: str) -> bool:
    # The number-then-capitalised-words shape; IGNORECASE above is only for the street word.
    words_part = text.split()[1:-1]
    return bool(words_part) and all(w[:1].isupper() or w[:1].isdigit() for w in words_part)


LOOSE_ONLINE = ("online", "virtual", "virtually", "remote", "remotely", "teams", "webinar")
JOIN_RE = LazyPattern(r"\b(?:join|attend|take part|meeting|participate|watch|log in|access)\b", re.I)
DIAL_DIGITS_RE = LazyPattern(r"\d{3}\s?\d{3}\s?\d{3,4}")
# How each verb of CONTACT_VERB ends ("email" and "e-mail" in "mail"): NAMED_CONTACT_RE can match
# only where one of these is followed by white space and a capital letter.
CONTACT_VERB_ENDS = ("contact", "call", "tell", "talk to", "text", "ask", "speak to", "mail", "phone", "ring", "let")


def _may_name_contact(text: str) -> bool:
    """Whether NAMED_CONTACT_RE could match in ``text``: a contact verb, white space, a capital letter.
    Each verb is found by a substring search, far cheaper than a pattern trying every place."""
    for verb in CONTACT_VERB_ENDS:
        at = text.find(verb)
        while at >= 0:
            after = at + len(verb)
            if text[after : after + 1].isspace():
                while text[after : after + 1].isspace():
                    after += 1
                if "A" <= text[after : after + 1] <= "Z":
                    return True
            at = text.find(verb, at + 1)
    return False


def _places(document: Document, numbered: set[int], facts: MeetingFacts) -> None:
    video_hosts = words.words("places", "video_hosts")
    texts = facts.texts
    # Each list looked for in the whole document at once: paragraph index -> phrases found there.
    in_person_words = texts.found(words.phrases("places", "in_person"))
    online_words = texts.found(words.phrases("places", "online"))
    link_words = texts.found(words.phrases("places", "link_promise"))
    phone_words = texts.found(words.phrases("places", "phone"))
    seen_urls: set[str] = set()
    for link in document.links:
        target = link.target.lower()
        if any(host in target for host in video_hosts):
            facts.video.append(Evidence(link.target, link.location))
            seen_urls.add(target)
    # A street address ends in a street word, a whole word in any case: only paragraphs with one of
    # those the document has are searched for addresses.
    streets = tuple(w for w in words.words("places", "street_words") if w in texts.tokens)
    on_street = texts.with_any(streets) if streets else set()
    # Only paragraphs with a digit, a web address or a phrase of the lists can add anything.
    web = texts.with_any(("http", "www."))
    maybe = numbered | in_person_words.keys() | online_words.keys() | link_words.keys() | web
    for where in sorted(maybe):
        p = document.paragraphs[where]
        text = p.text
        if not text.strip() or p.location.part in ("footnote", "endnote", "comment"):
            continue
        # Cheap tests first: a web address has "http" or "www.", a postcode or street number has a digit.
        if where in web:
            for url in URL_RE.findall(text):
                low_url = url.lower()
                if low_url not in seen_urls and any(host in low_url for host in video_hosts):
                    seen_urls.add(low_url)
                    facts.video.append(Evidence(url, p.location))
        digits = where in numbered
        if digits:
            if POSTCODE_HINT_RE.search(text) or "GIR" in text:
                for m in POSTCODE_RE.finditer(text):
                    facts.venue.append(Evidence(m.group(0), p.location))
            if where in on_street:
                for m in _address_re().finditer(text):
                    if _is_address_match(m.group(0)) and not find_clocks(m.group(0)):
                        facts.venue.append(Evidence(m.group(0).strip(), p.location))
        for phrase in in_person_words.get(where, ()):
            facts.in_person_words.append(Evidence(phrase, p.location))
        online = online_words.get(where)
        if online:
            platforms = [w for w in online if w not in LOOSE_ONLINE]
            loose = [w for w in online if w in LOOSE_ONLINE]
            if platforms:
                facts.video.extend(Evidence(w, p.location) for w in platforms)
            elif loose and JOIN_RE.search(text):
                facts.video.extend(Evidence(w, p.location) for w in loose)
        for phrase in link_words.get(where, ()):
            facts.link_promised.append(Evidence(phrase, p.location))
        if digits and where in phone_words and (UK_PHONE_RE.search(text) or US_PHONE_RE.search(text) or DIAL_DIGITS_RE.search(text)):
            facts.dial_in.append(Evidence(text.strip()[:120], p.location))
    in_person = bool(facts.venue) or any(e.text not in ("room",) for e in facts.in_person_words)
    online_mode = bool(facts.video) or bool(facts.link_promised)
    if in_person and (online_mode or facts.dial_in):
        facts.mode = "hybrid"
    elif in_person:
        facts.mode = "in-person"
    elif online_mode or facts.dial_in:
        facts.mode = "online"


def _contacts(document: Document, paragraphs: list[Paragraph], numbered: set[int], facts: MeetingFacts) -> None:
    # Three searches, each only where it can find something. (Their findings never look alike, so
    # one set of what was seen serves all three, as when one pass made them.)
    seen: set[str] = set()
    texts = facts.texts
    for index in sorted(texts.with_any(("@",))):
        p = document.paragraphs[index]
        if p.location.part == "comment" or "@" not in p.text:
            continue
        for m in EMAIL_RE.finditer(p.text):
            key = m.group(0).lower()
            if key not in seen:
                seen.add(key)
                facts.emails.append(Evidence(m.group(0), p.location))
    for index in sorted(numbered):
        p = document.paragraphs[index]
        # A phone number is kept only with ten digits or more, so text with fewer has none.
        if len(p.text) >= 10 and digit_count(p.text) >= 10:
            for regex in (UK_PHONE_RE, US_PHONE_RE):
                for m in regex.finditer(p.text):
                    digits = re.sub(r"\D", "", m.group(0))
                    if len(digits) >= 10 and digits not in seen:
                        seen.add(digits)
                        facts.phones.append(Evidence(m.group(0).strip(), p.location))
    # One search of the whole text tells whether any paragraph can name a contact (most documents: none).
    if not _may_name_contact(texts.whole.text):
        return
    for p in paragraphs:
        if _may_name_contact(p.text):
            for m in NAMED_CONTACT_RE.finditer(p.text):
                name = m.group("name")
                if name.split()[0].lower() not in WEEKDAYS and name not in seen:
                    seen.add(name)
                    facts.named_contacts.append(Evidence(name, p.location))


# ---------------------------------------------------------------- what kind of document


TITLED_MINUTES_RE = re.compile(r"(?<![\w])(?:minutes|minuta|acta|notes of the meeting|meeting notes|action notes)(?![\w])", re.I)
AGENDA_TOP_RE = re.compile(r"\bagenda\b|orden del d[ií]a", re.I)
WEAK_MINUTES_WORDS = ("minutes", "minutes of", "apologies", "apologies for absence", "action log", "action points", "minuta", "acta")


def _kind(document: Document, body: list[Paragraph], facts: MeetingFacts) -> None:
    top = _top(body)
    headings = [p for p in body if p.heading_level is not None][:20]
    top_text = "\n".join([document.metadata.title or ""] + [p.text for p in top] + [p.text for p in headings])
    first_text = "\n".join([document.metadata.title or ""] + [p.text for p in top[:4]])
    meeting_words = words.found(top_text, "meeting", "words")
    signals: list[str] = []
    if meeting_words:
        signals.append("meeting words at the top: " + ", ".join(meeting_words[:4]))
    if facts.meeting_date is not None:
        signals.append(f"a date: {facts.meeting_date.text}")
    if facts.start is not None:
        signals.append("a time")
    timed = facts.timed_items()
    if len(timed) >= 2 or len(facts.agenda) >= 3:
        signals.append(f"{len(facts.agenda)} agenda items")
    if facts.mode:
        signals.append(f"says how to join ({facts.mode})")
    facts.signals = signals

    # Minutes: named so at the top (and not also called an agenda), or things only minutes say.
    minutes: list[str] = []
    titled = TITLED_MINUTES_RE.search(first_text)
    agenda_top = AGENDA_TOP_RE.search(first_text) is not None
    if titled and not agenda_top:
        minutes.append(f"called {titled.group(0).lower()!r} at the top")
    size = min(len(body), 400)
    if size and body[size - 1] is document.paragraphs[size - 1]:
        full = facts.texts.first(size)  # the body comes first, so these are the document's first paragraphs
    else:
        where = {id(p): i for i, p in enumerate(document.paragraphs)}
        full = facts.texts.joined([where[id(p)] for p in body[:400]])
    strong = [w for w in words.found(full, "meeting", "minutes_words") if w not in WEAK_MINUTES_WORDS]
    minutes.extend(strong)
    facts.minutes_signals = minutes
    facts.is_minutes = (titled is not None and not agenda_top) or len(strong) >= (3 if agenda_top else 2)

    has_when = facts.meeting_date is not None or facts.start is not None
    facts.is_meeting = facts.is_minutes or (bool(meeting_words) and (has_when or len(facts.agenda) >= 3)) or len(timed) >= 3
