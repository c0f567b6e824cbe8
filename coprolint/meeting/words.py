"""The vocabulary the meeting and structure rules match, read from rules/meeting.toml.

A word list matches like one case-insensitive pattern of its phrases, longest first, each a
whole word or phrase (the space in a phrase stands for any run of white space). Such a pattern
is slow to build for long lists and slow to run (its lookbehind stops the regex engine from
skipping ahead), so lists are matched by lookup instead: a text is lower-cased and split into
words once (``fold``), a list is ruled out when none of its phrases has all of its words in
the text, and only the few phrases left are checked where they start. Texts whose case rules
differ from a plain lower() (dotless i, long s, letters that lower-case to two) fall back to
the pattern, so every list finds exactly what its pattern would.
"""

from __future__ import annotations

import functools
import re
from typing import Iterator

from coprolint.catalog import load_data

_WORD = re.compile(r"\w+")
# Bytes that end a word: every ASCII character but letters, digits and "_"; other bytes are
# kept. Translating bytes and splitting is several times faster than findall.
_ASCII_BREAKS = bytes(c if c >= 128 or chr(c).isalnum() or c == 95 else 32 for c in range(256))
# The commonest characters outside ASCII that end a word: curly quotes, dashes, bullet, ellipsis.
_PUNCTUATION_UTF8 = re.compile(rb"\xe2\x80[\x93\x94\x98\x99\x9c\x9d\xa2\xa6]")
# Any other character outside ASCII that is neither a word character nor white space.
_ODD = re.compile(r"[^\w\s\x00-\x7f]")


def _words(low: str) -> set[str]:
    """The \\w+ runs of a text, as a set."""
    data = low.encode("utf-8", "surrogatepass")
    if not low.isascii():
        data = _PUNCTUATION_UTF8.sub(b" ", data)
    spaced = data.translate(_ASCII_BREAKS).decode("utf-8", "surrogatepass")
    if not low.isascii() and _ODD.search(spaced):
        return set(_WORD.findall(low))  # a rarer character ends a word: let the pattern split
    return set(spaced.split())


class Folded:
    """A text with its lower-case form and the set of its words, made once and matched many times."""

    __slots__ = ("text", "low", "tokens")

    def __init__(self, text: str, low: str | None, tokens: frozenset[str] | set[str]):
        self.text = text
        self.low = low  # None when lower() does not line up with the regex's case rules
        self.tokens = tokens


def fold(text: str) -> Folded:
    low = text.lower()
    if not text.isascii() and (len(low) != len(text) or "ı" in low or "ſ" in low):
        # The regex engine treats "ı" as "i" and "ſ" as "s", and "İ".lower() is two characters.
        return Folded(text, None, set())
    return Folded(text, low, _words(low))


def join(parts: list[Folded], sep: str = "\n") -> Folded:
    """The fold of ``sep.join`` of the texts, from their folds (words never run across ``sep``)."""
    text = sep.join(f.text for f in parts)
    if any(f.low is None for f in parts):
        return fold(text)
    tokens: set[str] = set()
    tokens.update(*(f.tokens for f in parts))
    return Folded(text, sep.join(f.low for f in parts), tokens)  # type: ignore[misc]


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # what the regex engine calls \w


# Words too common to pick a phrase out by: a phrase is keyed (and looked for) by another of its words.
_COMMON = frozenset("a an and as at be by for from in is it of on or our the to us we will with you your".split())


class _Phrase:
    __slots__ = ("text", "segments", "words", "rank", "key", "anchor")

    def __init__(self, text: str, rank: int):
        self.text = text
        self.segments = text.split(" ")  # each space stands for a run of white space
        self.words = frozenset(_WORD.findall(text))
        self.rank = rank  # place in longest-first order: the pattern tries phrases in this order
        # The rarest-looking word (not a common one, then the longest) picks the phrase out; the
        # segment holding it is what the text is searched for.
        self.key = max(self.words, key=lambda w: (w not in _COMMON, len(w), w), default="")
        self.anchor = next((i for i, seg in enumerate(self.segments) if self.key in _WORD.findall(seg)), 0)


