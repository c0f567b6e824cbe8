"""Prose: the running text of a document, joined into paragraphs and split into sentences.

PDF readers give lines; a sentence often runs over several, with words hyphenated at
line ends. Readability and sentence length only make sense on real prose, so headings,
labels, tables of times, lists of names, addresses and bare links are set aside here.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from itertools import filterfalse, repeat
from operator import itemgetter
from typing import NamedTuple

from coprolint.model import Document, Location, Paragraph

# Parts a reader of the document sees as running text (headers, footers and comments are not).
PROSE_PARTS = ("body", "table", "textbox", "footnote", "endnote")
# Parts whose words a reader sees at all (for jargon and acronyms).
VISIBLE_PARTS = ("body", "table", "textbox", "header", "footer", "footnote", "endnote")
_VISIBLE_ONLY = frozenset(VISIBLE_PARTS) - frozenset(PROSE_PARTS)

URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b", re.IGNORECASE)
WORD = re.compile(r"[^\W_]+(?:['\u2019.\-][^\W_]+)*")


def may_hold_address(text: str) -> bool:
    """Could URL match in the text? Every address has "://", "@" or "www." in any case (and so
    "w." or "W.": only "w" and "W" match w, even ignoring case), and most text has none of them."""
    return "://" in text or "@" in text or (("w." in text or "W." in text) and "www." in text.lower())


def without_urls(text: str, replacement: str) -> str:
    """``URL.sub(replacement, text)``, skipping the scan when no address can be there."""
    return URL.sub(replacement, text) if may_hold_address(text) else text


# Only PDF lines are joined: the expressions that join them are compiled when first needed, as
# a fresh process checking a DOCX file has no use for them.
@functools.cache
def _line_end_hyphen() -> re.Pattern[str]:
    return re.compile(r"([^\W\d_]+)-$")


@functools.cache
def _terminal() -> re.Pattern[str]:
    return re.compile(r"[.!?:;]['\"\u2019\u201d)\]]*$")


# Prefixes that keep their hyphen when a word is split at a line end ("co-\nproduction").
_KEEP_HYPHEN = frozenset(
    "co non self pre re well multi cross ex anti post semi sub inter over under long short high low part "
    "full half step by mid one two three four five six seven eight nine ten e x".split()
)
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st no nos cllr prof rev revd sr jr inc ltd co etc eg ie vs approx dept est fig jan feb mar apr "
    "jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun tel ext ref para vol cf al".split()
)


class Block:
    """A paragraph as a reader sees it: one DOCX paragraph, or PDF lines joined back together.

    A plain class rather than a dataclass, as the other classes here: making a dataclass costs
    about 0.4 ms at import, which every fresh process pays."""

    __slots__ = ("text", "location", "paragraphs", "heading", "list_item")

    def __init__(self, text: str, location: Location, paragraphs: list[Paragraph] | None = None,
                 heading: bool = False, list_item: bool = False) -> None:
        self.text = text
        self.location = location
        self.paragraphs = [] if paragraphs is None else paragraphs
        self.heading = heading
        self.list_item = list_item

    def __repr__(self) -> str:
        return f"Block(text={self.text!r}, location={self.location!r})"

    @property
    def part(self) -> str:
        return self.location.part


def _is_heading(p: Paragraph) -> bool:
    if p.heading_level is not None:
        return True
    style = (p.style or "").lower()
    return style.startswith(("heading", "title", "subtitle", "toc"))


def _size(p: Paragraph) -> float | None:
    sizes = [r.size for r in p.runs if r.size and r.text.strip()]
    return max(sizes) if sizes else None


def _continues(prev: Paragraph, nxt: Paragraph, prev_text: str, right_edge: float | None) -> bool:
    """Does PDF line ``nxt`` carry on the sentence of ``prev``?"""
    a, b = prev.location, nxt.location
    if a.part != b.part or _is_heading(prev) or _is_heading(nxt) or nxt.list_item:
        return False
    if a.table != b.table or a.row != b.row or a.cell != b.cell:
        return False
    following = nxt.text.lstrip()
    if not following or not prev_text:
        return False
    size_a, size_b = _size(prev), _size(nxt)
    if size_a and size_b and abs(size_a - size_b) > 1.0:
        return False
    if a.page != b.page and not following[0].islower():
        return False
    if a.bbox and b.bbox and a.page == b.page:
        gap = b.bbox[1] - a.bbox[3]
        height = max(a.bbox[3] - a.bbox[1], 1.0)
        if gap > height * 1.2 or gap < -height * 0.5:
            return False
    if prev_text.endswith("-") or following[0].islower():
        return True
    if _terminal().search(prev_text[-8:]):  # only the end matters; a block can grow long
        return False
    # A line that runs to the right margin was wrapped, not ended.
    return bool(right_edge and a.bbox and a.bbox[2] >= right_edge * 0.9 and len(prev_text.split()) >= 6)


def _join(left: str, right: str) -> str:
    right = right.lstrip()
    m = _line_end_hyphen().search(left[-40:])  # only the end: a block can grow long
    if m and right[:1].islower():
        if m.group(1).lower() in _KEEP_HYPHEN:
            return left + right
        return left[:-1] + right  # undo hyphenation at a line end
    return left + " " + right


def blocks(document: Document, parts: tuple[str, ...] = VISIBLE_PARTS) -> list[Block]:
    """Paragraphs in reading order; in PDFs, lines that continue one another are joined."""
    out: list[Block] = []
    paragraphs = [p for p in document.paragraphs if p.location.part in parts]
    right_edges: dict[int | None, float] = {}
    if document.format == "pdf":
        for p in paragraphs:
            if p.location.bbox:
                page = p.location.page
                right_edges[page] = max(right_edges.get(page, 0.0), p.location.bbox[2])
    pdf = document.format == "pdf"
    for p in paragraphs:
        text = p.text
        if "\u00ad" in text:
            text = text.replace("\u00ad", "")  # soft hyphens are invisible
        if not text or text.isspace():
            continue
        if pdf and out:
            last = out[-1]
            prev = last.paragraphs[-1]
            if _continues(prev, p, last.text.rstrip(), right_edges.get(prev.location.page)):
                last.text = _join(last.text.rstrip(), text)
                last.paragraphs.append(p)
                continue
        out.append(Block(text=text, location=p.location, paragraphs=[p], heading=_is_heading(p), list_item=p.list_item))
    return out


def words(text: str) -> list[str]:
    """Words as a reader counts them; a link or email address counts as one."""
    return WORD.findall(without_urls(text, " link "))


_FIRST = itemgetter(0)


def _initials(tokens: list[str]) -> tuple[int, int]:
    """How many tokens start with a letter, and how many of those with a capital."""
    firsts = "".join(map(_FIRST, tokens))
    if firsts.isascii():  # every ASCII capital is a letter: count both by deleting bytes
        raw = firsts.encode("ascii")
        return len(raw.translate(None, _NOT_LETTER)), len(raw.translate(None, _NOT_CAPITAL))
    letters = list(filter(str.isalpha, firsts))
    return len(letters), sum(map(str.isupper, letters))


class _Tally(NamedTuple):
    """What the prose tests need to know of a run of tokens. Every field adds up, so a block's
    tally is the sum of its sentences' tallies (no token crosses a sentence boundary)."""

    tokens: int
    initials: int  # tokens that start with a letter
    capitals: int  # ... with a capital
    numeric: int  # tokens with no letter at all

    @classmethod
    def of(cls, tokens: list[str]) -> _Tally:
        return cls(*_counts(tokens))

    @classmethod
    def total(cls, tallies: list[tuple[int, int, int, int]]) -> _Tally:
        return cls(*map(sum, zip(*tallies))) if tallies else cls(0, 0, 0, 0)

    @property
    def names(self) -> bool:
        return _names(self)

    @property
    def sentence(self) -> bool:
        return _sentence(self)


