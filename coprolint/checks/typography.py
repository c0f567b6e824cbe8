"""Typography checks (CPL101-107): clear fonts, text size, italics, underlining, capitals,
justified text and line spacing.

They read only the document model. Findings are grouped so that a comms officer reads one
line per thing to fix: one per font, one per paragraph, or one for the whole document where
the fix is a single change of style.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from coprolint.catalog import load_data
from coprolint.engine import RuleContext, check
from coprolint.fonts import approved_family, approved_names
from coprolint.model import Document, Location, Paragraph, Run

# Page furniture gets the lower size bar; comments are notes between authors, not the document.
FURNITURE_PARTS = {"header": "Header", "footer": "Footer", "footnote": "Footnote", "endnote": "Endnote"}
SKIPPED_PARTS = ("comment",)
# PDFs do not say what is a header or footer: a paragraph wholly inside this share of the page
# height at the top or bottom is treated as one.
PDF_FURNITURE_BAND = 0.08
# A footnote or endnote reference mark: a few digits or symbols and no letters.
_MARK = re.compile(r"^[\W\d_]{1,3}$")
_WORD = re.compile(r"\S+")


# ---------------------------------------------------------------- shared helpers


def _paragraphs(doc: Document, ctx: RuleContext) -> list[Paragraph]:
    """The paragraphs these rules look at, listed once for all seven of them (do not change the list)."""
    return ctx.memo("typography.paragraphs",
                    lambda: [p for p in doc.paragraphs if p.location.part not in SKIPPED_PARTS])


def _visible(run: Run) -> bool:
    return bool(run.text.strip())


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def _points(size: float) -> str:
    return f"{round(size, 1):g}"


def join_words(items: Sequence[str], last: str = "and") -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def snippet(text: str, words: int = 6) -> str:
    """The first few words of a text, to help a person find it."""
    found = text.split()
    short = " ".join(found[:words])
    return f"{short}..." if len(found) > words else short


def _ranges(numbers: Sequence[int]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for number in sorted(set(numbers)):
        if spans and number == spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], number)
        else:
            spans.append((number, number))
    return spans


def _numbered(noun: str, numbers: Sequence[int], limit: int) -> str:
    """ "paragraph 4", "paragraphs 3-17", "pages 1, 4 and 9", "paragraphs 2, 5, 8, 11 and 20 others"."""
    spans = _ranges(numbers)
    texts = [str(a) if a == b else f"{a}-{b}" for a, b in spans]
    plural = noun + "s" if len(set(numbers)) > 1 else noun
    if len(texts) > limit + 1:  # cutting one range off would save nothing
        rest = sum(b - a + 1 for a, b in spans[limit:])
        return f"{plural} {', '.join(texts[:limit])} and {rest} others"
    return f"{plural} {join_words(texts)}"


def describe_places(locations: Iterable[Location], limit: int = 4) -> str:
    """Where something occurs, in words a person can follow in Word or a PDF viewer:
    "pages 1-3", "paragraphs 4, 9 and 12 and the header", "table 1, paragraphs 12-20"."""
    paragraphs: list[int] = []
    tables: set[int] = set()
    in_table = 0
    pages: list[int] = []
    parts: list[str] = []
    for loc in locations:
        if loc.part in FURNITURE_PARTS or loc.part == "comment":
            name = f"the {loc.part}s" if loc.part in ("footnote", "endnote") else f"the {loc.part}"
            if name not in parts:
                parts.append(name)
        elif loc.paragraph is not None:
            paragraphs.append(loc.paragraph)
            if loc.table is not None:
                tables.add(loc.table)
                in_table += 1
        elif loc.page is not None:
            pages.append(loc.page)
        elif loc.table is not None:
            tables.add(loc.table)
    pieces: list[str] = []
    if paragraphs:
        text = _numbered("paragraph", paragraphs, limit)
        if tables:
            table_words = _numbered("table", sorted(tables), limit)
            text = f"{table_words}, {text}" if in_table == len(paragraphs) else f"{text}, including {table_words}"
        pieces.append(text)
    elif tables:
        pieces.append(_numbered("table", sorted(tables), limit))
    if pages:
        pieces.append(_numbered("page", pages, limit))
    pieces.extend(parts)
    return join_words(pieces) or "the document"


def where(locations: Sequence[Location]) -> str:
    """ "in paragraphs 3-17", "on pages 1-3", "in the header": places with their preposition."""
    places = describe_places(locations)
    return f"{'on' if places.startswith('page') else 'in'} {places}"


def _report_capped(ctx: RuleContext, hits: list[tuple[str, Location, dict[str, Any]]], what: str) -> None:
    """One finding per hit up to the rule's max-reports (0: no limit), then one that counts the rest."""
    cap = int(ctx.options.get("max-reports", 0))
    shown = hits if cap <= 0 else hits[:cap]
    for message, location, evidence in shown:
        ctx.report(message, location, evidence=evidence)
    rest = hits[len(shown):]
    if rest:
        places = [location for _, location, _ in rest]
        ctx.report(
            f"And {_plural(len(rest), 'more paragraph')} {what} ({describe_places(places)}); "
            f"only the first {cap} are reported one by one (option max-reports)",
            rest[0][1],
            evidence={"more": len(rest), "places": [loc.label() for loc in places[:50]]},
        )


