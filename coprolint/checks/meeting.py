"""The meeting rules (CPL401-CPL410): what an agenda tells people before they come.

Every rule starts from the shared MeetingFacts. Documents that are not about a meeting are
left alone; minutes are left alone by the rules about information sent ahead of a meeting.
Each finding carries its evidence: what was looked for and what was found.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from coprolint.engine import RuleContext, check
from coprolint.meeting import pictures, words
from coprolint.meeting.agenda import AgendaItem
from coprolint.meeting.facts import MeetingFacts, for_document
from coprolint.model import DOCUMENT, Document, Location, Paragraph

OFFER_NAMES = {
    "interpreters": "interpreters for other languages",
    "bsl": "British Sign Language",
    "easy_read": "Easy Read",
    "large_print": "large print",
    "audio_video": "audio or video versions",
}


def _ahead(document: Document, ctx: RuleContext) -> MeetingFacts | None:
    """Facts for a meeting document that is sent ahead (an agenda, an invitation): not minutes."""
    facts = for_document(document, ctx)
    if not facts.is_meeting or facts.is_minutes:
        return None
    return facts


def _pictures(document: Document, ctx: RuleContext) -> list[pictures.PictureText]:
    """The pictures with their own and neighbouring words, worked out once for both picture rules."""
    return ctx.memo("meeting.pictures", lambda: pictures.describe(document))


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _first(evidence: list[Any]) -> Location:
    return evidence[0].location if evidence else DOCUMENT


# ---------------------------------------------------------------- CPL401 venue map


@check("CPL401")
def venue_map(document: Document, ctx: RuleContext) -> None:
    facts = _ahead(document, ctx)
    if facts is None or facts.mode not in ("in-person", "hybrid"):
        return
    extra = tuple(ctx.options.get("extra_words", ()))
    unexplained = []
    for picture in _pictures(document, ctx):
        if pictures.map_words(picture.own_words, extra):
            return
        if pictures.person_words(picture.own_words):
            continue  # described as a photo of someone: not the venue, whatever is written near it
        if pictures.map_words(picture.near_words, extra):
            return
        unexplained.append(picture.image)
    if pictures.map_links(document, facts.texts.whole.text):
        return
    where = facts.venue[0].text if facts.venue else (facts.in_person_words[0].text if facts.in_person_words else "")
    looked = "pictures described as a map, directions or the venue; pictures next to 'how to find us' text; links to online maps"
    evidence = {"mode": facts.mode, "venue": where, "looked_for": looked, "pictures": len(document.images)}
    if unexplained:
        count = len(unexplained)
        ctx.report(
            f"Is {'one of the ' + str(count) + ' pictures' if count > 1 else 'the picture'} a map or photo of the venue? "
            "No alternative text, caption or nearby words say so, and there is no link to an online map.",
            unexplained[0].location,
            suggestion="If a picture shows the venue or the way there, say so in its alternative text; otherwise add a map.",
            evidence=evidence,
            needs_review=True,
        )
        return
    ctx.report(
        f"This {facts.mode} meeting ({where}) has no map or picture of the venue"
        + (": no pictures at all" if not document.images else ": its pictures show people")
        + " and no link to an online map.",
        _first(facts.venue),
        evidence=evidence,
    )


# ---------------------------------------------------------------- CPL402 facilitator photo


@check("CPL402")
def facilitator_photo(document: Document, ctx: RuleContext) -> None:
    facts = _ahead(document, ctx)
    if facts is None:
        return
    extra = tuple(ctx.options.get("extra_words", ()))
    unexplained = 0
    for picture in _pictures(document, ctx):
        if pictures.person_words(picture.own_words, extra):
            return
        if pictures.map_words(picture.own_words):
            continue  # a map is not a photo of a person, whatever the words around it
        if pictures.person_words(picture.near_words, extra):
            return
        unexplained += 1
    looked = "pictures described as a photo of someone, or next to words about the chair, facilitator, host or who will be there"
    if unexplained:
        ctx.report(
            f"Does one of the {unexplained} pictures show the people leading the meeting? None is described as a photo of "
            "someone or sits next to words about the chair, facilitator or host.",
            document.images[0].location,
            suggestion="If a picture shows the chair or facilitator, name them in its alternative text ('Photo of Priya Shah, who will chair').",
            evidence={"looked_for": looked, "pictures": len(document.images)},
            needs_review=True,
        )
        return
    ctx.report(
        "There is no photo of the people leading the meeting" + (" (the document has no pictures)." if not document.images else "."),
        evidence={"looked_for": looked, "pictures": len(document.images)},
    )


# ---------------------------------------------------------------- CPL403 breaks


def _days(items: list[AgendaItem]) -> list[list[AgendaItem]]:
    days: dict[int, list[AgendaItem]] = {}
    for item in items:
        days.setdefault(item.day, []).append(item)
    return list(days.values())


def _with_times(items: list[AgendaItem], start: int | None) -> list[AgendaItem]:
    """Items with start times: as written, or added up from durations after a known start."""
    timed = [i for i in items if i.start is not None]
    if len(timed) >= 2 or start is None:
        return timed
    durations = [i for i in items if i.duration]
    if len(durations) < 2:
        return timed
    at = start
    out: list[AgendaItem] = []
    for item in items:
        if item.duration is None:
            continue
        out.append(AgendaItem(item.title, item.location, item.number, at, at + item.duration, item.duration, item.who, item.day, item.source, item.is_break, item.is_end))
        at += item.duration
    return out


@check("CPL403")
def breaks(document: Document, ctx: RuleContext) -> None:
    facts = _ahead(document, ctx)
    if facts is None:
        return
    limit = int(ctx.options.get("max_minutes", 90))
    found_any = False
    for day_index, day in enumerate(_days(facts.agenda)):
        timed = _with_times(day, facts.start if day_index == 0 else None)
        if len(timed) < 2:
            continue
        found_any = True
        _check_stretches(timed, facts, limit, ctx, first_day=day_index == 0)
    if found_any or facts.start is None or facts.end is None:
        return
    # No timed agenda: judge from the stated start and end alone, which is weak evidence.
    length = facts.end - facts.start
    if length > limit and not words.has(facts.texts.whole, "breaks", "words"):
        ctx.report(
            f"The meeting runs from {_clock(facts.start)} to {_clock(facts.end)} ({length} minutes) and the document "
            "never mentions a break: will there be one?",
            facts.meeting_date.location if facts.meeting_date else DOCUMENT,
            evidence={"start": _clock(facts.start), "end": _clock(facts.end), "minutes": length, "limit": limit},
            needs_review=True,
        )


def _check_stretches(timed: list[AgendaItem], facts: MeetingFacts, limit: int, ctx: RuleContext, first_day: bool) -> None:
    last = timed[-1]
    if last.is_end:
        finish = last.start
    elif last.end is not None:
        finish = last.end
    elif last.duration is not None and last.start is not None:
        finish = last.start + last.duration
    elif first_day and facts.end is not None and facts.end > (last.start or 0):
        finish = facts.end
    else:
        finish = last.start  # unknown length: count only up to where the last item starts
    assert finish is not None
    has_break = any(i.is_break for i in timed)
    weak = len(timed) < 3
    stretch_from = timed[0]
    stretch_start = timed[0].start or 0
    worst: tuple[int, AgendaItem, int] | None = None
    for index, item in enumerate(timed):
        if item.is_break or item.is_end:
            length = (item.start or 0) - stretch_start
            if length > limit and (worst is None or length > worst[0]):
                worst = (length, stretch_from, item.start or 0)
            if item.is_end:
                break
            after = item.end or (timed[index + 1].start if index + 1 < len(timed) else None)
            if after is None and item.duration:
                after = (item.start or 0) + item.duration
            stretch_start = after if after is not None else (item.start or 0)
            stretch_from = timed[index + 1] if index + 1 < len(timed) else item
    else:
        length = finish - stretch_start
        if length > limit and (worst is None or length > worst[0]):
            worst = (length, stretch_from, finish)
    if worst is None:
        return
    length, where, until = worst
    evidence = {"from": _clock(stretch_start if not has_break else where.start or 0), "to": _clock(until), "minutes": length,
                "limit": limit, "timed_items": len(timed), "break_items": [i.title for i in timed if i.is_break]}
    if not has_break:
        message = (f"The agenda runs from {_clock(timed[0].start or 0)} to {_clock(until)} ({length} minutes) "
                   f"with no break, lunch or pause on it (the limit is {limit} minutes).")
    else:
        message = (f"From {_clock(where.start or 0)} to {_clock(until)} is {length} minutes without a break "
                   f"(the limit is {limit} minutes).")
    if weak:
        message = "Is there a break? " + message
    ctx.report(message, where.location, evidence=evidence, needs_review=weak)


# ---------------------------------------------------------------- CPL404 agenda order


def _number_key(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split(".") if part.isdigit())


PUNCTUATION_RE = re.compile(r"[^\w\s]")
NUMBER_WORD_RE = re.compile(r"\b\d+\b")
LETTERS_RE = re.compile(r"[A-Za-z]{3}")
MONEY_OR_POSTCODE_RE = re.compile(r"[$£€]|\b\d{5}\b")


def _topic(title: str) -> str:
    text = PUNCTUATION_RE.sub(" ", title.lower())
    text = NUMBER_WORD_RE.sub(" ", text)
    return " ".join(text.split())


@check("CPL404")
def agenda_order(document: Document, ctx: RuleContext) -> None:
    facts = _ahead(document, ctx)
    if facts is None:
        return
    for day in _days(facts.agenda):
        _numbers(day, ctx)
        _times_order(day, ctx)
    if ctx.options.get("check_repeats", True):
        _repeats(document, facts, ctx)


def _numbers(day: list[AgendaItem], ctx: RuleContext) -> None:
    numbered = [i for i in day if i.number]
    if len(numbered) < 3:
        return
    previous: AgendaItem | None = None
    for item in numbered:
        assert item.number is not None
        if previous is not None and previous.number is not None:
            now, before = _number_key(item.number), _number_key(previous.number)
            restart = now == (1,) or (len(now) > 1 and now[-1] == 1 and now[:-1] > before[:1])
            if now and before and now <= before and not restart:
                ctx.report(
                    f"Item {item.number} ('{item.title}') comes after item {previous.number} ('{previous.title}'): "
                    "the numbers go backwards or repeat.",
                    item.location,
                    evidence={"previous": previous.number, "this": item.number},
                )
        previous = item


def _times_order(day: list[AgendaItem], ctx: RuleContext) -> None:
    timed = [i for i in day if i.start is not None]
    if len(timed) < 3:
        return
    for before, item in zip(timed, timed[1:]):
        assert before.start is not None and item.start is not None
        if item.start < before.start:
            if before.start - item.start > 120:
                continue  # hours back: more likely a layout the reader could not follow than a slip
            ctx.report(
                f"'{item.title}' starts at {_clock(item.start)}, before the item above it ('{before.title}', {_clock(before.start)}).",
                item.location,
                evidence={"previous_start": _clock(before.start), "start": _clock(item.start)},
            )
        elif before.end is not None and 0 < before.end - item.start <= 60 and before.end - before.start < 600:
            ctx.report(
                f"'{before.title}' runs until {_clock(before.end)} but '{item.title}' starts at {_clock(item.start)}: the times overlap.",
                item.location,
                evidence={"previous_end": _clock(before.end), "start": _clock(item.start)},
            )


def _repeats(document: Document, facts: MeetingFacts, ctx: RuleContext) -> None:
    """A topic that comes back later on the same day. Only agenda items count: repeated page
    headings and table headers are layout, and a title seen three or more times is a routine
    label (a template row, a running head), not a topic coming back."""
    for day in _days(facts.agenda):
        entries = [(i.title, _topic(i.title), i.location) for i in day if LETTERS_RE.search(i.title)
                   and not MONEY_OR_POSTCODE_RE.search(i.title)]
        counts: dict[str, int] = {}
        for _, topic, _ in entries:
            counts[topic] = counts.get(topic, 0) + 1
        _repeats_in(entries, counts, ctx)


def _repeats_in(entries: list[tuple[str, str, Location]], counts: dict[str, int], ctx: RuleContext) -> None:
    repeatable = words.phrases("topics", "repeatable")
    breaks = words.phrases("breaks", "words")
    seen: dict[str, tuple[int, str, Location]] = {}
    reported: set[str] = set()
    for index, (title, topic, location) in enumerate(entries):
        if len(topic) < 4 or counts.get(topic, 0) != 2 or repeatable.fullmatch(topic) or breaks.has(words.fold(topic)):
            continue
        if topic in seen and topic not in reported:
            first_index, first_title, first_location = seen[topic]
            if index - first_index > 1:
                reported.add(topic)
                ctx.report(
                    f"'{title}' comes up again here after '{first_title}' ({first_location.describe()}): "
                    "could the two be taken together?",
                    location,
                    evidence={"topic": topic, "first": first_location.as_dict()},
                    needs_review=True,
                )
        seen.setdefault(topic, (index, title, location))


# ---------------------------------------------------------------- CPL405 ways to join


@check("CPL405")
def ways_to_join(document: Document, ctx: RuleContext) -> None:
    facts = _ahead(document, ctx)
    if facts is None:
        return
    looked = "a venue address or postcode, a video link or platform (or a promise of one), dial-in details"
    if facts.mode is None:
        ctx.report(
            "The document does not say where the meeting is or how to join it.",
            evidence={"looked_for": looked, "found": "none"},
        )
        return
    if facts.mode in ("in-person", "hybrid") and not facts.venue:
        place = facts.in_person_words[0] if facts.in_person_words else None
        ctx.report(
            f"Does the document give the venue's address? It speaks of meeting in person ('{place.text if place else ''}') "
            "but no street address or postcode was found.",
            place.location if place else DOCUMENT,
            suggestion="Give the full address with its postcode, so people can plan the journey.",
            evidence={"looked_for": "a street address or postcode", "in_person_words": [e.text for e in facts.in_person_words[:5]]},
            needs_review=True,
        )
    if facts.mode in ("online", "hybrid"):
        links = [e for e in facts.video if "." in e.text or "/" in e.text]
        if not links and not facts.link_promised and not any(l.target.startswith("http") for l in document.links) and not facts.dial_in:
            named = facts.video[0] if facts.video else None
            ctx.report(
                f"The meeting can be joined online ('{named.text if named else ''}') but there is no joining link and no word "
                "on when it will be sent.",
                named.location if named else DOCUMENT,
                suggestion="Add the joining link, or say when and how people will receive it.",
                evidence={"looked_for": "a video meeting link or a promise of one", "platforms": [e.text for e in facts.video[:5]]},
            )


# ---------------------------------------------------------------- CPL406 adjustments contact


@check("CPL406")
def adjustments_contact(document: Document, ctx: RuleContext) -> None:
    facts = _ahead(document, ctx)
    if facts is None:
        return
    # The paragraphs that mention adjustments, all found in one search of the document.
    mentioned = {id(document.paragraphs[i]) for i in facts.texts.found(words.phrases("adjustments", "words"))}
    paragraphs = [p for p in document.paragraphs if p.location.part not in ("comment",) and p.text.strip()] if mentioned else []
    mentions: list[int] = [i for i, p in enumerate(paragraphs) if id(p) in mentioned]
    contact_at = {e.location for e in facts.emails + facts.phones + facts.named_contacts}
    for i in mentions if contact_at else ():
        window = paragraphs[max(0, i - 1) : i + 3]
        if any(p.location in contact_at for p in window):
            return
    has_contact = bool(facts.emails or facts.phones or facts.named_contacts)
    looked = "words about adjustments, access needs or support, with an email, phone number or named person near them"
    if mentions:
        ctx.report(
            "Who do people ask about adjustments? The document mentions support or access "
            f"('{words.found(paragraphs[mentions[0]].text, 'adjustments', 'words')[0]}') but gives no email, phone number or name next to it.",
            paragraphs[mentions[0]].location,
            evidence={"looked_for": looked, "contacts_elsewhere": has_contact},
            needs_review=True,
        )
    elif has_contact:
        first = (facts.emails + facts.phones + facts.named_contacts)[0]
        ctx.report(
            f"Does the document invite people to ask for adjustments? It gives contact details ({first.text}) but never "
            "mentions adjustments, access needs or support to take part.",
            first.location,
            evidence={"looked_for": looked, "contact": first.text},
            needs_review=True,
        )
    else:
        ctx.report(
            "There is no contact for people to ask for adjustments or support: no email address, phone number or named contact.",
            evidence={"looked_for": looked, "found": "none"},
        )


# ---------------------------------------------------------------- CPL407 offers


@check("CPL407")
def offers(document: Document, ctx: RuleContext) -> None:
    facts = _ahead(document, ctx)
    if facts is None:
        return
    expected = [g for g in ctx.options.get("expected", list(OFFER_NAMES)) if g in OFFER_NAMES]
    text = facts.texts.whole  # document.text(), folded once per document
    offered = [g for g in expected if words.has(text, "offers", g)]
    missing = [g for g in expected if g not in offered]
    if not missing:
        return
    names = [OFFER_NAMES[g] for g in missing]
    ctx.report(
        "Could you offer " + _join(names) + "? The document does not mention " + ("them." if len(names) > 1 else "it."),
        evidence={"offered": [OFFER_NAMES[g] for g in offered], "not_mentioned": names},
    )


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


# ---------------------------------------------------------------- CPL408 notice


def _today(ctx: RuleContext) -> dt.date:
    value = getattr(ctx.config, "today", None)
    return dt.date.fromisoformat(value) if value else dt.date.today()


@check("CPL408")
def notice(document: Document, ctx: RuleContext) -> None:
    facts = _ahead(document, ctx)
    if facts is None or facts.meeting_date is None:
        return
    found = facts.meeting_date
    today = _today(ctx)
    date = found.date
    guessed_year = date is None
    if date is None:
        try:
            date = dt.date(today.year, found.month, found.day)
        except ValueError:
            return
        if (today - date).days > 183:
            date = date.replace(year=date.year + 1)
    days = (date - today).days
    notice_days = int(ctx.options.get("notice_days", 7))
    archive_days = int(ctx.options.get("archive_days", 60))
    weak = guessed_year or found.score < 3
    evidence = {"meeting_date": date.isoformat(), "as_written": found.text, "today": today.isoformat(),
                "days": days, "notice_days": notice_days, "year_written": not guessed_year}
    if days < 0:
        if -days > archive_days:
            ctx.report(
                f"The meeting date ({found.text}) was {-days} days ago: is this an archived paper, or is the date wrong?",
                found.location,
                suggestion="If you are about to send this, correct the date; an old paper needs no change.",
                evidence=evidence,
                needs_review=True,
            )
            return
        ctx.report(
            f"The meeting date ({found.text}) has already passed ({-days} days before {today.isoformat()}).",
            found.location,
            suggestion="Check the date in the document, or send the papers for the next meeting instead.",
            evidence=evidence,
            needs_review=weak,
        )
    elif days < notice_days:
        when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
        ctx.report(
            f"The meeting ({found.text}) is {when}, less than the {notice_days}-day notice period: people may not have time "
            "to read the papers or ask for support.",
            found.location,
            evidence=evidence,
            needs_review=weak,
        )


# ---------------------------------------------------------------- CPL409 leftovers

DRAFT_RE = re.compile(r"(?<![\w-])DRAFT(?![\w-])")
DRAFT_TITLE_RE = re.compile(r"^\s*draft\b|\bdraft\s+(?:agenda|papers?|version|notes)\b", re.IGNORECASE)


@check("CPL409")
def leftovers(document: Document, ctx: RuleContext) -> None:
    if document.tracked_changes:
        count = len(document.tracked_changes)
        ctx.report(
            f"{count} tracked change{'s are' if count != 1 else ' is'} still in the document.",
            document.tracked_changes[0],
            evidence={"tracked_changes": count, "first": document.tracked_changes[0].as_dict()},
        )
    if document.comments:
        authors = sorted({c.author for c in document.comments if c.author})
        count = len(document.comments)
        ctx.report(
            f"{count} comment{'s are' if count != 1 else ' is'} still in the document"
            + (f" (from {', '.join(authors[:3])})." if authors else "."),
            document.comments[0].location,
            evidence={"comments": count, "authors": authors},
        )
    facts = _ahead(document, ctx)
    if facts is None or not ctx.options.get("check_markers", True):
        return
    _markers(document, ctx)


def _markers(document: Document, ctx: RuleContext) -> None:
    places: list[tuple[str, Location]] = []
    if document.metadata.title:
        places.append((document.metadata.title, DOCUMENT))
    top: list[Paragraph] = []
    for p in document.paragraphs:
        if len(top) == 6:
            break
        if p.location.part in ("body", "table", "textbox") and p.text.strip():  # the body's first six lines
            top.append(p)
    places += [(p.text, p.location) for p in top]
    places += [(p.text, p.location) for p in document.paragraphs if p.location.part in ("header", "footer", "textbox")]
    for text, location in places:
        if DRAFT_RE.search(text) or DRAFT_TITLE_RE.search(text):
            ctx.report(
                f"The document is marked as a draft ('{text.strip()[:60]}').",
                location,
                suggestion="Remove the draft marking once the agenda is settled, before sending it.",
                evidence={"marker": "draft", "text": text.strip()[:120]},
            )
            return
    for text, location in places:
        revised = words.found(text, "leftovers", "revised")
        if revised and (location.part in ("header", "footer", "textbox") or len(text) <= 120):
            ctx.report(
                f"Has the agenda changed late? It is marked '{revised[0]}' ('{text.strip()[:60]}').",
                location,
                suggestion="If the agenda changed, tell people what changed and when; avoid last-minute changes where you can.",
                evidence={"marker": revised[0], "text": text.strip()[:120]},
                needs_review=True,
            )
            return


# ---------------------------------------------------------------- CPL410 time and place


@check("CPL410")
def time_and_place(document: Document, ctx: RuleContext) -> None:
    facts = _ahead(document, ctx)
    if facts is None:
        return
    reported: set[str] = set()
    for found in facts.dates:
        if found.year_written and found.weekday_mismatch() and found.text not in reported:
            assert found.date is not None and found.weekday_written is not None
            reported.add(found.text)
            ctx.report(
                f"'{found.text}' does not match the calendar: {found.date.strftime('%d %B %Y').lstrip('0')} is a "
                f"{found.date.strftime('%A')}.",
                found.location,
                suggestion="Correct the weekday or the date, so nobody turns up on the wrong day.",
                evidence={"as_written": found.text, "weekday_of_date": found.date.strftime("%A")},
            )
    missing = []
    if facts.meeting_date is None:
        missing.append("a date")
    if facts.start is None:
        missing.append("a start time")
    if missing:
        ctx.report(
            "The document does not give " + " or ".join(missing) + " for the meeting.",
            evidence={"date": facts.meeting_date.text if facts.meeting_date else None,
                      "start": _clock(facts.start) if facts.start is not None else None},
        )
    elif facts.end is None:
        ctx.report(
            f"When does the meeting end? It starts at {_clock(facts.start or 0)} but no finishing time was found.",
            facts.meeting_date.location if facts.meeting_date else DOCUMENT,
            suggestion="Give a finishing time, so people can plan travel, care and rest.",
            evidence={"start": _clock(facts.start or 0)},
            needs_review=True,
        )
