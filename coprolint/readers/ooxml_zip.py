"""Safe access to an Office Open XML package (a ZIP of XML parts).

Everything a hostile file could use against us is refused here, before work is done:
declared part sizes are checked before anything is inflated, each read is capped,
and XML is parsed without DTDs, entities or network access. A package that carries
a DOCTYPE is refused outright: Word never writes one, and the only reason to have
one in a document part is entity tricks.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from coprolint.readers import ReadError
from coprolint.readers.limits import Limits

REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_REL = f"{{{REL_NS}}}Relationship"

# ISO 29500 Strict uses other namespace names for the same vocabulary; mapping them onto the
# transitional names lets one walker read both.
_STRICT = (
    (b"http://purl.oclc.org/ooxml/wordprocessingml/main", b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"),
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships", b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"),
    (b"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing", b"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"),
    (b"http://purl.oclc.org/ooxml/drawingml/main", b"http://schemas.openxmlformats.org/drawingml/2006/main"),
    (b"http://purl.oclc.org/ooxml/drawingml/picture", b"http://schemas.openxmlformats.org/drawingml/2006/picture"),
)

# What the package's main part says it is, for packages that are not Word documents.
_OTHER_OFFICE = {
    "xl/": "an Excel workbook (.xlsx), not a Word document",
    "ppt/": "a PowerPoint presentation (.pptx), not a Word document",
    "visio/": "a Visio drawing, not a Word document",
}


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


_PARSER = _parser()


class PartError(Exception):
    """One part could not be read; the caller decides whether the whole file fails."""


@dataclass(frozen=True, slots=True)
class Relationship:
    """One link from a part of the package to another part or to an outside address."""

    id: str
    type: str  # the last segment of the type URI: "image", "hyperlink", "header", ...
    target: str  # a part name inside the package, or the external address as written
    external: bool


class Package:
    """An opened, size-checked OOXML package. Use as a context manager."""

    def __init__(self, path: Path, limits: Limits):
        self.path = path
        self.limits = limits
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError) as exc:
            raise ReadError(
                "it is damaged or incomplete: the Word package (a ZIP archive) cannot be opened "
                f"({_short(exc)})",
                "docx",
                "Open it in Word; if Word can repair it, save the repaired copy and check that.",
            ) from None
        try:
            self._names = self._check_sizes()
        except ReadError:
            self._zip.close()
            raise
        self._rels: dict[str, dict[str, Relationship]] = {}

    def __enter__(self) -> "Package":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    def _check_sizes(self) -> dict[str, str]:
        """Refuse zip bombs by what the archive declares, before inflating anything."""
        limits = self.limits
        total = 0
        names: dict[str, str] = {}
        for info in self._zip.infolist():
            size = info.file_size
            total += size
            if size > limits.max_part_bytes:
                raise ReadError(
                    f"one of its parts ({info.filename}) would unpack to {size / 1e6:,.0f} MB, over the "
                    f"{limits.max_part_bytes / 1e6:,.0f} MB limit; this is how a 'zip bomb' attacks a computer",
                    "docx",
                )
            if size > limits.ratio_floor_bytes and size > limits.max_ratio * max(info.compress_size, 1):
                raise ReadError(
                    f"one of its parts ({info.filename}) would unpack to {size / max(info.compress_size, 1):,.0f} "
                    "times its packed size, which only a 'zip bomb' does",
                    "docx",
                )
            # Part names are case-insensitive in OOXML; producers do not always agree on case.
            names.setdefault(info.filename.lstrip("/").lower(), info.filename)
        if total > limits.max_total_bytes:
            raise ReadError(
                f"its parts would unpack to {total / 1e6:,.0f} MB in all, over the "
                f"{limits.max_total_bytes / 1e6:,.0f} MB limit; this is how a 'zip bomb' attacks a computer",
                "docx",
            )
        return names

    # ------------------------------------------------------------ parts

    def has(self, name: str) -> bool:
        return name.lstrip("/").lower() in self._names

    def size(self, name: str) -> int | None:
        """A part's declared unpacked size (already checked against the limits)."""
        real = self._names.get(name.lstrip("/").lower())
        return self._zip.getinfo(real).file_size if real is not None else None

    def read(self, name: str, head: int | None = None) -> bytes:
        """A part's bytes (or only its first ``head`` bytes), never more than the per-part limit."""
        real = self._names.get(name.lstrip("/").lower())
        if real is None:
            raise PartError(f"{name} is missing")
        cap = self.limits.max_part_bytes if head is None else min(head, self.limits.max_part_bytes)
        try:
            with self._zip.open(real) as stream:
                data = stream.read(cap + 1)
        except RuntimeError as exc:  # zipfile says "encrypted" this way
            raise PartError(f"{name} is encrypted ({exc})") from None
        except NotImplementedError as exc:
            raise PartError(f"{name} uses a compression coprolint cannot unpack ({exc})") from None
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
            raise PartError(f"{name} is damaged ({_short(exc)})") from None
        except Exception as exc:  # zlib.error and friends from a corrupt stream
            raise PartError(f"{name} is damaged ({_short(exc)})") from None
        if head is None and len(data) > cap:
            raise PartError(f"{name} is larger than the {cap / 1e6:,.0f} MB limit for one part")
        return data[:cap] if head is not None else data

    def xml(self, name: str) -> etree._Element:
        """Parse a part with the hardened parser; a DOCTYPE or broken XML is a PartError."""
        return _parse(name, self._checked(name))

    def xml_deferred(self, name: str, *locals: str) -> "DeferredPart":
        """Parse a part with the content of its top-level elements named ``locals`` left out until
        asked for (``DeferredPart.full``). Word's styles part holds a hundred or more styles, mostly
        table styles, and a document uses a handful: building all of them cost more than reading
        the body. The whole part is still checked to be well-formed XML first, so a broken part is
        refused exactly as ``xml`` refuses it."""
        data = self._checked(name)
        cut = _cut(data, tuple(local.encode() for local in locals))
        if cut is None:
            return DeferredPart(name, _parse(name, data))
        skeleton, wrapper, prefix, elements = cut
        try:
            etree.fromstring(data, _CHECKER)
            complaints = len(_CHECKER.error_log)
        except (etree.XMLSyntaxError, ValueError):
            complaints = 1
        if complaints:
            # The plain parse gives the reason. Without a tree, libxml2 only logs what is not fatal
            # to plain XML (an undeclared namespace prefix), which the plain parse refuses.
            return DeferredPart(name, _parse(name, data))
        try:
            root = _parse(name, skeleton)
        except PartError:
            return DeferredPart(name, _parse(name, data))
        cut_out = [el for el in root.iter(*("{*}" + local for local in locals)) if el.prefix == prefix]
        if len(cut_out) != len(elements) or any(
            el.tag.rpartition("}")[2] != locals[kind] or (whole is not None and el.getparent() is not root)
            for el, (kind, whole) in zip(cut_out, elements)
        ):
            return DeferredPart(name, _parse(name, data))  # not the plain layout the cut assumes
        wholes = {el: whole for el, (_, whole) in zip(cut_out, elements) if whole is not None}
        return DeferredPart(name, root, wholes, wrapper)

    def _checked(self, name: str) -> bytes:
        """A part's bytes, refused if it carries a DTD, with Strict namespace names made transitional."""
        data = self.read(name)
        # Refuse a DTD before libxml2 sees it: entity tricks are the only reason to ship one.
        if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:65536]:
            raise PartError(f"{name} declares a DOCTYPE with XML entities, which coprolint never expands")
        if b"purl.oclc.org/ooxml" in data:
            for strict, transitional in _STRICT:
                data = data.replace(strict, transitional)
        return data

    # ------------------------------------------------------------ relationships

    def rels(self, part: str) -> dict[str, Relationship]:
        """The relationships of a part (``""`` for the package), targets resolved to part names."""
        if part in self._rels:
            return self._rels[part]
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        found: dict[str, Relationship] = {}
        if self.has(rels_name):
            try:
                root = self.xml(rels_name)
            except PartError:
                root = None
            if root is not None:
                for rel in root.iter(_REL):
                    rid, kind, target = rel.get("Id"), rel.get("Type", ""), rel.get("Target")
                    if not rid or target is None:
                        continue
                    external = rel.get("TargetMode", "").lower() == "external"
                    if not external:
                        target = resolve_target(folder, target)
                    found[rid] = Relationship(rid, kind.rsplit("/", 1)[-1], target, external)
        self._rels[part] = found
        return found

    def main_part(self) -> str:
        """The main document part, found the way Word finds it (package relationships)."""
        for rel in self.rels("").values():
            if rel.type == "officeDocument" and not rel.external:
                target = rel.target
                for prefix, words in _OTHER_OFFICE.items():
                    if target.lower().startswith(prefix):
                        raise ReadError(f"it is {words}", None, "Check the Word document itself, saved as .docx.")
                if self.has(target):
                    return target
        if self.has("word/document.xml"):
            return "word/document.xml"
        for prefix, words in _OTHER_OFFICE.items():
            if any(name.startswith(prefix) for name in self._names):
                raise ReadError(f"it is {words}", None, "Check the Word document itself, saved as .docx.")
        raise ReadError(
            "it has no main text part (word/document.xml), so it is not a complete Word document",
            "docx",
            "Open it in Word and save it again as a .docx file.",
        )


