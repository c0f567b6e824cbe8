"""coprolint.readers.pdf_lib declares the pdfium functions the PDF reader calls itself, instead of
importing pypdfium2's generated bindings. These tests tie those declarations to the bindings of
the installed pypdfium2, so that an upgrade that changes a function's shape fails here rather
than misreading documents."""

from __future__ import annotations

import ctypes
from typing import Any

import pytest

from coprolint.readers import pdf_lib


def _shape(kind: Any) -> str:
    """What a C type means to the calling convention: a pointer, or a number of a size and sign."""
    if kind is None:
        return "void"
    if kind in (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_wchar_p):
        return "pointer"
    if isinstance(kind, type) and issubclass(kind, (ctypes._Pointer, ctypes._CFuncPtr)):  # type: ignore[attr-defined]
        return "pointer"
    if isinstance(kind, type) and issubclass(kind, ctypes._SimpleCData):  # type: ignore[attr-defined]
        number = "float" if kind._type_ in "fd" else "unsigned" if kind._type_ in "BHILQ" else "signed"
        return f"{number} {ctypes.sizeof(kind)}"
    return repr(kind)


def test_every_declared_function_has_the_shape_pypdfium2_gives_it() -> None:
    raw = pytest.importorskip("pypdfium2_raw")
    differ = []
    for name, (result, arguments) in pdf_lib.SIGNATURES.items():
        theirs = getattr(raw, name)
        ours_shape = (_shape(result), [_shape(a) for a in arguments])
        their_shape = (_shape(theirs.restype), [_shape(a) for a in theirs.argtypes])
        if ours_shape != their_shape:
            differ.append((name, ours_shape, their_shape))
    assert len(pdf_lib.SIGNATURES) > 50
    assert differ == []


def test_the_shape_check_tells_a_wrong_declaration() -> None:
    # The comparison above catches a pointer taken for a number, a wrong sign or a wrong size.
    assert _shape(ctypes.POINTER(ctypes.c_float)) == _shape(ctypes.c_void_p) == "pointer"
    assert _shape(ctypes.c_void_p) != _shape(ctypes.c_size_t)
    assert _shape(ctypes.c_uint) != _shape(ctypes.c_int)
    assert _shape(ctypes.c_int) != _shape(ctypes.c_longlong)


def test_the_library_pypdfium2_ships_is_found_without_its_bindings() -> None:
    # Otherwise the reader falls back to the bindings: correct, but the tests would not be
    # exercising the declarations above.
    assert pdf_lib._shipped_library() is not None
    assert isinstance(pdf_lib.pdfium(), pdf_lib.Pdfium)


def test_the_reader_finds_the_same_through_pypdfium2s_bindings(monkeypatch: pytest.MonkeyPatch) -> None:
    # Where pypdfium2 keeps pdfium elsewhere, pdfium() hands over its bindings instead, whose
    # handles are typed pointers rather than addresses; the reader must not notice.
    pytest.importorskip("pypdfium2_raw")
    from conftest import FIXTURES, lint

    names = ("reader/agenda.pdf", "structure/tagged-agenda.pdf", "images/missing-alt-text.pdf",
             "meeting/link-text.pdf", "bad/password.pdf")
    ours = {name: [f.as_dict() for f in lint(FIXTURES / name).findings] for name in names}
    monkeypatch.setattr(pdf_lib, "_LOADED", None)
    monkeypatch.setattr(pdf_lib, "_shipped_library", lambda: None)
    theirs = {name: [f.as_dict() for f in lint(FIXTURES / name).findings] for name in names}
    assert not isinstance(pdf_lib.pdfium(), pdf_lib.Pdfium)
    assert all(ours.values()) and theirs == ours
