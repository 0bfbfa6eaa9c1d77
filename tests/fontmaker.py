"""Small fonts made for the tests with fontTools' FontBuilder, so the font
tests need no font installed: each character is drawn as a triangle (not
the box a missing glyph shows), with the copyright and licence records a
real font carries."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont

#: The name records the tests look for in the embedded subset.
COPYRIGHT = "Copyright 2024 The civscore test font authors"
LICENCE = "This Font Software is licensed under the SIL Open Font License, Version 1.1."

#: ``head.modified`` of the made fonts: 2020-01-01, in seconds since 1904-01-01.
MODIFIED = 3660595200


def _triangle() -> object:
    pen = TTGlyphPen(None)
    pen.moveTo((50, 0))
    pen.lineTo((950, 0))
    pen.lineTo((500, 800))
    pen.closePath()
    return pen.glyph()


def make_font(chars: Iterable[str], family: str = "Test Sans SC") -> TTFont:
    """A TrueType font drawing every character of ``chars`` (and the space)."""
    codes = sorted({ord(c) for c in chars} | {0x20})
    names = [".notdef", *(f"uni{code:04X}" for code in codes)]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({code: f"uni{code:04X}" for code in codes})
    empty = TTGlyphPen(None).glyph()
    builder.setupGlyf({name: (empty if name in (".notdef", "uni0020") else _triangle())
                       for name in names})
    builder.setupHorizontalMetrics(dict.fromkeys(names, (1000, 50)))
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": family, "styleName": "Regular",
                            "copyright": COPYRIGHT, "licenseDescription": LICENCE})
    builder.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    builder.setupPost()
    builder.font["head"].created = builder.font["head"].modified = MODIFIED
    return builder.font


def save_font(path: Path, chars: Iterable[str], family: str = "Test Sans SC") -> Path:
    """:func:`make_font` saved at ``path``, its ``head`` dates as made."""
    font = make_font(chars, family)
    font.recalcTimestamp = False
    font.save(path)
    return path


def save_collection(path: Path, faces: Iterable[tuple[str, Iterable[str]]]) -> Path:
    """A collection (.ttc) of one :func:`make_font` per ``(family, chars)``."""
    collection = TTCollection()
    for family, chars in faces:
        font = make_font(chars, family)
        font.recalcTimestamp = False
        collection.fonts.append(font)
    collection.save(path)
    return path
