"""Patterns compiled when first used.

Compiling is most of what importing the meeting modules costs. Patterns that only some
documents need (a named contact, a phone number, a character with odd case rules) are
compiled the first time one is searched for, so a run that never needs them never pays.
"""

from __future__ import annotations

import re
from typing import Iterator

_DIGIT = re.compile(r"\d")
_ASCII_DIGITS = "0123456789"


def has_digit(text: str) -> bool:
    """Whether ``text`` has a digit, as the patterns' ``\\d`` finds one (any decimal digit). ASCII
    text has only these ten, and ten substring tests, each a fast scan of memory, take a fraction
    of the pattern's time, which looks every character up as a possible digit."""
    if text.isascii():
        return ("0" in text or "1" in text or "2" in text or "3" in text or "4" in text or "5" in text
                or "6" in text or "7" in text or "8" in text or "9" in text)
    return _DIGIT.search(text) is not None


def digit_count(text: str) -> int:
    """How many digits ``text`` has, as the patterns' ``\\d`` counts them."""
    if text.isascii():
        return sum(map(text.count, _ASCII_DIGITS))
    return len(_DIGIT.findall(text))


class LazyPattern:
    """The few ``re.Pattern`` methods the meeting modules use, on a pattern compiled at first use."""

    __slots__ = ("_source", "_flags", "_compiled")

    def __init__(self, source: str, flags: int = 0):
        self._source = source
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
        return self._compiled

    @property
    def pattern(self) -> str:
        return self._source

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled.search(text)

    def match(self, text: str) -> re.Match[str] | None:
        return self.compiled.match(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text)

    def findall(self, text: str) -> list[str]:
        return self.compiled.findall(text)
