"""What a document says about its pictures: their own words and the text around them.

The venue-map and facilitator-photo rules judge a picture by its alternative text, title and
caption, then by the text next to it (two paragraphs either side in DOCX; on a PDF page, the
lines just above and below) and by the heading of the section it sits in.
"""

from __future__ import annotations

import re

from coprolint.meeting import words
from coprolint.meeting.patterns import LazyPattern
from coprolint.model import Document, Image, Paragraph

NEAR_PARAGRAPHS = 2
NEAR_POINTS = 120.0  # PDF: how far above or below a picture text still counts as next to it
PHOTO_OF_NAME_RE = LazyPattern(
    r"\b(?:photo(?:graph)?|picture|image|portrait|headshot)\s+of\s+(?!the\b|a\b|an\b|our\b|where\b)[A-Z][a-z'’-]+", re.IGNORECASE
)


class PictureText:
    """A picture with its own words and the words around it (a plain class: no dataclass to make)."""

    __slots__ = ("image", "own_words", "near_words")

    def __init__(self, image: Image, own: str, near: str) -> None:
        self.image = image
        # The two texts folded for the word lists once, for both picture rules (each keeps its text).
        self.own_words = words.fold(own)  # alt text, title and caption
        self.near_words = words.fold(near)  # neighbouring text and the section heading


def _own(image: Image) -> str:
    return " ".join(t for t in (image.alt_text, image.title, image.caption) if t)


def describe(document: Document) -> list[PictureText]:
    if not document.images:
        return []
    body = [p for p in document.paragraphs if p.location.part in ("body", "table", "textbox")]
    near = _Surroundings(body)
    return [PictureText(image, _own(image), near.of(image)) for image in document.images]


class _Surroundings:
    """The body indexed once by paragraph number and by page, so that each picture looks only at its neighbours."""

    def __init__(self, body: list[Paragraph]):
        self.by_number: dict[int, list[int]] = {}  # paragraph number -> body indices, in body order
        self.headings: list[tuple[int, str]] = []  # (paragraph number, text) of numbered headings, in body order
        self.by_page: dict[int, list[Paragraph]] = {}
        self.body = body
        for index, p in enumerate(body):
            number = p.location.paragraph
            if number is not None:
                self.by_number.setdefault(number, []).append(index)
                if p.heading_level is not None:
                    self.headings.append((number, p.text))
            if p.location.page is not None:
                self.by_page.setdefault(p.location.page, []).append(p)

    def of(self, image: Image) -> str:
        loc = image.location
        bits: list[str] = []
        if loc.paragraph is not None:
            # The last heading (in reading order) at or before the picture's paragraph.
            heading = ""
            for number, text in self.headings:
                if number <= loc.paragraph:
                    heading = text
            indices = sorted(i for n in range(loc.paragraph - NEAR_PARAGRAPHS, loc.paragraph + NEAR_PARAGRAPHS + 1)
                             for i in self.by_number.get(n, ()))
            bits = [self.body[i].text for i in indices]
            bits.append(heading)
        elif loc.page is not None:
            heading = ""
            top = loc.bbox[1] if loc.bbox else None
            bottom = loc.bbox[3] if loc.bbox else None
            for p in self.by_page.get(loc.page, ()):
                box = p.location.bbox
                if box is not None and top is not None and bottom is not None:
                    if box[3] <= top and p.heading_level is not None:
                        heading = p.text
                    if top - NEAR_POINTS <= box[3] <= top + 2 or bottom - 2 <= box[1] <= bottom + NEAR_POINTS:
                        bits.append(p.text)
            bits.append(heading)
        return " ".join(b for b in bits if b)


def map_words(text: words.Folded, extra: list[str] | tuple[str, ...] = ()) -> list[str]:
    found = words.found(text, "maps", "words")
    if extra:
        found += [w for w in words.found_in(text, tuple(extra)) if w not in found]
    return found


# The words PHOTO_OF_NAME_RE starts with: whole words, so a folded text without one of them (or
# without "of") cannot match, and the pattern is not run (nor, mostly, compiled).
PHOTO_WORDS = frozenset(("photo", "photograph", "picture", "image", "portrait", "headshot"))


def _may_name_photo(text: words.Folded) -> bool:
    # Without a lower case that lines up with the pattern's (``words.lower``), the words rule nothing out.
    return text.low is None or ("of" in text.tokens and not PHOTO_WORDS.isdisjoint(text.tokens))


def person_words(text: words.Folded, extra: list[str] | tuple[str, ...] = ()) -> list[str]:
    found = words.found(text, "people", "roles")
    m = PHOTO_OF_NAME_RE.search(text.text) if _may_name_photo(text) else None
    if m and not words.has(m.group(0), "maps", "words"):
        found.insert(0, m.group(0))
    if extra:
        found += [w for w in words.found_in(text, tuple(extra)) if w not in found]
    return found


def map_links(document: Document, text: str) -> list[str]:
    """Links and written web addresses to online maps (``text``: ``document.text()``, which the caller has already)."""
    hosts = words.words("maps", "hosts")
    targets = [link.target for link in document.links if any(h in link.target.lower() for h in hosts)]
    if "http" in text or "www." in text:  # the patterns below are case-sensitive, so these tests are exact
        for m in re.finditer(r"(?:https?://|www\.)\S+", text):
            if any(h in m.group(0).lower() for h in hosts):
                targets.append(m.group(0))
    if "///" in text:
        targets += re.findall(r"///[a-z]+\.[a-z]+\.[a-z]+", text)  # a what3words address
    return targets
