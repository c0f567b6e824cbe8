"""Readers turn a file into the document model. The format is told by the bytes, not the name.

Every way a file can fail to read ends in ``ReadError`` with a reason worded for
people ("it is protected by a password"), never a traceback.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from coprolint.model import Document
from coprolint.readers.limits import LIMITS, Limits

SUFFIX_FORMATS = {".docx": "docx", ".docm": "docx", ".dotx": "docx", ".dotm": "docx", ".pdf": "pdf"}
FORMAT_WORDS = {
    "docx": "a Word document (DOCX)",
    "pdf": "a PDF",
    "doc": "an old-style Word document (.doc)",
    "encrypted-office": "a password-protected Office document",
    "odt": "an OpenDocument text file (.odt)",
    "rtf": "a Rich Text Format file (.rtf)",
    "html": "a web page (HTML)",
    "text": "a plain text file",
    "zip": "a ZIP archive that is not a Word document",
    "xlsx": "an Excel workbook (.xlsx)",
    "pptx": "a PowerPoint presentation (.pptx)",
    "empty": "an empty file",
    "unknown": "a file of a kind coprolint does not know",
}


class ReadError(Exception):
    """The file could not be read; ``reason`` completes "Could not read this file because …"."""

    def __init__(self, reason: str, format: str | None = None, suggestion: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.format = format
        self.suggestion = suggestion


def sniff(path: Path) -> str:
    """What a file really is, from its first bytes (and, for ZIPs, its part names)."""
    with path.open("rb") as handle:
        head = handle.read(2048)
    if not head:
        return "empty"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        # An OLE container: a legacy .doc, or an encrypted OOXML package (which always names
        # its "EncryptionInfo" stream in the directory, UTF-16 encoded).
        with path.open("rb") as handle:
            blob = handle.read(1 << 20)
        return "encrypted-office" if "EncryptionInfo".encode("utf-16-le") in blob else "doc"
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return "docx" if b"word/" in head or b"[Content_Types].xml" in head else "zip"
        if "word/document.xml" in names or any(n.startswith("word/") for n in names):
            return "docx"
        if "content.xml" in names and "mimetype" in names:
            return "odt"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        if any(n.startswith("ppt/") for n in names):
            return "pptx"
        return "zip"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered[:512]:
        return "html"
    if b"\x00" not in head:
        try:
            head.decode("utf-8")
            return "text"
        except UnicodeDecodeError:
            pass
    return "unknown"


def read(path: Path, limits: Limits = LIMITS) -> tuple[Document, list[str]]:
    """Read a DOCX or PDF into the model: (document, warnings about its name)."""
    try:
        size = path.stat().st_size
        kind = sniff(path)
    except OSError as exc:
        raise ReadError(f"it cannot be opened ({exc.strerror or exc})") from None
    expected = SUFFIX_FORMATS.get(path.suffix.lower())
    if kind == "empty":
        raise ReadError("it is empty (0 bytes)", expected, "Save the document again from Word or your PDF tool.")
    if kind == "encrypted-office":
        raise ReadError(
            "it is protected by a password, so its contents are encrypted",
            "docx",
            "Remove the password (File > Info > Protect Document) before checking and sending it: "
            "people who need assistive technology often cannot open protected files.",
        )
    if kind not in ("docx", "pdf"):
        named = f" although it is named {path.suffix}" if expected else ""
        raise ReadError(
            f"it is {FORMAT_WORDS.get(kind, FORMAT_WORDS['unknown'])}{named}; coprolint reads DOCX and PDF files",
            None,
            "Save it as a Word document (.docx) or a PDF and check that file.",
        )
    if size > limits.max_file_bytes:
        raise ReadError(
            f"it is {size / 1e6:.0f} MB, over the {limits.max_file_bytes / 1e6:.0f} MB limit for one document", kind
        )
    mismatches: list[str] = []
    if expected and expected != kind:
        mismatches.append(
            f"This file is named {path.suffix} but it is {FORMAT_WORDS[kind]}; it was read as what it is."
        )
    if kind == "docx":
        from coprolint.readers.docx import read_docx

        return read_docx(path, limits), mismatches
    from coprolint.readers.pdf import read_pdf

    return read_pdf(path, limits), mismatches
