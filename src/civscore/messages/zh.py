"""The Chinese catalogue: message id → template (see :mod:`civscore.messages`)."""

from __future__ import annotations

from civscore.messages.zh_campaign import MESSAGES as CAMPAIGN_MESSAGES
from civscore.messages.zh_cli import MESSAGES as CLI_MESSAGES
from civscore.messages.zh_host import MESSAGES as HOST_MESSAGES
from civscore.messages.zh_os import MESSAGES as OS_MESSAGES
from civscore.messages.zh_report import MESSAGES as REPORT_MESSAGES
from civscore.messages.zh_sheets import MESSAGES as SHEET_MESSAGES

MESSAGES: dict[str, str] = {
    # what a value was found to be (model.serde)
    "found.bool": "布尔值 {value}",
    "found.number": "数字 {value}",
    "found.string": "字符串 {value}",
    "found.table": "表",
    "found.array": "数组",
    "found.datetime": "日期时间 {value}",
    "found.date": "日期 {value}",
    "found.other": "{value} 类型的值",
    # what a key takes (model.serde)
    "type.number": "数字",
    "type.int": "整数",
    "type.string": "字符串",
    "type.bool": "true 或 false",
    "type.date": "日期（YYYY-MM-DD）",
    "type.choice": "以下之一：{choices}",
    "type.array": "数组",
    "type.table": "表",
    # the structure of a file (model.serde)
    "serde.expected-array": "应为数组，实为{found}",
    "serde.array-hint": "；在 TOML 中把每一项写在 [[{key}]]（双方括号）下",
    "serde.expected-table": "应为表，实为{found}",
    "plugins.allow-unknown": "{setting} 列出的 {names} 不是任何已安装的 civscore 插件（入口点或"
                             "发行包）的名称；请核对拼写（civscore rubrics 列出已安装的插件）",
    "serde.control": "含有控制字符 {char}，打印时会错乱；请删去",
    "serde.expected": "应为{expected}，实为{found}",
    "serde.int-range": "应在 0 到 {most} 之间，实为 {value}",
    "serde.expected-string": "应为字符串，实为{found}；请加上引号",
    "serde.expected-iso-date": "应为日期（YYYY-MM-DD），实为{found}",
    "serde.expected-date": "应为写作 YYYY-MM-DD、不加引号的日期（JSON 中为表示真实日期的字符串），"
                           "实为{found}",
    "serde.finite": "应为有限的数，实为 {value}",
    "serde.expected-number": "应为数字，实为{found}",
    "serde.quotes-hint": "；数字不要加引号",
    "serde.float": "分值不接受二进制浮点数；解析时请用 parse_float=decimal.Decimal，或传入 Decimal",
    "serde.not-finite": "应为有限的数，实为 {value}；NaN 和无穷大不是分值",
    "serde.negative": "应不小于 0，实为 {value}",
    "serde.too-big": "应不大于 {most}，实为 {value}；是否笔误？",
    "serde.unknown-key": "{cls}中没有键 {key!r}{hint}（可用的键：{allowed}）",
    "serde.did-you-mean": "；是否应为 {close!r}？",
    "serde.missing-key": "缺少必填的键 {key!r}（{doc}）",
    # reading a file (files.text, files.json_text)
    "file.no-such-file": "文件不存在，请检查路径",
    "file.directory": "是目录，不是文件",
    "file.empty": "文件中没有可读取的内容（没有任何键：是空文件或只有注释）；是否给错了文件？",
    "file.unreadable": "无法读取：{reason}",
    "file.too-large": "超过 {mib} MiB，即 civscore 读取的上限；测评体系或测评记录远小于此，是否选"
                      "错了文件？",
    "file.unknown-encoding": "未知的编码 {encoding!r}；请用如 'utf-8'、'utf-16' 或 'gb18030'",
    "file.not-in-encoding": "不是有效的 {encoding} 文本（第 {offset} 字节）",
    "file.bad-utf16": "以 UTF-16 字节序标记开头，却不是 UTF-16 文本（第 {offset} 字节有误）；请另"
                      "存为 UTF-8",
    "file.zip": "是 zip 文件（Excel 工作簿 .xlsx、Word 文档 .docx 等），不是文本；工作簿请给出以 "
                ".xlsx 结尾的文件名，报告请交给 civscore extract",
    "file.not-regular": "是设备或管道，不是文件",
    "file.not-utf8": "不是 UTF-8 文本（第 {offset} 字节有误）；请另存为 UTF-8",
    "file.gb18030": "是 GBK/GB18030 编码，不是 UTF-8；请另存为 UTF-8（如 `iconv -f gb18030 -t "
                    "utf-8`），或按 'gb18030' 编码读取（命令行：--encoding gb18030；只对此文件："
                    "--encoding INPUT=gb18030，INPUT 见 --help）",
    "file.not-toml": "不是有效的 TOML，语法有误（解析器的原文：{error}）",
    "file.toml-duplicate": "不是有效的 TOML：这个键定义了两次（解析器的原文：{error}）；请只保留一"
                           "处定义",
    "file.too-deep": "表和数组嵌套超过 {limit} 层{where}；civscore 文件最多需要 9 层：请展平文件",
    "file.not-json": "不是有效的 JSON，语法有误（解析器的原文：{error}）",
    "file.json-not-finite": "应为有限的数；NaN 和无穷大不是分值",
    "file.json-duplicate": "这个键在同一对象中写了两次；请只保留一处",
    "file.json-not-object": "应为键的对象（{{…}}），实为 {found}",
    "file.json-surrogate": "含有半个 UTF-16 代理对（如 \\ud800 这样缺了另一半的转义），它不是任何"
                           "字符；请删去，或直接写出该字符",
    "file.at": "（第 {line} 行第 {column} 列）",
    # civscore check
    "check.error": "错误",
    "check.warning": "警告",
    "check.info": "提示",
    "check.rubric": "测评体系",
    "check.assessment": "测评记录",
    "check.summary": "{kind}：{errors}，{warnings}，{infos}",
    "check.errors": "错误 {n} 项",
    "check.warnings": "警告 {n} 项",
    "check.infos": "提示 {n} 项",
    # civscore score
    "score.unweighted": "测评体系 {ref} 只列测评指标、不设分值，不能直接评分；"
                        "请通过为各指标赋分的省级叠加（overlay）评分",
    "score.inconsistent": "测评体系 {ref} 自身不一致，此得分可能有误：{path}：{message} [{code}]",
    "score.fail-under": "总分 {total} 低于 {least}（--fail-under）",
    "score.fail-discrepancy": "有 {n} 项自评分与核算分不符：{paths}（--fail-on-discrepancy）",
    "score.fail-veto": "结果为 {status}：{reasons}（--fail-on-veto）",
    # civscore extract
    "extract.no-scores": "  未说明任何得分；未写入文件",
    "extract.no-rubric": "  没有与之相符的已安装测评体系；请用 --rubric 指定",
    "extract.rubric": "  测评体系：{ref}《{title}》",
    "extract.header": "项目|报告章节|应得分(报告)|应得分(体系)|实得分(报告)|匹配",
    "extract.by-title": "标题",
    "extract.by-order": "顺序",
    "extract.overall": "  总体：应得分 {allotted}，实得分 {earned}",
    "extract.consistency": "  一致性（由评分引擎核算）：",
    "extract.note": "  注意：{message}",
    "extract.nothing": "没有找到报告：文件为空或只有空白",
    "extract.several-to-stdout": "报告 {reports} 都说明了得分，标准输出只能容纳一份测评记录；请用 "
                                 "-o FILE（报告 N 写入 FILE-N）",
    "extract.written": "  已写入测评文件：{path}",
    "extract.report": "报告{index}《{title}》",
    "extract.unit": "单位：{unit}",
    "extract.period": "年度：{period}",
    # the consistency of a report's claims (extract.consistency)
    "claims.no-claim": "报告未说明总得分；评分引擎核算为 {computed}",
    "claims.sum": "各项实得分合计 {parts}，评分引擎核算为 {computed}；报告所称总得分为 {claim}",
    "claims.over": "{title}：实得分 {earned} 超过该项应得分 {points}",
    "claims.within": "各项实得分均不超过该项应得分",
    "claims.disagree": "{title}：报告称应得分 {allotted}，测评体系为 {points}",
    "claims.agree": "报告所列应得分均与测评体系一致",
    "claims.total-equal": "报告所称总应得分 {allotted} 与测评体系总分 {total} 一致",
    "claims.total-differ": "报告所称总应得分 {allotted} 与测评体系总分 {total} 不一致",
    "claims.unmatched": "未能对应：{names}",
    # the consistency checks (checks.consistency)
    "checks.sum-total": "各类别分值合计 {sum}，不等于所定总分 {total}；请修改某类别的分值或总分",
    "checks.illustrative": "此测评体系的分值为示例（illustrative），并非地方正式标准",
    "checks.duplicate-id": "id {ident!r} 重复使用",
    "checks.sum-item-exact": "{title}：其下各项合计 {sum}，不等于该项分值 {points}；请修改，若测评"
                             "体系对该项封顶则设 sum_policy = \"cap\"",
    "checks.sum-item-cap": "{title}：其下各项合计仅 {sum}，不足该项分值 {points}，永远得不到满分",
    "checks.unknown-method": "未知的评分方法 {method!r}；请安装提供它的插件",
    "checks.tier-unreachable": "档次 {tier!r} 给 {points} 分，超过该项分值 {item}，将被封顶",
    "checks.band-unreachable": "已有比率更低的区间给同样多的分，此区间不会决定得分",
    "checks.award-short": "{title}：其全部标准合计最多得 {most} 分，不足该项分值 {points}",
    "checks.rule-exceeds-item": "出现一次即扣 {amount} 分，超过该项分值 {points}（该项扣至下限为止"
                                "）",
    "checks.levels-order": "等次应按 min_total 从低到高排列：{later}（{later_min}）排在 {earlier}"
                           "（{earlier_min}）之后",
    "checks.level-unreachable": "{title} 需要 {needs} 分，但任何测评最多只能得 {most} 分",
    "checks.minimum-unreachable": "{title} 要求项目 {item!r} 至少得 {least} 分，但该项最多只能得 "
                                  "{most} 分，该等次永远无法评定",
    "checks.level-band": "该区间的上限 {bound} 高于可达到的最高总分 {most}",
    "checks.levels-overlap": "{lower} 止于 {end}，而 {upper} 始于 {start}：同一总分可落入两个等次",
    "checks.levels-gap": "{lower}（至 {end}）与 {upper}（自 {start}）之间有空档：其间的总分不属于"
                         "任何等次；请使区间相接",
    "checks.bonus-never-counts": "加分项 {ident!r} 永远加不了分（其分值、max_count 或加分上限为 0"
                                 "）",
    "checks.no-deductions": "不扣分",
    "checks.nothing-earned": "不得分",
    "checks.no-finding": "{path}：没有测评记录，按{what}计",
    "checks.claimed-over-max": "{title} 自评 {claimed} 分，而该项分值仅 {points}",
    "checks.claimed-sum": "各类别自评分合计 {computed}，而自评总分为 {claimed}",
    "checks.discrepancy": "自评 {claimed} 分，而各项核算为 {computed} 分（差 {difference}）",
    "checks.illustrative-except": "，但标为 quoted 或 official 的 {n} 处除外",
    "checks.provenance-no-source": "{path} 标为 {provenance!r}，却未注明出处；请说明从何处读得（网"
                                   "址，或文件及页码）",
    "checks.rubric-total": "测评体系总分",
    "checks.provenance-sum": "{name} 标为 {provenance!r}，分值 {points}，而其下标为 quoted 或 "
                             "official 的部分合计 {got}{more}；请更正所读数字，或把未读得的部分标"
                             "为 illustrative",
    "checks.more-than-whole": "（超过整体）",
    # the built-in scoring methods (scoring.methods, scoring.interface)
    "method.missing": "{ident!r} 没有测评记录（评分方法 {method}）：请用 '{entry}' 补上",
    "method.not-read": "此项不读取 {key!r}；它读取 {allowed!r}",
    "method.needs-rule": "评分方法 'deduct' 至少需要一条扣分规则",
    "method.needs-standard": "评分方法 'award' 至少需要一项标准",
    "method.needs-tier": "评分方法 'tiered' 至少需要一个档次",
    "method.count": "应为不小于 0 的整数，实为 {count}",
    "method.unknown-standard": "未知的标准 {ident!r}（可用的标准：{known}）",
    "method.choose-tier": "请选择一个档次：{known}",
    "method.unknown-tier": "未知的档次 {ident!r}（可用的档次：{known}）",
    "method.step": "分值 {points} 不是步长 {step} 的整数倍",
    "method.enter-points": "请填写所给分数，0 到 {most}",
    "method.points-negative": "应不小于 0，实为 {value}",
    "method.points-over": "应不超过该项分值 {most}，实为 {value}",
    "method.points-step": "应为 {step} 的整数倍，实为 {value}",
    "method.ratio-either": "比率项目要么给 'bands'，要么同时给 'target' 和 'deduct_per_point'",
    "method.ratio-needs": "评分方法 'ratio' 需要 'bands'，或 'target' 和 'deduct_per_point'",
    "method.band-bound": "区间应给且只给 'at_least'（≥）和 'above'（>）之一",
    "method.rate-bound": "比率是 0 到 100 的百分数，实为 {value}",
    "method.rates": "比率是 0 到 100 的百分数",
    "method.enter-rate": "请填写测得的比率，0 到 100 的百分数",
    "method.rate": "是 0 到 100 的百分数，实为 {value}",
    "method.met": "请写 met = true 或 met = false",
    "method.unknown-rule": "未知的扣分规则 {ident!r}（可用的规则：{known}）",
    "method.at-most-rule": "规则 {ident!r} 规定本项最高得 {most} 分；请删去 'deduct'",
    "method.fixed-rule": "规则 {ident!r} 固定扣 {amount} 分；请删去 'deduct'",
    "method.give-deduct": "规则 {ident!r} 酌情扣分（每次 {least}–{most} 分）：请给出 'deduct'",
    "method.deduct-range": "应在 {least} 到 {most} 之间，实为 {value}",
    "method.note": "酌情扣分需要说明（note）为何扣这么多",
    # an assessment against its rubric (scoring.validate)
    "fit.rubric-mismatch": "所注测评体系为 {named!r}，却按 {ref!r} 评分",
    "fit.no-unit": "没有写被测评单位（unit 为空），结果上单位名称空白；请填写被测评单位的名称",
    "fit.duplicate-finding": "项目 {item!r} 已在 {at} 有测评记录；请合并两处",
    "fit.method-missing": "{path}：评分方法 {method!r} 未安装",
    "fit.not-decimal": "应为精确的有限小数（decimal.Decimal），实为 {kind} {value}",
    "fit.places": "{value} 的小数位多于 {places} 位",
    "fit.forbid": "此测评体系不允许不适用项（not_applicable = 'forbid'）；请为该项评分",
    "fit.reason": "请说明该项为何不适用",
    "fit.group": "{item!r} 按其下各项计分；请在其下各项记录",
    "fit.item-method-missing": "{item!r} 的评分方法 {method!r} 未安装",
    "fit.missing-date": "否决/不得申报事项需要测评日期（assessed_on = YYYY-MM-DD），才能判断是否在"
                        "追溯期内",
    "fit.none-declared": "未设置",
    "fit.unknown": "未知的{what} {ident!r}（测评体系中有：{names}）",
    "fit.bonus-item": "加分项",
    "fit.penalty": "负面清单扣分项",
    "fit.veto": "一票否决项",
    "fit.bar": "不得申报项",
    "fit.gate": "门槛项",
    "fit.unknown-item": "测评体系 {ref} 中没有项目 {item!r}{hint}",
    # the rules of a rubric or assessment beyond its structure (files.loader)
    "loader.not-table": "应为键的表，实为 {found}",
    "loader.format": "此版本 civscore 读取文件格式 {version}，实为 {found}；请升级 civscore，或把"
                     "文件改写为格式 1",
    "loader.is-overlay": "这是叠加在另一测评体系上的覆盖文件（overlay）；请用 "
                         "civscore.plugins.Registry.load_rubric（或命令行）读取，它会在已安装的基"
                         "础体系上解析",
    "loader.bad-reference": "应为 id@version（如 'danjiangkou@2010-2011'），实为 {found}",
    "loader.bad-id": "{what} id {ident!r} 只能由小写字母、数字、'-' 或 '_' 组成，并以字母或数字开"
                     "头",
    "loader.duplicate-id": "{what} id {ident!r} 重复，首次使用于 {first}",
    "loader.category": "类别",
    "loader.bonus-item": "加分项",
    "loader.penalty": "负面清单扣分项",
    "loader.veto": "一票否决项",
    "loader.bar": "不得申报项",
    "loader.gate": "门槛项",
    "loader.level": "等次",
    "loader.item": "项目",
    "loader.standard": "标准",
    "loader.tier": "档次",
    "loader.minimum-item": "未知的项目 {item!r}：最低分按项目的完整路径指明，例如 "
                           "'environment.energy'",
    "loader.minimum-above": "最低分 {least} 高于项目 {item!r} 的分值 {points}，任何单位都达不到；"
                            "请按测评体系写明的分数填写",
    "loader.scale": "评分等级",
    "loader.grade": "等级",
    "loader.unknown-scale": "未知的评分等级 {scale!r}；请在 [[grade_scales]] 下声明"
                            "（已声明：{known}）",
    "loader.scale-and-tiers": "该项既引用评分等级 {scale!r} 又列出自己的档次；请只保留其一"
                              "（评分等级按各等级的比例折算本项分值）",
    "loader.scale-not-tiered": "评分等级只用于 method = \"tiered\" 的末级项目；请删去 'scale' "
                               "或将该项改为 tiered",
    "loader.scale-empty": "评分等级需要列出等级，例如 [{{ id = \"a\", title = \"A\", "
                          "fraction = 1 }}]",
    "loader.rule": "扣分规则",
    "loader.bad-rubric-id": "测评体系 id {ident!r} 只能由小写字母和数字组成，以 '.' 或 '-' 分隔，"
                            "如 'hubei.xiangyang'",
    "loader.version": "version 不能为空，也不能含 '@'",
    "loader.at-most-6": "应不大于 6，实为 {value}",
    "loader.total": "基本分总分应大于 0（只列测评指标、不设分值的测评体系写 weighted = false）",
    "loader.unweighted": "该测评体系只列测评指标、不设分值（weighted = false），不应写 {key}："
                         "分值、评分方法、扣分标准、加分、负面清单和等次由为各指标赋分的叠加"
                         "（overlay）给出",
    "loader.is-campaign": "是评选方案文件（有 award 和 year），不是{what}：请用 'civscore rank' 或 "
                          "'civscore review' 的 --campaign FILE 给出",
    "loader.an-assessment": "测评记录",
    "loader.a-rubric": "测评体系",
    "loader.rubric-or-assessment": "测评体系或测评记录",
    "loader.is-rubric": "是测评体系（有 categories，且未注明 rubric），不是测评记录：请给出测评"
                        "记录；查看测评体系请用 'civscore show FILE'",
    "loader.lookback": "不得申报项需要追溯期：请设 lookback_years、lookback_months 或 "
                       "lookback_days",
    "loader.below-min": "低于 min_total（{least}）",
    "loader.fraction": "是 0 到 1 之间的比例（0.6 即 60%）",
    "loader.unknown-gate": "未知的门槛项 {gate!r}；请在 [[gates]] 下声明",
    "loader.floor": "下限 {floor} 高于该项分值 {points}",
    "loader.nesting": "项目在类别之下最多嵌套两层（指标 → 标准）",
    "loader.group-method": "有下级项目的项目按其下各项之和计分；请删去 'method' 或其下各项",
    "loader.leaf-method": "末级项目需要评分方法：deduct、award、tiered、direct、ratio、"
                          "all_or_nothing，或插件提供的方法名",
    "loader.step": "应大于 0",
    "loader.unknown-method": "未知的评分方法 {method!r}；已知的有：{known}（插件的方法需要安装该插"
                             "件）",
    "loader.zeroes": "zeroes = true 的规则不设扣分数",
    "loader.rule-amount": "规则应给且只给 'deduct'（固定扣分）和 'deduct_range'（[最少, 最多]）之"
                          "一，或 zeroes = true",
    "loader.range": "应为 [最少, 最多] 且最少 ≤ 最多，如 [0.1, 0.5]",
    "loader.places": "{value} 的小数位多于 {places} 位（point_places = {places}）",
    "loader.provenance": "测评体系声称 {claimed}，但 {path}（{key}）为 {weak}：测评体系的来源不能"
                         "强于其带分值的最弱部分；请声明 provenance = {weak}，并标出读得的部分",
    # installed rubrics (plugins.registry)
    "registry.not-installed": "没有已安装的测评体系 {ref!r}（已安装：{installed}）；请安装该地的插"
                              "件，或检查拼写",
    "registry.troubled": "；插件 {plugins} 有问题（见上面的警告），该测评体系可能出自其中",
    "registry.none": "无",
    "registry.no-base": "无法在基础测评体系上解析此覆盖文件：{error}",
    # what a report says of itself (extract.reports)
    "report.stray": "有 {n} 处得分说明（第 {lines} 行）不在任何编号章节内，也未指明整个单位；未予"
                    "归属",
    "report.malformed": "第 {line} 行：{figure} 不是格式正确的分值，未予读取；请在报告中改正",
    "report.negative": "第 {line} 行：{figure} 是负的分值，未予读取；请在报告中改正",
    "report.too-big": "第 {line} 行：{figure} 超过 {most}（测评记录可容纳的最大分值），未予读取；"
                      "请在报告中改正",
    "report.restarts": "第 {line} 行：章节编号在 {previous} 之后又从 {marker} 开始；此后的文字可能"
                       "是另一篇没有“第N篇”标题的报告",
    "report.several": "第 {line} 行：章节 {marker} 给出多个{word}（{shown}）；取第一个",
    "report.over": "第 {line} 行：章节 {marker} 称实得分 {earned}，而应得分为 {allotted}",
    "report.overall-several": "总{word}给出了不同的数值（{shown}）；取第一个",
    "report.sum": "各章节{word}合计 {added}，而报告所称总{word}为 {total}",
    "report.overall-over": "所称总得分 {earned} 超过应得分 {allotted}",
    # a report matched to a rubric (extract.matching)
    "match.by-order": "章节 {label}（第 {line} 行）仅按顺序对应到类别 {category}（{title}）（标题"
                      "相似度 {similarity}）",
    "match.reads-like": "章节 {label}（第 {line} 行）看来更像类别 {other}（{title}），而非所对应的"
                        " {category}",
    "match.points": "章节 {label}（第 {line} 行）称应得分 {allotted}，类别 {category} 为 {points} "
                    "分",
    "match.no-category": "章节 {label}（第 {line} 行）不对应 {ref} 的任何类别",
    "match.no-section": "{ref} 的类别 {category} 不对应报告的任何章节",
    "match.no-sections": "报告没有可对应的编号章节",
    "match.total": "报告所称总应得分 {allotted} 与测评体系总分 {total} 不同",
    # reading a report (extract.reading)
    "read.bad-byte": "第 {offset} 字节 0x{byte}（{reason}）",
    "read.needs-docx": "读取 .docx 文件需要 python-docx，但未安装；请用 pip install "
                       "civscore[docx] 安装（或把报告另存为 UTF-8 文本）",
    "read.docx-too-large": "解压后含 {mib} MiB 的 XML（最大的部件是 {part}），超过 .docx 的上限 "
                           "{most} MiB，可能是压缩炸弹；请用 Word 或 WPS 打开后另存为 UTF-8 文本",
    "read.docx-ratio": "部件 {part} 解压后有 {mib} MiB，压缩比 {ratio}:1，超过上限 {most}:1，"
                       "可能是压缩炸弹；请用 Word 或 WPS 打开后另存为 UTF-8 文本",
    "read.bad-docx": "不是可读的 .docx 文档（{error}）；请用 Word 或 WPS 打开后重新另存为 .docx，"
                     "或另存为 UTF-8 文本",
    "read.doc": "这是旧版 Word（.doc）或其他 OLE 文件，civscore 无法读取；请另存为 .docx（pip "
                "install civscore[docx]）或 UTF-8 文本",
    "read.unknown-encoding": "未知的编码 {encoding!r}；请用如 'utf-8' 或 'gb18030'",
    "read.not-in-encoding": "无法按 {encoding} 解码此文件：{error}；可试 encoding='gb18030'（"
                            "GBK/GB2312 文本）或 'utf-8'，或不指定编码以自动识别",
    "read.bad-bom": "文件以 {codec} 字节序标记开头，却不能按 {codec} 解码：{error}；请另存为 UTF-8"
                    "，或给出正确的编码",
    "read.nul": "文件含 NUL 字节，不是 UTF-8 或 GB18030 文本（二进制文件，或没有字节序标记的 "
                "UTF-16 文件？）；请把报告另存为 UTF-8 文本或 .docx，或给出 encoding='utf-16-le'",
    "read.neither": "文件既不是 UTF-8 也不是 GB18030 文本（按 UTF-8：{utf8}；按 GB18030：{gb18030}"
                    "）；请给出保存时的编码，如 encoding='big5'，或另存为 UTF-8",
    # overlays (plugins.overlay)
    "overlay.format": "此版本 civscore 读取文件格式 {version}，实为 {found}",
    "overlay.extends": "基础测评体系应写作 id@version（如 'hubei@2012'），实为 {found}；覆盖文件须"
                       "指明所修改的确切版本",
    "overlay.itself": "覆盖文件不能覆盖自身（{ref}）；请给它自己的 id 或版本",
    "overlay.override-id": "覆盖项不能修改 id；请删去该条目，另行添加新条目",
    "overlay.override-empty": "覆盖项须给出路径和至少一个要修改的键，如 points = 12",
    "overlay.after": "应为新条目所跟随的条目 id",
    "overlay.missing": "缺少必填的键 {key!r}",
    "overlay.dotted": "应为以点分隔的路径，如 'categories.leadership'，实为 {found}",
    "overlay.removed": "{path!r} 已被 {by} 删除",
    "overlay.no-path": "{ref} 中没有 {path!r}{hint}（那里的 id：{ids}）",
    "overlay.bad-path": "无法定位 {path!r}：路径应为 categories.<id>[.<id>[.<id>]]、levels.<id>、"
                        "vetoes.<id>、bars.<id>、gates.<id>、penalties.<id>、bonus.items.<id> 或 "
                        "bonus",
    "overlay.bad-parent": "{parent!r} 下不能添加新条目；上级应为 categories、categories.<id>（添加"
                          "指标）、categories.<id>.<id>、levels、vetoes、bars、gates、penalties 或"
                          " bonus.items",
    "overlay.twice": "{path} 已由 {by} 修改；请合并两个覆盖项",
    "overlay.no-bonus": "{ref} 没有加分部分；请用 [[add]] parent = 'bonus.items' 添加加分项",
    "overlay.exists": "{path} 在 {ref} 中已存在；请用 [[overrides]] 修改",
    "overlay.no-after": "{parent} 下没有 {after!r}（那里的 id：{ids}）",
    "overlay.other-base": "覆盖文件所基于的是 {extends}，不是 {ref}",
    "overlay.provenance": "覆盖文件沿用 {ref} 的分值，其来源为 {base}，故不能是 {claimed}；请声明 "
                          "provenance = {base}（或更弱）",
    "overlay.fails-checks": "覆盖后得到的测评体系未通过一致性检查：{listed}",
    "overlay.resolved-on": "（在 {ref} 上解析）",
    "overlay.gather": "应为要移入新条目的各项路径",
    # checking an assessment: unassessed items, bonus claims, dates (scoring.validate, decide)
    "fit.unassessed-error": "{path}：未评——没有测评记录，而此测评体系（或调用方）不接受未评项"
                            "（unassessed = 'error'）；请记录该项的测评结果（一无所见时写 "
                            "hits = [] 或 standards = []）",
    "fit.unassessed-flag": "{path}：未评——没有测评记录；按一无所见计分，并列为未评项"
                           "（unassessed = 'flag'）",
    "fit.na-and-values": "为 true，但该测评记录又给出了 {given}：一个项目要么评分，要么不适用；"
                         "请删去其中之一",
    "fit.no-projects": "测评体系 {ref} 的加分不按项目计（其加分部分未声明 projects）；请删去 "
                       "project，或改用只计一个项目最高荣誉的测评体系评分",
    "fit.bonus-judged": "加分项 {item!r} 按评定计分（{method}）；请删去 {key!r}",
    "fit.bonus-fixed": "加分项 {item!r} 每次固定加 {points} 分；请删去 {key!r}",
    "fit.bonus-one-award": "评定的加分项（{item!r}，{method}）只算一次：请写 count = 1，另一次请"
                           "另行申报",
    "fit.bonus-tier": "请从 {item!r} 的等次中选一个：{tiers}{got}",
    "fit.got": "；实为 {value!r}",
    "fit.bonus-points": "请给出 {item!r} 的分值，0 到 {most}",
    "fit.bonus-range": "应在 0 到 {most} 之间，实为 {value}",
    "fit.bonus-step": "应为 {step} 的整数倍，实为 {value}",
    "date.future": "{date} 晚于今天（今天是 {today}）；请填写单位接受测评或申报的日期",
    "date.before-period": "测评日期{date}早于测评体系{ref}的期间（{version}），请核对",
    "date.veto-future": "{date} 晚于今天；请填写事情发生的日期",
    "date.veto-after": "一票否决情形的日期{date}晚于测评日期{on}，仍予否决，请核对",
    "date.bar-after": "{date} 晚于测评日期 {on}，在回溯期之外，这项不得申报情形会被略过：请更正"
                      "日期；如果事情发生在测评之后，请记为一票否决情形，或改动 assessed_on",
    "date.bar-outside": "不得申报情形“{text}”的日期{date}不在回溯期{start}至{end}内，不影响申报；"
                        "请核对日期",
    # rubric files: judged bonus items and at_most rules (files.loader)
    "loader.min-base-above": "min_base {need} 高于基础分总分 {total}，加分永远无法计入；请按测评"
                             "体系原文填写基础分",
    "loader.tiers-not-tiered": "tiers 只用于按等次评定的加分项；请设 method = \"tiered\"，或删去"
                               " tiers",
    "loader.step-not-direct": "step 只用于直接评分的加分项；请设 method = \"direct\"，或删去 step",
    "loader.step-positive": "应大于 0",
    "loader.tiers-needed": "按等次评定的加分项需要列出等次，如 [{{ id = \"good\", title = \"好\", "
                           "points = 2 }}]",
    "loader.tier-above": "等次 {tier!r} 给 {points} 分，高于该项的 {most} 分（一次评定的最高分）",
    "loader.at-most-amount": "带 at_most 的规则是限定该项得分，而不是扣分；请删去 {key!r}（或另设"
                             "一条规则）",
    "loader.at-most-above": "at_most {limit} 高于该项分值 {points}：该项得分永远不会超过其分值；请"
                            "按原文填写上限，且不超过该项分值",
    "loader.at-most-below": "at_most {limit} 低于该项的下限 {floor}（得分止于下限）；请降低下限或"
                            "提高上限",
    # rubric checks (checks.consistency), continued
    "checks.unweighted": "只列测评指标、不设分值（weighted = false）：分值与评分方法不在此检查，"
                         "为各指标赋分的叠加（overlay）才可评分",
    "checks.unassessed-unused": "unassessed = {policy!r} 永远用不上：每项的评分方法都需要测评记录，"
                                "缺了本来就会被拒绝",
    "checks.at-most-never-binds": "{title}：上限 {limit} 等于该项分值，这条规则命中也不会改变得分；"
                                  "请按规则原文填写上限（本项最高得X分）",
    "checks.bonus-projects-unused": "加分按项目计，但加分项不足两个，没有哪个项目会有两项荣誉可"
                                    "择其高者",
    "checks.bonus-base-shadowed": "加分项 {ident!r} 需要基础分 {need}，但整个加分部分已需要 "
                                  "{pool}（$.bonus.min_base），该项的条件永远不起作用；请删去，或"
                                  "按原文填写基础分",
}
MESSAGES.update(CLI_MESSAGES)
MESSAGES.update(HOST_MESSAGES)
MESSAGES.update(OS_MESSAGES)
MESSAGES.update(CAMPAIGN_MESSAGES)
MESSAGES.update(SHEET_MESSAGES)
MESSAGES.update(REPORT_MESSAGES)
