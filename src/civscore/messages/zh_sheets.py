"""The Chinese catalogue, continued: Excel workbooks read and written;
:mod:`civscore.messages.zh` holds them all (see :mod:`civscore.messages`)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # Excel workbooks, read and written (sheets)
    "sheet.not-a-file": "不是文件，而是目录或设备；请给出工作簿文件",
    "sheet.unreadable": "无法读取工作簿：{reason}",
    "sheet.too-large": "工作簿有 {size} 字节，超过 civscore 读取的上限 {most} 字节；"
                       "是否选错了文件？",
    "sheet.not-xlsx": "不是可读取的 Excel 工作簿（.xlsx）（{error}）；请用 Excel 或 LibreOffice "
                      "另存为 .xlsx",
    "sheet.no-sheet": "工作簿中没有工作表 {name!r}（现有：{sheets}）；工作表不能改名或删除",
    "sheet.no-meta": "没有注明测评体系的隐藏工作表 {name!r}，因此不是 civscore 工作簿；请用 "
                     "'civscore template RUBRIC --format xlsx -o FILE.xlsx' 生成",
    "sheet.layout": "此版本 civscore 读取的工作簿格式为 {layout}；请用此版本的 'civscore template' "
                    "重新生成工作簿",
    "sheet.meta-lost": "隐藏工作表丢失了测评体系的编号或校验值；请使用新的模板",
    "sheet.formula": "含有公式 {formula}，但没有保存计算结果（生成该文件的程序不计算公式）；请在 "
                     "Excel 或 LibreOffice 中打开并保存，或直接填写数值",
    "sheet.no-column": "表头行中缺少列 {column!r}（现有：{found}）；列可以移动，但不能删除或改名",
    "sheet.no-key": "第 {row} 行填有内容却没有编号，civscore 无法判断它属于哪一项；请只在模板的行"
                    "中填写",
    "sheet.unknown-key": "未知的编号 {key!r}：此工作簿的测评体系中没有这一行；请不要修改编号列，"
                         "也不要添加行",
    "sheet.key-twice": "编号 {key!r} 重复出现（第一次在第 {row} 行）；请删去重复的一行",
    "sheet.key-missing": "没有编号为 {key!r} 的行：行不能删除（无可记录的项目留空即可）",
    "sheet.no-header": "前 {rows} 行中没有含“编号”列的表头行；请使用新的模板",
    "sheet.merged": "这些单元格被合并了，但每一行都需要单独填写；请取消单元格合并，并逐格填写",
    "sheet.number": "应为数字，实为 {found}",
    "sheet.number-text": "应为数字，如 3.5，实为文字 {found}",
    "sheet.number-range": "应为 0 到 {most} 之间的数字，实为 {found}",
    "sheet.count": "应为次数（不小于 0 的整数），实为 {found}",
    "sheet.date-number": "应为日期，如 2024-06-30，实为数字 {found}",
    "sheet.no-such-day": "{found} 不是日历上的日子",
    "sheet.date-time": "应为日期，实为日期加时间 {found}；请只填日期",
    "sheet.date": "应为日期，如 2024-06-30，实为 {found}",
    "sheet.other-rubric": "此工作簿是为测评体系 {made!r} 制作的，不是 {ref!r}；请用 'civscore "
                          "template' 为 {ref} 生成工作簿",
    "sheet.other-hash": "此工作簿是为 {ref} 的另一版内容制作的（{made}；测评体系现在是 {now}）："
                        "测评体系已有改动；请用 'civscore template' 生成新的工作簿，并把填写的内容"
                        "抄过去",
    "sheet.is-campaign": "是批量录入工作簿（每个单位一行），这里要的是一个单位的工作簿或测评记录"
                         "（批量录入工作簿可交给 civscore score、panel 或 rank；Python 中用 "
                         "civscore.sheets.read_campaign 读取）",
    "sheet.is-unit": "是单个单位的工作簿，不是批量录入工作簿；请用 read_workbook 读取",
    "sheet.no-label": "A 列缺少标签 {label!r}；请使用新的模板",
    "sheet.no-unit": "被测评单位为空；请填写单位名称",
    "sheet.unknown-tier": "未知的等次 {tier!r}；请从下拉列表中选择：{tiers}",
    "sheet.no-entry": "此项目不在这里填写：它按其下的子项目或规则计分，或由插件的评分方法"
                      "计分（请用 TOML 测评记录）",
    "sheet.deduct-no-count": "填了每次扣分，但测评结果（次数）为空或为 0；请填写次数",
    "sheet.date-no-yes": "填了发生日期；请在这里选“{yes}”（或清除日期）",
    "sheet.campaign-column": "第 1 行中缺少列 {column!r}；列可以移动，但不能删除，"
                             "第 1 行也不能修改",
    "sheet.prefill-other": "是 {named!r} 的测评记录，不是 {ref!r} 的",
    "sheet.prefill-options": "插件评分方法的 options 在工作簿中没有对应的单元格",
    "sheet.prefill-bar-twice": "不得申报情形 {bar!r} 记录了两次；工作簿中每项不得申报情形只有一个"
                               "日期",
    "sheet.prefill-amounts": "规则 {rule!r} 的几条扣分记录扣分不同，却要共用工作簿的一行",
    "sheet.prefill-no-row": "{key!r} 不是 {rubric} 工作簿中工作表 {sheet} 的一行{column}",
    "sheet.prefill-column": "（列 {column}）",
    "sheet.no-projects": "工作簿暂不能记录按项目计的加分；请填写 TOML 测评记录（civscore template "
                         "RUBRIC）",
    "sheet.no-judged": "工作簿暂不能记录按评定计分的加分项（method {method!r}）；请填写 TOML "
                       "测评记录（civscore template RUBRIC）",
    "sheet.needs-extra": "Excel 工作簿（.xlsx）需要可选扩展 'xlsx'（openpyxl）；安装方法：{hint}",
    "sheet.ole": "是旧版 Excel 文件（.xls）或设了打开密码的工作簿，civscore 读不了；请在 Excel 或 "
                 "WPS 中“另存为” Excel 工作簿（.xlsx），不设密码",
    "sheet.unzips-large": "工作簿解压后有 {size} 字节，超过 civscore 读取的上限 {most} 字节；"
                          "这不是填好的测评表（可能是损坏或恶意的文件）",
    "sheet.meta-row": "隐藏工作表 civscore 的这一行与测评体系的工作簿不符（隐藏工作表被改动过）；"
                      "请用 'civscore template' 生成新的工作簿，并把填写的内容抄过去",
    "sheet.column-twice": "列 {column!r} 出现了两次（第一次在 {first}）；请删去多出的一列",
    "sheet.not-an-entry": "这一行不填写“{column}”（不是浅黄色的填写格），填了也不会计入；请清除，"
                          "或填到它所属项目的行中",
    "sheet.yes-no": "应为“{yes}”或“{no}”（也可填 yes/no、TRUE/FALSE），实为 {found}",
    "sheet.choose-met": "请选择“{yes}”（达标）或“{no}”（不达标）",
    "sheet.choose-tier": "请从下拉列表中选择档次：{tiers}",
    "sheet.formula-error": "公式 {formula} 的结果是错误值 {found}；请改正公式，或直接填写数值",
    "sheet.label-twice": "标签 {label!r} 出现了两次（第一次在 {first}）；请删去多出的一行",
}