def _counts(tokens: list[str]) -> tuple[int, int, int, int]:
    """A _Tally's fields, as a plain tuple (made for every sentence, so kept cheap)."""
    initials, capitals = _initials(tokens)
    others = list(filterfalse(str.isalpha, tokens))  # most tokens are all letters
    numeric = sum(1 for t in others if not any(map(str.isalpha, t))) if others else 0
    return len(tokens), initials, capitals, numeric


def _text_counts(text: str) -> tuple[int, int, int, int]:
    """``_counts(WORD.findall(text))``, with fewer strings made: a run of letters between white
    space is one word as WORD finds it, and so is one with only punctuation around it ("item,",
    "(see"); most runs are such, so only the other runs go through WORD (a tally does not
    depend on the order of the tokens)."""
    chunks = text.split()  # no token holds white space
    plain = list(filter(str.isalpha, chunks))
    if len(plain) < len(chunks):
        rest = _bare(chunks)
        plain += filter(str.isalpha, rest)
    initials, capitals = _initials(plain)  # every run of letters starts with a letter
    if len(plain) == len(chunks):
        return len(plain), initials, capitals, 0
    tokens, more_initials, more_capitals, numeric = _counts(WORD.findall(" ".join(filterfalse(str.isalpha, rest))))
    return len(plain) + tokens, initials + more_initials, capitals + more_capitals, numeric


