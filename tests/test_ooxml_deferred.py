"""Parsing a part with some elements' content left out (Package.xml_deferred) must give, element by
element, what the plain parse gives, and refuse exactly what the plain parse refuses."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import FIXTURES

from coprolint.readers.limits import LIMITS
from coprolint.readers.ooxml_zip import Package, PartError

W_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DECL = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
ROOT = f'<w:styles xmlns:w="{W_MAIN}" xmlns:x="urn:x">'.encode()
STYLE_A = b'<w:style w:type="paragraph" w:styleId="A"><w:name w:val="a"/><w:rPr><w:b/></w:rPr></w:style>'
STYLE_B = (b'<w:style w:type="character" w:styleId="B" x:note="a > b/>c">'
           b'<w:name w:val="b"/><w:basedOn w:val="A"/></w:style>')


def _package(tmp_path: Path, styles: bytes) -> Package:
    path = tmp_path / "p.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/styles.xml", styles)
    return Package(path, LIMITS)


def _children(element: etree._Element, full=lambda el: el) -> list[bytes]:  # type: ignore[no-untyped-def]
    return [etree.tostring(full(child)) for child in element]


def _assert_same_as_plain(package: Package, name: str) -> bool:
    """Whether the part was cut; either way its children match the plain parse's."""
    plain = package.xml(name)
    deferred = package.xml_deferred(name, "style", "latentStyles")
    assert deferred.root.tag == plain.tag
    assert _children(deferred.root, deferred.full) == _children(plain)
    assert dict(deferred.root.attrib) == dict(plain.attrib)
    return bool(deferred._wholes)


@pytest.mark.parametrize("path", sorted((FIXTURES / "reader").glob("*.docx")) + [FIXTURES / "clean" / "agenda-in-person.docx"],
                         ids=lambda p: p.name)
def test_real_styles_parts_match_the_plain_parse(path: Path) -> None:
    with Package(path, LIMITS) as package:
        if package.has("word/styles.xml"):
            _assert_same_as_plain(package, "word/styles.xml")


def test_style_content_is_cut_and_read_back(tmp_path: Path) -> None:
    package = _package(tmp_path, DECL + ROOT + b"<w:docDefaults/><w:latentStyles><w:lsdException/></w:latentStyles>" + STYLE_A + STYLE_B + b"</w:styles>")
    assert _assert_same_as_plain(package, "word/styles.xml")
    deferred = package.xml_deferred("word/styles.xml", "style", "latentStyles")
    assert len(deferred.root[1]) == 0  # latent styles left out too
    placeholder = deferred.root[2]
    assert len(placeholder) == 0 and placeholder.get(f"{{{W_MAIN}}}styleId") == "A"
    assert deferred.full(placeholder).find(f"{{{W_MAIN}}}rPr") is not None
    assert deferred.full(placeholder) is deferred.full(placeholder)  # parsed once
    # A quoted ">" or "/>" inside an attribute does not end the start tag early.
    assert deferred.root[3].get("{urn:x}note") == "a > b/>c"


def test_default_namespace_and_empty_styles(tmp_path: Path) -> None:
    part = (f'<styles xmlns="{W_MAIN}"><style styleId="E"/><style styleId="F"><name val="f"/></style>'
            "<stylesWithMore/></styles>").encode()
    assert _assert_same_as_plain(_package(tmp_path, part), "word/styles.xml")


@pytest.mark.parametrize("odd", [
    b"<!-- <w:style> in a comment -->",
    b"<w:style w:styleId='C'><![CDATA[</w:style>]]></w:style>",
    b"<?pi <w:style?>",
    b"<w:style w:styleId='N'><w:style w:styleId='M'/><w:name/></w:style>",  # nested: left to the plain parse
    b"<w:latentStyles><w:style w:styleId='L'/></w:latentStyles>",  # one cut element inside another
])
def test_markup_the_cut_cannot_read_falls_back_to_the_plain_parse(tmp_path: Path, odd: bytes) -> None:
    package = _package(tmp_path, DECL + ROOT + odd + STYLE_A + b"</w:styles>")
    assert not _assert_same_as_plain(package, "word/styles.xml")


def test_other_encodings_fall_back_to_the_plain_parse(tmp_path: Path) -> None:
    part = b"<?xml version='1.0' encoding='windows-1252'?>" + ROOT + STYLE_A.replace(b'w:val="a"', b'w:val="caf\xe9"') + b"</w:styles>"
    package = _package(tmp_path, part)
    assert not _assert_same_as_plain(package, "word/styles.xml")
    assert package.xml("word/styles.xml")[0][0].get(f"{{{W_MAIN}}}val") == "café"


@pytest.mark.parametrize("broken", [
    STYLE_A.replace(b"<w:b/>", b"<w:b>"),  # unclosed element inside a style nobody uses
    STYLE_A.replace(b"<w:b/>", b"<w:b/><q:none/>"),  # undeclared prefix
    STYLE_A.replace(b'w:val="a"', b'w:val="a" w:val="b"'),  # repeated attribute
    STYLE_A.replace(b"<w:b/>", b"<w:b/>&nope;"),  # undefined entity
    STYLE_A.replace(b"<w:b/>", b'<w:b xml:id="x"/><w:i xml:id="x"/>'),  # repeated id, refused only by tree building
])
def test_broken_content_is_refused_exactly_as_the_plain_parse_refuses_it(tmp_path: Path, broken: bytes) -> None:
    package = _package(tmp_path, DECL + ROOT + STYLE_B + broken + b"</w:styles>")
    with pytest.raises(PartError) as plain:
        package.xml("word/styles.xml")
    with pytest.raises(PartError) as deferred:
        package.xml_deferred("word/styles.xml", "style")
    assert str(deferred.value) == str(plain.value)


def test_a_doctype_is_refused_as_before(tmp_path: Path) -> None:
    part = b'<?xml version="1.0"?><!DOCTYPE w:styles [<!ENTITY a "x">]>' + ROOT + STYLE_A + b"</w:styles>"
    with pytest.raises(PartError, match="DOCTYPE"):
        _package(tmp_path, part).xml_deferred("word/styles.xml", "style")
