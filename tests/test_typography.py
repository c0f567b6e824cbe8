"""Typography rules CPL101-107 on real fixture documents (fixtures/typography, built by
fixtures/makers/typography.py) and, for cases no fixture can show cheaply, on model objects.

Each fixture is the same agenda with exactly one problem, so for every file the set of
typography codes found must be exactly the expected one: that shows each rule firing where it
should and staying quiet on all the others.
"""

from __future__ import annotations

import re
import shutil
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, lint, run_cli

sys.path.insert(0, str(FIXTURES))
from makers import _typography_text as made  # noqa: E402  (the words the fixtures were built from)

TYPO = FIXTURES / "typography"
CLEAN = sorted((FIXTURES / "clean").glob("*.*"))
CLEAN_DOCX = FIXTURES / "clean" / "agenda-in-person.docx"
CLEAN_PDF = FIXTURES / "clean" / "agenda-in-person.pdf"

EXPECTED = {
    "font-times.docx": "CPL101",
    "font-times.pdf": "CPL101",
    "font-style.docx": "CPL101",
    "font-theme.docx": "CPL101",
    "font-table.docx": "CPL101",
    "font-header.docx": "CPL101",
    "small-text.docx": "CPL102",
    "small-text.pdf": "CPL102",
    "italics.docx": "CPL103",
    "italics.pdf": "CPL103",
    "underline.docx": "CPL104",
    "capitals.docx": "CPL105",
    "capitals.pdf": "CPL105",
    "capitals-format.docx": "CPL105",
    "justified.docx": "CPL106",
    "justified.pdf": "CPL106",
    "line-spacing.docx": "CPL107",
}
APPROVED_CHOICES = "use Arial, Calibri, Century Gothic, Tahoma or Verdana"


# ---------------------------------------------------------------- helpers


@cache
def _read(path: Path) -> Any:
    from coprolint.readers import read

    document, _ = read(path)
    document.close()  # only the text and places are used: the PDF handle can go at once
    return document


def paragraph_with(path: Path, words: str) -> Any:
    """The first paragraph of the document whose text contains ``words``."""
    for paragraph in _read(path).paragraphs:
        if words in " ".join(paragraph.text.split()):
            return paragraph
    raise AssertionError(f"no paragraph of {path.name} contains {words!r}")


def typography(path: Path, **settings: Any) -> list[Any]:
    return [f for f in lint(path, **settings).findings if f.code.startswith("CPL1")]


def only(path: Path, code: str, **settings: Any) -> Any:
    found = [f for f in typography(path, **settings) if f.code == code]
    assert len(found) == 1, [f.message for f in found]
    return found[0]


def percent(message: str) -> int:
    match = re.search(r"(\d+)% of the text", message)
    assert match, message
    return int(match.group(1))


# ---------------------------------------------------------------- firing and quiet, file by file


