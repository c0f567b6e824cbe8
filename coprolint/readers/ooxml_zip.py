"""Safe access to an Office Open XML package (a ZIP of XML parts).

Everything a hostile file could use against us is refused here, before work is done:
declared part sizes are checked before anything is inflated, each read is capped,
and XML is parsed without DTDs, entities or network access. A package that carries
a DOCTYPE is refused outright: Word never writes one, and the only reason to have
one in a document part is entity tricks.
"""

from __future__ import annotations

import posixpath
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
        data = self.read(name)
        # Refuse a DTD before libxml2 sees it: entity tricks are the only reason to ship one.
        if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:65536]:
            raise PartError(f"{name} declares a DOCTYPE with XML entities, which coprolint never expands")
        if b"purl.oclc.org/ooxml" in data:
            for strict, transitional in _STRICT:
                data = data.replace(strict, transitional)
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
