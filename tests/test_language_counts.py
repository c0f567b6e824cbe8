"""The plain-language rules count each text once and share the counts; these tests check the
shared counts give exactly what the slower, straightforward ways give (textstat's own scores,
a fresh tokenisation for every word list, a fresh set of blocks)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES
from coprolint import readers
from coprolint.language import prose, readability
from coprolint.language.matcher import Entry, Match, PhraseMatcher, Text, Texts

DOCUMENTS = sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".docx", ".pdf") and "bad" not in p.parts)

# Sentences that stress textstat's word and syllable rules: contractions and stray apostrophes,
# curly quotes, hyphens, figures, addresses, accents, words the dictionary lacks, one-word lines.
AWKWARD = [
    "Please don't park in the bays marked 'staff' or the carers' spaces.",
    "We'll meet at St. Mary's Hall, e.g. Room 2.5, from 10:00 to 12:30.",
    "See www.example.org/help or write to help@example.org for the co-produced plan.",
    "Our caf\u00e9's na\u00efve r\u00e9sum\u00e9 \u2018works\u2019 \u2014 honestly!",
    "Yes.",
    "The ICB\u2019s well-being programme reconfigures multidisciplinary commissioning arrangements.",
    "Walsall, Wolverhampton and Dudley 'll share it; 'tis said the WS1 1AA office's open.",
    "Hmm... ok?! Fine: 3 x 4 = 12, and ' s is not a word.",
    "\u2022 Item one \u2022 item two",
    ",,, .",
]


def _textstat_scores(sentences: list[str]) -> tuple[float, float, int]:
    import textstat

    text = readability.as_text(sentences)
    return (round(float(textstat.flesch_reading_ease(text)), 1), round(float(textstat.flesch_kincaid_grade(text)), 1),
            int(textstat.lexicon_count(text)))


def _textstat_hardest(sentences: list[str]) -> str | None:
    import textstat

    best: tuple[float, str] | None = None
    for sentence in sentences:
        text = readability.as_text([sentence])
        if not text or textstat.lexicon_count(text) < 6:
            continue
        value = float(textstat.flesch_reading_ease(text))
        if best is None or value < best[0]:
            best = (value, sentence)
    return best[1] if best else None


def _groups() -> list[list[str]]:
    groups = [AWKWARD, AWKWARD[:1], AWKWARD[4:5], AWKWARD[-1:], []]
    for path in DOCUMENTS:
        document, _ = readers.read(path)
        if document is None:
            continue
        found = prose.prose_sentences(document)
        groups += [item.sentences for item in found] + [[s for item in found for s in item.sentences]]
    return groups


def test_readability_scores_are_textstats_own() -> None:
    groups = _groups()
    assert sum(len(g) for g in groups) > 200  # the fixtures really hold prose
    for sentences in groups:
        counts = readability.count(sentences)
        scores = readability.scores(counts)
        assert (scores.flesch, scores.grade, scores.words) == _textstat_scores(sentences), sentences
        assert readability.hardest_of(counts) == _textstat_hardest(sentences), sentences


def test_readability_counts_of_a_paragraph_are_its_own() -> None:
    counts = readability.count(AWKWARD)
    part = counts.part(1, 4)
    alone = readability.count(AWKWARD[1:4])
    assert part == alone
    assert readability.scores(part) == readability.scores(alone)


def test_sentence_word_counts_are_those_of_words() -> None:
    for path in DOCUMENTS:
        document, _ = readers.read(path)
        if document is None:
            continue
        for item in prose.prose_sentences(document):
            assert item.words == [len(prose.words(s)) for s in item.sentences]
            assert all(prose.is_sentence(s) for s in item.sentences)


@pytest.mark.parametrize("path", [p for p in DOCUMENTS if p.suffix == ".pdf"][:12] + [p for p in DOCUMENTS if p.suffix == ".docx"][:6],
                         ids=lambda p: str(p.relative_to(FIXTURES)))
def test_prose_from_shared_blocks_is_prose_from_fresh_blocks(path: Path) -> None:
    document, _ = readers.read(path)
    assert document is not None
    shared = prose.prose_sentences(document, prose.blocks(document))
    fresh = prose.prose_sentences(document)
    assert [(p.block.text, p.block.location, p.sentences, p.words) for p in shared] == \
           [(p.block.text, p.block.location, p.sentences, p.words) for p in fresh]


def test_one_text_shared_by_two_lists_matches_as_two_fresh_ones() -> None:
    jargon, kind = PhraseMatcher(), PhraseMatcher()
    jargon.add("going forward", Entry("going forward"), inflect="none")
    jargon.add("step-down", Entry("step-down"), hyphen=True)
    jargon.add("care package", Entry("care package"))
    kind.add("hard to reach", Entry("hard to reach"), inflect="none")
    kind.add("the vulnerable", Entry("the vulnerable"), inflect="none")
    expected = {
        "Going forward, the step\u2011down care packages reach hard\u2010to\u2010reach people.":
            (["Going forward", "step\u2011down", "care packages"], ["hard\u2010to\u2010reach"]),
        "Going. Forward; step down care, package \u2018the vulnerable\u2019 and hard-to-reach.":
            ([], ["the vulnerable", "hard-to-reach"]),
        # "\u0130" lower-cases to two characters: the places found must still be those in the text.
        "\u0130stanbul office: going forward we reach the vulnerable Care Packages.":
            (["going forward", "Care Packages"], ["the vulnerable"]),
        "Nothing listed here at all.": ([], []),
    }
    for text, (jargon_found, kind_found) in expected.items():
        shared = Text(text)
        for matcher, found in ((jargon, jargon_found), (kind, kind_found)):
            matches = list(matcher.find(shared))
            assert [m.text for m in matches] == found
            assert all(text[m.start:m.end] == m.text for m in matches)
            assert [(m.start, m.end) for m in matcher.find(text)] == [(m.start, m.end) for m in matches]


def test_sentences_cleaned_together_are_cleaned_as_each_alone() -> None:
    sentences = AWKWARD + ["Line one\nline two, www.example.org.", "", "  ,  "]
    for group in (AWKWARD, sentences, [], [""], AWKWARD[:1]):
        assert readability._clean_all(group) == [readability._clean(s) for s in group]


def test_letters_and_capitals_counted_by_bytes_are_counted_by_character() -> None:
    for text in AWKWARD + ["", "ABC def", "\u00c9COLE \u00e9cole \u0394\u03b4 \u01c5 \u2160 \u24b6", "plain ascii text 123"]:
        expected = (sum(map(str.isalpha, text)), sum(map(str.isupper, text)))
        assert prose._letters_and_capitals(text) == expected, text


def _pairs(found: list[tuple[int, Match]]) -> list[tuple[int, int, int, str, str]]:
    return [(index, m.start, m.end, m.text, m.entry.term) for index, m in found]


def test_texts_matched_together_match_as_each_alone() -> None:
    from coprolint.language import lists

    kind = PhraseMatcher()
    kind.add("the vulnerable", Entry("the vulnerable"), inflect="none")
    kind.add("service user", Entry("service user"), not_before=["group"], not_after=["our"])
    texts = [
        "Going forward, the step\u2011down care packages reach hard\u2010to\u2010reach people.",
        "service user",  # the words around it are in the next and the previous text, not its own
        "group our",
        "our service user group meets; a service user",
        "Our caf\u00e9 \u2018leverages\u2019 stakeholder synergies and the vulnerable.",
        "",
        "\u2014",
    ]
    for path in DOCUMENTS[:30]:
        document, _ = readers.read(path)
        texts += [block.text for block in prose.blocks(document)] if document else []
    lists_used = [kind, lists.jargon(), lists.respectful()]
    for group in (texts, texts[:4], ["\u0130stanbul service user"] + texts[:3], ["a\x00b service user"] + texts[:3], []):
        joined = Texts(group)
        for matcher in lists_used:
            alone = [(index, m) for index, text in enumerate(group) for m in matcher.find(text)]
            assert _pairs(matcher.matches_in(joined)) == _pairs(alone)
    assert [m.text for _, m in kind.matches_in(Texts(texts[:4]))] == ["service user", "service user"]
    assert Texts(["\u0130stanbul"]).separate is not None and Texts(["a\x00b", "c"]).separate is not None


def test_byte_tables_of_the_word_split_are_what_they_say() -> None:
    from coprolint.language import matcher

    word = {b for b in range(256) if chr(b).isascii() and chr(b).isalnum()}
    white = {b for b in range(128) if chr(b).isspace()}
    assert set(matcher._WHITE_BYTES) == white and set(matcher._WORD_BYTES) == word
    assert matcher._SPACE_GAPS == bytes(b if b in word else 32 for b in range(256))
    assert matcher._SPACE_WORDS == bytes(32 if b in word else 2 if b in white else b for b in range(256))
    assert matcher._WHITE_BACK == bytes(32 if b == 2 else b for b in range(256))


def test_words_split_by_bytes_are_those_the_expression_splits() -> None:
    from coprolint.language.matcher import _WORD_SPLIT, _normal, _split_words

    def plain(gap: str) -> str:  # what a gap keeps of white space and of characters outside ASCII
        return "".join(" " if c.isspace() else c if c.isascii() else "?" for c in gap)

    texts = AWKWARD + ["", "abc", "  ", ",", "a,", ",a", "\u2014x\u2014", "a\u00a0b\u2003c", "\x02a b", "a\x03", "\x01a\tb\n c\x1c",
                       "rock'n'roll 90's 'tis '' a''b z'",
                       "carers' caf\u00e9's a'b'c x's9'b it'9 o'clock a'b9'c9 'a'", "x\x00y's\x00'z"]
    for path in DOCUMENTS[:30]:
        document, _ = readers.read(path)
        texts += [block.text for block in prose.blocks(document)] if document else []
    for text in texts + ["\x00".join(texts)]:
        lowered = prose.lower(_normal(text))
        expected = _WORD_SPLIT.split(lowered)
        if "\x02" not in lowered and "\x03" not in lowered:  # the split's marks: with one in the text, the expression splits
            expected = [part if odd else plain(part) for odd, part in zip([0, 1] * len(expected), expected)]
        assert _split_words(lowered) == expected, text[:80]


def test_phrase_starts_are_the_words_that_begin_a_listed_phrase() -> None:
    from coprolint.language import lists

    kind = PhraseMatcher()
    kind.add("the vulnerable", Entry("the vulnerable"), inflect="none")
    kind.add("care package", Entry("care package"))
    kind.add("care", Entry("care"), inflect="none")
    texts = ["the the vulnerable care care package the", "the", "", "going forward the care packages the"]
    for path in DOCUMENTS[:20]:
        document, _ = readers.read(path)
        texts += [block.text for block in prose.blocks(document)] if document else []
    for matcher in (kind, lists.jargon(), lists.respectful()):
        firsts = set(matcher._longest)
        whole = {w for w in firsts if w in matcher._loose or w in matcher._exact}
        for text in texts + [" ".join(texts)]:
            lower = Text(text).lower
            expected = [i for i, word in enumerate(lower) if word in whole or (
                word in firsts and i + 1 < len(lower) and f"{word} {lower[i + 1]}" in matcher._prefixes)]
            assert matcher._starts(lower) == expected, text[:80]


def test_token_tallies_are_counted_as_token_by_token() -> None:
    for text in AWKWARD + ["\u2167 Henry \u24b6 was 12.5 and 3-4 o'clock \u00c9mile \u00e9t\u00e9 _x_ ALL CAPS here"]:
        tokens = prose.WORD.findall(text)
        initials = [t[0] for t in tokens if t[0].isalpha()]
        numeric = sum(1 for t in tokens if not any(c.isalpha() for c in t))
        tally = prose._Tally.of(tokens)
        assert tally == (len(tokens), len(initials), sum(1 for c in initials if c.isupper()), numeric), text
        assert prose._text_counts(text) == tally, text  # runs of letters between spaces taken as words


def test_sentence_tallies_from_runs_of_letters_are_those_of_words() -> None:
    texts = ["", "   ", "x\x1cy\u2028z \u00a0 caf\u00e9 \u0130stanbul _a_ don\u2019t e.g. 3.5 A&E 10:00", "one two three",
             # punctuation at the ends of a run, joining two words, or alone ("item," "x.-" "'y'" "(a)b")
             "(see) 'staff' \"quoted\" item, x.- -y _z_ \u2018a\u2019 \u00abb\u00bb 3.5, (e.g.) a.b. .a. x'- ' - \u2014 ,,",
             "(a)b a/b 'tis carers' Mary's. \u2026and\u2026 \u201cWe\u201d \u00e9t\u00e9, (2027) [10:00] \u2167, \u24b6. _ -_- \u00bd;"]
    for path in DOCUMENTS[:20]:
        document, _ = readers.read(path)
        texts += [s for item in prose.prose_sentences(document) for s in item.sentences] if document else []
        texts += [p.text for p in document.paragraphs] if document else []
    for text in texts:
        assert prose._text_counts(text) == prose._counts(prose.WORD.findall(text)), text


def test_run_ends_stripped_of_edge_characters_hold_the_same_words() -> None:
    for char in prose._EDGES:  # no token starts or ends with one: none is a word character but "_"
        assert not prose.WORD.search(char) and not char.isspace(), char
    chunks = "(see) 'staff' item, x.- -y _z_ (e.g.) a.b. .a. x'- ' \u2014 (a)b \u2018a\u2019 \u201cWe\u201d. 3.5,".split()
    for chunk, bare in zip([c for c in chunks if not c.isalpha()], prose._bare(chunks)):
        assert prose.WORD.findall(bare) == prose.WORD.findall(chunk), chunk


def test_word_counts_by_distinct_token_are_those_word_by_word() -> None:
    texts = [" ".join(AWKWARD), "The cat and the dog de la casa \u0395\u039b\u039b\u0391\u0394\u0391 \u00e9t\u00e9 und der",
             "\u041f\u0440\u0438\u0432\u0435\u0442 \u043c\u0438\u0440 the of", "\u212aelvin \u0130stanbul THE The the"]
    for path in DOCUMENTS[:20]:
        document, _ = readers.read(path)
        texts += ["\n".join(p.text for p in document.paragraphs)] if document else []
    for text in texts:
        tokens = prose.WORD.findall(text)
        words = [t.lower() for t in tokens if t.lower().isalpha()]
        expected = (len(words), sum(1 for w in words if not w.isascii()),
                    sum(1 for w in words if w in prose._ENGLISH_WORDS), sum(1 for w in words if w in prose._OTHER_WORDS))
        assert prose._word_counts(tokens) == expected, text[:80]


def test_scores_do_not_depend_on_the_stored_syllable_table(monkeypatch: pytest.MonkeyPatch) -> None:
    from coprolint.language import syllables

    expected = readability.score(AWKWARD)
    parsed = syllables._parse_dictionary()  # what is used when there is no usable cache folder
    monkeypatch.setattr(syllables, "syllable_counts", lambda: parsed)
    assert readability.score(AWKWARD) == expected
    assert (expected.flesch, expected.grade, expected.words) == _textstat_scores(AWKWARD)


def test_punctuation_removed_by_bytes_as_by_textstats_expression() -> None:
    texts = AWKWARD + ["\u00e9t\u00e9\u2019s \u201cquote\u201d \u2014 \u00bd \u00b2 \u2160 _under_ tab\there\x1cx\x00y \ud800z",
                       "caf\u00e9 \u00a0 nbsp \u3000 ideographic\u3001comma \U0001f600 smile"]
    for text in texts:
        assert readability._without_punctuation(text) == readability._PUNCTUATION.sub("", text), text


def test_other_characters_and_lower_case_by_bytes_are_those_by_character() -> None:
    import re

    texts = AWKWARD + ["", "plain ASCII", "caf\u00e9 CAF\u00c9", "\u0130stanbul", "\u03a3\u039f\u03a3 \u03c3", "\u212aelvin",
                       "\ud800 lone \udfff", "\u00c0\u00e0 \U0001f600 \u2019\u201c \u00df", "ABC \u00e9t\u00e9 \u2160 \u24b6 \u01c5"]
    for text in texts + [" ".join(texts)]:
        assert prose.non_ascii(text) == "".join(re.findall(r"[^\x00-\x7f]", text)), text
        assert prose.lower(text) == text.lower(), text


def test_joined_stops_dropped_one_by_one_as_by_the_expression() -> None:
    texts = AWKWARD + ["", ".", "a.b.c", "..a.b.", "_._ a!b?c \u00e9.\u00e9 \u00bd.\u00b2 a.\nb x.-y", "2.5.3 e.g.x"]
    for group in _groups()[:40]:
        texts += group
    for text in texts + ["\n".join(texts)]:
        assert readability._without_joined_stops(text) == readability._JOINED_STOP.sub("", text), text


def test_quotes_and_hyphens_made_plain_by_replace_as_by_translate() -> None:
    from coprolint.language.matcher import _PLAIN, _normal

    table = str.maketrans(_PLAIN)
    for text in AWKWARD + ["\u2018a\u2019 b\u2010c\u2011d \u2019\u2019", "plain", "", "\u00e9 only"]:
        assert _normal(text) == text.translate(table)


def test_first_words_are_the_words_word_finds() -> None:
    from collections import Counter

    texts = [" ".join(AWKWARD), "one two\tthree\nfour_five caf\u00e9 \u00e9t\u00e9-l\u00e0 x\x1cy 3.5 don\u2019t", "a " * 40,
             "(see) 'staff' item, x.- -y _z_ (e.g.) a.b. .a. x'- ' \u2014 (a)b \u2018a\u2019 \u201cWe\u201d. 3.5, (2027)"]
    for path in DOCUMENTS[:20]:
        document, _ = readers.read(path)
        texts += ["\n".join(p.text for p in document.paragraphs)] if document else []
    for text in texts:
        everything = prose.WORD.findall(text)
        for most in (5, 50, 5000):
            found = prose._first_words(text, most)
            if len(everything) > most:
                assert found == everything[:most]
            else:
                assert Counter(found) == Counter(everything)


def test_block_capitals_found_by_one_scan_are_those_word_by_word() -> None:
    import re

    from coprolint.language import acronyms

    finder = acronyms.Finder()

    def word_by_word(text: str) -> set[int]:
        starts: set[int] = set()
        run: list[re.Match[str]] = []
        for m in [*re.finditer(r"[A-Za-z&]+", text), None]:
            if m is not None and (m.group().isupper() and len(m.group()) >= 2 or m.group() in ("A", "I")):
                run.append(m)
                continue
            if len(run) >= 3 or (len(run) == 2 and any(finder._plain_word(r.group()) for r in run)):
                starts.update(r.start() for r in run)
            run = []
        return starts

    texts = ["DO NOT PARK HERE", "AB cd EF GH", "AB C DE FG", "AB 12 CD", "A I", "&& AB", "A&E IS OPEN", "PLEASE NOTE",
             "ABc DE FG HI", "AB\nCD\tEF", "&AB CD", "NHS ICB", "I AM", ""]
    blocks: list[prose.Block] = []
    for path in DOCUMENTS:
        document, _ = readers.read(path)
        blocks += prose.blocks(document) if document else []
    for text in texts + [block.text for block in blocks]:
        assert finder._caps_runs(text) == word_by_word(text), text
        assert acronyms._shouting(text) == _shouting_by_character(text), text
    for group in [blocks[i:i + 30] for i in range(0, len(blocks), 30)] + [[]]:
        assert acronyms._with_capitals(group) == [i for i, b in enumerate(group) if acronyms._MAYBE.search(b.text)]


def _shouting_by_character(text: str) -> bool:
    import re

    letters = sum(1 for c in text if c.isalpha())
    upper = sum(1 for c in text if c.isupper())
    return letters >= 2 and upper / letters > 0.6 and len(re.findall(r"[^\W\d_]+", text)) >= 2