def test_every_typography_fixture_has_an_expectation() -> None:
    assert sorted(p.name for p in TYPO.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_fixture_shows_exactly_its_own_problem(name: str) -> None:
    result = lint(TYPO / name)
    assert result.status == "linted", result.reason
    assert {f.code for f in result.findings if f.code.startswith("CPL1")} == {EXPECTED[name]}


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_clean_agendas_have_no_typography_findings(path: Path) -> None:
    assert typography(path) == []


# ---------------------------------------------------------------- CPL101 font-not-approved


def test_unclear_font_reported_once_with_amount_and_places_docx() -> None:
    path = TYPO / "font-times.docx"
    finding = only(path, "CPL101")
    first = paragraph_with(path, made.LONG[0][:40])
    second = paragraph_with(path, made.LONG[1][:40])
    assert finding.severity == "error"
    assert finding.message.startswith(f'Font "Times New Roman" is not a clear font; {APPROVED_CHOICES} (')
    assert finding.location == first.location
    assert f"in paragraphs {first.location.paragraph}-{second.location.paragraph})" in finding.message
    characters = len(made.LONG[0]) + len(made.LONG[1])
    assert finding.evidence["characters"] == characters
    assert f"used for {characters:,} characters" in finding.message
    shown = sum(len(p.text) for p in _read(path).paragraphs if p.text.strip())
    assert abs(percent(finding.message) - round(100 * characters / shown)) <= 1


def test_unclear_font_reported_once_in_pdf_on_its_page() -> None:
    path = TYPO / "font-times.pdf"
    finding = only(path, "CPL101")
    assert finding.message.startswith(f'Font "Liberation Serif" is not a clear font; {APPROVED_CHOICES} (')
    first = paragraph_with(path, "This year more than")
    assert finding.location == first.location
    assert finding.location.page == 1
    assert finding.message.endswith("on page 1)")
    assert 20 <= percent(finding.message) <= 50  # two long paragraphs of a one-page agenda


def test_font_from_a_paragraph_style_is_reported_where_the_style_is_used() -> None:
    path = TYPO / "font-style.docx"
    finding = only(path, "CPL101")
    quote = paragraph_with(path, made.QUOTE[:40])
    assert finding.message.startswith('Font "Georgia" is not a clear font')
    assert finding.location == quote.location
    assert finding.evidence["characters"] == len(made.QUOTE)


def test_font_from_the_theme_is_reported_at_the_first_heading() -> None:
    path = TYPO / "font-theme.docx"
    finding = only(path, "CPL101")
    title = _read(path).paragraphs[0]  # the agenda's title comes first
    assert finding.message.startswith('Font "Cambria" is not a clear font')
    assert finding.location == title.location
    headings = [p for p in _read(path).paragraphs if p.location.part == "body" and p.text in (
        title.text, "Where we will meet", "What carers told us", "What we will do", "Tell us what you need")]
    assert finding.evidence["characters"] == sum(len(p.text) for p in headings)
    assert len(finding.evidence["places"]) == len(headings) == 5


def test_font_only_in_a_table_cell_is_reported_in_that_cell() -> None:
    path = TYPO / "font-table.docx"
    finding = only(path, "CPL101")
    assert finding.message.startswith('Font "Comic Sans MS" is not a clear font')
    loc = finding.location
    assert (loc.part, loc.table, loc.row, loc.cell) == ("table", 1, 2, 3)  # "Priya Shah", first name in "Who"
    # 9 paragraphs precede the table; its cells are paragraphs 10-33, three a row, and the
    # "Who" cells of rows 2, 3, 5 and 7 hold the names (the others are empty).
    assert finding.message.endswith("in table 1, paragraphs 15, 18, 24 and 30)")
    who = [row[2] for row in _read(path).tables[0].cells[1:]]
    assert finding.evidence["characters"] == sum(len(name) for name in who)


def test_font_only_in_the_header_is_reported_in_the_header() -> None:
    path = TYPO / "font-header.docx"
    finding = only(path, "CPL101")
    assert finding.message.startswith('Font "Times New Roman" is not a clear font')
    assert finding.location.part == "header"
    assert finding.message.endswith("in the header)")
    assert finding.location.label().startswith("header")


def test_extra_fonts_make_a_font_acceptable() -> None:
    assert typography(TYPO / "font-times.docx", **{"extra-fonts": ["Times New Roman"]}) == []
    finding = only(TYPO / "font-style.docx", "CPL101", **{"extra-fonts": ["Verdana Pro"]})
    assert "Verdana Pro" in finding.message  # the user's own fonts are offered too


def test_metric_twins_pass_unless_strict_fonts() -> None:
    assert typography(CLEAN_PDF) == []  # Liberation Sans, Arial's twin
    finding = only(CLEAN_PDF, "CPL101", **{"strict-fonts": True})
    assert finding.message.startswith('Font "Liberation Sans" stands in for Arial, but strict-fonts is on;')
    assert percent(finding.message) == 100


def test_strict_fonts_on_the_command_line() -> None:
    run = run_cli("check", "--strict-fonts", "--select", "CPL101", "--format", "json", CLEAN_PDF)
    assert run.exit_code == 1
    [finding] = run.json()["findings"]
    assert finding["name"] == "font-not-approved"
    assert finding["location"]["page"] == 1
    assert finding["evidence"]["font"] == "Liberation Sans"
    assert run_cli("check", "--select", "CPL101", CLEAN_PDF).exit_code == 0


# ---------------------------------------------------------------- CPL102 text-too-small


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_small_paragraph_reported_and_lower_bar_for_footer(suffix: str) -> None:
    path = TYPO / f"small-text.{suffix}"
    finding = only(path, "CPL102")  # the 10 pt footer and the 7 pt reference mark are not reported
    assert finding.severity == "error"
    assert finding.message == 'Text is 9 pt, below the 12 pt minimum ("Parking is free in the car...")'
    assert finding.location == paragraph_with(path, made.PARKING[:30]).location
    assert finding.evidence == {"size": 9, "minimum": 12, "furniture": False}


@pytest.mark.parametrize(("profile", "bar"), [("large-print", 16), ("easy-read", 14)])
def test_profiles_raise_the_size_bar(profile: str, bar: int) -> None:
    findings = [f for f in typography(CLEAN_DOCX, profile=profile, rules={"text-too-small": {"group-after": 0}})
                if f.code == "CPL102"]
    intro = paragraph_with(CLEAN_DOCX, "Thank you for joining us")
    messages = {f.location: f.message for f in findings}
    assert messages[intro.location].startswith(f"Text is 12 pt, below the {bar} pt minimum for {profile} documents")
    assert all(f.severity == "error" for f in findings)


def test_a_whole_document_in_one_small_size_is_one_finding() -> None:
    """The clean agenda is 12 pt throughout: for large print that is one style problem, not one per paragraph."""
    findings = [f for f in typography(CLEAN_DOCX, profile="large-print") if f.code == "CPL102"]
    body = [f for f in findings if not f.evidence["furniture"] and f.evidence["size"] == 12]
    assert len(body) == 1  # the 15 pt headings are fewer than group-after and stay one finding each
    grouped = body[0]
    intro = paragraph_with(CLEAN_DOCX, "Thank you for joining us")
    assert "are set in 12 pt, below the 16 pt minimum for large-print documents" in grouped.message
    assert "changing the style's size fixes them all" in grouped.message
    assert grouped.evidence["paragraphs"] >= 5
    assert intro.location.label() in grouped.evidence["places"]


def test_profile_on_the_command_line() -> None:
    run = run_cli("check", "--profile", "large-print", "--select", "CPL102", "--format", "concise", CLEAN_DOCX)
    assert run.exit_code == 1
    assert "below the 16 pt minimum for large-print documents" in run.stdout
    assert run_cli("check", "--select", "CPL102", CLEAN_DOCX).exit_code == 0


def test_max_reports_caps_findings_with_one_summary() -> None:
    every = [f for f in typography(CLEAN_DOCX, profile="large-print",
                                   rules={"text-too-small": {"max-reports": 0, "group-after": 0}})
             if f.code == "CPL102"]
    assert len(every) > 6  # every 12 pt paragraph of the clean agenda is below 16 pt
    capped = [f for f in typography(CLEAN_DOCX, profile="large-print",
                                    rules={"text-too-small": {"max-reports": 3, "group-after": 0}})
              if f.code == "CPL102"]
    assert len(capped) == 4
    summary = [f for f in capped if f.message.startswith("And ")]
    assert len(summary) == 1
    assert summary[0].message.startswith(f"And {len(every) - 3} more paragraphs have text below the minimum size (")


def test_profile_values_come_from_rules_profiles_toml() -> None:
    from coprolint.catalog import find_rule
    from coprolint.config import Config

    rule = find_rule("text-too-small")
    assert Config().options_for(rule)["min-size"] == 12
    assert Config(profile="large-print").options_for(rule)["min-size"] == 16
    assert Config(profile="easy-read").options_for(rule)["min-size"] == 14


# ---------------------------------------------------------------- CPL103 long-italics


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_long_italic_quote_reported_short_italic_title_not(suffix: str) -> None:
    path = TYPO / f"italics.{suffix}"
    finding = only(path, "CPL103")
    assert finding.severity == "warning"
    words = len(made.QUOTE.split())
    quote = paragraph_with(path, made.QUOTE[:30])
    if suffix == "pdf" and words > len(quote.text.split()):
        words = len(quote.text.split())  # a PDF paragraph may hold only part of the quote
    assert finding.message == f'{words} words in a row are in italics ("When I first became a carer...")'
    assert finding.location == quote.location


def test_max_words_option_for_italics() -> None:
    words = len(made.QUOTE.split())
    assert [f.code for f in typography(TYPO / "italics.docx", rules={"long-italics": {"max-words": words}})] == []


# ---------------------------------------------------------------- CPL104 underline-not-link


def test_underline_that_is_not_a_link() -> None:
    path = TYPO / "underline.docx"
    finding = only(path, "CPL104")  # the underlined Teams link is not reported
    assert finding.message == f'Underlined text is not a link: "{made.CARD_UNDERLINED}"'
    assert finding.location == paragraph_with(path, made.CARD[:30]).location


# ---------------------------------------------------------------- CPL105 block-capitals


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_sentence_in_capitals_reported_acronyms_not(suffix: str) -> None:
    path = TYPO / f"capitals.{suffix}"
    finding = only(path, "CPL105")
    assert finding.message == '12 words in a row are in capitals ("PLEASE ARRIVE TEN MINUTES EARLY SO...")'
    assert finding.location == paragraph_with(path, "PLEASE ARRIVE").location


def test_all_caps_formatting_on_a_heading() -> None:
    path = TYPO / "capitals-format.docx"
    finding = only(path, "CPL105")
    heading = paragraph_with(path, "Tell us what you need")
    assert "5 words in a row are in capitals" in finding.message
    assert "(shown in capitals by the All Caps format)" in finding.message
    assert finding.location == heading.location
    assert finding.evidence["all_caps_format"] is True


# ---------------------------------------------------------------- CPL106 justified-text


def test_justified_paragraphs_reported_once_docx() -> None:
    path = TYPO / "justified.docx"
    finding = only(path, "CPL106")
    first = paragraph_with(path, made.LONG[0][:40]).location.paragraph
    assert finding.message == f"2 paragraphs are justified (paragraphs {first}-{first + 1})"
    assert finding.location.paragraph == first


def test_justified_paragraphs_found_in_pdf() -> None:
    path = TYPO / "justified.pdf"
    finding = only(path, "CPL106")
    assert finding.location == paragraph_with(path, "This year more than").location
    assert finding.severity == "warning"


# ---------------------------------------------------------------- CPL107 tight-line-spacing


def test_tight_line_spacing() -> None:
    path = TYPO / "line-spacing.docx"
    finding = only(path, "CPL107")
    first = paragraph_with(path, made.LONG[0][:40]).location.paragraph
    assert finding.message == (
        f"Line spacing is 0.8 in 2 paragraphs, tighter than single spacing (paragraphs {first}-{first + 1})")
    assert finding.severity == "suggestion"
    assert typography(path, rules={"tight-line-spacing": {"min-spacing": 0.75}}) == []


# ---------------------------------------------------------------- configuration and command line


def test_severity_override() -> None:
    finding = only(TYPO / "italics.docx", "CPL103", severity={"long-italics": "error"})
    assert finding.severity == "error"


def test_select_and_ignore() -> None:
    path = TYPO / "font-times.docx"
    assert [f.code for f in lint(path, select=["CPL101"]).findings] == ["CPL101"]
    assert "CPL101" not in [f.code for f in lint(path, ignore=["font-not-approved"]).findings]
    run = run_cli("check", "--ignore", "CPL1", "--format", "concise", path)
    assert "CPL1" not in run.stdout
    run = run_cli("check", "--select", "font-not-approved", "--format", "concise", path)
    assert run.exit_code == 1
    assert re.search(r"font-times\.docx:p\d+: CPL101 error Font \"Times New Roman\"", run.stdout)


def test_misspelt_option_in_pyproject_is_a_clear_error(tmp_path: Path) -> None:
    shutil.copy(TYPO / "small-text.docx", tmp_path / "agenda.docx")
    (tmp_path / "pyproject.toml").write_text('[tool.coprolint.rules.text-too-small]\nmin-sise = 3\n')
    run = run_cli("check", tmp_path / "agenda.docx")
    assert run.exit_code == 2
    assert "min-sise" in run.stderr and "text-too-small" in run.stderr and "min-size" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout


def test_option_in_pyproject_changes_the_bar(tmp_path: Path) -> None:
    shutil.copy(TYPO / "small-text.docx", tmp_path / "agenda.docx")
    (tmp_path / "pyproject.toml").write_text('[tool.coprolint.rules.text-too-small]\nmin-size = 9\n')
    run = run_cli("check", "--select", "CPL102", tmp_path / "agenda.docx")
    assert run.exit_code == 0, run.stdout


def test_rule_documentation_names_source_and_options() -> None:
    run = run_cli("rule", "CPL102")
    assert run.exit_code == 0
    assert "Black Country co-production guide" in run.stdout
    assert "min-size = 12" in run.stdout and "furniture-min-size = 10" in run.stdout
    listing = run_cli("rules").stdout
    for code in ("CPL101", "CPL102", "CPL103", "CPL104", "CPL105", "CPL106", "CPL107"):
        assert code in listing


# ---------------------------------------------------------------- model-level cases no fixture shows cheaply


def _doc(*paragraphs: Any, fmt: str = "docx", pages: list[Any] | None = None) -> Any:
    from coprolint.model import Document

    return Document("memo.docx", fmt, paragraphs=list(paragraphs), pages=pages or [])  # type: ignore[arg-type]


def _para(number: int | None, *runs: Any, **where: Any) -> Any:
    from coprolint.model import Location, Paragraph

    return Paragraph(list(runs), Location(paragraph=number, **where))


def _run(text: str, **fmt: Any) -> Any:
    from coprolint.model import Run

    fmt.setdefault("font", "Arial")
    fmt.setdefault("size", 12.0)
    return Run(text, **fmt)


def _check(doc: Any, **settings: Any) -> list[Any]:
    from coprolint.config import Config, from_mapping
    from coprolint.engine import run_checks

    config = from_mapping(settings, "test") if settings else Config()
    findings, failures = run_checks(doc, config, doc.path)
    assert failures == []
    return [f for f in findings if f.code.startswith("CPL1")]


def test_symbol_fonts_unknown_fonts_and_blank_runs_are_not_reported() -> None:
    doc = _doc(
        _para(1, _run("\uf0b7", font="Symbol"), _run(" Bring a friend", font="Arial")),
        _para(2, _run("Tick the box ", font="Arial"), _run("\uf0fc", font="Wingdings")),
        _para(3, _run("Font unknown here", font=None)),
        _para(4, _run("Plain text", font="Arial"), _run("   ", font="Times New Roman")),
    )
    assert _check(doc) == []


def test_font_places_summarised_for_many_paragraphs() -> None:
    paragraphs = [_para(n, _run(f"Item {n}", font="Georgia" if n in (3, 4, 5, 9, 12) else "Arial"))
                  for n in range(1, 15)]
    footer = _para(None, _run("Page 1", font="Georgia"), part="footer", section=1)
    finding = _check(_doc(*paragraphs, footer))[0]
    assert finding.message.endswith("in paragraphs 3-5, 9 and 12 and the footer)")
    assert finding.location.paragraph == 3


def test_places_in_words() -> None:
    from coprolint.checks.typography import describe_places, where
    from coprolint.model import Location

    assert where([Location(page=1, line=3), Location(page=2, line=1), Location(page=3, line=9)]) == "on pages 1-3"
    assert describe_places([Location(paragraph=n) for n in (2, 5, 8, 11, 14)]) == "paragraphs 2, 5, 8, 11 and 14"
    assert describe_places([Location(paragraph=n) for n in (2, 5, 8, 11, 14, 20, 21)]) == (
        "paragraphs 2, 5, 8, 11 and 3 others")
    table = [Location(part="table", table=2, row=1, cell=1, paragraph=7), Location(paragraph=9)]
    assert describe_places(table) == "paragraphs 7 and 9, including table 2"
    assert describe_places(table[:1]) == "table 2, paragraph 7"
    assert where([Location(part="footnote"), Location(part="header", section=1)]) == "in the footnotes and the header"


def test_footer_and_footnote_get_the_lower_bar() -> None:
    doc = _doc(
        _para(1, _run("Agenda for the carers meeting", size=12)),
        _para(None, _run("Carers' Voice Group", size=10), part="footer", section=1),
        _para(None, _run("Page 2", size=8), part="footer", section=1),
        _para(None, _run("A note at the bottom of the page", size=9), part="footnote"),
    )
    messages = [f.message for f in _check(doc)]
    assert messages == [
        'Footer text is 8 pt, below the 10 pt minimum for headers, footers and footnotes ("Page 2")',
        'Footnote text is 9 pt, below the 10 pt minimum for headers, footers and footnotes ("A note at the bottom of...")',
    ]


def test_pdf_lines_in_the_bottom_band_count_as_footer() -> None:
    from coprolint.model import Page

    page = Page(number=1, width_pt=595, height_pt=842)
    body = _para(None, _run("Text in the middle of the page", size=10), page=1, line=5, bbox=(56, 400, 300, 412))
    foot = _para(None, _run("Page 1 of 2", size=10), page=1, line=30, bbox=(56, 800, 120, 810))
    head = _para(None, _run("Draft", size=8), page=1, line=1, bbox=(56, 20, 120, 30))
    findings = _check(_doc(head, body, foot, fmt="pdf", pages=[page]))
    # 10 pt is fine in a footer, not in the body; 8 pt is too small even for a header
    assert [f.message.split(" is ")[0] for f in findings] == ["Header text", "Text"]


def test_lone_number_in_a_pdf_body_is_taken_for_a_page_number() -> None:
    from coprolint.model import Page

    page = Page(number=1, width_pt=612, height_pt=792)
    number = _para(None, _run("1", size=8), page=1, line=30, bbox=(300, 700, 306, 708))
    assert _check(_doc(number, fmt="pdf", pages=[page])) == []


def test_line_spacing_is_not_judged_in_pdfs() -> None:
    text = _run("A long paragraph of text that goes on for several lines in the PDF")
    doc = _doc(_para(None, text, page=1, line=1), fmt="pdf")
    doc.paragraphs[0].line_spacing = 0.7
    assert _check(doc) == []
    doc.format = "docx"
    assert [f.code for f in _check(doc)] == ["CPL107"]


def test_reference_marks_ignored_but_a_lone_small_page_number_is_not() -> None:
    doc = _doc(
        _para(1, _run("Lunch is provided"), _run("12", size=7), _run(".")),
        _para(None, _run("3", size=7), part="footer"),
    )
    assert [f.location.part for f in _check(doc)] == ["footer"]


def test_block_capitals_word_rules() -> None:
    doc = _doc(
        _para(1, _run("AGENDA ITEM 3: BUDGET")),  # three words in capitals: a short label
        _para(2, _run("We will meet the NHS, ICB, CQC and the council.")),  # acronyms among words
        _para(3, _run("ROOM 2, OAK HOUSE, 12 STATION ROAD")),  # numbers do not break the stretch
        _para(4, _run("Everyone is "), _run("welcome to the meeting", caps=True), _run(" today.")),  # All Caps
        _para(5, _run("Everyone is "), _run("welcome to all", caps=True), _run(" today.")),  # only three
        _para(6, _run("Parameter MLD SOI PDO SST Begin")),  # a row of acronyms in a table
        _para(7, _run("Authors: K. A. B. C. Smith and J. D. Jones")),  # initials
        _para(8, _run("MLD SOI PDO SST: THE MEETING WILL BE HELD ONLINE")),  # acronyms, then shouting
    )
    findings = _check(doc)
    assert [(f.location.paragraph, f.evidence["words"]) for f in findings] == [(3, 5), (4, 4), (8, 10)]
    assert findings[1].evidence["all_caps_format"] is True


def test_italic_stretch_spans_runs_and_ignores_plain_spaces() -> None:
    words = "one two three four five six seven eight nine ten eleven twelve thirteen".split()
    runs = []
    for word in words:
        runs += [_run(word, italic=True), _run(" ")]
    found = _check(_doc(_para(1, *runs)))
    assert [f.evidence["words"] for f in found] == [13]
    assert _check(_doc(_para(1, *runs[:-4]))) == []  # twelve words: not more than max-words


def test_comments_are_not_checked() -> None:
    doc = _doc(_para(None, _run("SEE ME ABOUT THIS PLEASE", font="Comic Sans MS", size=8, italic=True),
                     part="comment"))
    assert _check(doc) == []


def test_capitals_word_count_from_one_scan_equals_word_by_word() -> None:
    """CPL105 skips paragraphs that cannot hold enough words in capitals by counting them in one
    scan; the count must be the word-by-word verdict's, whatever the script or spacing."""
    from coprolint import readers
    from coprolint.checks.typography import _capitals, capital_words

    texts = [
        "PLEASE DO NOT PARK HERE", "Caf\u00c9 \u00c9COLE \u00e9cole \u00c9T\u00c9", "\u0394\u0395\u039b\u03a4\u0391 \u03b4\u03ad\u03bb\u03c4\u03b1",
        "ICB\u2019S A&E NHS\u00a0TRUST\u2003NOW", "I A 12 34-B --AB-- a\u01c5B \u01c5AB \u01c6ab", "\u00dfSS \u1e9eSS ",
        "\u2160\u2161 \u24b6\u24b7 \u24d0\u24d1 tab\tSEP\x1cSEP",
        "\u0414\u041e\u041c \u041d\u0410\u0428 \u0414\u041e\u041c\u0410 \u043c\u0438\u0440 \u0416\u0418\u0417\u041d\u042c "
        "\u0421\u0412\u0415\u0422 \u041f\u0423\u0422\u042c \u0413\u041e\u0420\u041e\u0414 \u0420\u0415\u041a\u0410 "
        "\u4e2d\u6587 \u6587\u5b57",  # more than 16 other characters: the translate path
    ]
    for path in sorted(FIXTURES.rglob("*.docx"))[:40] + sorted(FIXTURES.rglob("*.pdf"))[:20]:
        if "bad" in path.parts:
            continue
        document, _ = readers.read(path)
        texts += [p.text for p in document.paragraphs] if document else []
    assert len(texts) > 500
    for text in texts:
        by_word = sum(1 for word in text.split() if _capitals(word, False))
        assert capital_words(text) == by_word, text


def test_text_too_small_quick_skip_leaves_odd_sizes_to_the_full_search() -> None:
    """A paragraph whose runs are all at or above the bars is skipped without the full search;
    one with a size that is not a number (a damaged PDF) still gets it, in any run order, even
    behind a reference mark the full search passes over."""
    from coprolint.catalog import load_catalogue
    from coprolint.config import Config
    from coprolint.engine import RuleContext, registered_checks
    from coprolint.model import Document

    def found(runs: list[tuple[str, float]]) -> int:
        doc = Document(path="x.docx", format="docx")
        doc.paragraphs.append(_sized_paragraph(runs))
        ctx = RuleContext(load_catalogue()["CPL102"], Config(), "x.docx", {})
        registered_checks()["CPL102"](doc, ctx)
        return len(ctx.findings)

    assert found([("Big ", 14.0), ("words", 12.0)]) == 0
    assert found([("Big ", 14.0), ("tiny", 9.0)]) == 1
    nan = float("nan")
    for runs in ([("a ", nan), ("b", 14.0)], [("a ", 14.0), ("b", nan)], [("1", 14.0), ("word", nan)],
                 [("a ", 9.0), ("b", nan)], [("a ", nan), ("b", 9.0)]):
        assert found(runs) == found_without_skip(runs), runs
    assert found([("1", 14.0), ("word", nan)]) == 1  # the mark is passed over; the odd size is reported


def _sized_paragraph(runs: list[tuple[str, float]]) -> Any:
    from coprolint.model import Location, Paragraph, Run

    return Paragraph(runs=[Run(text=text, size=size) for text, size in runs], location=Location(part="body", paragraph=1))


def found_without_skip(runs: list[tuple[str, float]]) -> int:
    """What the full search alone says about one body paragraph with these runs (bar 12 pt)."""
    from coprolint.checks.typography import _smallest_run

    run = _smallest_run(_sized_paragraph(runs))
    return int(run is not None and run.size is not None and not round(run.size, 1) >= 12.0)
