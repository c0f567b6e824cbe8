"""The meeting rules (CPL4xx) on real DOCX and PDF agendas: each fires on its problem and stays quiet
on the clean agendas, on a policy paper and (for information sent ahead) on minutes."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, TODAY, codes, run_cli
from coprolint.config import Config
from coprolint.engine import lint_file

MEETING = FIXTURES / "meeting"
CLEAN = sorted((FIXTURES / "clean").glob("agenda-*.*"))
BOTH = ("docx", "pdf")


def check(path: Path, today: str = TODAY, **options: object):  # type: ignore[no-untyped-def]
    return lint_file(path, Config(select=("CPL4",), today=today, rule_options=options))  # type: ignore[arg-type]


def found(path: Path, code: str, today: str = TODAY) -> list:  # type: ignore[type-arg]
    return [f for f in check(path, today).findings if f.code == code]


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_clean_agendas_are_quiet(path: Path) -> None:
    result = lint_file(path, Config(select=("CPL4", "CPL5"), today=TODAY))
    assert result.status == "linted"
    assert [(f.code, f.message) for f in result.findings] == []


@pytest.mark.parametrize("fmt", BOTH)
def test_venue_map(fmt: str) -> None:
    fired = found(MEETING / f"no-map.{fmt}", "CPL401")
    assert len(fired) == 1 and fired[0].severity == "warning" and "DY1 1AB" in fired[0].message
    assert "looked_for" in fired[0].evidence
    assert found(MEETING / f"map-link.{fmt}", "CPL401") == []  # a link to an online map is enough
    assert found(FIXTURES / "clean" / f"agenda-online.{fmt}", "CPL401") == []  # online-only: exempt


@pytest.mark.parametrize("fmt", BOTH)
def test_facilitator_photo(fmt: str) -> None:
    fired = found(MEETING / f"no-photo.{fmt}", "CPL402")
    assert len(fired) == 1 and fired[0].severity == "suggestion"
    assert found(MEETING / f"no-map.{fmt}", "CPL402") == []  # the chair's photo is still there


@pytest.mark.parametrize("fmt", BOTH)
def test_breaks(fmt: str) -> None:
    fired = found(MEETING / f"no-break.{fmt}", "CPL403")
    assert len(fired) == 1 and not fired[0].needs_review
    assert fired[0].evidence["minutes"] == 150 and fired[0].evidence["limit"] == 90
    # A longer limit set as a rule option lets the same agenda pass.
    longer = check(MEETING / f"no-break.{fmt}", **{"CPL403": {"max_minutes": 150}})
    assert "CPL403" not in codes(longer)


@pytest.mark.parametrize("fmt", BOTH)
def test_agenda_order(fmt: str) -> None:
    fired = found(MEETING / f"out-of-order.{fmt}", "CPL404")
    messages = " | ".join(f.message for f in fired)
    assert "Item 3 ('Break with drinks') comes after item 4" in messages
    assert "starts at 10:40, before the item above it" in messages
    repeat = [f for f in fired if f.needs_review]
    assert len(repeat) == 1 and "Your views on the new clinic" in repeat[0].message
    assert found(MEETING / f"no-break.{fmt}", "CPL404") == []


@pytest.mark.parametrize("fmt", BOTH)
def test_ways_to_join(fmt: str) -> None:
    nothing = found(MEETING / f"no-way-to-join.{fmt}", "CPL405")
    assert len(nothing) == 1 and "does not say where" in nothing[0].message
    no_link = found(MEETING / f"online-no-link.{fmt}", "CPL405")
    assert len(no_link) == 1 and "no joining link" in no_link[0].message and "zoom" in no_link[0].message


@pytest.mark.parametrize("fmt", BOTH)
def test_adjustments_contact(fmt: str) -> None:
    fired = found(MEETING / f"no-contact.{fmt}", "CPL406")
    # The heading "Tell us what you need" is still there, so it is a question, not a verdict.
    assert len(fired) == 1 and fired[0].needs_review and fired[0].severity == "suggestion"


@pytest.mark.parametrize("fmt", BOTH)
def test_offers(fmt: str) -> None:
    fired = found(MEETING / f"no-offers.{fmt}", "CPL407")
    assert len(fired) == 1 and fired[0].severity == "suggestion"
    assert fired[0].evidence["not_mentioned"] == [
        "interpreters for other languages", "British Sign Language", "Easy Read", "large print", "audio or video versions"]


@pytest.mark.parametrize("fmt", BOTH)
def test_notice(fmt: str) -> None:
    clean = FIXTURES / "clean" / f"agenda-in-person.{fmt}"  # Thursday 14 January 2027
    assert found(clean, "CPL408", "2027-01-06") == []  # 8 days ahead: enough notice
    soon = found(clean, "CPL408", "2027-01-10")
    assert len(soon) == 1 and "in 4 days" in soon[0].message and soon[0].severity == "warning"
    past = found(clean, "CPL408", "2027-01-20")
    assert len(past) == 1 and "already passed" in past[0].message and not past[0].needs_review
    archived = found(clean, "CPL408", "2027-06-01")
    assert len(archived) == 1 and archived[0].needs_review  # long ago: an archived paper?
    assert found(MEETING / f"minutes.{fmt}", "CPL408", "2027-01-20") == []  # minutes record the past


def test_notice_through_the_command_line() -> None:
    run = run_cli("check", "--format", "json", "--select", "notice", "--today", "2027-01-13",
                  FIXTURES / "clean" / "agenda-online.docx")  # Tuesday 19 January 2027: 6 days on
    assert run.exit_code == 0  # a warning does not fail the default --fail-on error
    assert [f["code"] for f in run.json()["findings"]] == ["CPL408"]
    assert run_cli("check", "--today", "14/01/2027", FIXTURES / "clean" / "agenda-online.docx").exit_code == 2


def test_leftovers_docx() -> None:
    fired = found(MEETING / "leftovers.docx", "CPL409")
    assert [f.evidence.get("tracked_changes") or f.evidence.get("comments") for f in fired] == [2, 1]
    assert "Ayesha Khan" in fired[1].message


@pytest.mark.parametrize("fmt", BOTH)
def test_leftover_draft_marker(fmt: str) -> None:
    fired = found(MEETING / f"draft.{fmt}", "CPL409")
    assert len(fired) == 1 and fired[0].evidence["marker"] == "draft"


@pytest.mark.parametrize("fmt", BOTH)
def test_time_and_place(fmt: str) -> None:
    fired = found(MEETING / f"wrong-weekday.{fmt}", "CPL410")
    weekday = [f for f in fired if "calendar" in f.message]
    assert len(weekday) == 1 and "is a Thursday" in weekday[0].message and not weekday[0].needs_review
    end = [f for f in fired if f.needs_review]
    assert len(end) == 1 and "no finishing time" in end[0].message


@pytest.mark.parametrize("fmt", BOTH)
def test_meeting_rules_leave_other_documents_alone(fmt: str) -> None:
    assert codes(check(MEETING / f"policy-paper.{fmt}")) == []
    # Minutes: nothing about information sent ahead (map, photo, join, contact, offers, notice).
    assert codes(check(MEETING / f"minutes.{fmt}", "2027-01-20")) == []


def test_facts_in_the_json_report() -> None:
    run = run_cli("check", "--format", "json", "--facts", "--select", "CPL4", "--today", TODAY,
                  FIXTURES / "clean" / "agenda-in-person.docx")
    meeting = run.json()["files"][0]["meeting"]
    assert meeting["is_meeting"] is True and meeting["mode"] == "hybrid"
    assert meeting["date"]["date"] == "2027-01-14" and (meeting["start"], meeting["end"]) == ("10:00", "13:00")
    assert [i["title"] for i in meeting["agenda"]][:2] == ["Welcome and introductions", "What carers told us this year"]
    assert meeting["agenda"][2]["break"] is True
    without = run_cli("check", "--format", "json", "--select", "CPL4", FIXTURES / "clean" / "agenda-in-person.docx")
    assert "meeting" not in without.json()["files"][0]