class PhraseList:
    """One word list, matched as ``compile_phrases`` would match it, without compiling it."""

    def __init__(self, phrases: tuple[str, ...] | list[str]):
        ordered = sorted({p.lower() for p in phrases if p}, key=len, reverse=True)
        self.ordered = tuple(ordered)
        self.set = frozenset(ordered)
        self._phrases = [_Phrase(p, rank) for rank, p in enumerate(ordered)]
        # Phrases the lookup cannot handle (no word in them, odd spacing) make the list use its pattern.
        self._lookup = all(ph.words and "" not in ph.segments and not re.search(r"\s", ph.text.replace(" ", ""))
                           for ph in self._phrases)
        self._by_key: dict[str, list[_Phrase]] = {}
        for ph in self._phrases:
            self._by_key.setdefault(ph.key, []).append(ph)
        self.keys = frozenset(self._by_key)  # a text with none of these words has none of the phrases

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        return compile_phrases(self.ordered)

    def _candidates(self, folded: Folded) -> list[_Phrase]:
        """The phrases all of whose words are in the text: the only ones that can occur."""
        tokens = folded.tokens
        if self.keys.isdisjoint(tokens):
            return []
        return [ph for key in self.keys.intersection(tokens) for ph in self._by_key[key] if ph.words <= tokens]

    def spans(self, folded: Folded) -> Iterator[tuple[int, int]]:
        """Where the phrases occur, left to right, without overlaps (as the pattern's finditer)."""
        if folded.low is None or not self._lookup:
            for match in self.pattern.finditer(folded.text):
                yield match.start(), match.end()
            return
        candidates = self._candidates(folded)
        if not candidates:
            return
        starts: dict[int, list[_Phrase]] = {}
        for ph in candidates:
            for at in _starts(folded, ph):
                starts.setdefault(at, []).append(ph)
        last_end = 0
        for at in sorted(starts):
            if at < last_end:
                continue
            for ph in sorted(starts[at], key=lambda p: p.rank):
                end = _match_at(folded, ph, at)
                if end is not None:
                    yield at, end
                    last_end = end
                    break

    def found(self, folded: Folded) -> list[str]:
        """The distinct phrases found (lower case, white space made single, in order of appearance)."""
        if folded.low is not None and self.keys.isdisjoint(folded.tokens) and self._lookup:
            return []  # the common case, without starting a generator
        seen: list[str] = []
        text = folded.text
        for start, end in self.spans(folded):
            value = " ".join(text[start:end].lower().split())
            if value not in seen:
                seen.append(value)
        return seen

    def has(self, folded: Folded) -> bool:
        if folded.low is None or not self._lookup:
            return self.pattern.search(folded.text) is not None
        # Whether any phrase occurs anywhere does not depend on which match the pattern would take first.
        for ph in self._candidates(folded):
            for at in _starts(folded, ph):
                if _match_at(folded, ph, at) is not None:
                    return True
        return False

    def fullmatch(self, text: str) -> bool:
        """Whether the whole text is one of the phrases (as the pattern's fullmatch)."""
        folded = fold(text)
        if folded.low is None or not self._lookup or folded.low != " ".join(folded.low.split()):
            return self.pattern.fullmatch(text) is not None
        return folded.low in self.set


def _starts(folded: Folded, phrase: _Phrase) -> Iterator[int]:
    """Where ``phrase`` could start: each place its anchor segment occurs, walked back over the
    segments before it, with no word character before the start. ``_match_at`` checks the rest."""
    low, text = folded.low, folded.text
    assert low is not None
    segments = phrase.segments
    anchor = segments[phrase.anchor]
    at = low.find(anchor)
    while at >= 0:
        start: int | None = at
        for segment in reversed(segments[: phrase.anchor]):
            # White space before, all of it (the pattern's \s+ takes the whole run), then the segment.
            if start == 0 or not text[start - 1].isspace():
                start = None
                break
            while start > 0 and text[start - 1].isspace():
                start -= 1
            start -= len(segment)
            if start < 0 or not low.startswith(segment, start):
                start = None
                break
        if start is not None and (start == 0 or not _is_word_char(text[start - 1])):
            yield start
        at = low.find(anchor, at + 1)


def _match_at(folded: Folded, phrase: _Phrase, at: int) -> int | None:
    """The end of ``phrase`` matched at ``at``, or None: segments apart by white space, no word character after."""
    low, text = folded.low, folded.text
    assert low is not None
    size = len(text)
    pos = at
    for index, segment in enumerate(phrase.segments):
        if index:
            if pos >= size or not text[pos].isspace():
                return None
            pos += 1
            while pos < size and text[pos].isspace():
                pos += 1
        if not low.startswith(segment, pos):
            return None
        pos += len(segment)
    if pos < size and _is_word_char(text[pos]):
        return None
    return pos


@functools.cache
def words(section: str, key: str) -> tuple[str, ...]:
    values = load_data("meeting.toml").get(section, {}).get(key, [])
    return tuple(str(v).lower() for v in values)


@functools.cache
def phrases(section: str, key: str) -> PhraseList:
    return PhraseList(words(section, key))


def phrase_pattern(section: str, key: str) -> re.Pattern[str]:
    """One case-insensitive pattern for a word list: whole words or phrases, longest first."""
    return phrases(section, key).pattern


def compile_phrases(phrases: tuple[str, ...] | list[str]) -> re.Pattern[str]:
    ordered = sorted({p.lower() for p in phrases if p}, key=len, reverse=True)
    if not ordered:
        return re.compile(r"(?!x)x")  # matches nothing
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)
    # Lookarounds instead of \b so that phrases ending in ":" or "." still match whole.
    return re.compile(rf"(?<![\w])(?:{body})(?![\w])", re.IGNORECASE)


def _folded(text: str | Folded) -> Folded:
    return text if isinstance(text, Folded) else fold(text)


def has(text: str | Folded, section: str, key: str) -> bool:
    return phrases(section, key).has(_folded(text))


def found(text: str | Folded, section: str, key: str) -> list[str]:
    """The distinct phrases of a list that occur in ``text`` (lower case, in order of appearance)."""
    return phrases(section, key).found(_folded(text))


@functools.cache
def _custom(phrases: tuple[str, ...]) -> PhraseList:
    return PhraseList(phrases)


def found_in(text: str | Folded, phrases: tuple[str, ...]) -> list[str]:
    """Like ``found`` for a list given at run time (a rule option such as extra_words)."""
    return _custom(tuple(p.lower() for p in phrases)).found(_folded(text))
