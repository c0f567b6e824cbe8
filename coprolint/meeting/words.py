"""The vocabulary the meeting and structure rules match, read from rules/meeting.toml."""

from __future__ import annotations

import functools
import re

from coprolint.catalog import load_data


@functools.cache
def words(section: str, key: str) -> tuple[str, ...]:
    values = load_data("meeting.toml").get(section, {}).get(key, [])
    return tuple(str(v).lower() for v in values)


@functools.cache
def phrase_pattern(section: str, key: str) -> re.Pattern[str]:
    """One case-insensitive pattern for a word list: whole words or phrases, longest first."""
    return compile_phrases(words(section, key))


def compile_phrases(phrases: tuple[str, ...] | list[str]) -> re.Pattern[str]:
    ordered = sorted({p.lower() for p in phrases if p}, key=len, reverse=True)
    if not ordered:
        return re.compile(r"(?!x)x")  # matches nothing
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)
    # Lookarounds instead of \b so that phrases ending in ":" or "." still match whole.
    return re.compile(rf"(?<![\w])(?:{body})(?![\w])", re.IGNORECASE)


def has(text: str, section: str, key: str) -> bool:
    return phrase_pattern(section, key).search(text) is not None


def found(text: str, section: str, key: str) -> list[str]:
    """The distinct phrases of a list that occur in ``text`` (lower case, in order of appearance)."""
    seen: list[str] = []
    for match in phrase_pattern(section, key).finditer(text):
        value = " ".join(match.group(0).lower().split())
        if value not in seen:
            seen.append(value)
    return seen


@functools.cache
def _custom(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return compile_phrases(phrases)


def found_in(text: str, phrases: tuple[str, ...]) -> list[str]:
    """Like ``found`` for a list given at run time (a rule option such as extra_words)."""
    seen: list[str] = []
    for match in _custom(tuple(p.lower() for p in phrases)).finditer(text):
        value = " ".join(match.group(0).lower().split())
        if value not in seen:
            seen.append(value)
    return seen
