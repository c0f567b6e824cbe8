"""Meeting facts read from text: UK (and US) dates and times, agendas in tables and lines, how to join."""

from __future__ import annotations

import datetime as dt

import pytest

from coprolint.meeting.agenda import extract as agenda_items
from coprolint.meeting.dates import find_dates
from coprolint.meeting.facts import extract
from coprolint.meeting.times import find_clocks, find_duration, find_range
from coprolint.model import Document, Link, Location, Paragraph, Run


def make(lines: list[str], table: list[list[str]] | None = None, links: list[Link] | None = None, title: str | None = None) -> Document:
    paragraphs: list[Paragraph] = []
    for line in lines:
        paragraphs.append(Paragraph([Run(line)], Location(paragraph=len(paragraphs) + 1)))
    for r, row in enumerate(table or [], 1):
        for c, cell in enumerate(row, 1):
            paragraphs.append(Paragraph([Run(cell)], Location(part="table", table=1, row=r, cell=c, paragraph=len(paragraphs) + 1)))
    doc = Document("agenda.docx", "docx", paragraphs=paragraphs, links=links or [])
    doc.metadata.title = title
    return doc


@pytest.mark.parametrize("text, expected", [
    ("10:00", "10:00"), ("10.00am", "10:00"), ("10am", "10:00"), ("6:30 PM", "18:30"), ("2.15 p.m.", "14:15"),
    ("noon", "12:00"), ("midday", "12:00"), ("12am", "00:00"),
])
def test_clock_times(text: str, expected: str) -> None:
    assert [c.label() for c in find_clocks(text)] == [expected]


@pytest.mark.parametrize("text", ["1.10 Apologies", "£10.00", "section 4.2", "item 10", "version 2.30"])
def test_numbers_that_are_not_times(text: str) -> None:
    assert find_clocks(text) == []


@pytest.mark.parametrize("text, start, end", [
    ("10am–11.30am", "10:00", "11:30"), ("10:00 to 10:30", "10:00", "10:30"), ("10 to 11.30am", "10:00", "11:30"),
    ("10-11am", "10:00", "11:00"), ("11 to 1pm", "11:00", "13:00"), ("2pm - 4pm", "14:00", "16:00"),
    ("10am until noon", "10:00", "12:00"),
])
def test_time_ranges(text: str, start: str, end: str) -> None:
    found = find_range(text)
    assert found is not None and (found[0].label(), found[1].label()) == (start, end)


@pytest.mark.parametrize("text, minutes", [
    ("(15 mins)", 15), ("20 minutes", 20), ("1 hour", 60), ("1.5 hrs", 90), ("1 hour 30 minutes", 90), ("half an hour", 30),
])
def test_durations(text: str, minutes: int) -> None:
    assert find_duration(text) == minutes


@pytest.mark.parametrize("text, day, month, year, weekday", [
    ("Thursday 14 January 2027", 14, 1, 2027, 3), ("14 Jan 2027", 14, 1, 2027, None), ("14th January", 14, 1, None, None),
    ("14th of January 2027", 14, 1, 2027, None), ("Thursday, January 14, 2027", 14, 1, 2027, 3),
    ("14/01/2027", 14, 1, 2027, None), ("14/01/27", 14, 1, 2027, None), ("12/19/2023", 19, 12, 2023, None),
    ("2027-01-14", 14, 1, 2027, None), ("14.01.2027", 14, 1, 2027, None), ("Sat 3 July 2021", 3, 7, 2021, 5),
])
def test_dates(text: str, day: int, month: int, year: int | None, weekday: int | None) -> None:
    hits = find_dates(f"The meeting is on {text}, at 10:00.")
    assert [(h.day, h.month, h.year, h.weekday) for h in hits] == [(day, month, year, weekday)]


@pytest.mark.parametrize("text", ["section 4.2.10", "I may 5 things", "31 February 2027", "version 1.2.2020x"])
def test_not_dates(text: str) -> None:
    assert find_dates(text) == []


CLEAN_TOP = [
    "Carers' Voice Group meeting",
    "Thursday 14 January 2027, 10:00 to 13:00",
    "We will meet in Room 2, Oak House Community Centre, 12 Station Road, Walsall WS1 1AA.",
    "Please tell Sam Jones what would help you take part, by Friday 8 January. Email sam.jones@example.org or phone 0121 496 0123.",
]
TABLE = [
    ["Time", "What we will do", "Who"],
    ["10:00", "Welcome and introductions", "Priya Shah"],
    ["10:20", "What carers told us", "Sam Jones"],
    ["11:00", "Break with tea and coffee", ""],
    ["12:50", "What happens next", "Priya Shah"],
    ["13:00", "Meeting ends", ""],
]


