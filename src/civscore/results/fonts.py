"""A Chinese font for the HTML report, carried in the page itself.

A report opened on a computer without Chinese fonts shows its Chinese as
boxes (豆腐块).  So the page embeds a subset of a CJK font holding exactly
the characters it uses (and printable ASCII), as a WOFF2 ``@font-face`` in a
base64 ``data:`` URL named first in the page's font stack
(:data:`FAMILY`): a report of one unit grows by tens of kilobytes, not the
tens of megabytes of the whole font (``docs/sheets.md`` gives figures).

The font is the one given (``--font``; the ``font=`` keyword of
:func:`civscore.results.html.render_html`), else one found on the computer
writing the report (:func:`find_cjk_font`).  Subsetting uses fontTools, the
optional extra ``fonts`` (``pip install 'civscore[fonts]'``); without it, or
without a font found, the report is written with the system font stack
alone and a :class:`FontWarning` says why.

The subset keeps every record of the font's ``name`` table, so its
copyright and licence (Noto CJK: SIL Open Font License 1.1) travel with it,
and the font's own ``head`` dates, so the same page and font give the same
bytes.
"""

from __future__ import annotations

import base64
import functools
import importlib.util
import io
import logging
import os
import re
import shutil
import subprocess
import unicodedata
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Union

import attrs

from civscore.exceptions import FontError, MissingExtraError
from civscore.messages import message, os_reason

if TYPE_CHECKING:
    from types import ModuleType

__all__ = ["FAMILY", "INSTALL_HINT", "KNOWN_FONTS", "FontChoice", "FontFile", "FontWarning",
           "find_cjk_font", "font_face", "subset_font"]

#: The family name the embedded face goes by, first in the report's font stack.
FAMILY = "civscore-cjk"

#: What to install for the embedded font.
INSTALL_HINT = "pip install 'civscore[fonts]'"

#: Where CJK fonts usually are, tried in turn when fontconfig finds none:
#: Linux (Noto CJK of Debian/Ubuntu, Arch, Fedora; WenQuanYi), then macOS.
#: Windows' fonts (msyh.ttc, simsun.ttc, simhei.ttf) are looked for under
#: ``%WINDIR%\Fonts`` (:func:`find_cjk_font`).
KNOWN_FONTS: tuple[str, ...] = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/Hiragino Sans GB.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc",
)

_WINDOWS_FONTS = ("msyh.ttc", "simsun.ttc", "simhei.ttf")

#: Printable ASCII, always in the subset: figures and Latin then match the Chinese.
_ASCII = "".join(chr(c) for c in range(0x20, 0x7F))

#: How many missing characters a message lists.
_SHOWN = 20


class FontWarning(UserWarning):
    """The HTML report is written without an embedded font (fontTools is
    not installed, or no CJK font was found), or the font found lacks some
    of the page's characters."""


@attrs.frozen
class FontFile:
    """A font file, and the face to use when it is a collection (.ttc).

    :param path: the file (.ttf, .otf, .ttc, .woff, .woff2).
    :param index: the face of a collection, from 0; ``None`` chooses the
        face that covers the page and is Simplified Chinese (its family name
        says SC/GB/CN or it has zh-CN names), not monospaced or a UI variant.
    """

    path: Path
    index: int | None = None


#: What a report's ``font=`` takes: a font file (a path, or a
#: :class:`FontFile`), ``None`` to find one on this computer
#: (:func:`find_cjk_font`), or ``False`` to embed none.
FontChoice = Union[str, "os.PathLike[str]", FontFile, Literal[False], None]


def _fonttools() -> ModuleType | None:
    """The ``fontTools.subset`` module, or ``None`` without the extra
    ``fonts`` (fontTools and Brotli, which WOFF2 needs)."""
    if importlib.util.find_spec("brotli") is None:
        return None
    try:
        from fontTools import subset  # noqa: PLC0415 (an optional extra, imported when used)
    except ImportError:
        return None
    module: ModuleType = subset
    return module


