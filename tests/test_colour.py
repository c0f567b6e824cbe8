"""Colour arithmetic (coprolint.colour) and the colour rules CPL301 bright-colour and CPL302 low-contrast."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, lint
from coprolint.colour import (
    colour_value,
    contrast_ratio,
    from_oklch,
    is_bright,
    muted_fill_colour,
    muted_text_colour,
    parse_hex,
    to_oklch,
)

IMAGES = FIXTURES / "images"


def found(result, code: str):  # type: ignore[no-untyped-def]
    return [f for f in result.findings if f.code == code]


# ---------------------------------------------------------------- arithmetic


def test_wcag_contrast_known_values() -> None:
    # Reference values: black on white is 21:1; WCAG's own example #777777 on white is about 4.48:1.
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast_ratio((0x77, 0x77, 0x77), (255, 255, 255)) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio((255, 0, 0), (255, 255, 255)) == pytest.approx(4.0, abs=0.01)
    assert contrast_ratio((1, 2, 3), (1, 2, 3)) == pytest.approx(1.0)


def test_oklch_of_primaries_and_greys() -> None:
    white = to_oklch((255, 255, 255))
    assert white.lightness == pytest.approx(1.0, abs=1e-3) and white.chroma < 1e-3
    red = to_oklch((255, 0, 0))  # published Oklab values: L 0.628, C 0.258, h 29.2
    assert red.lightness == pytest.approx(0.628, abs=0.002)
    assert red.chroma == pytest.approx(0.258, abs=0.002)
    assert red.hue == pytest.approx(29.2, abs=0.5)
    assert to_oklch((128, 128, 128)).chroma < 1e-3


def test_round_trip_through_oklch() -> None:
    for rgb in [(31, 78, 121), (200, 100, 50), (10, 200, 10), (255, 255, 255)]:
        back = from_oklch(to_oklch(rgb))
        assert all(abs(a - b) <= 1 for a, b in zip(back, rgb)), (rgb, back)


def test_parsing() -> None:
    assert parse_hex("ff0000") == (255, 0, 0)
    assert parse_hex("#1F4E79") == (31, 78, 121)
    assert parse_hex("f00") == (255, 0, 0)
    assert parse_hex("auto") is None and parse_hex(None) is None and parse_hex("12345") is None
    assert colour_value("yellow") == (255, 255, 0)
    assert colour_value("none") is None


@pytest.mark.parametrize("value", ["FF0000", "0000FF", "FFFF00", "00FF00", "00B050", "FFC000", "92D050"])
def test_vivid_colours_are_bright(value: str) -> None:
    rgb = parse_hex(value)
    assert rgb is not None
    assert is_bright(rgb, 0.17, 0.45) or is_bright(rgb, 0.14, 0.70)


@pytest.mark.parametrize("value", ["000000", "1F1F1F", "808080", "1F4E79", "0563C1", "000080", "800000", "D9E2F3", "FFFF99"])
def test_dark_muted_pale_and_grey_colours_are_not_bright(value: str) -> None:
    rgb = parse_hex(value)
    assert rgb is not None
    assert not (is_bright(rgb, 0.17, 0.45) or is_bright(rgb, 0.14, 0.70))


def test_muted_alternatives_keep_the_hue_and_calm_down() -> None:
    red = (255, 0, 0)
    text = muted_text_colour(red, 0.06)
    assert contrast_ratio(text, (255, 255, 255)) >= 7.0
    assert abs(to_oklch(text).hue - to_oklch(red).hue) < 8
    assert not is_bright(text, 0.14, 0.0)
    fill = muted_fill_colour((255, 192, 0), 0.04)
    assert to_oklch(fill).lightness > 0.9 and to_oklch(fill).chroma < 0.06
    assert contrast_ratio((0, 0, 0), fill) > 15


# ---------------------------------------------------------------- CPL301 bright-colour


def test_bright_colour_fires_once_per_colour_in_docx() -> None:
    result = lint(IMAGES / "bright-colour.docx")
    bright = found(result, "CPL301")
    colours = {(f.evidence["use"], f.evidence["colour"]) for f in bright}
    assert colours == {("text", "FF0000"), ("highlight", "FFFF00"), ("shading", "FFC000")}
    red = next(f for f in bright if f.evidence["colour"] == "FF0000")
    assert red.severity == "warning" and red.location.paragraph == 3
    assert red.evidence["characters"] == len("your questions for the panel")
    assert "#" + red.evidence["muted_alternative"] in red.suggestion
    assert "1F4E79" not in {f.evidence["colour"] for f in bright}  # dark blue text is calm
    assert "D9E2F3" not in {f.evidence["colour"] for f in bright}  # pale shading is calm


def test_bright_colour_fires_in_pdf() -> None:
    bright = found(lint(IMAGES / "bright-colour.pdf"), "CPL301")
    assert [f.evidence["colour"] for f in bright] == ["FF0000"]
    assert bright[0].location.page == 1


def test_bright_colour_thresholds_are_options() -> None:
    strict = lint(IMAGES / "bright-colour.docx", rules={"bright-colour": {"min_chroma": 0.3, "pale_min_chroma": 0.3}})
    assert not found(strict, "CPL301")


def test_link_colours_are_left_alone_unless_asked() -> None:
    # The clean agenda's link is 1F4E79 and quiet anyway; a vivid link only fires when links are included.
    from coprolint.checks.colour import _LINK_TEXT

    assert _LINK_TEXT.match("https://example.org/a") and _LINK_TEXT.match("sam.jones@example.org")
    assert not _LINK_TEXT.match("Please write to us")


# ---------------------------------------------------------------- CPL302 low-contrast


def test_low_contrast_in_docx() -> None:
    result = lint(IMAGES / "low-contrast.docx")
    low = found(result, "CPL302")
    pairs = {(f.evidence["foreground"], f.evidence["background"]) for f in low}
    assert pairs == {("A6A6A6", "FFFFFF"), ("FFFFFF", "F2F2F2")}
    grey = next(f for f in low if f.evidence["foreground"] == "A6A6A6")
    assert grey.severity == "error" and not grey.needs_review
    assert grey.evidence["ratio"] == pytest.approx(2.4, abs=0.05)
    assert grey.evidence["background_known"] is False
    # Quiet there: 20 pt grey 767676 (4.5:1 >= 3:1 for large text), automatic text on dark 1F3864
    # shading (Word shows it white), black on pale D9E2F3.
    assert "767676" not in {f.evidence["foreground"] for f in low}
    assert "1F3864" not in {f.evidence["background"] for f in low}


def test_low_contrast_in_pdf_is_a_question() -> None:
    low = found(lint(IMAGES / "low-contrast.pdf"), "CPL302")
    assert [f.evidence["foreground"] for f in low] == ["A6A6A6"]
    assert low[0].needs_review and low[0].severity == "suggestion" and low[0].message.startswith("Is this text readable?")


def test_red_text_fails_contrast_too() -> None:
    low = found(lint(IMAGES / "bright-colour.docx"), "CPL302")
    assert [f.evidence["foreground"] for f in low] == ["FF0000"]


def test_clean_agendas_have_no_colour_findings() -> None:
    for path in (FIXTURES / "clean").glob("agenda-in-person.*"):
        result = lint(path)
        assert not found(result, "CPL301") and not found(result, "CPL302"), path
