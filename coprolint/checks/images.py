"""Pictures: bright (CPL303), collages (CPL304), moving (CPL305), alternative text (CPL306),
scanned pages (CPL307), pictures that could not be opened (CPL308), crowded pictures (CPL309).

Pixels are looked at through coprolint.imaging, once per picture per document (``ctx.memo``),
and only for pictures big enough on the page to matter.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Iterator

from coprolint.catalog import load_data
from coprolint.engine import RuleContext, check
from coprolint.model import Document, Image, Location

# Pictures in these parts repeat on every page (letterheads, logos): not content to judge.
FURNITURE = ("header", "footer")
ANIMATABLE = ("gif", "png", "apng", "webp")


def display_side_pt(image: Image) -> float:
    """The longer side as shown on the page, in points (pixels at 96 dpi when the size is unknown)."""
    if image.display_width_pt or image.display_height_pt:
        return max(image.display_width_pt or 0.0, image.display_height_pt or 0.0)
    return max(image.width_px or 0, image.height_px or 0) * 0.75


def display_short_side_pt(image: Image) -> float:
    if image.display_width_pt and image.display_height_pt:
        return min(image.display_width_pt, image.display_height_pt)
    if image.width_px and image.height_px:
        return min(image.width_px, image.height_px) * 0.75
    return 0.0


def is_spacer(image: Image) -> bool:
    """1x1 tracking pixels, spacer GIFs and hairline rules drawn as pictures."""
    if image.width_px is not None and image.height_px is not None and min(image.width_px, image.height_px) <= 3:
        return True
    if image.display_width_pt is not None and image.display_height_pt is not None:
        return min(image.display_width_pt, image.display_height_pt) < 4
    return False


def inspection(ctx: RuleContext, doc: Document, index: int) -> Any:
    """Decode one picture once per document, whichever rule asks first; the same picture placed
    again in the document (same bytes) is decoded once and shares one inspection."""
    from coprolint.imaging import Decoded, inspect

    decoded = ctx.memo("imaging.decoded", Decoded)
    return ctx.memo(f"imaging.inspect.{index}", lambda: inspect(doc.images[index], decoded=decoded))


def per_picture(ctx: RuleContext, seen: Any, name: str, factory: Callable[[], Any]) -> Any:
    """A measure worked out once per distinct picture of the document. Placements that share an
    inspection share the measure; the inspection stays in the memo for the whole document, so
    its id cannot be reused by another picture meanwhile."""
    return ctx.memo(f"imaging.{name}.{id(seen)}", factory)


def _where(image: Image, index: int) -> Location:
    loc = image.location
    if loc.image is None:
        from dataclasses import replace

        loc = replace(loc, image=index + 1)
    return loc


def _number(image: Image, index: int) -> int:
    return image.location.image or index + 1


def scanned_pages(doc: Document, max_chars: int = 20, coverage: float = 0.5) -> set[int]:
    """PDF pages that are pictures of text (CPL307 reports them; other rules leave their pictures alone)."""
    return {p.number for p in doc.pages if p.text_chars <= max_chars and p.image_coverage >= coverage}


def on_scanned_page(image: Image, scanned: set[int]) -> bool:
    return image.location.page is not None and image.location.page in scanned


# ---------------------------------------------------------------- CPL303


def _decoded_pictures(doc: Document, ctx: RuleContext, min_side: float) -> Iterator[tuple[int, Image, Any]]:
    """Pictures in the main text, big enough to matter, whose pixels could be read (decoded once per document)."""
    for index, image in enumerate(doc.images):
        if image.location.part in FURNITURE or is_spacer(image) or display_side_pt(image) < min_side:
            continue
        seen = inspection(ctx, doc, index)
        if not seen.problem:
            yield index, image, seen


@check("CPL303")
def bright_image(doc: Document, ctx: RuleContext) -> None:
    if not doc.images:
        return  # without pictures, not even the imaging module is needed
    from coprolint.imaging import saturated_share, saturated_share_at_most

    settings = load_data("colours.toml")["image"]
    min_s, min_v = int(settings["saturated_min_s"]), int(settings["saturated_min_v"])
    threshold, min_side = float(ctx.options["saturated_share"]), float(ctx.options["min_side_pt"])
    for index, image, seen in _decoded_pictures(doc, ctx, min_side):
        rule = f"{min_s}.{min_v}"
        at_most = per_picture(ctx, seen, f"vivid_at_most.{rule}", lambda: saturated_share_at_most(seen, min_s, min_v))
        if at_most < threshold:
            continue  # too few strongly coloured pixels: the exact share cannot reach the threshold
        share = per_picture(ctx, seen, f"vivid.{rule}", lambda: saturated_share(seen, min_s, min_v))
        if share >= threshold:
            ctx.report(
                f"Is this picture too vivid? {share:.0%} of its pixels are strongly saturated and bright "
                f"(the rule asks about pictures at {threshold:.0%} or more).",
                _where(image, index),
                evidence={
                    "saturated_share": round(share, 3),
                    "threshold": threshold,
                    "pixel_rule": f"HSV saturation >= {min_s} and value >= {min_v} (0-255)",
                    "display_side_pt": round(display_side_pt(image), 1),
                },
                needs_review=True,
            )


# ---------------------------------------------------------------- CPL304


@check("CPL304")
def collage(doc: Document, ctx: RuleContext) -> None:
    if not doc.images:
        return
    from coprolint.imaging import could_be_collage, find_collage

    min_tiles, min_side = int(ctx.options["min_tiles"]), float(ctx.options["min_side_pt"])
    for index, image, seen in _decoded_pictures(doc, ctx, min_side):
        if not per_picture(ctx, seen, f"could_be_collage.{min_tiles}", lambda: could_be_collage(seen, min_tiles)):
            continue  # its tones rule out that many photos: no need to cut it up
        found = per_picture(ctx, seen, "collage", lambda: find_collage(seen))
        if found.tiles >= min_tiles:
            ctx.report(
                f"Is this picture a collage? It splits along {found.lines} straight line"
                f"{'s' * (found.lines != 1)} into {found.tiles} parts that each look like a photo.",
                _where(image, index),
                evidence={"photo_tiles": found.tiles, "straight_lines": found.lines, "min_tiles": min_tiles},
                needs_review=True,
            )


# ---------------------------------------------------------------- CPL305


def frame_count(ctx: RuleContext, doc: Document, index: int) -> int:
    image = doc.images[index]
    if image.frames is not None:
        return image.frames
    if (image.format or "").lower() not in ANIMATABLE:
        return 1
    seen = inspection(ctx, doc, index)
    return 1 if seen.problem else seen.frames


@check("CPL305")
def moving_image(doc: Document, ctx: RuleContext) -> None:
    if doc.format == "pdf":
        return  # a PDF shows one frame of any picture: nothing in it can move
    for index, image in enumerate(doc.images):
        if is_spacer(image):
            continue
        frames = frame_count(ctx, doc, index)
        if frames > 1:
            kind = (image.format or "picture").upper()
            ctx.report(
                f"This {kind} is animated ({frames} frames): it keeps moving while the document is open.",
                _where(image, index),
                evidence={"frames": frames, "format": image.format},
            )


# ---------------------------------------------------------------- CPL306

# Words that say nothing about a picture; Word and cameras fill alt text with them.
_GENERIC = {
    "image", "picture", "photo", "photograph", "graphic", "logo", "img", "figure", "pic", "icon",
    "chart", "diagram", "untitled", "placeholder", "alt", "alt text", "description", "none",
}
# Patterns as text: re compiles each (and keeps it) when first used, and the two dearest
# (~0.4 ms of a run) are only tried on texts that could match them.
_FILE_NAME = r"""^(?:[\w\-. ():]*[\\/])*[\w\-. ()]+\.(?:png|jpe?g|gif|bmp|tiff?|webp|emf|wmf|svg|heic)$"""
_NUMBERED = r"^(?:image|picture|photo|img|dsc|dscn|dcim|screenshot|screen shot|graphic|figure|pic)[\s_\-]*\d+$"
_MACHINE = r"description automatically generated"


def weak_alt_text(text: str) -> str | None:
    """Why an alternative text says nothing useful, or None when it may be fine."""
    words = text.strip().strip(".").strip()
    # A file name ends in a dot and a three- or four-letter extension; a numbered name in a digit.
    if "." in words[-5:-3] and re.match(_FILE_NAME, words, re.I):
        return "it is only a file name"
    if words.lower() in _GENERIC or (words[-1:].isdecimal() and re.match(_NUMBERED, words, re.I)):
        return "it only names the kind of picture"
    if re.search(_MACHINE, words, re.I):
        return "it was written by Word's automatic description and not checked by a person"
    return None


# Beyond this many pictures without alternative text, one finding sums them up.
MAX_SEPARATE_FINDINGS = 5


@check("CPL306")
def missing_alt_text(doc: Document, ctx: RuleContext) -> None:
    scanned = scanned_pages(doc)  # a scanned page's picture is the page: CPL307 says what to do
    pictures = [(i, image) for i, image in enumerate(doc.images) if not is_spacer(image) and not on_scanned_page(image, scanned)]
    if not pictures:
        return
    if doc.format == "pdf" and doc.metadata.tagged is False:
        first_index, first = pictures[0]
        pages = sorted({image.location.page for _, image in pictures if image.location.page})
        which = "its only picture cannot" if len(pictures) == 1 else f"none of its {len(pictures)} pictures can"
        ctx.report(
            f"This PDF has no tags, so {which} carry alternative text: a screen reader skips "
            f"{'it' if len(pictures) == 1 else 'them'} or reads nothing useful"
            + (f" (page{'s' * (len(pages) != 1)} {_page_list(pages)})." if pages else "."),
            Location(part="body", page=pages[0] if pages else None),
            suggestion="Export the PDF again from Word with 'Document structure tags for accessibility' ticked, after "
            "adding alternative text to each picture in Word.",
            evidence={"tagged": False, "pictures": len(pictures)},
        )
        return
    missing = [
        (index, image) for index, image in pictures
        if not image.decorative and not ((image.alt_text or "").strip() or (image.title or "").strip())
    ]
    if len(missing) > MAX_SEPARATE_FINDINGS:
        numbers = [_number(image, i) for i, image in missing]
        pages = sorted({image.location.page for _, image in missing if image.location.page})
        where = f" on page{'s' * (len(pages) != 1)} {_page_list(pages)}" if pages else ""
        ctx.report(
            f"{len(missing)} pictures{where} have no alternative text, so screen reader users cannot tell what "
            "they show.",
            _where(missing[0][1], missing[0][0]),
            evidence={"pictures": numbers[:100], "count": len(missing)},
        )
    else:
        for index, image in missing:
            ctx.report(
                f"Picture {_number(image, index)} has no alternative text, so screen reader users cannot tell what it shows.",
                _where(image, index),
                evidence={"alt_text": image.alt_text, "title": image.title, "decorative": False},
            )
    for index, image in pictures:
        if image.decorative:
            continue
        text = (image.alt_text or "").strip() or (image.title or "").strip()
        if not text:
            continue
        weakness = weak_alt_text(text)
        if weakness:
            ctx.report(
                f"Does the alternative text of picture {_number(image, index)} describe it? "
                f"\"{text[:60]}\": {weakness}.",
                _where(image, index),
                evidence={"alt_text": text, "reason": weakness},
                needs_review=True,
            )


def _page_list(pages: list[int]) -> str:
    """1, 2, 3, 5 -> "1-3, 5"."""
    spans: list[str] = []
    start = prev = pages[0]
    for page in pages[1:] + [None]:  # type: ignore[list-item]
        if page is not None and page == prev + 1:
            prev = page
            continue
        spans.append(f"{start}" if start == prev else f"{start}-{prev}")
        if page is not None:
            start = prev = page
    return ", ".join(spans)


# ---------------------------------------------------------------- CPL307


@check("CPL307")
def scanned_page(doc: Document, ctx: RuleContext) -> None:
    if doc.format != "pdf" or not doc.pages:
        return
    max_chars, coverage = int(ctx.options["max_text_chars"]), float(ctx.options["min_image_coverage"])
    scanned = [p for p in doc.pages if p.text_chars <= max_chars and p.image_coverage >= coverage]
    if not scanned:
        return
    numbers = [p.number for p in scanned]
    if len(scanned) == len(doc.pages):
        what = "Every page of this PDF is" if len(scanned) > 1 else "This PDF's only page is"
    else:
        what = f"Page{'s' * (len(scanned) != 1)} {_page_list(numbers)} {'are' if len(scanned) > 1 else 'is'}"
    ctx.report(
        f"{what} a picture with no text layer: a screen reader finds nothing to read, and coprolint could not "
        "check the words on it.",
        Location(part="body", page=numbers[0]),
        evidence={
            "pages": numbers,
            "text_characters": [p.text_chars for p in scanned][:50],
            "image_coverage": [round(p.image_coverage, 2) for p in scanned][:50],
            "max_text_chars": max_chars,
            "min_image_coverage": coverage,
        },
    )


# ---------------------------------------------------------------- CPL308


@check("CPL308")
def image_not_inspected(doc: Document, ctx: RuleContext) -> None:
    problems: list[tuple[int, Image, str]] = []
    for index, image in enumerate(doc.images):
        if is_spacer(image):
            continue
        seen = inspection(ctx, doc, index)
        if seen.problem:
            problems.append((index, image, seen.problem))
    if not problems:
        return
    listed = "; ".join(f"picture {_number(image, i)} ({reason})" for i, image, reason in problems[:8])
    more = f"; and {len(problems) - 8} more" if len(problems) > 8 else ""
    count = len(problems)
    ctx.report(
        f"{count} picture{'s' * (count != 1)} could not be opened, so {'their' if count > 1 else 'its'} colours, "
        f"movement and layout were not checked: {listed}{more}.",
        _where(problems[0][1], problems[0][0]),
        evidence={"pictures": [_number(image, i) for i, image, _ in problems], "reasons": sorted({r for *_, r in problems})},
    )


# ---------------------------------------------------------------- CPL309


@check("CPL309")
def crowded_images(doc: Document, ctx: RuleContext) -> None:
    min_images, window, min_side = int(ctx.options["min_images"]), int(ctx.options["paragraph_window"]), float(ctx.options["min_side_pt"])
    if doc.format == "pdf":
        _crowded_pages(doc, ctx, min_images, min_side)
        return
    sizable = [
        (i, image) for i, image in enumerate(doc.images)
        if image.location.part not in FURNITURE and not is_spacer(image)
        and display_side_pt(image) >= min_side and display_short_side_pt(image) >= min_side / 2
    ]
    placed = sorted((image.location.paragraph, i, image) for i, image in sizable if image.location.paragraph is not None)
    start = 0
    while start < len(placed):
        end = start
        while end + 1 < len(placed) and placed[end + 1][0] - placed[start][0] < window:
            end += 1
        group = placed[start : end + 1]
        if len(group) >= min_images:
            first, last = group[0][0], group[-1][0]
            ctx.report(
                f"Are there too many pictures together? {len(group)} separate pictures sit within "
                f"{last - first + 1} paragraph{'s' * (last != first)} (paragraphs {first}-{last}).",
                _where(group[0][2], group[0][1]),
                evidence={"pictures": len(group), "min_images": min_images, "paragraph_window": window},
                needs_review=True,
            )
            start = end + 1
        else:
            start += 1


Bbox = tuple[float, float, float, float]


def picture_blocks(boxes: list[Bbox], gap: float = 3.0) -> list[Bbox]:
    """Join pictures that touch or overlap: PDF makers often cut one picture into strips or tiles."""
    blocks = [list(box) for box in boxes]
    merged = True
    while merged:
        merged = False
        for i in range(len(blocks)):
            for j in range(i + 1, len(blocks)):
                a, b = blocks[i], blocks[j]
                if a[0] - gap <= b[2] and b[0] - gap <= a[2] and a[1] - gap <= b[3] and b[1] - gap <= a[3]:
                    blocks[i] = [min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])]
                    del blocks[j]
                    merged = True
                    break
            if merged:
                break
    return [(a, b, c, d) for a, b, c, d in blocks]


def _crowded_pages(doc: Document, ctx: RuleContext, min_images: int, min_side: float) -> None:
    scanned = scanned_pages(doc)
    by_page: dict[int, list[Bbox]] = {}
    for image in doc.images:
        loc = image.location
        if loc.page is None or loc.bbox is None or loc.page in scanned or is_spacer(image):
            continue
        by_page.setdefault(loc.page, []).append(loc.bbox)
    for page, boxes in sorted(by_page.items()):
        if len(boxes) < min_images or len(boxes) > 400:  # hundreds of pieces: a drawing, not photos
            continue
        # A picture counts when it is big enough to look at: its longer side at least min_side,
        # its shorter side at least half that (strips, rules and icons do not count).
        blocks = [
            b for b in picture_blocks(boxes)
            if max(b[2] - b[0], b[3] - b[1]) >= min_side and min(b[2] - b[0], b[3] - b[1]) >= min_side / 2
        ]
        if len(blocks) >= min_images:
            ctx.report(
                f"Are there too many pictures together? Page {page} has {len(blocks)} separate pictures.",
                Location(part="body", page=page),
                evidence={"pictures": len(blocks), "min_images": min_images, "page": page, "min_side_pt": min_side},
                needs_review=True,
            )
