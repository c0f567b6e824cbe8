"""Colour of text: bold bright colours (CPL301) and contrast against the background (CPL302).

Both rules report each colour (or colour pair) once per document, with how much text uses
it and where it first appears, rather than once per run: one red heading style should not
become forty findings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from coprolint.catalog import load_data
from coprolint.colour import (
    RGB,
    colour_value,
    contrast_ratio,
    is_bright,
    muted_fill_colour,
    muted_text_colour,
    relative_luminance,
    to_hex,
    to_oklch,
)
from coprolint.engine import RuleContext, check
from coprolint.model import Document, Location, Paragraph, Run

WHITE: RGB = (255, 255, 255)
BLACK: RGB = (0, 0, 0)
_LINK_TEXT = re.compile(r"^\(?(?:https?://|www\.|mailto:)\S+$|^\S+@\S+\.\w+\W?$", re.I)
USE_WORDS = {"text": "text colour", "highlight": "highlighting", "shading": "shading"}


@dataclass(slots=True)
class Usage:
    """How much text one colour (or pair of colours) touches, and where it is first seen."""

    first: Location
    characters: int = 0
    paragraphs: set[int] = field(default_factory=set)

    def add(self, paragraph: Paragraph, characters: int) -> None:
        self.characters += characters
        self.paragraphs.add(id(paragraph))

    def amount(self) -> str:
        places = len(self.paragraphs)
        return f"{self.characters} character{'s' * (self.characters != 1)} in {places} place{'s' * (places != 1)}"


def _runs(doc: Document, ctx: RuleContext) -> list[tuple[Paragraph, Run, int]]:
    """Runs that show something (whitespace has no visible colour) and have a colour, highlight or
    shading of their own or their paragraph's, with their visible length. Both colour rules pass
    over every other run (automatic text on the page), so the list, made once for both, leaves
    them out. The list is shared: do not change it."""
    return ctx.memo("colour.runs", lambda: [
        (paragraph, run, visible)
        for paragraph in doc.paragraphs for run in paragraph.runs
        if (run.color is not None or run.highlight is not None or run.shading is not None
            or paragraph.shading is not None) and (visible := len(run.text.strip()))
    ])


# ---------------------------------------------------------------- CPL301


def _bright_settings(options: dict[str, Any]) -> tuple[float, float, float, float]:
    return (
        float(options["min_chroma"]),
        float(options["min_lightness"]),
        float(options["pale_min_chroma"]),
        float(options["pale_min_lightness"]),
    )


def bright(rgb: RGB, settings: tuple[float, float, float, float]) -> bool:
    min_chroma, min_lightness, pale_chroma, pale_lightness = settings
    return is_bright(rgb, min_chroma, min_lightness) or is_bright(rgb, pale_chroma, pale_lightness)


@check("CPL301")
def bright_colour(doc: Document, ctx: RuleContext) -> None:
    settings = _bright_settings(ctx.options)
    bright_rgb: dict[str, RGB | None] = {}  # each colour value as written: its RGB when bright, else None
    found: dict[tuple[str, RGB], Usage] = {}

    def note(use: str, value: str | None, paragraph: Paragraph, characters: int) -> None:
        if not value:
            return  # most runs: no colour of their own
        if value not in bright_rgb:
            rgb = colour_value(value)
            bright_rgb[value] = rgb if rgb is not None and bright(rgb, settings) else None
        rgb = bright_rgb[value]
        if rgb is not None:
            found.setdefault((use, rgb), Usage(paragraph.location)).add(paragraph, characters)

    include_links = bool(ctx.options["include_links"])
    for paragraph, run, visible in _runs(doc, ctx):
        if run.color and (include_links or not (run.link or _LINK_TEXT.match(run.text.strip()))):
            # Link blue is a convention people rely on to find links, printed addresses included.
            note("text", run.color, paragraph, visible)
        note("highlight", run.highlight, paragraph, visible)
        note("shading", run.shading, paragraph, visible)
        note("shading", paragraph.shading, paragraph, visible)

    muted = load_data("colours.toml")["muted"]
    for (use, rgb), usage in found.items():
        if usage.characters < int(ctx.options["min_characters"]):
            continue
        if use == "text":
            calm = muted_text_colour(rgb, float(muted["text_chroma"]))
        else:
            calm = muted_fill_colour(rgb, float(muted["fill_chroma"]), float(muted["fill_lightness"]))
        colour = to_oklch(rgb)
        ctx.report(
            f"Bright {USE_WORDS[use]} #{to_hex(rgb)} is used on {usage.amount()}, first at {usage.first.describe()}.",
            usage.first,
            suggestion=f"Use a calmer colour of the same hue, such as #{to_hex(calm)}"
            + (" (dark enough to read on white)." if use == "text" else " (a pale tint), or no colour at all."),
            evidence={
                "colour": to_hex(rgb),
                "use": use,
                "characters": usage.characters,
                "places": len(usage.paragraphs),
                "lightness": round(colour.lightness, 3),
                "chroma": round(colour.chroma, 3),
                "min_chroma": settings[0],
                "min_lightness": settings[1],
                "muted_alternative": to_hex(calm),
            },
        )


# ---------------------------------------------------------------- CPL302


def background(paragraph: Paragraph, run: Run) -> tuple[RGB, bool]:
    """The colour behind a run and whether it is known (False: a white page was assumed)."""
    for value in (run.highlight, run.shading, paragraph.shading):
        rgb = colour_value(value)
        if rgb is not None:
            return rgb, True
    return WHITE, False


def automatic_text(bg: RGB) -> RGB:
    """Word draws "automatic" text white on dark shading and black otherwise."""
    return WHITE if contrast_ratio(WHITE, bg) > contrast_ratio(BLACK, bg) else BLACK


def is_large(run: Run, large_pt: float, large_bold_pt: float) -> bool:
    return run.size is not None and (run.size >= large_pt or (run.bold and run.size >= large_bold_pt))


@check("CPL302")
def low_contrast(doc: Document, ctx: RuleContext) -> None:
    limits = load_data("colours.toml")["contrast"]
    large_pt, large_bold_pt = float(limits["large_pt"]), float(limits["large_bold_pt"])
    normal_bar, large_bar = float(ctx.options["normal"]), float(ctx.options["large"])
    found: dict[tuple[RGB, RGB, bool, bool], Usage] = {}
    ratios: dict[tuple[RGB, RGB], float] = {}
    for paragraph, run, visible in _runs(doc, ctx):  # automatic text (black on white) is not among them
        bg, known = background(paragraph, run)
        fg = colour_value(run.color) or automatic_text(bg)
        if not known and relative_luminance(fg) > 0.7:
            continue  # white-ish text with no background in the model sits on a shape or picture we cannot see
        pair = (fg, bg)
        if pair not in ratios:
            ratios[pair] = contrast_ratio(fg, bg)
        large = is_large(run, large_pt, large_bold_pt)
        if ratios[pair] >= (large_bar if large else normal_bar):
            continue
        found.setdefault((fg, bg, large, known), Usage(paragraph.location)).add(paragraph, visible)

    for (fg, bg, large, known), usage in found.items():
        ratio = ratios[(fg, bg)]
        bar = large_bar if large else normal_bar
        behind = f"#{to_hex(bg)}" if known else "a white page"
        # Unsure of the background: light text in a PDF or a text box probably sits on a shape
        # coprolint cannot see, so ask rather than assert.
        unsure = not known and (doc.format == "pdf" or usage.first.part == "textbox")
        size_words = "large text" if large else "text"
        if unsure:
            message = (
                f"Is this {size_words} readable? #{to_hex(fg)} on what looks like {behind} has contrast "
                f"{ratio:.1f}:1, below {bar:g}:1 ({usage.amount()}, first at {usage.first.describe()}); "
                "it may sit on a coloured shape or picture that coprolint cannot see."
            )
        else:
            message = (
                f"#{to_hex(fg)} {size_words} on {behind} has contrast {ratio:.1f}:1, below {bar:g}:1 "
                f"({usage.amount()}, first at {usage.first.describe()})."
            )
        ctx.report(
            message,
            usage.first,
            evidence={
                "foreground": to_hex(fg),
                "background": to_hex(bg),
                "background_known": known,
                "ratio": round(ratio, 2),
                "threshold": bar,
                "large_text": large,
                "characters": usage.characters,
            },
            needs_review=unsure,
        )