def _words(paragraph: Paragraph, flag: Callable[[Run], bool]) -> list[tuple[str, bool]]:
    """The paragraph's words, each with whether every character of it has ``flag``.

    Built character by character because Word splits runs in the middle of words."""
    chars: list[str] = []
    flags: list[bool] = []
    for run in paragraph.runs:
        value = flag(run)
        chars.append(run.text)
        flags.extend([value] * len(run.text))
    text = "".join(chars)
    return [(m.group(), all(flags[m.start():m.end()])) for m in _WORD.finditer(text)]


def _report_whole_document(ctx: RuleContext, hits: list[Paragraph], message: str, evidence: dict[str, Any]) -> None:
    """One finding for a problem fixed by one change of style, at its first place."""
    places = [p.location for p in hits]
    evidence = {**evidence, "paragraphs": len(hits), "places": [loc.label() for loc in places[:50]]}
    ctx.report(f"{message} ({describe_places(places)})", places[0], evidence=evidence)


# ---------------------------------------------------------------- CPL101 fonts


@dataclass
class _FontUse:
    """How much text one font carries, and where it is first seen."""

    name: str
    characters: int = 0
    locations: list[Location] = field(default_factory=list)
    written_as: set[str] = field(default_factory=set)


@check("CPL101")
def font_not_approved(doc: Document, ctx: RuleContext) -> None:
    extra = ctx.config.extra_fonts
    strict = ctx.config.strict_fonts
    ignored = {name.casefold() for name in load_data("fonts.toml").get("ignore", [])}
    verdicts: dict[str, bool] = {}
    uses: dict[str, _FontUse] = {}
    total = 0
    for paragraph in _paragraphs(doc, ctx):
        for run in paragraph.runs:
            if not _visible(run):
                continue
            total += len(run.text)
            if run.font is None:  # unknown: nothing to say about it
                continue
            key = run.font.casefold()
            if key in ignored:
                continue
            if key not in verdicts:
                verdicts[key] = approved_family(run.font, extra, strict) is not None
            if verdicts[key]:
                continue
            use = uses.setdefault(key, _FontUse(run.font))
            use.characters += len(run.text)
            if not use.locations or use.locations[-1] != paragraph.location:
                use.locations.append(paragraph.location)
            if run.font_as_written:
                use.written_as.add(run.font_as_written)
    if not uses:
        return
    choices = join_words(sorted({*approved_names(), *extra}), "or")
    for use in uses.values():
        share = use.characters / total if total else 0.0
        percent = "less than 1%" if share < 0.01 else f"{min(round(share * 100), 99) if use.characters < total else 100}%"
        twin_of = approved_family(use.name, extra, strict=False) if strict else None
        what = (
            f'Font "{use.name}" stands in for {twin_of}, but strict-fonts is on'
            if twin_of
            else f'Font "{use.name}" is not a clear font'
        )
        ctx.report(
            f"{what}; use {choices} (used for {_plural(use.characters, 'character')}, {percent} of the text, "
            f"{where(use.locations)})",
            use.locations[0],
            evidence={
                "font": use.name,
                "characters": use.characters,
                "share": round(share, 3),
                "written_as": sorted(use.written_as),
                "places": [loc.label() for loc in use.locations[:50]],
            },
        )


# ---------------------------------------------------------------- CPL102 size


