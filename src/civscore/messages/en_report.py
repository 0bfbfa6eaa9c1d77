"""The English catalogue, continued: the font embedded in the HTML report;
:mod:`civscore.messages.en` holds them all (see :mod:`civscore.messages`)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # the font embedded in the HTML report (results.fonts)
    "font.needs-extra": "the HTML report embeds no Chinese font: embedding one needs the optional "
                        "extra 'fonts' (fontTools), which is not installed; on a computer without "
                        "Chinese fonts the Chinese text may show as boxes. Install it with: {hint}",
    "font.needs-extra-given": "embedding the font given by --font needs the optional extra "
                              "'fonts' (fontTools), which is not installed; install it with: "
                              "{hint}",
    "font.not-found": "the HTML report embeds no Chinese font: none was found on this computer "
                      "(neither by fontconfig nor in the usual places); on a computer without "
                      "Chinese fonts the Chinese text may show as boxes. Give a font file with "
                      "--font (such as NotoSansCJK-Regular.ttc)",
    "font.no-such-file": "no such font file; check the path",
    "font.unreadable": "cannot read the font file: {reason}",
    "font.not-a-font": "not a font file that can be read ({error}); give a .ttf, .otf, .ttc, "
                       ".woff or .woff2 font",
    "font.lacks": "the font lacks {n} characters the report uses: {chars}; use a Chinese font "
                  "that has them (such as Noto Sans CJK SC)",
    "font.found-lacks": "the embedded font {font} lacks {n} characters the report uses: {chars}; "
                        "these rely on the fonts of the computer the report is viewed on; give a "
                        "font that has them with --font",
}
