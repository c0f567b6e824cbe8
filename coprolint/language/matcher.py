"""Find listed words and phrases in text: whole words, any case, with inflections.

A list is compiled once per process into a dictionary keyed by the phrase's words,
indexed by first word; matching walks the words of a text once and looks up the few
phrases that could start at each word. That keeps the cost linear in the text and
nearly independent of the length of the list.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, NamedTuple

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2011": "-"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One listed term and what to say about it."""

    term: str  # as written in the list, for messages
    data: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    text: str  # the words as they appear in the document
    entry: Entry


class Token(NamedTuple):
    start: int
    end: int
    lower: str
    hyphen_before: bool  # joined to the previous word by a single hyphen


# A word (letters or digits, with inner apostrophes: "Down's"), and the hyphen that joins it
# to the word before, if any: hyphens separate words but are remembered, so that "step-down"
# can be told from "step down" when an entry asks for it.
_TOKEN = re.compile(r"((?<=[A-Za-z0-9])-)?([A-Za-z0-9]+(?:'[A-Za-z]+)*)")


def tokens(text: str) -> tuple[Token, ...]:
    """The words of a text with their positions (apostrophes and hyphens normalised)."""
    text = text.translate(_QUOTES)
    return tuple(Token(m.start(2), m.end(), m.group(2).lower(), m.group(1) is not None) for m in _TOKEN.finditer(text))


@functools.lru_cache(maxsize=4096)
def _words_of(text: str) -> list[tuple[str, str]]:
    """(hyphen or "", lower-case word) for each word: cheap, and enough to see whether a list could match.

    Cached: every word list scans the same paragraphs."""
    return _TOKEN.findall(text.translate(_QUOTES).lower())


@functools.lru_cache(maxsize=1024)
def _spans_of(text: str) -> list[tuple[int, int]]:
    return [m.span(2) for m in _TOKEN.finditer(text.translate(_QUOTES))]


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def inflections(word: str) -> set[str]:
    """Regular plural and verb forms of one word ("utilise" -> utilises, utilised, utilising, utilisation)."""
    forms = {word, _plural(word)}
    if word.endswith("ie"):
        forms |= {word + "d", word[:-2] + "ying"}
    elif word.endswith("ee"):
        forms |= {word + "d", word + "ing"}
    elif word.endswith("e"):
        forms |= {word + "d", word[:-1] + "ing"}
    elif word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        forms |= {word[:-1] + "ied", word + "ing"}
    else:
        forms |= {word + "ed", word + "ing"}
    if word.endswith(("ise", "ize")):
        stem = word[:-3]
        for z in ("is", "iz"):
            forms |= {stem + z + "e", stem + z + "es", stem + z + "ed", stem + z + "ing", stem + z + "ation"}
    return forms


def _words(phrase: str) -> tuple[Token, ...]:
    return tokens(phrase)


class PhraseMatcher:
    """A compiled word list. Build it once (see ``compiled``) and call ``find`` per text."""

    def __init__(self) -> None:
        # key -> entry; keys are words joined by " " (loose) or with their real hyphens (exact).
        self._loose: dict[str, Entry] = {}
        self._exact: dict[str, Entry] = {}
        self._longest: dict[str, int] = {}  # first word -> most words in a phrase starting with it
        self._not_before: dict[Entry, frozenset[str]] = {}
        self._not_after: dict[Entry, frozenset[str]] = {}

    def __len__(self) -> int:
        return len({id(e) for e in (*self._loose.values(), *self._exact.values())})

    def add(self, phrase: str, entry: Entry, inflect: str = "last", hyphen: bool = False,
            not_before: Iterable[str] = (), not_after: Iterable[str] = ()) -> None:
        words = _words(phrase)
        if not words:
            return
        lowers = [w.lower for w in words]
        variants: set[tuple[str, ...]] = {tuple(lowers)}
        if inflect in ("last", "first"):
            index = len(lowers) - 1 if inflect == "last" else 0
            for form in inflections(lowers[index]):
                changed = list(lowers)
                changed[index] = form
                variants.add(tuple(changed))
        for variant in variants:
            if hyphen:
                key = "".join(("-" if w.hyphen_before else " ") + v for w, v in zip(words, variant)).lstrip(" -")
                self._exact.setdefault(key, entry)
            else:
                self._loose.setdefault(" ".join(variant), entry)
            first = variant[0]
            self._longest[first] = max(self._longest.get(first, 0), len(variant))
        if not_before:
            self._not_before[entry] = frozenset(w.lower() for w in not_before) | self._not_before.get(entry, frozenset())
        if not_after:
            self._not_after[entry] = frozenset(w.lower() for w in not_after) | self._not_after.get(entry, frozenset())

    def find(self, text: str) -> Iterator[Match]:
        """Every listed phrase in ``text``, longest first where two overlap, left to right."""
        words = _words_of(text)
        longest = self._longest
        candidates = [k for k, (_, word) in enumerate(words) if word in longest]
        if not candidates:
            return  # most paragraphs: no listed phrase can start in them
        spans = _spans_of(text)
        n = len(words)
        free = 0  # the first word not yet inside a match
        for i in candidates:
            if i < free:
                continue
            for size in range(min(longest[words[i][1]], n - i), 0, -1):
                j = i + size
                if any(not words[k][0] and text[spans[k - 1][1]:spans[k][0]].strip() for k in range(i + 1, j)):
                    continue  # punctuation between the words: not one phrase
                entry = self._loose.get(" ".join(w for _, w in words[i:j]))
                if entry is None:
                    exact = words[i][1] + "".join(("-" if h else " ") + w for h, w in words[i + 1:j])
                    entry = self._exact.get(exact)
                if entry is None or not self._context_ok(entry, words, i, j):
                    continue
                start, end = spans[i][0], spans[j - 1][1]
                yield Match(start, end, text[start:end], entry)
                free = j
                break

    def _context_ok(self, entry: Entry, words: list[tuple[str, str]], i: int, j: int) -> bool:
        after = self._not_before.get(entry)
        if after and j < len(words) and words[j][1] in after:
            return False
        before = self._not_after.get(entry)
        if before and i > 0 and words[i - 1][1] in before:
            return False
        return True