def furniture_kind(paragraph: Paragraph, page_heights: dict[int, float]) -> str | None:
    """ "Header", "Footer", "Footnote"... when the paragraph is page furniture, else None."""
    loc = paragraph.location
    if loc.part in FURNITURE_PARTS:
        return FURNITURE_PARTS[loc.part]
    if loc.bbox is not None and loc.page in page_heights:
        height = page_heights[loc.page]
        if loc.bbox[3] <= height * PDF_FURNITURE_BAND:
            return "Header"
        if loc.bbox[1] >= height * (1 - PDF_FURNITURE_BAND):
            return "Footer"
    return None


def _smallest_run(paragraph: Paragraph) -> Run | None:
    sized = [r for r in paragraph.runs if r.size is not None and _visible(r)]
    # Reference marks are small by design; they count only when they are all there is (a page number).
    words = [r for r in sized if not _MARK.match(r.text.strip())]
    candidates = words or sized
    return min(candidates, key=lambda r: r.size or 0.0) if candidates else None


@check("CPL102")
def text_too_small(doc: Document, ctx: RuleContext) -> None:
    body_bar = float(ctx.options["min-size"])
    furniture_bar = float(ctx.options["furniture-min-size"])
    profile = ctx.config.profile
    for_profile = f" for {profile} documents" if profile != "standard" else ""
    page_heights = {page.number: page.height_pt for page in doc.pages}
    top = max(body_bar, furniture_bar)
    hits: list[tuple[str, Location, dict[str, Any]]] = []
    for paragraph in _paragraphs(doc, ctx):
        # Most paragraphs have no run below either bar at all: nothing to choose between. (A
        # size that is not a number makes the sum not equal itself: then the full search decides.)
        sizes = [r.size for r in paragraph.runs if r.size is not None]
        total = sum(sizes)
        if not sizes or (round(min(sizes), 1) >= top and total == total):
            continue
        run = _smallest_run(paragraph)
        if run is None or run.size is None:
            continue
        kind = furniture_kind(paragraph, page_heights)
        if not kind and _MARK.match(paragraph.text.strip()):
            continue  # a lone number in a PDF's margin is a page number the band did not catch
        bar = furniture_bar if kind else body_bar
        if round(run.size, 1) >= bar:
            continue
        if kind:
            message = (f"{kind} text is {_points(run.size)} pt, below the {_points(bar)} pt minimum for headers, "
                       f"footers and footnotes{for_profile}")
        else:
            message = f"Text is {_points(run.size)} pt, below the {_points(bar)} pt minimum{for_profile}"
        message += f' ("{snippet(paragraph.text)}")'
        evidence = {"size": round(run.size, 2), "minimum": bar, "furniture": bool(kind)}
        hits.append((message, paragraph.location, evidence))
    _report_capped(ctx, _group_common_sizes(hits, int(ctx.options["group-after"]), for_profile),
                   "have text below the minimum size")


def _group_common_sizes(hits: list[tuple[str, Location, dict[str, Any]]], group_after: int,
                        for_profile: str) -> list[tuple[str, Location, dict[str, Any]]]:
    """A document set throughout in 11 pt is one problem (its style), not one per paragraph.

    Body paragraphs that share a too-small size are folded into a single finding once there
    are at least ``group_after`` of them; the rest stay one finding each."""
    if group_after <= 0:
        return hits
    by_size: dict[float, list[int]] = {}
    for index, (_, _, evidence) in enumerate(hits):
        if not evidence["furniture"]:
            by_size.setdefault(evidence["size"], []).append(index)
    folded: dict[int, tuple[str, Location, dict[str, Any]]] = {}
    skipped: set[int] = set()
    for size, indexes in by_size.items():
        if len(indexes) < group_after:
            continue
        places = [hits[i][1] for i in indexes]
        bar = hits[indexes[0]][2]["minimum"]
        message = (f"{_plural(len(indexes), 'paragraph')} {where(places)} are set in {_points(size)} pt, below the "
                   f"{_points(bar)} pt minimum{for_profile}; this usually comes from the paragraph style, "
                   "so changing the style's size fixes them all")
        evidence = {"size": size, "minimum": bar, "furniture": False, "paragraphs": len(indexes),
                    "places": [loc.label() for loc in places[:50]]}
        folded[indexes[0]] = (message, places[0], evidence)
        skipped.update(indexes[1:])
    return [folded.get(i, hit) for i, hit in enumerate(hits) if i not in skipped]


