"""pdfium, from the library pypdfium2 ships, with only the functions the PDF reader calls declared.

pypdfium2's generated bindings declare every pdfium function and type, and import ctypes.util
(with subprocess and tempfile) to find the library: about 25 ms before a process can read its
first PDF. The reader calls some sixty functions, and declaring those takes well under a
millisecond. The names are pdfium's and the bindings' own, so the reader runs on either: when
the library is not where pypdfium2 keeps it, the bindings are used after all.

Handles (documents, pages, objects) come back as plain addresses (int, or None for NULL).
Out-parameters keep the pointer types the bindings give them, so call sites read the same.
"""

from __future__ import annotations

import ctypes
import importlib.util
import sys
from ctypes import POINTER, c_char_p, c_double, c_float, c_int, c_size_t, c_uint, c_ulong, c_void_p
from pathlib import Path
from typing import Any


class _RectF(ctypes.Structure):  # FS_RECTF
    _fields_ = (("left", c_float), ("top", c_float), ("right", c_float), ("bottom", c_float))


class _LibraryConfig(ctypes.Structure):
    # fpdfview.h's FPDF_LIBRARY_CONFIG as far as a version 2 config goes: pdfium reads the later
    # fields (platform, renderer, font library) only from versions 3 and up.
    _fields_ = (
        ("version", c_int),
        ("m_pUserFontPaths", POINTER(c_char_p)),
        ("m_pIsolate", c_void_p),
        ("m_v8EmbedderSlot", c_uint),
    )


_H = c_void_p  # any handle, passed and returned as an address
_FLOAT_OUT = POINTER(c_float)
# name: (result, argument types), as fpdfview.h, fpdf_text.h, fpdf_edit.h, fpdf_doc.h,
# fpdf_structtree.h and fpdf_catalog.h declare them.
SIGNATURES: dict[str, tuple[Any, tuple[Any, ...]]] = {
    "FPDF_InitLibraryWithConfig": (None, (POINTER(_LibraryConfig),)),
    "FPDF_LoadDocument": (_H, (c_char_p, c_char_p)),
    "FPDF_CloseDocument": (None, (_H,)),
    "FPDF_GetLastError": (c_ulong, ()),
    "FPDF_GetPageCount": (c_int, (_H,)),
    "FPDF_GetMetaText": (c_ulong, (_H, c_char_p, c_void_p, c_ulong)),
    "FPDFCatalog_GetLanguage": (c_ulong, (_H, c_void_p, c_ulong)),
    "FPDFCatalog_IsTagged": (c_int, (_H,)),
    "FPDF_LoadPage": (_H, (_H, c_int)),
    "FPDF_ClosePage": (None, (_H,)),
    "FPDF_GetPageWidthF": (c_float, (_H,)),
    "FPDF_GetPageHeightF": (c_float, (_H,)),
    "FPDFPage_GetRotation": (c_int, (_H,)),
    "FPDFPage_GetCropBox": (c_int, (_H, _FLOAT_OUT, _FLOAT_OUT, _FLOAT_OUT, _FLOAT_OUT)),
    "FPDFPage_GetMediaBox": (c_int, (_H, _FLOAT_OUT, _FLOAT_OUT, _FLOAT_OUT, _FLOAT_OUT)),
    "FPDFPage_CountObjects": (c_int, (_H,)),
    "FPDFPage_GetObject": (_H, (_H, c_int)),
    "FPDFText_LoadPage": (_H, (_H,)),
    "FPDFText_ClosePage": (None, (_H,)),
    "FPDFText_CountChars": (c_int, (_H,)),
    "FPDFText_GetBoundedText": (c_int, (_H, c_double, c_double, c_double, c_double, c_void_p, c_int)),
    "FPDFLink_Enumerate": (c_int, (_H, POINTER(c_int), POINTER(c_void_p))),
    "FPDFLink_GetAction": (_H, (_H,)),
    "FPDFLink_GetAnnotRect": (c_int, (_H, POINTER(_RectF))),
    "FPDFAction_GetType": (c_ulong, (_H,)),
    "FPDFAction_GetURIPath": (c_ulong, (_H, _H, c_void_p, c_ulong)),
    "FPDFPageObj_GetType": (c_int, (_H,)),
    "FPDFPageObj_GetBounds": (c_int, (_H, _FLOAT_OUT, _FLOAT_OUT, _FLOAT_OUT, _FLOAT_OUT)),
    "FPDFPageObj_GetMatrix": (c_int, (_H, c_void_p)),
    "FPDFPageObj_GetFillColor": (c_int, (_H, POINTER(c_uint), POINTER(c_uint), POINTER(c_uint), POINTER(c_uint))),
    "FPDFPageObj_GetMarkedContentID": (c_int, (_H,)),
    "FPDFPageObj_CountMarks": (c_int, (_H,)),
    "FPDFPageObj_GetMark": (_H, (_H, c_ulong)),
    "FPDFPageObjMark_GetName": (c_int, (_H, c_void_p, c_ulong, POINTER(c_ulong))),
    "FPDFFormObj_CountObjects": (c_int, (_H,)),
    "FPDFFormObj_GetObject": (_H, (_H, c_ulong)),
    "FPDFTextObj_GetText": (c_ulong, (_H, _H, c_void_p, c_ulong)),
    "FPDFTextObj_GetFontSize": (c_int, (_H, _FLOAT_OUT)),
    "FPDFTextObj_GetTextRenderMode": (c_int, (_H,)),
    "FPDFTextObj_GetFont": (_H, (_H,)),
    "FPDFFont_GetBaseFontName": (c_size_t, (_H, c_void_p, c_size_t)),
    "FPDFFont_GetFamilyName": (c_size_t, (_H, c_void_p, c_size_t)),
    "FPDFFont_GetFlags": (c_int, (_H,)),
    "FPDFFont_GetWeight": (c_int, (_H,)),
    "FPDFFont_GetItalicAngle": (c_int, (_H, POINTER(c_int))),
    "FPDFImageObj_GetImagePixelSize": (c_int, (_H, POINTER(c_uint), POINTER(c_uint))),
    "FPDFImageObj_GetImageFilterCount": (c_int, (_H,)),
    "FPDFImageObj_GetImageFilter": (c_ulong, (_H, c_int, c_void_p, c_ulong)),
    "FPDFImageObj_GetImageDataRaw": (c_ulong, (_H, c_void_p, c_ulong)),
    "FPDFImageObj_GetBitmap": (_H, (_H,)),
    "FPDFBitmap_GetFormat": (c_int, (_H,)),
    "FPDFBitmap_GetWidth": (c_int, (_H,)),
    "FPDFBitmap_GetHeight": (c_int, (_H,)),
    "FPDFBitmap_GetStride": (c_int, (_H,)),
    "FPDFBitmap_GetBuffer": (c_void_p, (_H,)),
    "FPDFBitmap_Destroy": (None, (_H,)),
    "FPDF_StructTree_GetForPage": (_H, (_H,)),
    "FPDF_StructTree_Close": (None, (_H,)),
    "FPDF_StructTree_CountChildren": (c_int, (_H,)),
    "FPDF_StructTree_GetChildAtIndex": (_H, (_H, c_int)),
    "FPDF_StructElement_GetType": (c_ulong, (_H, c_void_p, c_ulong)),
    "FPDF_StructElement_GetAltText": (c_ulong, (_H, c_void_p, c_ulong)),
    "FPDF_StructElement_GetMarkedContentIdCount": (c_int, (_H,)),
    "FPDF_StructElement_GetMarkedContentIdAtIndex": (c_int, (_H, c_int)),
    "FPDF_StructElement_CountChildren": (c_int, (_H,)),
    "FPDF_StructElement_GetChildAtIndex": (_H, (_H, c_int)),
}