def _fontconfig() -> FontFile | None:
    """The font fontconfig's ``fc-match`` gives for Simplified Chinese, if
    it supports the language (fc-match always names some font)."""
    program = shutil.which("fc-match")
    if program is None:
        return None
    try:
        done = subprocess.run([program, "-f", "%{file}\n%{index}\n%{lang}", ":lang=zh-cn"],
                              capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    lines = done.stdout.split("\n")
    if done.returncode or len(lines) < 3 or "zh-cn" not in lines[2].split("|"):
        return None
    path = Path(lines[0])
    if not path.is_file():
        return None
    # The high bits of fontconfig's index name an instance of a variable font.
    return FontFile(path, int(lines[1]) & 0xFFFF if lines[1].isdigit() else None)


def find_cjk_font(candidates: Sequence[str | os.PathLike[str]] = KNOWN_FONTS, *,
                  fontconfig: bool = True) -> FontFile | None:
    """A CJK font on this computer: the one fontconfig matches for
    ``:lang=zh-cn`` (when ``fontconfig`` and ``fc-match`` is installed),
    else the first of ``candidates`` that is a file, else Windows'
    Microsoft YaHei, SimSun or SimHei under ``%WINDIR%\\Fonts``.

    :return: the font, or ``None`` when there is none.
    """
    found = _fontconfig() if fontconfig else None
    if found is not None:
        return found
    windir = os.environ.get("WINDIR")
    windows = [Path(windir, "Fonts", name) for name in _WINDOWS_FONTS] if windir else []
    for candidate in [*map(Path, candidates), *windows]:
        if candidate.is_file():
            return FontFile(candidate)
    return None


def _needed(text: str) -> str:
    """The characters of ``text`` a font must draw: printable ASCII, and
    every other character but controls and format marks, in code point order."""
    return "".join(sorted(set(_ASCII) | {c for c in text if unicodedata.category(c)[0] != "C"}))


def _name_rank(face: Any) -> tuple[bool, bool, bool]:
    """How well a face's names suit a Chinese page, smaller better: not
    Simplified Chinese by its family name, no zh-CN names, a monospaced or UI variant."""
    names = face["name"]
    family = names.getDebugName(1) or ""
    simplified = re.search(r"\b(SC|GB|CN)\b|Simplified", family) is not None
    zh_cn = any(record.platformID == 3 and record.langID == 0x804 for record in names.names)
    return not simplified, not zh_cn, "Mono" in family or family.endswith(" UI")


def _lacking(face: Any, needed: str) -> str:
    """The characters of ``needed`` past ASCII that ``face`` has no glyph for."""
    cmap = face.getBestCmap() or {}
    return "".join(c for c in needed if c > "\x7f" and ord(c) not in cmap)


def _choose(faces: Sequence[Any], needed: str) -> int:
    """The face of a collection for the page: the first by :func:`_name_rank`
    that has every character, else the one lacking fewest."""
    order = sorted(range(len(faces)), key=lambda i: (_name_rank(faces[i]), i))
    fewest: tuple[int, int] | None = None
    for i in order:
        missing = len(_lacking(faces[i], needed))
        if not missing:
            return i
        if fewest is None or missing < fewest[0]:
            fewest = (missing, i)
    return fewest[1] if fewest else 0


def _open(ttlib: Any, font: FontFile, needed: str) -> Any:
    """The face of ``font`` to subset (a collection's chosen by :func:`_choose`)."""
    with font.path.open("rb") as file:
        collection = file.read(4) == b"ttcf"
    index = font.index
    if collection and index is None:
        index = _choose(ttlib.TTCollection(font.path, lazy=True).fonts, needed)
    # the font's own bounding box is kept (it holds the subset's): working it
    # out again from every glyph outline took half the time of a report
    return ttlib.TTFont(font.path, fontNumber=index if collection else -1,
                        recalcTimestamp=False, recalcBBoxes=False)


@functools.lru_cache(maxsize=16)
def _subset(path: str, index: int | None, stamp: tuple[int, int], needed: str, *,
            source: str, strict: bool) -> tuple[bytes, str]:
    """WOFF2 bytes of the subset and the characters the face lacks; no
    bytes when ``strict`` and it lacks some (the file's size and
    modification time in ``stamp`` keep the cache honest)."""
    subset = _fonttools()
    assert subset is not None, "subset_font checks for fontTools"
    from fontTools import ttLib  # noqa: PLC0415 (an optional extra, imported when used)

    try:
        face = _open(ttLib, FontFile(Path(path), index), needed)
        lacking = _lacking(face, needed)
    except OSError as exc:
        raise FontError(message("font.unreadable", reason=os_reason(exc)),
                        source=source) from None
    except Exception as exc:  # fontTools raises many kinds of error for a file that is no font
        raise FontError(message("font.not-a-font", error=f"{type(exc).__name__}: {exc}"),
                        source=source) from None
    if strict and lacking:
        return b"", lacking
    options = subset.Options()
    # Every name record, in every language and platform: copyright and licence included.
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    options.flavor = "woff2"
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in needed if c not in lacking])
    chatter = logging.getLogger("fontTools")
    level = chatter.level
    chatter.setLevel(logging.ERROR)  # not "FFTM NOT subset; dropped" for each table it drops
    try:
        subsetter.subset(face)  # fontTools reads the glyphs here: a damaged table fails now
        out = io.BytesIO()
        face.flavor = "woff2"
        face.save(out)
    except Exception as exc:  # as when opening: fontTools raises many kinds of error
        raise FontError(message("font.not-a-font", error=f"{type(exc).__name__}: {exc}"),
                        source=source) from None
    finally:
        chatter.setLevel(level)
    return out.getvalue(), lacking


