"""Patterns compiled when first used.

Compiling is most of what importing the meeting modules costs. Patterns that only some
documents need (a named contact, a phone number, a character with odd case rules) are
compiled the first time one is searched for, so a run that never needs them never pays.
"""

from __future__ import annotations

import re
from typing import Iterator


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
