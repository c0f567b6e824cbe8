"""Read a Word document (DOCX) into the document model, with zipfile and lxml.

The package is opened safely (``ooxml_zip``), styles and the theme are resolved once
per document (``docx_styles``), and the parts are walked in reading order
(``docx_body``): the body with its tables and text boxes, then headers and footers
section by section, footnotes, endnotes; comments go to ``Document.comments``.

A damaged main part makes the file unreadable (``ReadError``); a damaged secondary
part (a header, the footnotes, the styles) is skipped with a note, so the rest is
still checked.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from coprolint.model import Comment, Document, Location, Paragraph
from coprolint.readers import ReadError
from coprolint.readers import docx_names as n
from coprolint.readers.docx_body import Walker, Where
from coprolint.readers.docx_images import ImageMaker, add_captions
from coprolint.readers.docx_styles import StyleSheet, Theme
from coprolint.readers.limits import LIMITS, Limits
from coprolint.readers.ooxml_zip import Package, PartError

_DC = "{http://purl.org/dc/elements/1.1/}"
_DCTERMS = "{http://purl.org/dc/terms/}"
_APP = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
_CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
_NOTE_KINDS = (("footnotes", "footnote", n.W + "footnote"), ("endnotes", "endnote", n.W + "endnote"))


def read_docx(path: Path, limits: Limits = LIMITS) -> Document:
    """The whole document as the model sees it. Raises ReadError, never anything else."""
    try:
        package = Package(path, limits)
        try:
            document = _DocxReader(package, path, limits).read()
        except BaseException:
            package.close()
            raise
        # Kept open for the pictures' loaders (reopening the ZIP for each picture cost more than
        # reading it) and closed with the document, as the PDF reader keeps its file.
        document.on_close(package.close)
        return document
    except ReadError:
        raise
    except PartError as exc:
        raise ReadError(f"its main text could not be read: {exc}", "docx", "Open it in Word and save it again.") from None
    except RecursionError:
        raise ReadError("its content is nested too deeply to follow safely", "docx") from None
    except MemoryError:
        raise ReadError("it needs more memory to read than coprolint allows", "docx") from None
    except Exception as exc:  # a reader fault must become a finding about this file, not a traceback
        raise ReadError(
            f"its contents are arranged in a way coprolint could not follow ({type(exc).__name__}: {exc})",
            "docx",
            "Open it in Word and save it again; if that does not help, please report it.",
        ) from None


class _DocxReader:
    def __init__(self, package: Package, path: Path, limits: Limits):
        self.package = package
        self.path = path
        self.limits = limits
        self.doc = Document(path=str(path), format="docx")

    def read(self) -> Document:
        package, doc = self.package, self.doc
        main = package.main_part()
        root = package.xml(main)  # a PartError here is fatal: there is nothing else to read
        if root.tag != n.W + "document":
            raise ReadError(
                f"its main part ({main}) is not Word text (it holds {etree.QName(root).localname!r})",
                "docx",
            )
        body = root.find(n.BODY)
        if body is None:
            raise ReadError("its main part has no body, so there is no text to check", "docx")
        rels = package.rels(main)
        by_type: dict[str, str] = {}
        for rel in rels.values():
            if not rel.external:
                by_type.setdefault(rel.type, rel.target)

        theme = Theme(self._optional(by_type.get("theme"), "theme (fonts and colours)"))
        styles = self._styles(by_type.get("styles"), theme)
        rendered = next(body.iter(n.LAST_RENDERED_PAGE_BREAK), None) is not None
        walker = Walker(doc, styles, rendered)
        images = ImageMaker(package, doc.images)
        images.paragraph_index = lambda: len(doc.paragraphs) - 1
        walker.on_drawing = images.add

        walker.rels = images.rels = rels
        walker.blocks(body, Where("body"))
        walker.fields.clear()
        walker.last_body_page = walker.page
        add_captions(images.placed, doc.paragraphs)
        body_end = len(doc.paragraphs)

        self._headers_and_footers(body, walker, images)
        for rel_type, part_name, tag in _NOTE_KINDS:
            self._notes(by_type.get(rel_type), part_name, tag, walker, images)
        add_captions([(image, index) for image, index in images.placed if index >= body_end], doc.paragraphs)
        self._comments(by_type.get("comments"), walker)
        self._metadata(styles, walker)
        return doc

    # ------------------------------------------------------------ parts

    def _optional(self, part: str | None, what: str) -> etree._Element | None:
        """A secondary part, or None with a note when it is present but damaged."""
        if not part or not self.package.has(part):
            return None
        try:
            return self.package.xml(part)
        except PartError as exc:
            self.doc.notes.append(f"The document's {what} could not be read ({exc}); that part was skipped.")
            return None

    def _styles(self, part: str | None, theme: Theme) -> StyleSheet:
        """The style sheet, its styles' content parsed only for the styles the document uses."""
        if not part or not self.package.has(part):
            return StyleSheet(None, theme)
        try:
            styles = self.package.xml_deferred(part, "style", "latentStyles")  # latent styles are never read
        except PartError as exc:
            self.doc.notes.append(f"The document's styles could not be read ({exc}); that part was skipped.")
            return StyleSheet(None, theme)
        return StyleSheet(styles.root, theme, styles.full)

    def _walk_part(self, part: str, where: Where, walker: Walker, images: ImageMaker, what: str,
                   tag: str | None = None) -> None:
        root = self._optional(part, what)
        if root is None:
            return
        walker.rels = images.rels = self.package.rels(part)
        if tag is None:
            walker.blocks(root, where)
        else:
            for note in root.iter(tag):
                if note.get(n.W_TYPE) in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                walker.blocks(note, where)
        walker.fields.clear()

    def _headers_and_footers(self, body: etree._Element, walker: Walker, images: ImageMaker) -> None:
        """Each header or footer part once, under the first section that uses it."""
        main_rels = self.package.rels(self.package.main_part())
        # One search over the body rather than a find() per paragraph; the first match per paragraph
        # is what find() would give.
        sections: list[etree._Element] = []
        last = None
        for sect in body.iterfind(f"{n.P}/{n.PPR}/{n.SECTPR}"):
            owner = sect.getparent().getparent()  # type: ignore[union-attr]
            if owner is not last:
                sections.append(sect)
                last = owner
        final = body.find(n.SECTPR)
        if final is not None:
            sections.append(final)
        seen: set[str] = set()
        for number, sect in enumerate(sections, 1):
            for kind in ("header", "footer"):
                for ref in sect.iterchildren(n.W + f"{kind}Reference"):
                    rel = main_rels.get(ref.get(n.R_ID, ""))
                    if rel is None or rel.external or rel.target in seen:
                        continue
                    seen.add(rel.target)
                    self._walk_part(rel.target, Where(kind, number), walker, images, f"{kind} ({rel.target})")

    def _notes(self, part: str | None, part_name: str, tag: str, walker: Walker, images: ImageMaker) -> None:
        if part:
            self._walk_part(part, Where(part_name), walker, images, f"{part_name}s", tag)

    def _comments(self, part: str | None, walker: Walker) -> None:
        root = self._optional(part, "comments") if part else None
        if root is None:
            return
        walker.rels = self.package.rels(part or "")
        for comment in root.iter(n.W + "comment"):
            sink: list[Paragraph] = []
            walker.blocks(comment, Where("comment", sink=sink))
            walker.fields.clear()
            text = "\n".join(p.text for p in sink).strip()
            where = walker.comment_anchors.get(comment.get(n.W_ID, ""), Location(part="comment"))
            self.doc.comments.append(Comment(author=comment.get(n.W_AUTHOR) or None, text=text, location=where))

    def _metadata(self, styles: StyleSheet, walker: Walker) -> None:
        meta = self.doc.metadata
        package_types: dict[str, str] = {}
        for rel in self.package.rels("").values():
            if not rel.external:
                package_types.setdefault(rel.type, rel.target)
        core = self._optional(package_types.get("core-properties") or "docProps/core.xml", "document properties")
        if core is not None:
            meta.title = _text(core.find(_DC + "title"))
            meta.subject = _text(core.find(_DC + "subject"))
            meta.author = _text(core.find(_DC + "creator"))
            meta.created = _text(core.find(_DCTERMS + "created"))
            meta.modified = _text(core.find(_DCTERMS + "modified"))
        app = self._optional(package_types.get("extended-properties") or "docProps/app.xml", "application properties")
        if app is not None:
            meta.producer = _text(app.find(_APP + "Application"))
        # app.xml's page count is often stale (templates copy it unchanged), so pages are counted
        # only from Word's own layout marks, and left unknown without them.
        meta.page_count = walker.last_body_page
        normal = styles.style_rpr(styles.default_style("paragraph"))
        meta.language = styles.doc_rpr.get("lang") or normal.get("lang") or walker.first_lang
        meta.tagged = None


def _text(element: etree._Element | None) -> str | None:
    if element is None or not element.text:
        return None
    value = element.text.strip()
    return value or None