class DeferredPart:
    """A parsed part some of whose elements were parsed without their content (see ``xml_deferred``)."""

    def __init__(self, name: str, root: etree._Element, wholes: dict[etree._Element, bytes] | None = None,
                 wrapper: tuple[bytes, bytes] = (b"", b"")):
        self.name = name
        self.root = root
        self._wholes = wholes or {}
        self._wrapper = wrapper
        self._full: dict[etree._Element, etree._Element] = {}

    def full(self, element: etree._Element) -> etree._Element:
        """The element with its content: itself unless it was left out, else parsed now (once),
        inside a copy of the part's root start tag so its namespace prefixes mean what they did."""
        whole = self._wholes.get(element)
        if whole is None:
            return element
        done = self._full.get(element)
        if done is None:
            head, tail = self._wrapper
            try:
                done = _parse(self.name, head + whole + tail)[0]
            except IndexError:
                raise PartError(f"{self.name} could not be read in pieces") from None
            self._full[element] = done
        return done


def _parse(name: str, data: bytes) -> etree._Element:
    try:
        tree = etree.fromstring(data, _PARSER).getroottree()
    except etree.XMLSyntaxError as exc:
        raise PartError(f"{name} is not well-formed XML ({_short(exc)})") from None
    except ValueError as exc:
        raise PartError(f"{name} cannot be parsed ({_short(exc)})") from None
    info = tree.docinfo
    if info.internalDTD is not None or info.doctype:
        raise PartError(f"{name} declares a DOCTYPE with XML entities, which coprolint never expands")
    return tree.getroot()