def test_facts_of_an_agenda_with_a_table() -> None:
    facts = extract(make(CLEAN_TOP, TABLE))
    assert facts.is_meeting and not facts.is_minutes
    assert facts.meeting_date is not None and facts.meeting_date.date == dt.date(2027, 1, 14)
    assert (facts.start, facts.end) == (600, 780)
    assert facts.mode == "in-person"
    assert [e.text for e in facts.venue] == ["WS1 1AA", "12 Station Road"]
    assert [e.text for e in facts.emails] == ["sam.jones@example.org"]
    assert [e.text for e in facts.phones] == ["0121 496 0123"]
    assert [e.text for e in facts.named_contacts] == ["Sam Jones"]
    titles = [(i.start, i.title, i.who) for i in facts.agenda]
    assert titles == [
        (600, "Welcome and introductions", "Priya Shah"), (620, "What carers told us", "Sam Jones"),
        (660, "Break with tea and coffee", None), (770, "What happens next", "Priya Shah"), (780, "Meeting ends", None),
    ]
    assert [i.is_break for i in facts.agenda] == [False, False, True, False, False]
    assert facts.agenda[-1].is_end
    # The deadline "by Friday 8 January" takes the meeting's year but is not the meeting date.
    assert [d.date for d in facts.dates] == [dt.date(2027, 1, 14), dt.date(2027, 1, 8)]


def test_agenda_lines_in_many_formats() -> None:
    lines = [
        "1. 10:00 – 10:20 Welcome and introductions",
        "2. 10.20am Your views on the clinic (40 mins)",
        "10:00\tWelcome back\tPriya Shah",
        "Lunch 12:30",
        "3) Planning the summer event",
    ]
    items = agenda_items(make(lines).paragraphs)
    got = [(i.number, i.start, i.end, i.duration, i.title, i.who) for i in items]
    assert got == [
        ("1", 600, 620, None, "Welcome and introductions", None),
        ("2", 620, None, 40, "Your views on the clinic", None),
        (None, 600, None, None, "Welcome back", "Priya Shah"),
        (None, 750, None, None, "Lunch", None),
    ]  # one numbered line with no time is too weak to count as an agenda item on its own...
    more = agenda_items(make(lines + ["4) Budget", "5) Any other business"]).paragraphs)
    assert [i.title for i in more if i.start is None] == ["Planning the summer event", "Budget", "Any other business"]  # ...three are


def test_pm_without_am_pm_and_days() -> None:
    lines = ["11:30 Reports", "12:15 Lunch", "1:00 Workshops", "Day 2", "9:30 Welcome back", "10:00 Panel"]
    items = agenda_items(make(lines).paragraphs)
    from coprolint.meeting.agenda import settle_times

    settle_times(items)
    assert [(i.day, i.start) for i in items] == [(1, 690), (1, 735), (1, 780), (2, 570), (2, 600)]


def test_online_and_hybrid_modes() -> None:
    link = Link("Join on Teams", "https://teams.microsoft.com/l/meetup-join/abc", Location(paragraph=2))
    online = extract(make(["Panel meeting", "Tuesday 19 January 2027, 16:00 to 17:00"], links=[link]))
    assert online.mode == "online" and online.video[0].text.startswith("https://teams")
    promised = extract(make(["Panel meeting on Zoom", "Tuesday 19 January 2027, 16:00", "The link will be sent a week before."]))
    assert promised.mode == "online" and promised.link_promised
    hybrid = extract(make(["Panel meeting", "Tuesday 19 January 2027", "Venue: 4 Mill Lane, Dudley DY1 1AB", "Or join online with Zoom."]))
    assert hybrid.mode == "hybrid"
    nothing = extract(make(["Panel meeting", "Tuesday 19 January 2027", "Come and meet us."]))
    assert nothing.mode is None


def test_minutes_are_told_from_agendas() -> None:
    minutes = extract(make(["Minutes of the Parents' Forum", "Thursday 3 March 2022", "Present: Ayesha Khan, Tom Reid", "Moved by Tom Reid, seconded by Sam Patel."]))
    assert minutes.is_minutes and minutes.is_meeting
    agenda = extract(make(["Parents' Forum agenda", "Thursday 3 March 2027 at 10:00", "1. Apologies", "2. Minutes of the last meeting", "3. Budget"]))
    assert agenda.is_meeting and not agenda.is_minutes


