"""Any text a user typed, made ready for ReportLab: escaped, in the right font per character,
right-to-left lines in reading order.

ReportLab does no per-character font fallback, so `runs()` splits text into runs by the
bundled font that has each character: WenQuanYi Micro Hei for Chinese, Japanese and Korean,
DejaVu Sans for the rest where it has the glyph, then WenQuanYi, then Symbola (monochrome emoji
and symbols: ReportLab cannot draw colour emoji fonts). A character none of them has prints as
a visible "�" rather than an empty box. Every piece of user text goes through `markup()`: it is
XML-escaped (so `<b>`, `&amp;` or `<img src=…>` print literally and ReportLab never reads a
file). A line with Hebrew or Arabic is put in visual order first (`visual()`), wrapped to its
width beforehand where the width is known, since ReportLab itself neither reorders nor joins
letters.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from itertools import groupby

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from alliance_desk.core.bundle import resource_path

# Chinese, Japanese and Korean ranges (CJK punctuation, kana, ideographs, Hangul, full-width).
CJK = re.compile(
    "([\u2e80-\u2fff\u3000-\u30ff\u3130-\u318f\u31c0-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]+)"
)

# Right-to-left letters: Hebrew, Arabic with its supplements, Syriac, Thaana, N'Ko, and the
# Hebrew and Arabic presentation forms.
RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")

BODY, CJK_FONT, SYMBOLS = "DejaVu", "WQY", "Symbola"
MISSING = "\ufffd"  # drawn where no bundled font has the character


def _to_unicode_cmap(fontname: str, subset) -> str:
    """ReportLab's ToUnicode map for a font subset, with characters beyond U+FFFF written as
    UTF-16 surrogate pairs as PDF requires: ReportLab writes their code point as is (an odd
    hex string), so an emoji copied or extracted from the PDF came out as the wrong text."""
    codes = "\n".join(
        f"<{index:02X}> <{chr(code).encode('utf-16-be').hex().upper()}>"
        for index, code in enumerate(subset)
    )
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            codes,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


@cache
def register_fonts() -> None:
    """DejaVu, which draws most text; the fallbacks are read when a character needs them."""
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap  # see _to_unicode_cmap
    fonts = resource_path("fonts")
    pdfmetrics.registerFont(TTFont(BODY, str(fonts / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(fonts / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(
        BODY, normal=BODY, bold="DejaVu-Bold", italic=BODY, boldItalic="DejaVu-Bold"
    )


FALLBACKS = {CJK_FONT: ("wqy-microhei.ttc", {"subfontIndex": 0}), SYMBOLS: ("Symbola.ttf", {})}


@cache
def _fallback(font: str) -> str:
    """Register a fallback font on first use: reading WenQuanYi and Symbola costs ≈ 0.3 s,
    which a pack in Western text alone never needs to pay."""
    register_fonts()
    if font in FALLBACKS:
        name, options = FALLBACKS[font]
        pdfmetrics.registerFont(TTFont(font, str(resource_path("fonts") / name), **options))
    return font


@cache
def _cmap(font: str) -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(_fallback(font)).face.charToGlyph)


@lru_cache(maxsize=8192)
def font_of(char: str) -> str:
    """The bundled font that draws `char` ('' when none has it)."""
    if CJK.match(char):
        return _fallback(CJK_FONT)
    code = ord(char)
    for font in (BODY, CJK_FONT, SYMBOLS):
        if code in _cmap(font):
            return font
    return ""


def runs(text: str) -> list[tuple[str, str]]:
    """(font, text) runs covering `text`; characters no font has become "�" in DejaVu."""
    out = []
    for font, chars in groupby(text, key=lambda c: "\n" if c == "\n" else font_of(c)):
        part = "".join(chars)
        if font == "\n":
            out.append((BODY, part))
        elif font:
            out.append((font, part))
        else:
            out.append((BODY, MISSING * len(part)))
    return out


def one_font(text: str) -> bool:
    """Whether `text` draws entirely in DejaVu, left to right (no markup needed)."""
    return not RTL.search(text) and all(font_of(c) == BODY for c in text)


def width_of(text: str, size: float, font: str = BODY) -> float:
    """The drawn width of `text`, each run in its own font (`font` for the DejaVu runs)."""
    return sum(
        pdfmetrics.stringWidth(part, font if run_font == BODY else run_font, size)
        for run_font, part in runs(text)
    )


def visual(line: str) -> str:
    """One line of text in the order the PDF draws it: Arabic letters in their joined forms
    (arabic-reshaper), then the whole line reordered by the Unicode bidi algorithm
    (python-bidi). A line with no right-to-left letter comes back as it is."""
    if not RTL.search(line):
        return line
    from arabic_reshaper import reshape
    from bidi.algorithm import get_display

    return get_display(reshape(line))


def reads_right_to_left(text: str) -> bool:
    """Whether the first letter with a direction is Hebrew or Arabic (the text's own base
    direction in the Unicode bidi algorithm)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def _wrap(line: str, width: float, size: float) -> list[str]:
    """A right-to-left line broken into lines that fit `width`, in reading order: ReportLab
    would break the reordered line, putting the end of the sentence first."""
    lines, current = [], ""
    for word in line.split(" "):
        trial = f"{current} {word}" if current else word
        if current and width_of(visual(trial), size) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    return [*lines, current]


def markup(text: object, width: float | None = None, size: float = 9.5) -> str:
    """User text made safe for a Paragraph, each run in the font that has its characters and
    right-to-left lines in visual order (wrapped first to `width` at font `size`, when given)."""
    register_fonts()
    lines = []
    for line in str(text).split("\n"):
        if RTL.search(line):
            lines += [visual(part) for part in (_wrap(line, width, size) if width else [line])]
        else:
            lines.append(line)
    out = []
    for font, part in runs("\n".join(lines)):
        safe = _escaped(part).replace("\n", "<br/>")
        out.append(safe if font == BODY else f'<font name="{font}">{safe}</font>')
    return "".join(out)


def _escaped(text: str) -> str:
    """`&`, `<`, `>` and `"` as XML entities (xml.sax.saxutils' escape, without the ≈ 15 ms of
    urllib and http.client it imports)."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def font_for(text: str) -> str:
    """One bundled font for a label drawn in a single font (charts): WenQuanYi for CJK,
    Symbola for text DejaVu cannot draw but Symbola can, else DejaVu."""
    if CJK.search(text):
        return _fallback(CJK_FONT)
    if all(font_of(c) == BODY for c in text):
        return BODY
    if all(ord(c) in _cmap(SYMBOLS) for c in text):
        return SYMBOLS
    return BODY
