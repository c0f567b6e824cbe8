"""Find listed words and phrases in text: whole words, any case, with inflections.

A list is compiled once per process into dictionaries keyed by the phrase's words, with
the set of first words and of the runs of words that begin some phrase; no regular
expression is built from the list, so compiling is cheap. Matching splits a document's
text into words once (``Texts``), finds where a phrase could start with set lookups at
C speed, and looks up only the few phrases that could start there. That keeps the cost
linear in the text and nearly independent of the length of the list.
"""

from __future__ import annotations

import functools
import re
from typing import Any, Iterable, Iterator, NamedTuple

from coprolint.language.prose import lower, non_ascii

_PLAIN = {"\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2011": "-"}  # curly quotes, Unicode hyphens


class Entry:
    """One listed term and what to say about it. Entries are equal when their terms are.

    A plain class rather than a dataclass: making a dataclass costs about 0.4 ms at import,
    which every fresh process pays."""

    __slots__ = ("term", "data")

    def __init__(self, term: str, data: dict[str, Any] | None = None) -> None:
        self.term = term  # as written in the list, for messages
        self.data = {} if data is None else data

    def __eq__(self, other: object) -> bool:
        return other.__class__ is self.__class__ and other.term == self.term  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self.term)

    def __repr__(self) -> str:
        return f"Entry(term={self.term!r}, data={self.data!r})"


class Match(NamedTuple):
    start: int
    end: int
    text: str  # the words as they appear in the document
    entry: Entry


# A word (letters or digits, with inner apostrophes: "Down's"), and the hyphen that joins it
# to the word before, if any: hyphens separate words but are remembered, so that "step-down"
# can be told from "step down" when an entry asks for it. Only compiling a list needs it, and a
# fresh process mostly loads its lists compiled (see coprolint.language.lists): made when first used.
@functools.cache
def _token() -> re.Pattern[str]:
    return re.compile(r"((?<=[A-Za-z0-9])-)?([A-Za-z0-9]+(?:'[A-Za-z]+)*)")


# The word part of _token() alone: on lower-cased text, the same words without their positions.
_WORD_ONLY = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)*")


def _normal(text: str) -> str:
    """Apostrophes and hyphens as _token() expects them (``text.translate(str.maketrans(_PLAIN))``),
    by replace: str.translate looks every character up, tens of times slower on non-ASCII text."""
    if text.isascii():
        return text
    for fancy, plain in _PLAIN.items():
        if fancy in text:
            text = text.replace(fancy, plain)
    return text


