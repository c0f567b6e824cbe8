"""A DOCX package held in memory for editing: XML parts parsed on demand, the rest kept as bytes.

The reader has already opened the file within its limits before a fixer runs, so the
package here is known to be a readable Word document of sane size.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Iterator

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
STRICT_W_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
# Part kind -> the content type's ending after the WordprocessingML prefix.
KINDS = {
    "document": ("document.main+xml", "template.main+xml", "document.macroEnabled.main+xml", "template.macroEnabledTemplate.main+xml"),
    "styles": ("styles+xml",),
    "header": ("header+xml",),
    "footer": ("footer+xml",),
    "footnotes": ("footnotes+xml",),
    "endnotes": ("endnotes+xml",),
}
THEME_TYPE = "application/vnd.openxmlformats-officedocument.theme+xml"
CORE_TYPE = "application/vnd.openxmlformats-package.core-properties+xml"


def _parser() -> etree.XMLParser:
    # Same safety as the reader: no DTDs, entities or network; comments kept so nothing is lost.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class PackageError(Exception):
    """The package cannot be edited safely; the message is worded for people."""


class DocxPackage:
    def __init__(self, path: Path):
        with zipfile.ZipFile(path) as archive:
            self.infos = archive.infolist()
            self.data = {info.filename: archive.read(info) for info in self.infos if not info.is_dir()}
        self._parsed: dict[str, etree._Element] = {}
        self.types = self._content_types()
        if any(STRICT_W_NS.encode() in self.data.get(name, b"") for name in self.parts("document")):
            raise PackageError(
                "it is saved as Strict Open XML, which coprolint does not edit; save it from Word as an "
                "ordinary Word Document (.docx) and try again"
            )

    def _content_types(self) -> dict[str, str]:
        """Part name (no leading slash) -> content type."""
        root = etree.fromstring(self.data["[Content_Types].xml"], _parser())
        defaults = {el.get("Extension", "").lower(): el.get("ContentType", "") for el in root.iter(CT_NS + "Default")}
        types = {}
        for name in self.data:
            types[name] = defaults.get(name.rsplit(".", 1)[-1].lower(), "")
        for el in root.iter(CT_NS + "Override"):
            types[el.get("PartName", "").lstrip("/")] = el.get("ContentType", "")
        return types

    def parts(self, kind: str) -> list[str]:
        """Names of the parts of one kind ("document", "styles", "header", ...), in name order."""
        endings = KINDS[kind]
        return sorted(name for name, ctype in self.types.items()
                      if name in self.data and ctype.startswith(_WML) and ctype[len(_WML):] in endings)

    def parts_of_type(self, content_type: str) -> list[str]:
        return sorted(name for name, ctype in self.types.items() if ctype == content_type and name in self.data)

    def xml(self, name: str) -> etree._Element:
        """The parsed part; edits to it are written back by ``save``."""
        if name not in self._parsed:
            self._parsed[name] = etree.fromstring(self.data[name], _parser())
        return self._parsed[name]

    def story_parts(self) -> Iterator[tuple[str, str]]:
        """(part name, part kind) of every part that holds text people read."""
        for kind in ("document", "header", "footer", "footnotes", "endnotes"):
            for name in self.parts(kind):
                yield name, kind

    def styles_in_use(self, styles: etree._Element) -> list[etree._Element]:
        """The styles the document's text takes its look from: those its parts name, the defaults,
        and every style these are based on or linked to. Unused styles are left as they are."""
        by_id = {el.get(W + "styleId"): el for el in styles.iter(W + "style")}
        wanted = {sid for sid, el in by_id.items() if el.get(W + "default") in ("1", "true", "on")}
        for name, _ in self.story_parts():
            for tag in ("pStyle", "rStyle", "tblStyle"):
                wanted.update(el.get(W + "val") for el in self.xml(name).iter(W + tag))
        queue = list(wanted)
        while queue:
            style = by_id.get(queue.pop())
            if style is None:
                continue
            for tag in ("basedOn", "link"):
                ref = style.find(W + tag)
                target = ref.get(W + "val") if ref is not None else None
                if target and target not in wanted:
                    wanted.add(target)
                    queue.append(target)
        return [el for sid, el in by_id.items() if sid in wanted]

    def add_part(self, name: str, data: bytes) -> None:
        self.data[name] = data
        self.infos.append(zipfile.ZipInfo(name))

    def save(self, path: Path) -> None:
        """Write every part, in the original order; parsed parts serialised, the rest copied as they were."""
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            seen: set[str] = set()
            for info in self.infos:
                name = info.filename
                if name in seen or name not in self.data:
                    continue
                seen.add(name)
                if name in self._parsed:
                    data = etree.tostring(self._parsed[name], xml_declaration=True, encoding="UTF-8", standalone=True)
                else:
                    data = self.data[name]
                archive.writestr(zipfile.ZipInfo(name, date_time=info.date_time), data, compress_type=zipfile.ZIP_DEFLATED)
