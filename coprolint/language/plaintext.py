"""A document model built from plain text, so the language checks can run on text files.

Used to measure the rules on the guidance itself (the seed texts) and in unit tests.
Each non-blank line is a paragraph; Markdown headings ("## Title") become headings and
"- " or "• " lines become list items.
"""

from __future__ import annotations

import html
import re

from coprolint.model import Document, Location, Paragraph, Run

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BULLET = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s+")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]{1,40}>")
_EMPHASIS = re.compile(r"\*\*|__|\\(?=[_*#\[\]])")


def _plain(line: str) -> str:
    """Markdown and HTML markup out, so only the words a reader sees are checked."""
    for _ in range(2):  # entities inside entities ("&amp;lt;") unwrap twice
        line = _TAG.sub("", html.unescape(line))
    return _EMPHASIS.sub("", _LINK.sub(r"\1", line))


def document_from_text(text: str, path: str = "<text>") -> Document:
    document = Document(path=path, format="docx")
    number = 0
    for line in text.splitlines():
        line = _plain(line)
        if not line.strip():
            continue
        number += 1
        heading = _HEADING.match(line.strip())
        level = None
        body = line.strip()
        if heading:
            level, body = len(heading.group(1)), heading.group(2).strip("*_ ")
        bullet = bool(_BULLET.match(line))
        if bullet:
            body = _BULLET.sub("", line).strip()
        document.paragraphs.append(
            Paragraph(runs=[Run(text=body)], location=Location(part="body", paragraph=number),
                      heading_level=level, list_item=bullet)
        )
    return document
