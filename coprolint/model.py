"""The one document model that both readers fill and every check reads.

Nothing here knows about python-docx, pdfplumber or pypdfium2: a reader turns a
file into these plain objects, and checks look only at them. Values are the
*effective* ones a reader of the document sees (styles and themes resolved),
not what happens to be written on a run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Literal

Format = Literal["docx", "pdf"]

# Where a piece of text lives. "body" is the main flow (in PDF, everything on a page).
PARTS = ("body", "table", "header", "footer", "textbox", "footnote", "endnote", "comment")


@dataclass(frozen=True, slots=True)
class Location:
    """A place a person can find: page for PDF; paragraph (and page or section when known) for DOCX."""

    part: str = "body"
    page: int | None = None  # 1-based
    paragraph: int | None = None  # 1-based, counted over the whole document in reading order
    section: int | None = None  # DOCX section (headers and footers belong to one)
    table: int | None = None  # 1-based, in reading order
    row: int | None = None
    cell: int | None = None
    line: int | None = None  # PDF: line on the page
    image: int | None = None  # 1-based image number in the document
    bbox: tuple[float, float, float, float] | None = None  # PDF points: x0, top, x1, bottom (top-left origin)

    def label(self) -> str:
        """Compact label for one-line output, e.g. ``p12``, ``page3``, ``table1-r2-c3``."""
        bits: list[str] = []
        if self.page is not None:
            bits.append(f"page{self.page}")
        if self.part in ("header", "footer"):
            bits.append(f"{self.part}(s{self.section})" if self.section else self.part)
        elif self.part in ("textbox", "footnote", "endnote", "comment"):
            bits.append(self.part)
        if self.table is not None:
            cell = f"table{self.table}"
            if self.row is not None:
                cell += f"-r{self.row}"
            if self.cell is not None:
                cell += f"-c{self.cell}"
            bits.append(cell)
        if self.paragraph is not None:
            bits.append(f"p{self.paragraph}")
        elif self.line is not None:
            bits.append(f"line{self.line}")
        if self.image is not None:
            bits.append(f"image{self.image}")
        return ":".join(bits) if bits else "document"

    def describe(self) -> str:
        """Words for people, e.g. "page 3, table 1 row 2 cell 3"."""
        bits: list[str] = []
        if self.page is not None:
            bits.append(f"page {self.page}")
        if self.part in ("header", "footer"):
            bits.append(f"{self.part} of section {self.section}" if self.section else self.part)
        elif self.part in ("textbox", "footnote", "endnote", "comment"):
            bits.append({"textbox": "text box"}.get(self.part, self.part))
        if self.table is not None:
            words = f"table {self.table}"
            if self.row is not None:
                words += f" row {self.row}"
            if self.cell is not None:
                words += f" cell {self.cell}"
            bits.append(words)
        if self.paragraph is not None:
            bits.append(f"paragraph {self.paragraph}")
        elif self.line is not None:
            bits.append(f"line {self.line}")
        if self.image is not None:
            bits.append(f"image {self.image}")
        return ", ".join(bits) if bits else "the whole document"

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"part": self.part}
        for key in ("page", "paragraph", "section", "table", "row", "cell", "line", "image"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.bbox is not None:
            out["bbox"] = [round(v, 1) for v in self.bbox]
        return out


DOCUMENT = Location(part="body")


@dataclass(slots=True)
class Run:
    """A stretch of text with one effective formatting."""

    text: str
    font: str | None = None  # effective family, normalised ("Arial", not "ABCDEF+Arial-BoldMT")
    size: float | None = None  # points
    bold: bool = False
    italic: bool = False
    underline: bool = False
    caps: bool = False  # shown in capitals by formatting (w:caps / small caps), whatever the letters
    color: str | None = None  # "RRGGBB"; None means automatic (normally black)
    highlight: str | None = None  # "RRGGBB" highlight behind the text
    shading: str | None = None  # "RRGGBB" run shading
    link: str | None = None  # hyperlink target when the run is part of a link
    font_as_written: str | None = None  # the name in the file, before normalisation


@dataclass(slots=True)
class Paragraph:
    """A DOCX paragraph, or a PDF line rebuilt from its characters (joined into paragraphs where clear)."""

    runs: list[Run]
    location: Location
    style: str | None = None  # style name as the author sees it ("Heading 1", "Normal")
    heading_level: int | None = None  # 1..9 for real headings (style or outline level, PDF tags)
    alignment: str | None = None  # "left", "center", "right", "justify"
    shading: str | None = None  # paragraph or table-cell background "RRGGBB"
    list_item: bool = False
    line_spacing: float | None = None  # as a multiple of single spacing, where known
    _text: str | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "".join(run.text for run in self.runs)
        return self._text

    @property
    def part(self) -> str:
        return self.location.part


@dataclass(slots=True)
class Table:
    """A table's cell texts, row by row."""

    location: Location
    cells: list[list[str]]  # text of each cell, row by row
    header_row: bool = False  # first row marked as a repeating header (DOCX tblHeader, PDF TH tags)


