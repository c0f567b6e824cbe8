"""Word lists are matched by lookup, not by one big pattern; they must find exactly what the pattern finds.

The pattern (``words.compile_phrases``) is the definition: whole words or phrases, longest first,
case-blind, any run of white space where a phrase has a space. These tests compare the lookup
with it on texts chosen to catch the ways a lookup can go wrong: phrases that overlap, phrases
next to punctuation or inside longer words, white space other than a space, and characters whose
case rules differ from lower() (dotless i, long s, capital I with a dot).
"""

from __future__ import annotations

import pytest

from coprolint.catalog import load_data
from coprolint.meeting import words

LISTS = [(section, key) for section, table in load_data("meeting.toml").items() for key in table]

TEXTS = [
    "",
    "We will meet in person at the venue: Oak House.",
    "IN PERSON or in-person, face to face or Face-To-Face.",
    "in\u00a0person, in\tperson, in\n\nperson, in  person",
    "venue:x venue:: _venue venue_ venues",
    "Join the Microsoft Teams meeting, or the teams meeting link; Zoom too.",
    "A comfort break, then lunch. Tea and coffee. Morning tea at 11.",
    "Q&A, then n/a; q&a!",
    "İn person at the venue (İ lower-cases to two characters)",
    "The ıin person and the ſtreet: odd case rules",
    "Sign\nLanguage and British Sign Language (BSL) interpreters; Easy Read; large-print",
    "Minutes of the meeting. Present: Sam. Apologies for absence. The meeting was adjourned at 4pm.",
    "carers’ café – “quoted” … • bullet",
    "Reasonable adjustments: tell us what you need to take part; accessibility",
    "Close of meeting. Meeting closes. Thank you and close.",
]


def reference(section: str, key: str, text: str) -> list[str]:
    found: list[str] = []
    for match in words.compile_phrases(words.words(section, key)).finditer(text):
        value = " ".join(match.group(0).lower().split())
        if value not in found:
            found.append(value)
    return found


@pytest.mark.parametrize("section, key", LISTS)
def test_lookup_finds_what_the_pattern_finds(section: str, key: str) -> None:
    phrases = words.phrases(section, key)
    for text in TEXTS:
        expected = reference(section, key, text)
        assert phrases.found(words.fold(text)) == expected, text
        assert phrases.has(words.fold(text)) == bool(expected), text


@pytest.mark.parametrize("section, key", LISTS)
def test_whole_document_search_finds_what_the_pattern_finds_in_each_paragraph(section: str, key: str) -> None:
    texts = words.Texts(TEXTS)
    expected = {i: found for i, text in enumerate(TEXTS) if (found := reference(section, key, text))}
    assert texts.found(words.phrases(section, key)) == expected
    # Joined, a phrase may run from one paragraph into the next, as in document.text().
    assert words.phrases(section, key).found(texts.whole) == reference(section, key, "\n".join(TEXTS))


def test_some_texts_do_match() -> None:
    # Guard against a comparison of two empty results: the texts above do hold phrases.
    # Leftmost first, then the longest there: "we will meet in" takes the "in" of "in person".
    assert words.found(TEXTS[1], "places", "in_person") == ["we will meet in", "venue:"]
    assert words.found(TEXTS[10], "offers", "bsl") == ["sign language", "british sign language", "bsl"]


def test_fullmatch_is_the_whole_text() -> None:
    vague = words.phrases("links", "vague")
    assert vague.fullmatch("click here") and vague.fullmatch("Click  Here")
    assert not vague.fullmatch("click here to read") and not vague.fullmatch(" here")


@pytest.mark.parametrize("text", [t.lower() for t in TEXTS] + ["a_b x²y ½ café’s", "\x00a\x1fb"])
def test_tokens_are_the_word_runs(text: str) -> None:
    import re

    assert words.tokens(text) == set(re.findall(r"\w+", text))


@pytest.mark.parametrize("paragraphs", [TEXTS, [t for t in TEXTS if t.isascii()]], ids=["odd case rules", "plain"])
def test_start_of_the_document_is_its_first_paragraphs_joined(paragraphs: list[str]) -> None:
    # Texts.first cuts the joined text where a paragraph begins when no paragraph has odd case
    # rules, and joins again when one has: both must match "\n".join, as document.text() makes it.
    texts = words.Texts(paragraphs)
    for count in range(len(paragraphs) + 1):
        expected = "\n".join(paragraphs[:count])
        part = texts.first(count)
        assert part.text == expected and part.low == words.lower(expected), count
        for section, key in LISTS:
            assert words.phrases(section, key).found(part) == reference(section, key, expected), (count, section, key)


def test_paragraphs_holding_a_needle() -> None:
    texts = words.Texts(TEXTS)
    assert texts.odd == [8, 9]  # "İ" lower-cases to two characters; "ı" and "ſ" match "i" and "s" in the pattern
    needles = ("venue", "person", "q&a")
    expected = {i for i, text in enumerate(TEXTS) if any(n in text.lower() for n in needles)}
    assert texts.with_any(needles) == expected | {8, 9}
    assert texts.with_any(("no such text",)) == {8, 9}
