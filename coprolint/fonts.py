"""Font names: turn what a file says ("ABCDEF+Arial-BoldMT", "TimesNewRomanPSMT") into the
family a person recognises ("Arial", "Times New Roman"), and say whether it is approved.

The lists live in rules/fonts.toml so comms staff can extend them.
"""

from __future__ import annotations

import functools
import re

from coprolint.catalog import load_data

_SUBSET = re.compile(r"^[A-Z]{6}\+")
# Style words PDF producers glue onto family names, after "-" or ",".
_STYLE_WORDS = (
    "regular", "roman", "bold", "italic", "oblique", "light", "medium", "semibold", "demibold", "demi",
    "black", "heavy", "thin", "extralight", "extrabold", "book", "condensed", "narrow", "boldmt",
    "italicmt", "bolditalicmt", "bolditalic", "boldoblique", "mt", "ps", "psmt", "semilight",
)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


@functools.cache
def _tables() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    data = load_data("fonts.toml")
    postscript = {k.lower(): v for k, v in data.get("postscript", {}).items()}
    twins = {k.lower(): v for k, v in data.get("twins", {}).items()}
    approved = {name.lower(): name for name in data.get("approved", [])}
    return postscript, twins, approved


@functools.cache
def _known_families() -> dict[str, str]:
    """Every family name the font lists spell out, by lower-case name."""
    data = load_data("fonts.toml")
    names = [*data.get("approved", []), *data.get("twins", {}), *data.get("twins", {}).values(),
             *data.get("postscript", {}).values()]
    return {name.lower(): name for name in names}


@functools.cache
def normalise(raw: str) -> str:
    """The family name behind a font name as written in a DOCX or PDF."""
    name = raw.strip().strip("\x00")
    name = _SUBSET.sub("", name)
    postscript, _, _ = _tables()
    if name.lower() in postscript:
        return postscript[name.lower()]
    base = re.split(r"[,]", name, maxsplit=1)[0]
    if "-" in base:
        head, _, tail = base.partition("-")
        if tail.lower().replace("-", "") in _STYLE_WORDS or tail.lower().endswith("mt") or not tail:
            base = head
    if base.lower() in postscript:
        return postscript[base.lower()]
    for suffix in ("PSMT", "MT", "PS"):
        if base.endswith(suffix) and len(base) > len(suffix) + 2:
            stripped = base[: -len(suffix)]
            if stripped.lower() in postscript:
                return postscript[stripped.lower()]
            base = stripped
            break
    if " " not in base and any(c.islower() for c in base):
        base = _CAMEL.sub(" ", base)  # "CenturyGothic" -> "Century Gothic"
    known = _known_families()
    words = base.split()
    # "Times New Roman" ends in a style word but is a family: stop at the first known name.
    while len(words) > 1 and words[-1].lower() in _STYLE_WORDS and " ".join(words).lower() not in known:
        words.pop()  # "Liberation Sans Bold" -> "Liberation Sans"
    base = " ".join(words)
    if base.lower() in known:
        return known[base.lower()]
    if base.lower() in postscript:
        return postscript[base.lower()]
    return base.strip() or raw.strip()


def approved_family(family: str, extra: tuple[str, ...] = (), strict: bool = False) -> str | None:
    """The approved family this font counts as (itself or the original of a twin), or None."""
    _, twins, approved = _tables()
    key = family.lower()
    extras = {name.lower(): name for name in extra}
    if key in approved:
        return approved[key]
    if key in extras:
        return extras[key]
    if not strict and key in twins:
        return twins[key]
    return None


def approved_names() -> list[str]:
    return list(_tables()[2].values())