@dataclass(slots=True)
class Image:
    """An embedded picture. Pixels are loaded only when a check asks for them.

    ``loader`` returns bytes Pillow can open (PDF: JPEG as stored, else an uncompressed BMP); it
    may raise when it refuses (over the pixel limit, undecodable): treat that as "could not inspect".
    """

    location: Location
    name: str = ""
    format: str | None = None  # lower-case: "png", "jpeg", "gif", "webp", "emf", "wmf", "tiff", "jbig2", ...
    width_px: int | None = None
    height_px: int | None = None
    display_width_pt: float | None = None
    display_height_pt: float | None = None
    frames: int | None = None  # > 1 for animation; None when not yet known
    alt_text: str | None = None
    title: str | None = None
    decorative: bool = False
    caption: str | None = None  # caption, or the nearest text before/after the image
    loader: Callable[[], bytes] | None = field(default=None, repr=False)

    def data(self) -> bytes | None:
        """The encoded image bytes, or None when the reader could not keep them."""
        return self.loader() if self.loader is not None else None


@dataclass(slots=True)
class Link:
    """A hyperlink: the words shown and where it goes."""

    text: str
    target: str
    location: Location


@dataclass(slots=True)
class Comment:
    """A reviewer's comment left in the document."""

    author: str | None
    text: str
    location: Location


@dataclass(slots=True)
class Page:
    """PDF page facts (DOCX has no fixed pages; it fills none)."""

    number: int
    width_pt: float
    height_pt: float
    text_chars: int = 0  # characters in the text layer
    image_coverage: float = 0.0  # share of the page area covered by images, 0..1


@dataclass(slots=True)
class Metadata:
    """The document's properties: title, subject, language and the like."""

    title: str | None = None
    subject: str | None = None
    author: str | None = None
    language: str | None = None  # "en-GB"
    created: str | None = None  # ISO 8601 as written
    modified: str | None = None
    producer: str | None = None
    tagged: bool | None = None  # PDF: has a structure tree; None for DOCX
    page_count: int | None = None


@dataclass(slots=True)
class Document:
    """Everything a check may read about one document, filled by the DOCX or PDF reader."""

    path: str
    format: Format
    paragraphs: list[Paragraph] = field(default_factory=list)  # everything, reading order: body first, then other parts
    tables: list[Table] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    tracked_changes: list[Location] = field(default_factory=list)  # insertions, deletions, moves left in
    pages: list[Page] = field(default_factory=list)
    metadata: Metadata = field(default_factory=Metadata)
    notes: list[str] = field(default_factory=list)  # what the reader could not take in fully, for people
    _closers: list[Callable[[], None]] = field(default_factory=list, repr=False)

    def body(self) -> list[Paragraph]:
        """Paragraphs of the main flow, tables included, without headers, footers and notes."""
        return [p for p in self.paragraphs if p.location.part in ("body", "table", "textbox")]

    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)

    def on_close(self, closer: Callable[[], None]) -> None:
        self._closers.append(closer)

    def close(self) -> None:
        while self._closers:
            try:
                self._closers.pop()()
            except Exception:  # closing must never hide the real result
                pass
