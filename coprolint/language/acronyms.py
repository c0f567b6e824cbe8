"""Acronyms in a document: where each is first used, how often, and whether it is spelled out.

An acronym is a word of two or more capitals ("ICB", "CAMHS", "A&E"), perhaps with a
plural "s" ("PCNs"). Roman numerals, units and time zones after a number, AM/PM,
postal codes, initials in names and words in block capitals are not acronyms.
A definition is "Integrated Care Board (ICB)", "ICB (Integrated Care Board)", a
glossary line ("ICB: Integrated Care Board") or a glossary table row; the initials of
the long form need only match loosely.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from itertools import accumulate, compress, count
from typing import Iterable

from coprolint.language.lists import acronym_data
from coprolint.language.prose import URL, Block, _letters_and_capitals, may_hold_address
from coprolint.model import Document, Location

CANDIDATE = re.compile(r"(?<![\w&.'\u2019-])([A-Z][A-Z&]*[A-Z])(s|'s|\u2019s|s'|s\u2019)?(?![\w&])")
DOTTED = re.compile(r"(?<![\w.])((?:[A-Z]\.){2,4})(?=\s|$|[,;:)])")
# Roman numerals up to 39 ("II", "XIV"), as a set: every one of them, without an expression to compile.
ROMAN = frozenset(tens + units for tens in ("", "X", "XX", "XXX")
                  for units in ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"))
# What every CANDIDATE or DOTTED match contains: a quick test that rules most text out.
_GLOSSARY_CELL = re.compile(r"[A-Z][A-Z&]*[A-Z]s?")  # a table cell that is only an acronym (a plural "s" allowed)
_MAYBE = re.compile(r"[A-Z](?:[A-Z&]*[A-Z]|\.[A-Z]\.)")
MAX_LETTERS = 8  # the longest acronyms in the glossary have 6 or 7 letters
US_ZIP = re.compile(r"\s+\d{5}(?:-\d{4})?\b")
# Short words that are ordinary English when written in capitals.
CAPS_WORDS = frozenset(
    "A AN AND ARE AS AT BE BUT BY CAN DID DO FOR FROM GO HAS HE HER HIM HIS HOW IF IN INTO IS ITS LET ME MY "
    "NEW NO NOT NOW OF OFF ON ONE OR OUR OUT SAY SEE SHE SO THE TO TOO TWO UP US WAS WE WHO WHY YES YOU ALL "
    "ANY DAY GET NOTE ONLY PLEASE WILL WITH THIS THAT THEY THEM THEIR HAVE BEEN RE OWN FEW BIG END FAR LOW RUN SET TOP TRY WAY YET MAY USE PUT".split()
)


@functools.cache
def _separator() -> re.Pattern[str]:
    """What follows the acronym on a glossary line ("ICB: ...", "ICB stands for ..."); compiled
    when first needed, as most documents never get that far."""
    return re.compile(r"^\s*[-\u2013\u2014:=]\s*|^\t+|^\s+(?:stands for|means|is short for)\b", re.IGNORECASE)


_GLUE = frozenset({"and", "of", "the", "for", "in", "on", "to", "&"})
# The words _caps_runs looks at: runs of letters and "&". One counts as in capitals when it has
# a capital and no small letter, and two characters or more unless it is "A" or "I"; a
# stretch is two such words or more in a row (anything but letters and "&" between them).
_LETTERS = re.compile(r"[A-Za-z&]+")
_CAPS_WORD = r"(?=[A-Z&]*[A-Z])(?:[A-Z&]{2,}|[AI])(?![A-Za-z&])"
_CAPS_RUN = re.compile(rf"(?<![A-Za-z&]){_CAPS_WORD}(?:[^A-Za-z&]+{_CAPS_WORD})+")


class AcronymUse:
    """One acronym in a document: where it is first used, how often, and whether it is spelled out.

    A plain class rather than a dataclass: making a dataclass costs about 0.4 ms at import,
    which every fresh process pays."""

    __slots__ = ("acronym", "location", "count", "defined_first", "defined_at", "expansion", "order", "locations")

    def __init__(self, acronym: str, location: Location, order: int = 0) -> None:
        self.acronym = acronym
        self.location = location
        self.count = 0
        self.defined_first = False  # spelled out at its first use
        self.defined_at: Location | None = None  # where it is spelled out, if anywhere
        self.expansion: str | None = None  # the long form the document gives
        self.order = order  # position of the first use, for reading order
        self.locations: list[Location] = []

    def __repr__(self) -> str:
        return f"AcronymUse(acronym={self.acronym!r}, count={self.count}, defined_first={self.defined_first})"


def is_english_word(word: str) -> bool:
    """A word of English (in the pronouncing dictionary): tells "PLEASE" (shouting) from "CAMHS" (an acronym)."""
    from coprolint.language.syllables import syllable_counts

    return word.lower() in syllable_counts()


def _initials_match(acronym: str, words: list[str]) -> bool:
    """Loosely: the long form starts with the acronym's first letter and contains its letters in order."""
    letters = [c for c in acronym.lower() if c.isalpha()]
    if not letters or not words or words[0][:1].lower() != letters[0]:
        return False
    joined = "".join(w.lower() for w in words)
    position = 0
    for letter in letters:
        position = joined.find(letter, position)
        if position < 0:
            return False
        position += 1
    significant = [w for w in words if w.lower() not in _GLUE]
    return len(significant) <= len(letters) + 2 and len(significant) >= max(1, (len(letters) + 2) // 3)


def _long_form_before(text: str, start: int, acronym: str) -> str | None:
    """For "Integrated Care Board (ICB)": the words just before the bracket, if their initials fit."""
    before = re.findall(r"[^\W\d_][\w'\u2019&-]*", text[max(0, start - 200):start])
    letters = sum(1 for c in acronym if c.isalpha())
    for size in range(1, min(len(before), letters + 4) + 1):
        words = [w for part in before[-size:] for w in part.split("-") if w]
        if _initials_match(acronym, words):
            return " ".join(before[-size:])
    return None


def _long_form_after(text: str, end: int, acronym: str) -> str | None:
    """For "ICB (Integrated Care Board)" and "ICB: Integrated Care Board" glossary lines."""
    m = re.match(r"\s*\(([^()]{2,120})\)", text[end:])
    if m:
        words = [w for w in re.findall(r"[^\W\d_][\w'\u2019&]*", m.group(1))]
        flat = [p for w in words for p in w.split("-") if p]
        if _initials_match(acronym, flat):
            return m.group(1).strip()
    return None


def _shouting(text: str) -> bool:
    letters, upper = _letters_and_capitals(text)  # str.isalpha and str.isupper, counted at C speed
    if letters < 2:
        return False
    return upper / letters > 0.6 and len(re.findall(r"[^\W\d_]+", text)) >= 2


class Finder:
    """Collects acronym uses over a document's blocks, in reading order."""

    def __init__(self, allow: Iterable[str] = (), glossary: dict[str, str] | None = None) -> None:
        data = acronym_data()
        self.allow = data["allow"] | {a.upper() for a in allow}
        self.units = data["units"]
        self.glossary = {**data["glossary"], **{k.upper(): v for k, v in (glossary or {}).items()}}
        self.uses: dict[str, AcronymUse] = {}
        self.definitions: dict[str, tuple[Location, str]] = {}
        self._order = 0

    # ------------------------------------------------------------------ candidates

    def candidates(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, acronym) for every acronym in a piece of text."""
        if not _MAYBE.search(text):
            return []  # most paragraphs: no two capitals together, so no acronym to look at
        masked = URL.sub(lambda m: " " * len(m.group()), text) if may_hold_address(text) else text
        spans = [(m.start(1), m.end(), m.group(1)) for m in CANDIDATE.finditer(masked)]
        for m in DOTTED.finditer(masked):
            after = masked[m.end():m.end() + 40]
            if re.match(r"\s+[A-Z][a-z]", after):
                continue  # initials before a surname: "J. R. Smith"
            spans.append((m.start(1), m.end(1), m.group(1).replace(".", "")))
        if not spans or _shouting(masked):
            return []
        spans.sort()
        caps_run: set[int] | None = None  # found only for a candidate that gets that far
        found: list[tuple[int, int, str]] = []
        for start, end, word in spans:
            if self._excluded(masked, start, end, word):
                continue
            if caps_run is None:
                caps_run = self._caps_runs(masked)
            if start in caps_run or self._emphasis(word):
                continue
            found.append((start, end, word))
        return found

    def _caps_runs(self, text: str) -> set[int]:
        """Starts of capitalised words that belong to a stretch of block capitals ("DO NOT PARK HERE"):
        three words or more, or two when one is a plain word. The stretches are found by one scan
        (_CAPS_RUN); only their words are looked at one by one."""
        starts: set[int] = set()
        for run in _CAPS_RUN.finditer(text):
            words = list(_LETTERS.finditer(text, run.start(), run.end()))
            if len(words) >= 3 or any(self._plain_word(m.group()) for m in words):
                starts.update(m.start() for m in words)
        return starts

    def _plain_word(self, word: str) -> bool:
        upper = word.upper()
        if upper in self.glossary and upper not in CAPS_WORDS:
            return False
        return upper in CAPS_WORDS or (len(word) >= 4 and is_english_word(word))

    def _excluded(self, text: str, start: int, end: int, word: str) -> bool:
        """Not an acronym, by the word and what is next to it (stretches of capitals and words
        of the dictionary are left to the caller)."""
        if len(word) > MAX_LETTERS and word not in self.glossary:
            return True  # a word or a code name in capitals, not an acronym
        if word in ("AM", "PM") or word in self.allow:
            return True
        if word in ROMAN:
            return True
        before = text[:start].rstrip()
        if word in self.units and before[-1:].isdigit():
            return True
        if len(word) == 2 and US_ZIP.match(text, end):
            return True  # a US state in an address: "Alameda, CA 94501"
        if re.match(r"-\d", text[end:end + 2]):
            return True  # a code such as "GB-1" or "NEWS-2"
        if word.upper() in CAPS_WORDS and word not in self.glossary:
            return True
        return False

    def _emphasis(self, word: str) -> bool:
        """A word in capitals for emphasis: "PLEASE", "IMPORTANT" (looked up last: it needs the dictionary)."""
        return len(word) >= 4 and word not in self.glossary and is_english_word(word)

    # ------------------------------------------------------------------ collecting

    def add_block(self, block: Block) -> None:
        text = block.text
        lone = text.strip()
        for start, end, word in self.candidates(text):
            if lone == word and is_english_word(word) and word not in self.glossary:
                continue  # a one-word heading or label in capitals ("AGENDA")
            if lone == word and block.part == "table" and word in self.definitions:
                self._use(word, block.location, self.definitions[word][1])  # the glossary table's own row
                continue
            expansion = _long_form_before(text, start, word) if text[:start].rstrip().endswith("(") else None
            expansion = expansion or _long_form_after(text, end, word)
            if expansion is None and text[:start].strip() == "" and _separator().match(text[end:]):
                rest = _separator().sub("", text[end:], count=1).strip()
                if len(rest.split()) >= 2:
                    expansion = rest.split(".")[0][:120]
            self._use(word, block.location, expansion)

    def add_table_glossary(self, rows: list[list[str]], location: Location) -> None:
        """A glossary table: a cell that is just the acronym, next to a cell that explains it."""
        for row in rows:
            cells = [c.strip() for c in row]
            for i in compress(count(), map(_GLOSSARY_CELL.fullmatch, cells)):  # most cells: not an acronym
                cell = cells[i]
                word = cell[:-1] if cell.endswith("s") else cell
                others = [c for j, c in enumerate(cells) if j != i and len(c.split()) >= 2]
                if others and word not in self.definitions:
                    self.definitions[word] = (location, others[0])

    def _use(self, word: str, location: Location, expansion: str | None) -> None:
        use = self.uses.get(word)
        if use is None:
            self._order += 1
            use = self.uses[word] = AcronymUse(word, location, order=self._order)
            use.defined_first = expansion is not None
        use.count += 1
        use.locations.append(location)
        if expansion is not None and word not in self.definitions:
            self.definitions[word] = (location, expansion)

    def results(self) -> list[AcronymUse]:
        for word, use in self.uses.items():
            if word in self.definitions:
                use.defined_at, use.expansion = self.definitions[word]
        return sorted(self.uses.values(), key=lambda u: u.order)


def find(document: Document, blocks: list[Block], allow: Iterable[str] = (), glossary: dict[str, str] | None = None,
         everything: bool = False) -> list[AcronymUse]:
    """Acronyms in reading order; ``everything`` keeps the allowed ones too (for a glossary)."""
    finder = Finder(allow, glossary)
    if everything:
        finder.allow = frozenset()
    for table in document.tables:
        finder.add_table_glossary(table.cells, table.location)
    for index in _with_capitals(blocks):
        finder.add_block(blocks[index])
    return finder.results()


def _with_capitals(blocks: list[Block]) -> list[int]:
    """In order, the blocks where ``_MAYBE`` matches (the only ones ``candidates`` looks into), from
    one scan of all the texts joined by line breaks, which no match crosses, going on from the
    next block after each match: most blocks have no two capitals together, and are never visited."""
    joined = "\n".join(block.text for block in blocks)
    starts = list(accumulate(len(block.text) + 1 for block in blocks))  # where each block after the first starts
    found: list[int] = []
    position = 0
    while (hit := _MAYBE.search(joined, position)) is not None:
        found.append(bisect_right(starts, hit.start()))
        position = starts[found[-1]]  # the next block: one match is enough for this one
    return found