class Text:
    """One text's words, worked out when first needed and shared by every list matched against it.

    Most texts hold none of a list's first words; for them only the lower-case words are
    listed (one ``findall``), and the gaps between words and their positions are never looked for."""

    __slots__ = ("text", "_split", "_lower", "_gaps", "_spans")

    def __init__(self, text: str) -> None:
        self.text = text
        normal = _normal(text)
        lowered = normal.lower()
        if len(lowered) == len(normal):
            self._split = lowered  # every character stays in its place: positions hold
            self._lower: list[str] = _WORD_ONLY.findall(lowered)
        else:  # a letter that lower-cases to two ("\u0130"): find the words as written
            self._split = normal
            self._lower = [word.lower() for word in _WORD_ONLY.findall(normal)]
        self._gaps: list[str] | None = None
        self._spans: list[tuple[int, int]] | None = None

    @property
    def lower(self) -> list[str]:
        """The words, lower-case, in order."""
        return self._lower

    @property
    def gaps(self) -> list[str]:
        """What stands before each word (and, last, after the last one): "-" joins two words into one."""
        if self._gaps is None:
            self._gaps = _WORD_ONLY.split(self._split)
        return self._gaps

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Where words ``first`` to ``last`` (inclusive) are in the text."""
        if self._spans is None:
            spans, place = [], 0
            for gap, word in zip(self.gaps, self._lower):
                place += len(gap)
                spans.append((place, place + len(word)))
                place += len(word)
            self._spans = spans
        return self._spans[first][0], self._spans[last][1]


# Between the texts of a Texts: in no word, and not white space, so no phrase runs over it.
_BETWEEN = "\x00"
# A word as a group, so that splitting at words gives the gaps and the words in one scan.
_WORD_SPLIT = re.compile(r"([A-Za-z0-9]+(?:'[A-Za-z]+)*)")
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_WORD_BYTES = (_LETTERS + "0123456789").encode()
_WHITE_BYTES = b"\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f "  # the ASCII characters str.isspace() accepts
# Marks that stand in for white space in a gap, and between gaps, while splitting (see _split_words).
_WHITE, _APART = "\x02", "\x03"
# For ASCII bytes: every byte that is in no run of letters and digits as a space; each byte of a
# run as a space and each white-space byte as _WHITE; _WHITE back as a space. (Made by C calls:
# loops over the 256 bytes would cost every fresh process time at import.)
_GAP_BYTES = bytes(range(256)).translate(None, _WORD_BYTES)
_SPACE_GAPS = bytes.maketrans(_GAP_BYTES, b" " * len(_GAP_BYTES))
_SPACE_WORDS = bytes.maketrans(_WORD_BYTES + _WHITE_BYTES, b" " * len(_WORD_BYTES) + _WHITE.encode() * len(_WHITE_BYTES))
_WHITE_BACK = bytes.maketrans(_WHITE.encode(), b" ")


def _split_words(lowered: str) -> list[str]:
    """``_WORD_SPLIT.split(lowered)`` (gap, word, gap, ..., gap), except that in the gaps each
    white-space character is " " and each other character outside ASCII "?", as no use of a gap
    tells them apart (is it "-", white space only, does it hold _BETWEEN; how long is it).

    Runs of letters and digits, and the gaps between them, are found by bytes.translate and
    split, several times faster than the regular expression; the few apostrophes that join two
    runs into one word ("carer's" but not "carers'") are put back one by one."""
    if _WHITE in lowered or _APART in lowered:
        return _WORD_SPLIT.split(lowered)
    text = lowered
    if not text.isascii():
        for char in set(non_ascii(text)):
            if char.isspace():
                text = text.replace(char, " ")
    raw = text.encode("ascii", "replace")  # one byte for each character: "?" for the others
    words = raw.translate(_SPACE_GAPS).decode("ascii").split()
    # Split at the runs with the gaps' white space hidden, then show it again in all gaps at once.
    runs = raw.translate(_SPACE_WORDS).split()
    gaps = _APART.encode().join(runs).translate(_WHITE_BACK).decode("ascii").split(_APART) if runs else []
    if not raw:
        return [""]
    if raw[0] in _WORD_BYTES:  # the text starts with a word: an empty gap before it
        gaps.insert(0, "")
    if raw[-1] in _WORD_BYTES:  # ... or ends with one: an empty gap after it
        gaps.append("")
    _join_apostrophes(words, gaps)
    parts: list[str] = [""] * (2 * len(words) + 1)
    parts[0::2] = gaps
    parts[1::2] = words
    return parts


def _join_apostrophes(words: list[str], gaps: list[str]) -> None:
    """Where a gap is one apostrophe and the next run starts with letters, those letters belong
    to the word before ("carer's", "o'clock"); any digits after them start the next word at once."""
    k = 0
    while True:
        try:
            k = gaps.index("'", k + 1, len(words))  # gaps[k] stands before words[k]: not the last gap
        except ValueError:
            return
        after = words[k]
        rest = after.lstrip(_LETTERS)
        if len(rest) == len(after):
            continue  # a digit: "it'9" is two words
        words[k - 1] += "'" + after[:len(after) - len(rest)]
        if rest:
            words[k], gaps[k] = rest, ""
        else:
            del words[k], gaps[k]
            k -= 1  # the gap now at k (the next one) may be an apostrophe too


class Texts:
    """The words of many texts (a document's paragraphs), found in one scan of them all joined.

    One scan of the whole and C-speed bookkeeping cost less than a scan and a few objects per
    paragraph. Texts that cannot be joined safely (one holds the separator, or lower-casing
    moves characters) are kept as one ``Text`` each instead, with the same results."""

    __slots__ = ("texts", "separate", "lower", "gaps", "_parts", "_joined")

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.separate: list[Text] | None = None
        joined = _BETWEEN.join(texts)
        lowered = lower(_normal(joined))
        if joined.count(_BETWEEN) != max(len(texts) - 1, 0) or len(lowered) != len(joined):
            self.separate = [Text(text) for text in texts]
            return
        self._joined = lowered
        self._parts = _split_words(lowered)  # gap, word, gap, word, ..., gap
        self.lower: list[str] = self._parts[1::2]
        self.gaps: list[str] = self._parts[0::2]  # gaps[k] stands before word k

    def places(self, runs: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
        """For each run of words (first, last), in order and each in one text: which text it is
        in, and where in it. Positions are summed from one run to the next, so the words between
        runs are measured once and the words after the last run never."""
        parts, joined = self._parts, self._joined
        out = []
        done = 0  # parts measured so far...
        position = 0  # ... and their length: where parts[done] starts in the joined text
        index = offset = 0  # the text at that place, and where it starts
        for first, last in runs:
            # Lengths summed by joining: one C call, no number made for each part.
            start = position + len("".join(parts[done:2 * first + 1]))  # word ``first`` starts here
            between = joined.count(_BETWEEN, position, start)
            if between:
                index += between
                offset = joined.rfind(_BETWEEN, position, start) + 1
            end = start + len("".join(parts[2 * first + 1:2 * last + 2]))
            out.append((index, start - offset, end - offset))
            done, position = 2 * first + 1, start
        return out


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


class PhraseMatcher:
    """A compiled word list. Build it once per process (see coprolint.language.lists), then call
    ``matches_in`` for a document's blocks, or ``find`` for one text."""

    def __init__(self) -> None:
        # key -> entry; keys are words joined by " " (loose) or with their real hyphens (exact).
        self._loose: dict[str, Entry] = {}
        self._exact: dict[str, Entry] = {}
        self._longest: dict[str, int] = {}  # first word -> most words in a phrase starting with it
        self._first: frozenset[str] | None = None  # the keys of _longest as a set, made when first matching
        self._index: tuple[frozenset[str], frozenset[str]] | None = None  # see _starts
        self._prefixes: set[str] = set()  # every listed phrase's first two or more words ("care package"), spaced
        self._not_before: dict[str, frozenset[str]] = {}
        self._not_after: dict[str, frozenset[str]] = {}

    def __len__(self) -> int:
        return len({id(e) for e in (*self._loose.values(), *self._exact.values())})

    def add(self, phrase: str, entry: Entry, inflect: str = "last", hyphen: bool = False,
            not_before: Iterable[str] = (), not_after: Iterable[str] = ()) -> None:
        words = _token().findall(_normal(phrase))  # (hyphen or "", word) for each word
        if not words:
            return
        lowers = [word.lower() for _, word in words]
        variants: set[tuple[str, ...]] = {tuple(lowers)}
        if inflect in ("last", "first"):
            index = len(lowers) - 1 if inflect == "last" else 0
            for form in inflections(lowers[index]):
                changed = list(lowers)
                changed[index] = form
                variants.add(tuple(changed))
        joins = ["-" if joined else " " for joined, _ in words]  # what stands before each word
        for variant in variants:
            if hyphen:
                key = "".join(join + v for join, v in zip(joins, variant)).lstrip(" -")
                self._exact.setdefault(key, entry)
            else:
                self._loose.setdefault(" ".join(variant), entry)
            if len(variant) > 1:  # runs of two words or more that start some phrase (see ``_runs``)
                self._prefixes.update(" ".join(variant[:size]) for size in range(2, len(variant) + 1))
            first = variant[0]
            self._longest[first] = max(self._longest.get(first, 0), len(variant))
        self._first = self._index = None
        # Keyed by the term, which is what makes two entries equal, and whose hash a string keeps.
        if not_before:
            earlier = self._not_before.get(entry.term, frozenset())
            self._not_before[entry.term] = frozenset(w.lower() for w in not_before) | earlier
        if not_after:
            earlier = self._not_after.get(entry.term, frozenset())
            self._not_after[entry.term] = frozenset(w.lower() for w in not_after) | earlier

    def table(self) -> tuple[Any, ...]:
        """The compiled list as plain data that ``coprolint.stored`` can keep; ``from_table``
        makes the same matcher from it. Entries are listed once and referred to by place, so an
        entry's spellings still share one ``Entry``."""
        places: dict[int, int] = {}
        entries: list[tuple[str, dict[str, Any]]] = []

        def place(entry: Entry) -> int:
            if id(entry) not in places:
                places[id(entry)] = len(entries)
                entries.append((entry.term, entry.data))
            return places[id(entry)]

        loose = {key: place(entry) for key, entry in self._loose.items()}
        exact = {key: place(entry) for key, entry in self._exact.items()}
        return (entries, loose, exact, self._longest, sorted(self._prefixes),
                {term: sorted(words) for term, words in self._not_before.items()},
                {term: sorted(words) for term, words in self._not_after.items()})

    @classmethod
    def from_table(cls, table: tuple[Any, ...]) -> PhraseMatcher:
        """The matcher ``table()`` describes (raises TypeError, ValueError, KeyError, IndexError or
        AttributeError for a table that is not one, as coprolint.language.lists expects)."""
        listed, loose, exact, longest, prefixes, not_before, not_after = table
        entries = [Entry(term, dict(data)) for term, data in listed]
        matcher = cls()
        matcher._loose = {key: entries[place] for key, place in loose.items()}
        matcher._exact = {key: entries[place] for key, place in exact.items()}
        matcher._longest = dict(longest)
        matcher._prefixes = set(prefixes)
        matcher._not_before = {term: frozenset(words) for term, words in not_before.items()}
        matcher._not_after = {term: frozenset(words) for term, words in not_after.items()}
        return matcher

    def find(self, text: str | Text) -> Iterator[Match]:
        """Every listed phrase in ``text``, longest first where two overlap, left to right.

        Pass a ``Text`` to share its words between several lists."""
        return iter(self.matches(text if isinstance(text, Text) else Text(text)))

    def _first_words(self) -> frozenset[str]:
        if self._first is None:
            self._first = frozenset(self._longest)
        return self._first

    def _starts(self, lower: list[str]) -> list[int]:
        """Where a listed phrase could start: at a word that is a whole entry itself, or at one
        that only begins longer phrases ("the", "at", "care") when it and the next word begin
        some phrase ("care package", not "care for").

        One set lookup per word, mapped over the words at C speed, marks every word that begins
        some phrase in a bytes object (no index object is made for the words that do not); the
        few marked words are found with ``bytes.find`` and looked at one by one."""
        if self._index is None:
            whole = frozenset(w for w in self._longest if w in self._loose or w in self._exact)
            self._index = (whole, self._first_words())
        whole, firsts = self._index
        marks = bytes(map(firsts.__contains__, lower))  # 1 for a first word, 0 for any other
        found = []
        last = len(lower) - 1
        prefixes = self._prefixes
        i = marks.find(1)
        while i >= 0:
            word = lower[i]
            if word in whole or (i < last and f"{word} {lower[i + 1]}" in prefixes):
                found.append(i)
            i = marks.find(1, i + 1)
        return found

    def matches(self, prepared: Text) -> list[Match]:
        """``find`` as a list: most texts hold no listed phrase, and are answered at once."""
        if self._first_words().isdisjoint(prepared.lower):
            return []  # most paragraphs: no listed phrase can start in them
        text = prepared.text
        found = []
        for i, j, entry in self._runs(prepared.lower, prepared.gaps):
            start, end = prepared.span(i, j - 1)
            found.append(Match(start, end, text[start:end], entry))
        return found

    def matches_in(self, texts: Texts) -> list[tuple[int, Match]]:
        """Every listed phrase in each of ``texts``, as (which text, match), in order."""
        if texts.separate is not None:
            return [(index, match) for index, text in enumerate(texts.separate) for match in self.matches(text)]
        runs = self._runs(texts.lower, texts.gaps)
        places = texts.places([(i, j - 1) for i, j, _ in runs])
        return [(index, Match(start, end, texts.texts[index][start:end], entry))
                for (_, _, entry), (index, start, end) in zip(runs, places)]

    def _runs(self, lower: list[str], gaps: list[str]) -> list[tuple[int, int, Entry]]:
        """(first word, word after the last, entry) of every listed phrase, longest first where two
        overlap, left to right. ``gaps[k]`` is what stands before word k."""
        found: list[tuple[int, int, Entry]] = []
        longest = self._longest
        candidates = self._starts(lower)
        prefixes = self._prefixes
        n = len(lower)
        free = 0  # the first word not yet inside a match
        loose, exact = self._loose, self._exact
        for i in candidates:
            if i < free:
                continue
            # How far the words from i on could be one listed phrase: no punctuation between them,
            # and each longer run still the start of some phrase. keys[size - 1] is the run of size words.
            most = min(longest[lower[i]], n - i)
            keys = [lower[i]]
            size = 1
            hyphen = n  # the first word joined to the one before by a hyphen, if any
            while size < most:
                k = i + size
                gap = gaps[k]
                if gap == "-":
                    hyphen = min(hyphen, k)
                elif gap.strip():
                    break  # punctuation between the words (or another text): not one phrase
                longer = keys[-1] + " " + lower[k]
                if longer not in prefixes:
                    break
                keys.append(longer)
                size += 1
            for size in range(size, 0, -1):
                j = i + size
                key = keys[size - 1]
                entry = loose.get(key)
                if entry is None and exact:
                    if hyphen < j:  # the same words with their hyphens
                        key = lower[i] + "".join(("-" if gaps[k] == "-" else " ") + lower[k] for k in range(i + 1, j))
                    entry = exact.get(key)
                if entry is None or not self._context_ok(entry, lower, gaps, i, j):
                    continue
                found.append((i, j, entry))
                free = j
                break
        return found

    def _context_ok(self, entry: Entry, lower: list[str], gaps: list[str], i: int, j: int) -> bool:
        """The words just outside the phrase (in the same text) are not ones the entry rules out."""
        after = self._not_before.get(entry.term)
        if after and j < len(lower) and _BETWEEN not in gaps[j] and lower[j] in after:
            return False
        before = self._not_after.get(entry.term)
        if before and i > 0 and _BETWEEN not in gaps[i] and lower[i - 1] in before:
            return False
        return True
