"""Namespaced tag names used by the DOCX reader, built once."""

from __future__ import annotations

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
V_NS = "urn:schemas-microsoft-com:vml"
O_NS = "urn:schemas-microsoft-com:office:office"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
WPS_NS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"

W = f"{{{W_NS}}}"
R = f"{{{R_NS}}}"
A = f"{{{A_NS}}}"
WP = f"{{{WP_NS}}}"
PIC = f"{{{PIC_NS}}}"
MC = f"{{{MC_NS}}}"
V = f"{{{V_NS}}}"
O = f"{{{O_NS}}}"
M = f"{{{M_NS}}}"

# Blocks
BODY, P, TBL, TR, TC, SDT, SDT_CONTENT, CUSTOM_XML = (W + n for n in ("body", "p", "tbl", "tr", "tc", "sdt", "sdtContent", "customXml"))
PPR, RPR, TBLPR, TRPR, TCPR, SECTPR = (W + n for n in ("pPr", "rPr", "tblPr", "trPr", "tcPr", "sectPr"))
PSTYLE, RSTYLE, TBLSTYLE, TBLHEADER, SHD, VAL = (W + n for n in ("pStyle", "rStyle", "tblStyle", "tblHeader", "shd", "val"))
ALT_CHUNK = W + "altChunk"
# Inline containers
R_, HYPERLINK, FLD_SIMPLE, SMART_TAG, DIR, BDO = (W + n for n in ("r", "hyperlink", "fldSimple", "smartTag", "dir", "bdo"))
INS, DEL, MOVE_FROM, MOVE_TO, RPR_CHANGE, PPR_CHANGE = (W + n for n in ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange"))
COMMENT_START, COMMENT_REF = W + "commentRangeStart", W + "commentReference"
# Run content
T, TAB, PTAB, BR, CR, NO_BREAK_HYPHEN, SOFT_HYPHEN, SYM = (
    W + n for n in ("t", "tab", "ptab", "br", "cr", "noBreakHyphen", "softHyphen", "sym")
)
LAST_RENDERED_PAGE_BREAK, FLD_CHAR, INSTR_TEXT = W + "lastRenderedPageBreak", W + "fldChar", W + "instrText"
DRAWING, PICT, OBJECT, TXBX_CONTENT = W + "drawing", W + "pict", W + "object", W + "txbxContent"
ALTERNATE, CHOICE, FALLBACK = MC + "AlternateContent", MC + "Choice", MC + "Fallback"
OMATH, OMATH_PARA, MATH_T = M + "oMath", M + "oMathPara", M + "t"
# Attributes
W_ID, W_TYPE, W_AUTHOR, W_CHAR, W_INSTR, W_ANCHOR, W_FLD_TYPE = (
    W + n for n in ("id", "type", "author", "char", "instr", "anchor", "fldCharType")
)
R_ID, R_EMBED, R_LINK = R + "id", R + "embed", R + "link"
# Drawings
DOC_PR, EXTENT, BLIP, PIC_C_NV_PR = WP + "docPr", WP + "extent", A + "blip", PIC + "cNvPr"
IMAGEDATA, V_SHAPE = V + "imagedata", V + "shape"