def _shown(chars: str) -> str:
    """Characters for a message: spaces by their code point, at most :data:`_SHOWN`."""
    listed = [f"U+{ord(c):04X}" if unicodedata.category(c)[0] == "Z" else c
              for c in chars[:_SHOWN]]
    return " ".join(listed) + (" …" if len(chars) > _SHOWN else "")


def subset_font(font: FontFile, text: str, *, source: str | None = None,
                strict: bool = True) -> bytes:
    """The subset of ``font`` holding the glyphs of ``text``'s characters
    (and printable ASCII), as WOFF2 bytes with the font's name records (its
    copyright and licence) and ``head`` dates kept: the same font and text
    give the same bytes.

    :param source: the font's name in errors (its path by default).
    :param strict: whether a non-ASCII character the font lacks is an error;
        otherwise a :class:`FontWarning` names the characters and the subset
        holds the others.
    :raises FontError: naming the file, when it is missing or unreadable,
        not a font, or (``strict``) lacks characters of ``text``.
    :raises MissingExtraError: when fontTools (the extra ``fonts``) is not installed.
    """
    name = str(font.path) if source is None else source
    if _fonttools() is None:
        raise MissingExtraError(message("font.needs-extra-given", hint=INSTALL_HINT))
    try:
        info = font.path.stat()
    except FileNotFoundError:
        raise FontError(message("font.no-such-file"), source=name) from None
    except OSError as exc:
        raise FontError(message("font.unreadable", reason=os_reason(exc)),
                        source=name) from None
    if not font.path.is_file():  # a directory, or a device (/dev/null)
        raise FontError(message("font.unreadable", reason=message(
            "file.directory" if font.path.is_dir() else "file.not-regular")), source=name)
    data, lacking = _subset(str(font.path), font.index, (info.st_size, info.st_mtime_ns),
                            _needed(text), source=name, strict=strict)
    if lacking:
        shown = _shown(lacking)
        if strict:
            raise FontError(message("font.lacks", n=len(lacking), chars=shown), source=name)
        warnings.warn(message("font.found-lacks", font=name, n=len(lacking), chars=shown),
                      FontWarning, stacklevel=3)
    return data


def font_face(text: str, font: FontChoice = None) -> str:
    """The CSS ``@font-face`` rule of :data:`FAMILY` for a page of ``text``:
    a subset of ``font`` (:func:`subset_font`) as a base64 WOFF2 ``data:``
    URL; ``font=None`` uses :func:`find_cjk_font`.

    :return: a line end and the rule; ``""`` when ``font`` is ``False``, or,
        with a :class:`FontWarning` saying what to do, when fontTools is not
        installed or (``font=None``) no CJK font is found.
    :raises FontError: for a ``font`` given that is missing, not a font or
        lacks characters of ``text``.
    :raises MissingExtraError: for a ``font`` given, when fontTools is not installed.
    """
    if font is False:
        return ""
    if font is None:
        if _fonttools() is None:
            warnings.warn(message("font.needs-extra", hint=INSTALL_HINT), FontWarning,
                          stacklevel=3)
            return ""
        found = find_cjk_font()
        if found is None:
            warnings.warn(message("font.not-found"), FontWarning, stacklevel=3)
            return ""
        data = subset_font(found, text, strict=False)
    else:
        given = font if isinstance(font, FontFile) else FontFile(Path(font))
        data = subset_font(given, text, source=str(font if not isinstance(font, FontFile)
                                                   else font.path))
    encoded = base64.b64encode(data).decode("ascii")
    return (f'\n@font-face {{ font-family: "{FAMILY}"; font-display: block; '
            f'src: url(data:font/woff2;base64,{encoded}) format("woff2"); }}')
