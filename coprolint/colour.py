"""Colour arithmetic for the colour rules: sRGB hex values, OKLCH, WCAG contrast.

Pure Python and cheap to import. OKLCH (Björn Ottosson's Oklab in polar form) is used
because its lightness and chroma follow what people see far better than HSV does:
pure yellow and pure blue have the same HSV saturation but look very different.
"""

from __future__ import annotations

import math
from typing import NamedTuple

RGB = tuple[int, int, int]


class Oklch(NamedTuple):
    lightness: float  # 0 (black) .. 1 (white)
    chroma: float  # 0 (grey) .. about 0.32 for the most vivid sRGB colours
    hue: float  # degrees, 0..360


def parse_hex(value: str | None) -> RGB | None:
    """'FF0000', '#ff0000' or 'f00' as an RGB triple; None for automatic or anything unreadable."""
    if not value:
        return None
    text = value.strip().lstrip("#")
    if len(text) == 3:
        text = "".join(ch * 2 for ch in text)
    if len(text) != 6:
        return None
    try:
        number = int(text, 16)
    except ValueError:
        return None
    return (number >> 16) & 255, (number >> 8) & 255, number & 255


def to_hex(rgb: RGB) -> str:
    return "{:02X}{:02X}{:02X}".format(*rgb)


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _gamma(value: float) -> float:
    v = value * 12.92 if value <= 0.0031308 else 1.055 * value ** (1 / 2.4) - 0.055
    return v


# Each 0-255 channel value in linear light, worked out once: the colour rules ask for the same
# few colours on every run of a document.
_LINEAR = tuple(_linear(channel) for channel in range(256))


def relative_luminance(rgb: RGB) -> float:
    """WCAG 2.x relative luminance."""
    r, g, b = rgb
    return 0.2126 * _LINEAR[r] + 0.7152 * _LINEAR[g] + 0.0722 * _LINEAR[b]


def contrast_ratio(first: RGB, second: RGB) -> float:
    """WCAG 2.x contrast ratio, 1..21."""
    a, b = relative_luminance(first), relative_luminance(second)
    light, dark = max(a, b), min(a, b)
    return (light + 0.05) / (dark + 0.05)


def to_oklch(rgb: RGB) -> Oklch:
    r, g, b = (_LINEAR[c] for c in rgb)
    l_ = math.copysign(abs(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b) ** (1 / 3), 1)
    m_ = math.copysign(abs(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b) ** (1 / 3), 1)
    s_ = math.copysign(abs(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b) ** (1 / 3), 1)
    lightness = 0.2104542553 * l_ + 0.7936177850 * m_ - 0.0040720468 * s_
    a = 1.9779984951 * l_ - 2.4285922050 * m_ + 0.4505937099 * s_
    bb = 0.0259040371 * l_ + 0.7827717662 * m_ - 0.8086757660 * s_
    chroma = math.hypot(a, bb)
    hue = math.degrees(math.atan2(bb, a)) % 360
    return Oklch(lightness, chroma, hue)


def _oklch_to_linear(colour: Oklch) -> tuple[float, float, float]:
    a = colour.chroma * math.cos(math.radians(colour.hue))
    b = colour.chroma * math.sin(math.radians(colour.hue))
    l_ = (colour.lightness + 0.3963377774 * a + 0.2158037573 * b) ** 3
    m_ = (colour.lightness - 0.1055613458 * a - 0.0638541728 * b) ** 3
    s_ = (colour.lightness - 0.0894841775 * a - 1.2914855480 * b) ** 3
    return (
        4.0767416621 * l_ - 3.3077115913 * m_ + 0.2309699292 * s_,
        -1.2684380046 * l_ + 2.6097574011 * m_ - 0.3413193965 * s_,
        -0.0041960863 * l_ - 0.7034186147 * m_ + 1.7076147010 * s_,
    )


def from_oklch(colour: Oklch) -> RGB:
    """The sRGB colour nearest to ``colour``: chroma is reduced until it fits the sRGB gamut."""
    chroma = colour.chroma
    for _ in range(40):
        linear = _oklch_to_linear(Oklch(colour.lightness, chroma, colour.hue))
        if all(-1e-4 <= v <= 1 + 1e-4 for v in linear):
            break
        chroma *= 0.9
    r, g, b = (round(min(1.0, max(0.0, _gamma(min(1.0, max(0.0, v))))) * 255) for v in linear)
    return r, g, b


def is_bright(rgb: RGB, min_chroma: float, min_lightness: float) -> bool:
    """Bold and bright: vivid (high chroma) and not dark. Greys, black and dark shades never are."""
    colour = to_oklch(rgb)
    return colour.chroma >= min_chroma and colour.lightness >= min_lightness


def muted_text_colour(rgb: RGB, chroma: float, min_contrast: float = 7.0) -> RGB:
    """A calm colour of the same hue that still reads well as text on white."""
    hue = to_oklch(rgb).hue
    lightness = 0.6
    while lightness > 0.1:
        candidate = from_oklch(Oklch(lightness, chroma, hue))
        if contrast_ratio(candidate, (255, 255, 255)) >= min_contrast:
            return candidate
        lightness -= 0.02
    return from_oklch(Oklch(0.3, chroma, hue))


def muted_fill_colour(rgb: RGB, chroma: float, lightness: float = 0.93) -> RGB:
    """A pale tint of the same hue for highlighting or shading behind dark text."""
    return from_oklch(Oklch(lightness, chroma, to_oklch(rgb).hue))


# Word's named highlight colours (w:highlight/@w:val), as the RGB values Word shows.
HIGHLIGHT_NAMES: dict[str, str] = {
    "yellow": "FFFF00",
    "green": "00FF00",
    "cyan": "00FFFF",
    "magenta": "FF00FF",
    "blue": "0000FF",
    "red": "FF0000",
    "darkblue": "000080",
    "darkcyan": "008080",
    "darkgreen": "008000",
    "darkmagenta": "800080",
    "darkred": "800000",
    "darkyellow": "808000",
    "darkgray": "808080",
    "lightgray": "C0C0C0",
    "black": "000000",
    "white": "FFFFFF",
}


_HIGHLIGHT_RGB: dict[str, RGB] = {
    name: (int(code[:2], 16), int(code[2:4], 16), int(code[4:], 16)) for name, code in HIGHLIGHT_NAMES.items()
}
_NO_COLOUR = frozenset(("auto", "none", "nil", "clear"))


def colour_value(value: str | None) -> RGB | None:
    """A colour as a reader may give it: hex, or one of Word's highlight names."""
    if not value:
        return None  # most runs: the colour rules ask for every run's highlight and shading
    name = value.strip().lower()
    if name in _HIGHLIGHT_RGB:
        return _HIGHLIGHT_RGB[name]
    if name in _NO_COLOUR:
        return None
    return parse_hex(value)