# Characters no WORD token starts or ends with (none is a letter, digit or other \w but "_"): a
# run between white space holds the same tokens with these stripped from its ends, so one that
# is letters once they are stripped ("item,", "'staff'", "(see") holds exactly one token.
_EDGES = "\"'()[]{}<>,.;:!?*&%$#@/\\|~`^+=_-\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00ab\u00bb"


def _bare(chunks: list[str]) -> list[str]:
    """The runs that are not all letters, with the characters of _EDGES stripped from their ends
    (WORD finds the same tokens in each before and after: see _EDGES)."""
    return list(map(str.strip, filterfalse(str.isalpha, chunks), repeat(_EDGES)))


def _names(tally: tuple[int, int, int, int]) -> bool:
    """Mostly capitalised words: names, addresses, titles (not sentences)."""
    _, initials, capitals, _ = tally
    return not initials or capitals / initials > 0.6


def _sentence(tally: tuple[int, int, int, int]) -> bool:
    """Enough words, not a list of names, not a string of figures (see ``is_sentence``)."""
    tokens, _, _, numeric = tally
    return tokens >= 3 and not _names(tally) and numeric / tokens <= 0.3


_STOP = re.compile(r"[.!?]['\"\u2019\u201d)]*(\s|$)")


def is_prose(block: Block) -> bool:
    """Running sentences, not a heading, a label, a list of names, times or figures."""
    if block.heading or block.part not in PROSE_PARTS:
        return False
    text = without_urls(block.text, " ")
    return _prose_by(block, text, _Tally.of(WORD.findall(text)))


def _prose_by(block: Block, text: str, tally: _Tally, has_stop: bool | None = None) -> bool:
    """is_prose once the tokens of ``text`` (the block without addresses) are tallied; ``has_stop``
    says whether the text has a sentence stop, when that is already known.

    The tests are independent of one another; the cheap ones that turn most non-prose
    away (a short label, a table cell, a list of names) come first."""
    tokens = tally.tokens
    if tokens < 4:
        return False
    if has_stop is None:
        has_stop = _STOP.search(text) is not None
    if block.part == "table" and not (has_stop and tokens >= 8) and tokens < 12:
        return False
    if not has_stop and ("\t" in block.text or tokens < 10):
        return False  # a label or short list item
    if tally.names or tally.numeric / tokens > 0.3:
        return False
    letters, capitals = _letters_and_capitals(text)
    if not letters or capitals / letters > 0.6:
        return False  # block capitals
    return True


# For ASCII text: every byte that is not a letter, and every byte that is not a capital.
_NOT_LETTER = bytes(b for b in range(128) if not chr(b).isalpha())
_NOT_CAPITAL = bytes(b for b in range(128) if not chr(b).isupper())


_ASCII = bytes(range(128))


def non_ascii(text: str) -> str:
    """The characters of ``text`` outside ASCII, in order (what ``[^\\x00-\\x7f]`` finds).

    In UTF-8 every byte of such a character is 0x80 or above, so deleting the ASCII bytes leaves
    them whole: two C calls instead of a scan by a regular expression, several times slower."""
    return text.encode("utf-8", "surrogatepass").translate(None, _ASCII).decode("utf-8", "surrogatepass")