# ---------------------------------------------------------------- CPL103 italics


def stretches(verdicts: Sequence[bool | None]) -> list[tuple[int, int, int]]:
    """Every maximal stretch of words that count, as (start, end, counted words).

    A verdict is True for a word that counts, False for one that breaks the stretch, and
    None for one that does neither (a number among capitals). A stretch starts and ends on
    a word that counts."""
    found: list[tuple[int, int, int]] = []
    start, end, counted = 0, 0, 0
    for index, verdict in enumerate(verdicts):
        if verdict is False:
            if counted:
                found.append((start, end, counted))
            counted = 0
        elif verdict:
            if not counted:
                start = index
            end, counted = index + 1, counted + 1
    if counted:
        found.append((start, end, counted))
    return found


def _longest(found: Iterable[tuple[int, int, int]]) -> tuple[int, int, int]:
    return max(found, key=lambda stretch: stretch[2], default=(0, 0, 0))


@check("CPL103")
def long_italics(doc: Document, ctx: RuleContext) -> None:
    limit = int(ctx.options["max-words"])
    hits: list[tuple[str, Location, dict[str, Any]]] = []
    for paragraph in _paragraphs(doc, ctx):
        if not any(run.italic and _visible(run) for run in paragraph.runs):
            continue
        words = _words(paragraph, lambda run: run.italic)
        start, end, count = _longest(stretches([italic for _, italic in words]))
        if count > limit:
            text = " ".join(word for word, _ in words[start:end])
            hits.append((
                f'{count} words in a row are in italics ("{snippet(text)}")',
                paragraph.location,
                {"words": count, "max_words": limit},
            ))
    _report_capped(ctx, hits, "have long stretches of italics")


# ---------------------------------------------------------------- CPL104 underline


@check("CPL104")
def underline_not_link(doc: Document, ctx: RuleContext) -> None:
    hits: list[tuple[str, Location, dict[str, Any]]] = []
    for paragraph in _paragraphs(doc, ctx):
        stretches: list[str] = []
        current = ""
        for run in paragraph.runs:
            if run.underline and run.link is None:
                current += run.text
                continue
            if current.strip():
                stretches.append(" ".join(current.split()))
            current = ""
        if current.strip():
            stretches.append(" ".join(current.split()))
        if stretches:
            text = '", "'.join(stretches)
            shown = text if len(text) <= 80 else text[:77].rstrip() + "..."
            hits.append((f'Underlined text is not a link: "{shown}"', paragraph.location, {"text": stretches}))
    _report_capped(ctx, hits, "have underlined text that is not a link")


# ---------------------------------------------------------------- CPL105 capitals


def _capitals(word: str, all_caps_format: bool) -> bool | None:
    """True for a word shown in capitals, False for one that is not, None for one with fewer
    than two cased letters (numbers, dashes, initials, "I", "A": they neither count nor break)."""
    cased = [c for c in word if c.isupper() or c.islower()]
    if len(cased) < 2:
        return None
    return all_caps_format or all(c.isupper() for c in cased)


def _only_acronyms(words: Sequence[tuple[str, bool]]) -> bool:
    """A row of short typed capitals ("MLD SOI PDO SST") is a list of acronyms, not shouting."""
    return not any(formatted or sum(c.isalpha() for c in word) >= 4 for word, formatted in words)


_TWO_CAPITALS = re.compile(r"[A-Z][^A-Z]*[A-Z]")
_CASE_STAND_INS: dict[str, str] = {}
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")
_NOT_CAPITAL = bytes(b for b in range(128) if not chr(b).isupper())  # every ASCII byte but A-Z
_CAPS = attrgetter("caps")


def _as_ascii_cases(text: str) -> str:
    """The text with each other character replaced by one of the same kind for ``_capitals``:
    "A" for a capital, "a" for a small letter, " " for white space, "0" for anything else.
    Words and their verdicts stay the same, so ``capital_words`` can count them in ASCII."""
    if text.isascii():
        return text
    others = set(_NOT_ASCII.findall(text))
    for char in others:
        if char not in _CASE_STAND_INS:
            _CASE_STAND_INS[char] = " " if char.isspace() else "A" if char.isupper() else "a" if char.islower() else "0"
    if len(others) > 16:  # another script: one pass that looks each character up beats a pass for each
        return text.translate({ord(char): _CASE_STAND_INS[char] for char in others})
    for char in others:
        text = text.replace(char, _CASE_STAND_INS[char])
    return text


