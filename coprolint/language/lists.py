"""The word lists in rules/ (jargon, respectful language, acronyms), compiled once per process.

Users extend a list with an ``extra`` table and silence entries with ``allow``; a list
with extras is compiled once for each distinct set of extras and then reused.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from coprolint import stored
from coprolint.catalog import data_dir, load_data
from coprolint.language.matcher import Entry, Match, PhraseMatcher


def _build(items: list[dict[str, Any]], key: str, default_inflect: str,
           extra: tuple[tuple[str, str], ...], extra_field: str) -> PhraseMatcher:
    matcher = PhraseMatcher()
    # The user's entries come first so that they win over a built-in entry with the same words.
    for term, alternative in extra:
        entry = Entry(term, {extra_field: alternative, "category": "yours", "user": True})
        matcher.add(term, entry, inflect="last")  # users write the singular; plurals count too
    for item in items:
        entry = Entry(item[key], item)
        options = {
            "inflect": item.get("inflect", default_inflect),
            "hyphen": bool(item.get("hyphen", False)),
            "not_before": item.get("not_before", ()),
            "not_after": item.get("not_after", ()),
        }
        matcher.add(item[key], entry, **options)
        for form in item.get("forms", ()):
            matcher.add(form, entry, **{**options, "inflect": "none"})
    return matcher


def _compiled(name: str, section: str, key: str, default_inflect: str,
              extra: tuple[tuple[str, str], ...], extra_field: str) -> PhraseMatcher:
    """The list in ``rules/name`` compiled with the user's extra entries.

    Compiling the jargon list costs about 7 ms, most of its rule's first document in a fresh
    process, so the compiled tables are kept in the cache folder (see ``coprolint.stored``),
    named by the list file's bytes, the extras and this code's files: an edited list, other
    extras or changed matching code make a new copy."""
    source = data_dir() / name
    recipe = repr((section, key, default_inflect, extra, extra_field)).encode()
    try:
        code = stored.file_identity(*_CODE)
        where = stored.path_for(f"words-{source.stem}", b"\n".join([source.read_bytes(), recipe, code]))
    except OSError:
        where = None
    table = stored.load(where)
    if table is not None:
        try:
            return PhraseMatcher.from_table(table)
        except (TypeError, ValueError, KeyError, IndexError, AttributeError):
            pass  # not a table of ours: compile it again
    matcher = _build(load_data(name)[section], key, default_inflect, extra, extra_field)
    stored.keep(where, matcher.table())
    return matcher


# The code that compiles a list: a change to it makes stored lists stale.
_CODE = (Path(__file__), Path(__file__).with_name("matcher.py"))


@functools.lru_cache(maxsize=16)
def jargon(extra: tuple[tuple[str, str], ...] = ()) -> PhraseMatcher:
    return _compiled("jargon.toml", "terms", "term", "last", extra, "plain")


@functools.lru_cache(maxsize=16)
def respectful(extra: tuple[tuple[str, str], ...] = ()) -> PhraseMatcher:
    return _compiled("respectful-language.toml", "phrases", "phrase", "none", extra, "better")


def extra_key(options: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """A rule's ``extra`` option as a hashable key for the caches above."""
    extra = options.get("extra") or {}
    return tuple(sorted((str(k), str(v)) for k, v in extra.items()))


def allowed(options: dict[str, Any]) -> frozenset[str]:
    return frozenset(str(a).lower() for a in options.get("allow") or ())


def is_allowed(match: Match, allow: frozenset[str]) -> bool:
    """An allowed term silences itself and its inflections and other spellings."""
    return bool(allow) and (match.entry.term.lower() in allow or match.text.lower() in allow)


@functools.cache
def acronym_data() -> dict[str, Any]:
    data = load_data("acronyms.toml")
    return {
        "allow": frozenset(a.upper() for a in data.get("allow", ())),
        "units": frozenset(u.upper() for u in data.get("units", ())),
        "glossary": {k.upper(): v for k, v in data.get("glossary", {}).items()},
    }


_NAME_GLUE = frozenset({"of", "for", "the", "and", "&"})
_NAME_WORD = re.compile(r"[^\W\d_][\w'\u2019]*")


def in_proper_name(text: str, match: Match) -> bool:
    """Part of a proper name ("American Council of the Blind", "Primary Care Network"): capitalised, next to capitals."""
    if match.text.islower():
        return False  # most matches: no capital at all, so not a name's own words
    own = [w for w in _NAME_WORD.findall(match.text) if w.lower() not in _NAME_GLUE]
    if not own or not all(w[:1].isupper() for w in own):
        return False
    after = _NAME_WORD.match(text[match.end:].lstrip(" "))
    if after and after.group()[:1].isupper() and after.group().lower() not in _NAME_GLUE:
        return True  # "Primary Care Network"
    before = text[:match.start].rstrip()
    if not before or before[-1] in ".:!?":
        return False  # a new sentence, not the middle of a name
    words = [w for w in _NAME_WORD.findall(before[-80:]) if w.lower() not in _NAME_GLUE]
    return bool(words) and words[-1][:1].isupper()