def lower(text: str) -> str:
    """``text.lower()``. str.lower looks up every character of a text that is not all ASCII (one
    "\u00e9" is enough), tens of times slower than on ASCII; bytes.lower changes only the ASCII
    capitals, which is the same when every other character is its own lower case."""
    if text.isascii():
        return text.lower()
    if any(c.lower() != c for c in set(non_ascii(text))):
        return text.lower()
    return text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")


def _letters_and_capitals(text: str) -> tuple[int, int]:
    """How many characters are letters, and how many capitals (``str.isalpha``, ``str.isupper``).

    The ASCII characters are counted by deleting the other bytes, without a loop in Python;
    the few others ("\u00e9", curly quotes) one by one."""
    raw = text.encode("ascii", "ignore")
    letters, capitals = len(raw.translate(None, _NOT_LETTER)), len(raw.translate(None, _NOT_CAPITAL))
    if len(raw) != len(text):
        others = non_ascii(text)
        letters += sum(map(str.isalpha, others))
        capitals += sum(map(str.isupper, others))
    return letters, capitals


_STOP_BOUNDARY = re.compile(r"([.!?]+)(['\"\u2019\u201d)\]]*)(\s+)(?=[\"'\u2018\u201c(\[]?[A-Z0-9\u2022])")


@functools.cache
def _boundary() -> re.Pattern[str]:
    """Any boundary: a stop, line breaks or a bullet (compiled when a text first has the last two)."""
    return re.compile(_STOP_BOUNDARY.pattern + r"|\n+|\s*[\u2022\u25aa\u25cf]\s*")


_LAST_WORD = re.compile(r"[^\W\d_]+$")


def sentences(text: str) -> list[str]:
    """Split prose into sentences, minding abbreviations, initials and decimal numbers."""
    out: list[str] = []
    start = 0
    # Without line breaks or bullets only the first kind of boundary can occur, and its regex
    # alone scans several times faster (it starts with a set of characters the scanner can skip to).
    breaks = "\n" in text or "\u2022" in text or "\u25aa" in text or "\u25cf" in text
    boundary = _boundary() if breaks else _STOP_BOUNDARY
    for m in boundary.finditer(text):
        if m.group(1):
            # The word before the stop; only its last few letters are looked at, which is enough
            # to tell an abbreviation or an initial from a longer word.
            last = _LAST_WORD.search(text, max(start, m.start() - 12), m.start())
            word = last.group() if last else ""
            if m.group(1) == "." and (word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper())):
                continue  # "Dr. Shah", "J. R. Smith", "e.g. this"
            end = m.end(2)
        else:
            end = m.start()
        piece = text[start:end].strip()
        if piece:
            out.append(piece)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def is_sentence(sentence: str) -> bool:
    """A sentence, not a list of names or a string of figures that happens to sit in prose."""
    return _sentence_words(sentence) is not None


def _sentence_words(sentence: str) -> int | None:
    """How many words ``words`` counts in a real sentence; None when it is not one (see ``is_sentence``)."""
    text, addresses = sentence, 0
    if may_hold_address(text):
        text, addresses = URL.subn(" ", text)
    tally = _Tally.of(WORD.findall(text))
    # ``words`` reads each address as the one word "link"; here addresses were blanked out.
    return tally.tokens + addresses if tally.sentence else None


class Prose(NamedTuple):
    """A prose block, its real sentences and how many words each has (as ``words`` counts them)."""

    block: Block
    sentences: list[str]
    words: list[int]