def test_a_policy_paper_is_not_a_meeting_document() -> None:
    facts = extract(make(["Our approach to involving people", "This paper sets out how we involve patients.",
                          "The board approved it in March 2025 after a meeting with carers."]))
    assert not facts.is_meeting


def test_contact_verb_test_is_true_wherever_the_verb_list_matches() -> None:
    """_may_name_contact decides whether the named-contact pattern is run at all: it must be true
    wherever a contact verb is followed by white space and a capital, and false elsewhere."""
    import re

    from coprolint.meeting.facts import CONTACT_VERB, _may_name_contact

    plain = re.compile(CONTACT_VERB + "[A-Z]")
    found = ["Please contact Sam", "or tell\tAnn;", "ask Bo.", "speak to Jo,", "talk to  Kim", "call\nLee",
             "email Max", "e-mail Ned", "phone Pat", "ring Rae", "text Sue", "let Tom", "context Una",
             "recall Val", "task Wyn", "tell us, or tell Ann"]
    for piece in found:
        assert plain.search(piece) and _may_name_contact(piece), piece
    quiet = ["Speak to Jo?", "e-Mail Oz", "letter Xi", "emails Yan", "contacting Zed", "telling Amy",
             "talk To Ben", "tell us", "Ask Sam", "call 0121 496 0000", "let", "ring", ""]
    for piece in quiet:
        assert not plain.search(piece) and not _may_name_contact(piece), piece


# Lines that may change the agenda (an item, a new day) and lines of prose that cannot, mixed.
MAYBE_LINES = [
    "10:00 Welcome", "Monday", "Day two", "DAY 2", "March:", "Thursday ...", "Lunch at noon", "Midday break",
    "wednesday!!!  ", "  June", "Monday\tWorkshop", "Día de la reunión", "İtem 3", "3) Budget",
    "We will meet before the day to plan.", "Say what you think of the plans for May and June.", "Sundays are quiet",
    "Please tell us if you need a quiet space.", "The midpoint review", "Mayday drill", "Day by day", "Days out",
    "14 March 2027", "Tuesday 9 February", "A quiet room is available all morning.",
    "Please tell us before the day’s end.", "Sunday ✓", "The day’s plan",
]


def _numbered(doc: Document) -> set[int]:
    from coprolint.meeting.patterns import has_digit

    return {i for i, p in enumerate(doc.paragraphs) if has_digit(p.text)}


def test_lines_passed_over_change_no_agenda() -> None:
    # extract takes only the lines lines_that_may_count keeps: leaving any other line out of a
    # timed agenda on two days must give the same items (titles, times and days) as keeping it.
    from coprolint.meeting.agenda import lines_that_may_count
    from coprolint.meeting.words import Texts

    timed = ["09:30 Coffee", "10:00 Welcome", "11:00 Plans", "Day 2", "09:30 Coffee", "10:00 Review"]
    for line in MAYBE_LINES:
        for at in range(len(timed) + 1):
            doc = make(timed[:at] + [line] + timed[at:])
            kept = lines_that_may_count(Texts([p.text for p in doc.paragraphs]), doc.paragraphs, _numbered(doc))
            seen = [repr(i) for i in agenda_items(doc.paragraphs, kept)]
            assert seen == [repr(i) for i in agenda_items(doc.paragraphs)], (line, at)
            if id(doc.paragraphs[at]) not in kept:
                without = make(timed).paragraphs
                assert seen == [repr(i) for i in agenda_items(without)], (line, at)


def test_lines_kept_for_the_agenda() -> None:
    from coprolint.meeting.agenda import lines_that_may_count
    from coprolint.meeting.words import Texts

    doc = make(MAYBE_LINES)
    kept = {p.text for p in doc.paragraphs if id(p) in lines_that_may_count(Texts(MAYBE_LINES), doc.paragraphs, _numbered(doc))}
    assert kept == {
        "10:00 Welcome", "Monday", "Day two", "DAY 2", "March:", "Thursday ...", "Lunch at noon", "Midday break",
        "wednesday!!!  ", "  June", "Monday\tWorkshop", "İtem 3", "3) Budget", "The midpoint review",
        "14 March 2027", "Tuesday 9 February", "Days out",  # short enough to be a name with its punctuation
        "Sunday ✓", "The day’s plan", "Día de la reunión",  # outside ASCII: no word character tenth
    }
