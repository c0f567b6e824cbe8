"""The vocabulary the meeting and structure rules match, read from rules/meeting.toml.

A word list matches like one case-insensitive pattern of its phrases, longest first, each a
whole word or phrase (the space in a phrase stands for any run of white space). Such a pattern
is slow to build for long lists and slow to run (its lookbehind stops the regex engine from
skipping ahead), so lists are matched by lookup instead: a text is lower-cased and split into
words once (``fold``), a list is ruled out when none of its phrases has all of its words in
the text, and only the few phrases left are checked where they start. A document's paragraphs
are split into words all together (``Texts``): a phrase whose words are not all somewhere in
the document is in none of its paragraphs, and the rest are looked for across the document
at once. Texts whose case rules differ from a plain lower() (dotless i, long s, letters that
lower-case to two) fall back to the pattern, so every list finds exactly what its pattern would.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from itertools import accumulate
from typing import Iterator

from coprolint.catalog import load_data

_WORD = re.compile(r"\w+")
# Bytes that end a word: every ASCII character but letters, digits and "_"; other bytes are
# kept. Translating bytes and splitting is several times faster than findall.
_ASCII_BREAKS = bytes(c if c >= 128 or chr(c).isalnum() or c == 95 else 32 for c in range(256))
# The commonest characters outside ASCII that end a word: curly quotes, dashes, bullet, ellipsis.
_PUNCTUATION_UTF8 = re.compile(rb"\xe2\x80[\x93\x94\x98\x99\x9c\x9d\xa2\xa6]")


def tokens(low: str) -> set[str]:
    """The \\w+ runs of a text, as a set."""
    if low.isascii():
        return set(low.encode().translate(_ASCII_BREAKS).decode().split())
    data = _PUNCTUATION_UTF8.sub(b" ", low.encode("utf-8", "surrogatepass"))
    # Split as bytes (no character of UTF-8 holds an ASCII byte), and only the distinct words decoded.
    found = {w.decode("utf-8", "surrogatepass") for w in set(data.translate(_ASCII_BREAKS).split())}
    # A word holding another character that is not a word character (white space outside ASCII,
    # rarer punctuation, symbols) is split again by the pattern. Only the distinct words are looked
    # at, few of them outside ASCII.
    odd = [w for w in found if not w.isascii() and not w.replace("_", "").isalnum()]
    for word in odd:
        found.discard(word)
        found.update(_WORD.findall(word))
    return found


class Folded:
    """A text with its lower-case form and its words, made once and matched many times.

    ``tokens`` may hold more words than the text has (a whole document's): it only rules phrases out.
    """

    __slots__ = ("text", "low", "tokens")

    def __init__(self, text: str, low: str | None, tokens: frozenset[str] | set[str]):
        self.text = text
        self.low = low  # None when lower() does not line up with the regex's case rules
        self.tokens = tokens


def lower(text: str, low: str | None = None) -> str | None:
    """``text.lower()`` (``low``, when already made), or None when it does not line up with the
    regex engine's case rules."""
    if low is None:
        low = text.lower()
    if not text.isascii() and (len(low) != len(text) or "ı" in low or "ſ" in low):
        # The regex engine treats "ı" as "i" and "ſ" as "s", and "İ".lower() is two characters.
        return None
    return low


def fold(text: str) -> Folded:
    low = lower(text)
    return Folded(text, low, set() if low is None else tokens(low))


class Texts:
    """The paragraphs of one document, lower-cased once, with the words of all of them together."""

    def __init__(self, texts: list[str]):
        self.texts = texts
        lows = [t.lower() for t in texts]
        # All paragraphs in one lower-case string, and where each starts in it.
        self.low = "\n".join(lows)
        self.starts = [0, *accumulate(len(low) + 1 for low in lows)][:-1] if lows else []
        self.tokens = tokens(self.low)
        # Paragraphs with odd case rules (see ``lower``) are searched in ``low`` but matched by the pattern.
        self.odd = [i for i, t in enumerate(texts) if not t.isascii() and lower(t, lows[i]) is None]
        self.lows: list[str | None] = lows
        for i in self.odd:
            self.lows[i] = None
        self._found: dict[PhraseList, dict[int, list[str]]] = {}

    def found(self, phrases: PhraseList) -> dict[int, list[str]]:
        """Paragraph index -> the phrases of a list found there, worked out once per document and list."""
        if phrases not in self._found:
            self._found[phrases] = phrases.found_each(self)
        return self._found[phrases]

    def with_any(self, needles: tuple[str, ...]) -> set[int]:
        """The paragraphs whose lower-case text holds one of a few ``needles`` (and those with odd case rules)."""
        found = set(self.odd)
        low, starts = self.low, self.starts
        for needle in needles:
            at = low.find(needle)
            while at >= 0:
                index = bisect_right(starts, at) - 1
                found.add(index)
                at = low.find(needle, starts[index + 1] if index + 1 < len(starts) else len(low))
        return found

    @functools.cached_property
    def whole(self) -> Folded:
        """All the paragraphs joined by newlines: the fold of ``document.text()``."""
        text = "\n".join(self.texts)
        if self.odd:
            return fold(text)
        return Folded(text, self.low, self.tokens)  # ``low`` is the paragraphs' lower() joined so

    def first(self, count: int) -> Folded:
        """``joined`` of the first ``count`` paragraphs: the start of ``whole``, cut where the next begins."""
        if count >= len(self.texts):
            return self.whole
        if self.odd or count <= 0:
            return self.joined(list(range(count)))
        # Without odd case rules each paragraph's lower() is as long as it is, so both texts cut at one place.
        end = self.starts[count] - 1
        return Folded(self.whole.text[:end], self.low[:end], self.tokens)

    def joined(self, indices: list[int]) -> Folded:
        """The fold of the chosen paragraphs joined by newlines (as ``document.text()`` joins them)."""
        text = "\n".join(self.texts[i] for i in indices)
        if any(self.lows[i] is None for i in indices):
            return fold(text)
        return Folded(text, "\n".join(self.lows[i] for i in indices), self.tokens)  # type: ignore[misc]


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # what the regex engine calls \w


# Words too common to pick a phrase out by: a phrase is keyed (and looked for) by another of its words.
_COMMON = frozenset("a an and as at be by for from in is it of on or our the to us we will with you your".split())


class _Phrase:
    __slots__ = ("text", "segments", "words", "rank", "key", "anchors")

    def __init__(self, text: str, rank: int):
        self.text = text
        self.segments = segments = text.split(" ")  # each space stands for a run of white space
        self.rank = rank  # place in longest-first order: the pattern tries phrases in this order
        if len(segments) == 1 and text.isalnum():
            # Most phrases are one plain word: it is their only word, key and segment (built for every
            # list in each fresh process, so the short way counts).
            self.words = frozenset(segments)
            self.key = text
            self.anchors: tuple[int, ...] = (0,)
            return
        self.words = frozenset(_WORD.findall(text))
        # The rarest-looking word (not a common one, then the longest) picks the phrase out.
        self.key = max(self.words, key=lambda w: (w not in _COMMON, len(w), w), default="")
        # The segments worth searching a text for: any one finds every place the phrase is, and a
        # common word ("of", "the") finds the most other places, so those are left out where they can be.
        self.anchors = tuple(i for i, s in enumerate(segments) if s not in _COMMON) or tuple(range(len(segments)))


class PhraseList:
    """One word list, matched as ``compile_phrases`` would match it, without compiling it."""

    def __init__(self, phrases: tuple[str, ...] | list[str]):
        ordered = sorted({p.lower() for p in phrases if p}, key=len, reverse=True)
        self.ordered = tuple(ordered)
        self.set = frozenset(ordered)
        self._phrases = [_Phrase(p, rank) for rank, p in enumerate(ordered)]
        # Phrases the lookup cannot handle (no word in them, odd spacing) make the list use its pattern.
        self._lookup = all(ph.words and "" not in ph.segments and not any(map(str.isspace, ph.text.replace(" ", "")))
                           for ph in self._phrases)
        self._by_key: dict[str, list[_Phrase]] = {}
        for ph in self._phrases:
            self._by_key.setdefault(ph.key, []).append(ph)
        self.keys = frozenset(self._by_key)  # a text with none of these words has none of the phrases

    def may_occur(self, tokens: set[str] | frozenset[str]) -> bool:
        """False when no phrase can be in a text with these words (its lower-case \\w+ runs, or more)."""
        return not self._lookup or not self.keys.isdisjoint(tokens)

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        return compile_phrases(self.ordered)

    def _candidates(self, tokens: set[str] | frozenset[str]) -> list[_Phrase]:
        """The phrases all of whose words are among ``tokens``: the only ones that can occur."""
        if self.keys.isdisjoint(tokens):
            return []
        return [ph for key in self.keys.intersection(tokens) for ph in self._by_key[key] if ph.words <= tokens]

    def _pattern_spans(self, text: str) -> Iterator[tuple[int, int]]:
        return (match.span() for match in self.pattern.finditer(text))

    def _occurrences(self, folded: Folded) -> Iterator[tuple[int, _Phrase]]:
        """Each place a whole phrase starts (in no particular order; overlaps included), for a text the lookup can handle."""
        text, low = folded.text, folded.low
        assert low is not None
        for ph in self._candidates(folded.tokens):
            anchor = _rarest(low, ph)
            for at in _starts(text, low, ph, anchor, low.find(ph.segments[anchor])):
                if _match_at(text, low, ph, at) is not None:  # most places one of its words is are not the phrase
                    yield at, ph

    def spans(self, folded: Folded) -> Iterator[tuple[int, int]]:
        """Where the phrases occur, left to right, without overlaps (as the pattern's finditer)."""
        if folded.low is None or not self._lookup:
            return self._pattern_spans(folded.text)
        starts: dict[int, list[_Phrase]] = {}
        for at, ph in self._occurrences(folded):
            starts.setdefault(at, []).append(ph)
        return _in_order(folded.text, folded.low, starts)

    def found(self, folded: Folded) -> list[str]:
        """The distinct phrases found (lower case, white space made single, in order of appearance)."""
        if folded.low is not None and self._lookup and self.keys.isdisjoint(folded.tokens):
            return []  # the common case, without starting a generator
        return _distinct(folded.text, self.spans(folded))

    def has(self, folded: Folded) -> bool:
        if folded.low is None or not self._lookup:
            return self.pattern.search(folded.text) is not None
        # Whether any phrase occurs anywhere does not depend on which match the pattern would take first.
        return next(self._occurrences(folded), None) is not None

    def found_each(self, texts: Texts) -> dict[int, list[str]]:
        """``found`` for every paragraph of a document at once: paragraph index -> phrases, where any."""
        out: dict[int, list[str]] = {}
        # Paragraphs with odd case rules, or all of them when the list cannot be looked up, are matched by the pattern.
        for index in texts.odd if self._lookup else range(len(texts.texts)):
            found = _distinct(texts.texts[index], self._pattern_spans(texts.texts[index]))
            if found:
                out[index] = found
        if not self._lookup:
            return out
        # Each anchor found in the document is walked back within its own paragraph.
        starts: dict[int, dict[int, list[_Phrase]]] = {}
        low_all, offsets, lows = texts.low, texts.starts, texts.lows
        for ph in self._candidates(texts.tokens):
            anchor = _rarest(low_all, ph)
            segment = ph.segments[anchor]
            hit = low_all.find(segment)
            while hit >= 0:
                index = bisect_right(offsets, hit) - 1
                low = lows[index]
                if low is not None:
                    text = texts.texts[index]
                    for at in _starts(text, low, ph, anchor, hit - offsets[index], once=True):
                        # Kept only where the whole phrase is: where one of its words is, it mostly is not.
                        if _match_at(text, low, ph, at) is not None:
                            starts.setdefault(index, {}).setdefault(at, []).append(ph)
                hit = low_all.find(segment, hit + 1)
        for index in sorted(starts):
            low = lows[index]
            assert low is not None
            found = _distinct(texts.texts[index], _in_order(texts.texts[index], low, starts[index]))
            if found:
                out[index] = found
        return dict(sorted(out.items()))

    def fullmatch(self, text: str) -> bool:
        """Whether the whole text is one of the phrases (as the pattern's fullmatch)."""
        folded = fold(text)
        if folded.low is None or not self._lookup or folded.low != " ".join(folded.low.split()):
            return self.pattern.fullmatch(text) is not None
        return folded.low in self.set


def _distinct(text: str, spans: Iterator[tuple[int, int]]) -> list[str]:
    seen: list[str] = []
    for start, end in spans:
        value = " ".join(text[start:end].lower().split())
        if value not in seen:
            seen.append(value)
    return seen


def _in_order(text: str, low: str, starts: dict[int, list[_Phrase]]) -> Iterator[tuple[int, int]]:
    """The matches the pattern's finditer would give: leftmost first, at each start the phrases in
    the pattern's order, the search going on after each match's end."""
    last_end = 0
    for at in sorted(starts):
        if at < last_end:
            continue
        for ph in sorted(starts[at], key=lambda p: p.rank):
            end = _match_at(text, low, ph, at)
            if end is not None:
                yield at, end
                last_end = end
                break


def _rarest(low: str, phrase: _Phrase) -> int:
    """Which segment of the phrase to search the text for: of its ``anchors``, the one the text holds least often."""
    anchors = phrase.anchors
    if len(anchors) == 1:
        return anchors[0]
    return min(anchors, key=lambda i: low.count(phrase.segments[i]))


def _starts(text: str, low: str, phrase: _Phrase, anchor_index: int, at: int, once: bool = False) -> Iterator[int]:
    """Where ``phrase`` could start: each place (from ``at`` on; only ``at`` when ``once``) its segment
    ``anchor_index`` occurs, walked back over the segments before it, with no word character before
    the start. ``_match_at`` checks the rest."""
    segments = phrase.segments
    anchor = segments[anchor_index]
    while at >= 0:
        start: int | None = at
        for segment in reversed(segments[:anchor_index]):
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
        if once:
            return
        at = low.find(anchor, at + 1)


def _match_at(text: str, low: str, phrase: _Phrase, at: int) -> int | None:
    """The end of ``phrase`` matched at ``at``, or None: segments apart by white space, no word character after."""
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