def capital_words(text: str) -> int:
    """How many words of the text ``_capitals`` finds typed in capitals (two capitals or more,
    no small letter). In the stand-in text ``str.isupper`` picks the words with a capital and
    no small letter, all at C speed; of those few, the ones with two capitals count."""
    return sum(1 for word in filter(str.isupper, _as_ascii_cases(text).split()) if _TWO_CAPITALS.search(word))


def _may_shout(paragraph: Paragraph, least: int) -> bool:
    """Could the paragraph hold ``least`` words in capitals? Without the All Caps format that
    needs ``least`` words typed in capitals, which one scan of the text counts; most paragraphs
    have none and skip the word-by-word work."""
    if any(map(_CAPS, paragraph.runs)):  # the All Caps format on any run (mapped at C speed)
        return True
    text = paragraph.text
    # Each such word has two capitals: ASCII text with fewer than 2 * least has too few words,
    # and counting its capitals (by deleting the other bytes, at C speed) is cheaper than splitting it.
    if text.isascii() and len(text.encode("ascii").translate(None, _NOT_CAPITAL)) < 2 * least:
        return False
    return capital_words(text) >= least


@check("CPL105")
def block_capitals(doc: Document, ctx: RuleContext) -> None:
    least = int(ctx.options["min-words"])
    hits: list[tuple[str, Location, dict[str, Any]]] = []
    for paragraph in _paragraphs(doc, ctx):
        if not _may_shout(paragraph, max(least, 1)):
            continue
        words = _words(paragraph, lambda run: run.caps)
        if len(words) < least:
            continue
        verdicts = [_capitals(word, formatted) for word, formatted in words]
        found = [(a, b, n) for a, b, n in stretches(verdicts)
                 if n >= least and not _only_acronyms([w for w, v in zip(words[a:b], verdicts[a:b]) if v])]
        if not found:
            continue
        start, end, count = _longest(found)
        by_format = any(formatted for _, formatted in words[start:end])
        how = " (shown in capitals by the All Caps format)" if by_format else ""
        where = " in a heading" if paragraph.heading_level is not None else ""
        text = " ".join(word for word, _ in words[start:end])
        hits.append((
            f'{count} words in a row are in capitals{where}{how} ("{snippet(text)}")',
            paragraph.location,
            {"words": count, "min_words": least, "all_caps_format": by_format},
        ))
    _report_capped(ctx, hits, "have words in capitals")


# ---------------------------------------------------------------- CPL106 justified


@check("CPL106")
def justified_text(doc: Document, ctx: RuleContext) -> None:
    least = int(ctx.options["min-words"])
    hits = [p for p in _paragraphs(doc, ctx) if p.alignment == "justify" and len(p.text.split()) >= least]
    if hits:
        what = "A paragraph is justified" if len(hits) == 1 else f"{len(hits):,} paragraphs are justified"
        _report_whole_document(ctx, hits, what, {})


# ---------------------------------------------------------------- CPL107 line spacing


@check("CPL107")
def tight_line_spacing(doc: Document, ctx: RuleContext) -> None:
    if doc.format != "docx":
        return  # a PDF's line spacing is guessed from baselines, too roughly to report on
    least = float(ctx.options["min-spacing"])
    hits = [
        p for p in _paragraphs(doc, ctx)
        if p.line_spacing is not None and round(p.line_spacing, 2) < least and p.text.strip()
    ]
    if not hits:
        return
    tightest = min(p.line_spacing or 0.0 for p in hits)
    spacings = {round(p.line_spacing or 0.0, 2) for p in hits}
    value = f"{tightest:g}" if len(spacings) == 1 else f"as tight as {tightest:g}"
    where = "in a paragraph" if len(hits) == 1 else f"in {len(hits):,} paragraphs"
    bar = "single spacing" if least == 1 else f"{least:g} lines"
    _report_whole_document(
        ctx, hits, f"Line spacing is {value} {where}, tighter than {bar}", {"tightest": tightest, "minimum": least}
    )
