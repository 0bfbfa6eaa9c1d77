"""The Chinese catalogue, continued: the font embedded in the HTML report;
:mod:`civscore.messages.zh` holds them all (see :mod:`civscore.messages`)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # the font embedded in the HTML report (results.fonts)
    "font.needs-extra": "HTML 报告未嵌入中文字体：嵌入字体需要可选扩展 'fonts'（fontTools），但未"
                        "安装；在未装中文字体的电脑上，中文可能显示为方框。安装方法：{hint}",
    "font.needs-extra-given": "嵌入 --font 指定的字体需要可选扩展 'fonts'（fontTools），但未安装；"
                              "安装方法：{hint}",
    "font.not-found": "HTML 报告未嵌入中文字体：本机未找到中文字体（fontconfig 及常见位置均无）；"
                      "在未装中文字体的电脑上，中文可能显示为方框。请用 --font 指定字体文件"
                      "（如 NotoSansCJK-Regular.ttc）",
    "font.no-such-file": "字体文件不存在，请检查路径",
    "font.unreadable": "无法读取字体文件：{reason}",
    "font.not-a-font": "不是可读取的字体文件（{error}）；请给出 .ttf、.otf、.ttc、.woff 或 .woff2 "
                       "字体文件",
    "font.lacks": "字体缺少报告所用的 {n} 个字符：{chars}；请换用含这些字符的中文字体（如 Noto "
                  "Sans CJK SC）",
    "font.found-lacks": "嵌入的字体 {font} 缺少报告所用的 {n} 个字符：{chars}；这些字符依赖看报告"
                        "的电脑上的字体；可用 --font 指定含这些字符的字体",
}