def _prose(block: Block) -> Prose | None:
    """The block's real sentences, if it is prose."""
    if block.heading or block.part not in PROSE_PARTS:
        return None
    if may_hold_address(block.text):  # addresses are blanked in the block and in each sentence apart
        if not is_prose(block):
            return None
        counted = [(s, _sentence_words(s)) for s in sentences(block.text)]
        kept = [(s, n) for s, n in counted if n is not None]
    else:
        text = block.text
        # Labels and table cells are mostly too short to hold the words prose needs: tokens
        # are at least one character apart, so a text of n characters has at most (n + 1) // 2.
        most = (len(text) + 1) // 2
        has_stop = _STOP.search(text) is not None
        if most < 4 or (most < 12 and block.part == "table" or most < 10) and not has_stop:
            return None
        if not has_stop and ("\t" in text or len(WORD.findall(text)) < 10):
            return None  # a label or a short list item ("Carers' Voice Group meeting 1"): see _prose_by
        # Sentence by sentence first: the block's tokens are its sentences' tokens, so each
        # token is found and looked at once.
        pieces = sentences(text)
        tallies = list(map(_text_counts, pieces))
        if not _prose_by(block, text, _Tally.total(tallies), has_stop):
            return None
        kept = [(s, t[0]) for s, t in zip(pieces, tallies) if _sentence(t)]
    if not kept:
        return None
    return Prose(block, [s for s, _ in kept], [n for _, n in kept])  # type: ignore[misc]


def prose_sentences(document: Document, visible: list[Block] | None = None) -> list[Prose]:
    """Every prose block with its real sentences.

    ``visible`` (the ``blocks`` of the document's visible parts, if already made) saves making
    the blocks again: the prose parts' blocks are the same, except in a PDF with headers or
    footers, whose lines could sit between two lines that would otherwise be joined."""
    if visible is not None and (document.format != "pdf" or not any(
            p.location.part in _VISIBLE_ONLY for p in document.paragraphs)):
        found = [b for b in visible if b.part in PROSE_PARTS]
    else:
        found = blocks(document, PROSE_PARTS)
    return [item for item in map(_prose, found) if item is not None]


_ENGLISH_WORDS = frozenset(
    "the and of to in is for that with on are be this will as at by it from we you or have an not our can has "
    "was which your all their if there they been would should please".split()
)
# Common short words of the other languages met in meeting papers (Spanish, French, German, Italian,
# Portuguese, Dutch); none of them is an English word.
_OTHER_WORDS = frozenset(
    "de la el los las del que se por una para es y o su lo como mas pero sus le les des est pas et il "
    "une du au aux sur qui dans ce cette und der das ist nicht ein eine mit von zu dem auf sich "
    "di che non della delle gli os uma het een niet voor zijn".split()
)


def _first_words(text: str, most: int) -> list[str]:
    """``WORD.findall(text)[:most]``, in any order when there are no more than ``most``.

    A run of letters between spaces is one word as WORD finds it, and most runs are such:
    split() and isalpha() pick them at C speed and only the rest goes through WORD. Only a
    longer text, where which words come first matters, is scanned whole."""
    if len(text) > 6 * most:  # likely more words than that: the order matters, scan it whole
        return WORD.findall(text)[:most]
    chunks = text.split()  # no word holds white space
    plain = list(filter(str.isalpha, chunks))
    bare = _bare(chunks)
    plain += filter(str.isalpha, bare)
    rest = WORD.findall(" ".join(filterfalse(str.isalpha, bare)))
    if len(plain) + len(rest) > most:
        return WORD.findall(text)[:most]
    return plain + rest


def _word_counts(tokens: list[str]) -> tuple[int, int, int, int]:
    """Of the tokens that are words of letters (lower-cased): how many, how many outside ASCII,
    how many common English words and how many common words of other languages."""
    alpha = english = other = foreign = 0
    for token, count in Counter(tokens).items():  # each distinct word once: far fewer than the words
        word = token.lower()
        if not word.isalpha():
            continue
        alpha += count
        if not word.isascii():
            foreign += count
        if word in _ENGLISH_WORDS:
            english += count
        elif word in _OTHER_WORDS:
            other += count
    return alpha, foreign, english, other


def is_english(document: Document) -> bool:
    """Is the text English? These rules know only English words and English sentence habits.

    A declared non-English language is believed. Otherwise the text is English unless the
    common short words of another language outnumber the English ones, or most words are
    in another script.
    """
    language = (document.metadata.language or "").strip().lower()
    if language and not language.startswith(("en", "x-", "und")):
        return False
    text = "\n".join(p.text for p in document.paragraphs[:2000])
    alpha, foreign, english, other = _word_counts(_first_words(text, 5000))
    if alpha < 40:
        return True
    if foreign > alpha / 2:
        return False  # another script (Cyrillic, Chinese, Arabic...)
    return english >= other
