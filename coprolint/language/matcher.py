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
from typing import Any, Iterable, Iterator

# A word: letters or digits, with inner apostrophes ("Down's"). Hyphens separate words
# but are remembered, so that "step-down" can be told from "step down" when it matters.
WORD = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)*")
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


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    lower: str
    hyphen_before: bool  # joined to the previous word by a single hyphen


@functools.lru_cache(maxsize=4096)
def tokens(text: str) -> tuple[Token, ...]:
    """The words of a text with their positions (apostrophes and hyphens normalised).

    Cached: every word list scans the same paragraphs, so each is split into words once."""
    text = text.translate(_QUOTES)
    out: list[Token] = []
    last_end = -1
    for m in WORD.finditer(text):
        hyphen = last_end >= 0 and text[last_end:m.start()] == "-"
        out.append(Token(m.start(), m.end(), m.group().lower(), hyphen))
        last_end = m.end()
    return tuple(out)


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
        toks = tokens(text)
        i, n = 0, len(toks)
        while i < n:
            longest = self._longest.get(toks[i].lower, 0)
            found: tuple[int, Entry] | None = None
            for size in range(min(longest, n - i), 0, -1):
                span = toks[i:i + size]
                if any(t.hyphen_before is False and text[span[k - 1].end:t.start].strip() for k, t in enumerate(span) if k):
                    continue  # punctuation between the words: not one phrase
                loose = " ".join(t.lower for t in span)
                entry = self._loose.get(loose)
                if entry is None:
                    exact = "".join(("-" if t.hyphen_before and k else " ") + t.lower for k, t in enumerate(span)).lstrip(" ")
                    entry = self._exact.get(exact)
                if entry is None or not self._context_ok(entry, toks, i, i + size):
                    continue
                found = (size, entry)
                break
            if found is None:
                i += 1
                continue
            size, entry = found
            start, end = toks[i].start, toks[i + size - 1].end
            yield Match(start, end, text[start:end], entry)
            i += size

    def _context_ok(self, entry: Entry, toks: tuple[Token, ...], i: int, j: int) -> bool:
        after = self._not_before.get(entry)
        if after and j < len(toks) and toks[j].lower in after:
            return False
        before = self._not_after.get(entry)
        if before and i > 0 and toks[i - 1].lower in before:
            return False
        return True