class Pdfium:
    """The declared functions and types, under the names the bindings use."""

    FPDF_ERR_SUCCESS, FPDF_ERR_UNKNOWN, FPDF_ERR_FILE, FPDF_ERR_FORMAT, FPDF_ERR_PASSWORD, FPDF_ERR_SECURITY = range(6)
    FPDF_FONT = FPDF_PAGEOBJECT = FPDF_LINK = c_void_p  # handle types, for ctypes.cast and out-parameters
    FS_RECTF = _RectF
    FPDF_LIBRARY_CONFIG = _LibraryConfig

    def __init__(self, library: ctypes.CDLL):
        for name, (result, arguments) in SIGNATURES.items():
            function = getattr(library, name)
            function.restype, function.argtypes = result, arguments
            setattr(self, name, function)

    def __getattr__(self, name: str) -> Any:  # only for names not declared above: a clear error
        raise AttributeError(f"pdfium function {name} is not declared in coprolint.readers.pdf_lib")


_LOADED: Any = None


def pdfium() -> Any:
    """pdfium's functions, the library started once per process.

    It is started with the configuration pypdfium2 uses; pdfium ignores a second start, so
    pypdfium2 itself can still be imported later (the HTML report's page pictures use it). The
    library is left for the process's exit to release.
    """
    global _LOADED
    if _LOADED is None:
        path = _shipped_library()
        if path is not None:
            loaded: Any = Pdfium(ctypes.CDLL(str(path)))
        else:
            import pypdfium2_raw as loaded
        loaded.FPDF_InitLibraryWithConfig(
            loaded.FPDF_LIBRARY_CONFIG(version=2, m_pUserFontPaths=None, m_pIsolate=None, m_v8EmbedderSlot=0)
        )
        _LOADED = loaded
    return _LOADED


def _shipped_library() -> Path | None:
    """Where pypdfium2 keeps libpdfium, found without importing its bindings."""
    spec = importlib.util.find_spec("pypdfium2_raw")
    if spec is None or not spec.submodule_search_locations:
        return None
    if sys.platform.startswith(("win32", "cygwin", "msys")):
        name = "pdfium.dll"
    elif sys.platform.startswith(("darwin", "ios")):
        name = "libpdfium.dylib"
    else:
        name = "libpdfium.so"
    for folder in spec.submodule_search_locations:
        path = Path(folder) / name
        if path.is_file():
            return path
    return None
