"""Namespace URIs and Clark-notation tag names used by the reader.

Tags are precomputed strings (``{uri}local``) so the walker compares ``el.tag``
with ``==`` / dict look-ups instead of building names per element.
"""

from __future__ import annotations

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"
V_NS = "urn:schemas-microsoft-com:vml"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CP_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC_NS = "http://purl.org/dc/elements/1.1/"
DCTERMS_NS = "http://purl.org/dc/terms/"

REL_OFFICE_DOCUMENT = "/officeDocument"  # suffix: transitional and strict URIs both end so
REL_HEADER = "/header"
REL_FOOTER = "/footer"
REL_COMMENTS = "/comments"


def w(local: str) -> str:
    return f"{{{W_NS}}}{local}"


W_VAL = w("val")

# block level
P, TBL, SDT, SDT_CONTENT, SDT_PR, CUSTOM_XML = w("p"), w("tbl"), w("sdt"), w("sdtContent"), w("sdtPr"), w("customXml")
ALT_CHUNK, TXBX_CONTENT = w("altChunk"), w("txbxContent")
# table
TR, TC, TR_PR, TC_PR = w("tr"), w("tc"), w("trPr"), w("tcPr")
GRID_SPAN, V_MERGE, H_MERGE, GRID_BEFORE, GRID_AFTER = w("gridSpan"), w("vMerge"), w("hMerge"), w("gridBefore"), w("gridAfter")
# paragraph
P_PR, R_PR, P_STYLE, R_STYLE, NUM_PR, NUM_ID, ILVL = w("pPr"), w("rPr"), w("pStyle"), w("rStyle"), w("numPr"), w("numId"), w("ilvl")
OUTLINE_LVL, JC, B, SZ, VANISH = w("outlineLvl"), w("jc"), w("b"), w("sz"), w("vanish")
# run level (w:delText, w:delInstrText, w:softHyphen are not read: nothing to show)
R, T, TAB, BR, CR, NB_HYPHEN, SYM, PTAB = w("r"), w("t"), w("tab"), w("br"), w("cr"), w("noBreakHyphen"), w("sym"), w("ptab")
INS, DEL, MOVE_FROM, MOVE_TO = w("ins"), w("del"), w("moveFrom"), w("moveTo")
HYPERLINK, SMART_TAG, FLD_SIMPLE, FLD_CHAR, INSTR_TEXT = w("hyperlink"), w("smartTag"), w("fldSimple"), w("fldChar"), w("instrText")
DIR, BDO, DRAWING, PICT, OBJECT = w("dir"), w("bdo"), w("drawing"), w("pict"), w("object")
SHOWING_PLC_HDR, TAG, ALIAS = w("showingPlcHdr"), w("tag"), w("alias")
FLD_CHAR_TYPE, INSTR_ATTR = w("fldCharType"), w("instr")
SYM_CHAR = w("char")
COMMENT = w("comment")

MC_ALTERNATE, MC_CHOICE, MC_FALLBACK = f"{{{MC_NS}}}AlternateContent", f"{{{MC_NS}}}Choice", f"{{{MC_NS}}}Fallback"
WP_INLINE, WP_ANCHOR, WP_DOCPR, WP_EXTENT = f"{{{WP_NS}}}inline", f"{{{WP_NS}}}anchor", f"{{{WP_NS}}}docPr", f"{{{WP_NS}}}extent"
A_BLIP = f"{{{A_NS}}}blip"
PIC_PIC = f"{{{PIC_NS}}}pic"
V_IMAGEDATA = f"{{{V_NS}}}imagedata"
M_OMATH, M_OMATH_PARA, M_T = f"{{{M_NS}}}oMath", f"{{{M_NS}}}oMathPara", f"{{{M_NS}}}t"
R_ID = f"{{{R_NS}}}id"
PKG_RELATIONSHIP = f"{{{PKG_REL_NS}}}Relationship"

FALSE_VALUES = frozenset({"0", "false", "off", "none"})


def on_off(el) -> bool:
    """Value of an OOXML on/off element (``<w:b/>`` is on, ``w:val="0"/"false"`` off)."""
    v = el.get(W_VAL)
    return v is None or v.lower() not in FALSE_VALUES


def int_val(el, default: int | None = None) -> int | None:
    if el is None:
        return default
    v = el.get(W_VAL)
    if v is None:
        return default
    try:
        return int(v.strip())
    except ValueError:
        try:
            return int(float(v.strip()))
        except ValueError:
            return default