class _NoTree:
    """A parser target with no callbacks: libxml2 then only checks the XML, building nothing."""

    def close(self) -> None:
        return None


# The same limits as _PARSER (no DTD, entities, network or huge trees), for the well-formedness check.
_CHECKER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False, target=_NoTree()
)
_DECLARATION = re.compile(rb"<\?xml[^>]*\?>")
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([^"']*)["']""")
# A start tag: name, then quoted attributes (a quoted value may hold ">"), then ">" or "/>".
_START_TAG = re.compile(rb"""<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)(?:\s+[^\s=<>/]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*\s*(/?)>""")


def _cut(data: bytes, locals: tuple[bytes, ...]) -> tuple[bytes, tuple[bytes, bytes], str | None,
                                                         list[tuple[int, bytes | None]]] | None:
    """The part with every element named by ``locals`` with the root's prefix emptied, the bytes to
    put around one such element to parse it alone, that prefix, and each element (its index in
    ``locals``, the element whole or None if it was already empty), in document order.

    None unless the part is plain UTF-8 markup: with no comments, CDATA, processing instructions
    or DTD, every "<" starts a tag, so finding tags by their names is exact."""
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    declaration = _DECLARATION.match(data, start)
    if declaration is not None:
        encoding = _ENCODING.search(declaration.group())
        if encoding is not None and encoding.group(1).lower() not in (b"utf-8", b"utf8"):
            return None
        start = declaration.end()
    if _has_markup(data, b"!", 0) or _has_markup(data, b"?", start):
        return None
    if b"xml:id" in data:  # checked only while building a tree (a repeated or ill-formed id is refused)
        return None
    root = _START_TAG.match(data, data.find(b"<", start))
    if root is None or root.group(3):
        return None
    prefix = root.group(1) or b""
    closings = [b"</" + prefix + local for local in locals]
    starts: list[tuple[int, int]] = []  # (where, index in locals) of each start tag, in document order
    for kind, local in enumerate(locals):
        opening = b"<" + prefix + local
        at = _next_tag(data, opening, root.end())
        while at != -1:
            starts.append((at, kind))
            at = _next_tag(data, opening, at + len(opening))
    starts.sort()
    pieces: list[bytes] = []
    elements: list[tuple[int, bytes | None]] = []
    done = 0
    for index, (at, kind) in enumerate(starts):
        tag_end = _start_tag_end(data, at)
        if tag_end == -1:
            return None
        if data[tag_end - 2] == 0x2F:  # "/>": already empty, nothing to leave out
            elements.append((kind, None))
            continue
        # Its end tag is the last one before the next cut element starts: none there means this one
        # holds the next (nested), which is left to the plain parse.
        limit = starts[index + 1][0] if index + 1 < len(starts) else len(data)
        end = _last_tag(data, closings[kind], tag_end, limit)
        if end == -1:
            return None
        close = data.find(b">", end) + 1
        if close == 0 or data[end + len(closings[kind]) : close - 1].strip():
            return None
        pieces.append(data[done:at])
        pieces.append(data[at : tag_end - 1] + b"/>")
        elements.append((kind, data[at:close]))
        done = close
    if not pieces:
        return None
    pieces.append(data[done:])
    wrapper = (data[: root.end()], b"</" + prefix + root.group(2) + b">")
    return b"".join(pieces), wrapper, prefix[:-1].decode() or None, elements


def _has_markup(data: bytes, mark: bytes, start: int) -> bool:
    """Whether "<" + mark ("<!" or "<?") occurs from ``start``; a one-byte find runs at memchr's
    speed and these marks are rare, where finding the two-byte string scans byte by byte."""
    at = data.find(mark, start)
    while at != -1:
        if at > 0 and data[at - 1] == 0x3C:  # "<"
            return True
        at = data.find(mark, at + 1)
    return False


def _start_tag_end(data: bytes, at: int) -> int:
    """Where the start tag beginning at ``at`` ends (just past its ">"), or -1. Its first ">" ends it
    unless that sits in a quoted value: with no apostrophes and an even number of quotes before it,
    it cannot, and the plain find spares a regular expression."""
    close = data.find(b">", at)
    if close == -1:
        return -1
    if data.count(b'"', at, close) % 2 == 0 and data.find(b"'", at, close) == -1:
        return close + 1
    tag = _START_TAG.match(data, at)
    return tag.end() if tag is not None else -1


def _last_tag(data: bytes, opening: bytes, start: int, stop: int) -> int:
    """Where the last tag opening with exactly this name starts in data[start:stop], or -1."""
    at = data.rfind(opening, start, stop)
    while at != -1 and data[at + len(opening) : at + len(opening) + 1] not in _NAME_ENDS:
        at = data.rfind(opening, start, at)
    return at


def _next_tag(data: bytes, opening: bytes, start: int) -> int:
    """Where the next tag opening with exactly this name starts ("<w:style" but not "<w:styles"), or -1;
    bytes.find scans far faster than a regular expression search."""
    at = data.find(opening, start)
    while at != -1 and data[at + len(opening) : at + len(opening) + 1] not in _NAME_ENDS:
        at = data.find(opening, at + 1)
    return at


_NAME_ENDS = frozenset((b" ", b"\t", b"\r", b"\n", b"/", b">"))


def resolve_target(folder: str, target: str) -> str:
    """A relationship target as a part name: relative to the source part's folder, or absolute."""
    target = target.replace("\\", "/")
    if target.startswith("/"):
        joined = target.lstrip("/")
    else:
        joined = posixpath.join(folder, target)
    return posixpath.normpath(joined).lstrip("/")


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."
