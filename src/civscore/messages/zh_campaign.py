"""The Chinese catalogue, continued: the campaign layer's errors
(campaign files, panels, terms, quotas, history, review); :mod:`civscore.messages.zh`
holds them all (see :mod:`civscore.messages`)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # campaigns: panels, terms, quotas, history, review (campaign)
    "camp.unit": "单位 {unit!r}",
    "camp.unit-item": "{what}，{path}",
    "camp.eliminate-all": "末位淘汰全部单位（1，即100%）后无单位可授予；请写小于 1 的比例，如 "
                          "0.15 表示后15%",
    "camp.too-few": "{what}：{n}人，不足{need}人去掉最高分和最低分；这样的人数需要 "
                    "small = \"mean\" 或 \"closest-pair\"，或增加评分人",
    "camp.no-role": "{what}：没有角色为 {role!r} 的测评记录；请补上，或声明 missing = \"zero\"（缺"
                    "评计0分）",
    "camp.history-period": "期间 {period} 不是年份（如 2023）",
    "camp.history-unit": "单位 {unit!r} 不在本次评选的单位中（共测评 {n} 个）；请更正名称或删除该"
                         "记录",
    "camp.csv-header": "称号记录 CSV 应以表头 {header} 开头",
    "camp.csv-columns": "应为 {expected} 列，实为 {found} 列",
    "camp.csv-date": "日期 {date!r} 不是写作 YYYY-MM-DD 的日期（如 2023-12-20）",
    "camp.not-table": "应为键的表，实为 {found}",
    "camp.format": "此版本 civscore 读取的评选方案格式为 {format}，实为 {found!r}",
    "camp.fraction": "{value} 不是 (0, {most}] 之间的比例",
    "camp.bad-id": "{ident!r} 不是合格的 id：小写字母和数字，以 '.' 或 '-' 分隔",
    "camp.rubric-or-term": "rubric = \"id@version\" 与带各期间的 [term] 必须且只能给出其一",
    "camp.not-ref": "{ref!r} 不是 id@version 的写法",
    "camp.trim": "trim 至少为 1（去掉1个最高分和1个最低分）",
    "camp.year": "评选年度应为四位数的年份，如 2024，实为 {value}",
    "camp.weights": "各角色权重之和为 {total}，不是 1；例如 自评 0.1、测评组 0.9",
    "camp.role-twice": "角色 {role!r} 给出了两次",
    "camp.no-periods": "届期至少要有一个期间",
    "camp.period-twice": "期间 {period!r} 给出了两次",
    "camp.places-or-fraction": "places（名额数）与 fraction（到期单位数的比例）必须且只能给出其一",
    "camp.needs-expiring": "按比例计名额需要 expiring，即当年到期单位数",
    "camp.candidates": "每个名额的候选数至少为 1（1.5 即 1:1.5）",
    "camp.on-reach": "on_reach = \"shortlisted\" 用于没有名额的评选；有 [quota] 时，请用 "
                     "quota.candidates 确定入围（1.5 即 1:1.5）",
    "camp.warn-above-keep": "warn_at {warn} 高于 keep_at {keep}",
    "camp.lapse": "lapse 是年数，0 表示不届满",
    "camp.consecutive": "至少 1 年",
    "camp.no-sheets": "合议至少需要一份测评记录",
    "camp.mixes": "此合议混用了不同的{what}：此处为 {mine!r}，{source} 中为 {theirs!r}；合议只合并"
                  "一个单位在同一测评体系、同一期间的测评记录",
    "camp.mixes-rubric": "测评体系",
    "camp.mixes-unit": "单位",
    "camp.mixes-period": "期间",
    "camp.unknown-role": "评分人角色 {role!r} 不在合议规则的角色中（{known}）；请在 role = \"…\" 中"
                         "写其中之一",
    "camp.per-item-rescaled": "逐项合议要把合并后的各项相加，无法与按比例折算的基础分相容；有不适用"
                              "项的单位请用 per = \"total\"",
    "camp.extra-period": "单位 {unit!r} 有期间 {period!r} 的测评记录，而届期中没有这个期间（{ids}"
                         "）；请更正 period = \"…\"",
    "camp.missing-period": "单位 {unit!r} 缺少届期中期间 {period!r} 的测评记录（{ids}）；每个期间都"
                           "要有",
    "camp.period-rubric": "单位 {unit!r} 的期间 {period!r} 按 {ref} 评分，而届期的这个期间用的是 "
                          "{expected}",
    "camp.no-tie-item": "没有哪个期间的测评体系有用来决定并列名次的项目 {path!r}",
    "camp.review-missing": "按称号记录，单位 {unit!r} 持有{title}（{year}），却没有 {review} 年复查"
                           "的测评记录；请给出",
    "camp.rubric-not-given": "评选所用的测评体系 {ref} 未给出；请安装它或给出其文件",
    "camp.other-rubric": "按 {got} 评分，而本次评选此处用的是 {ref}；评选结果从不混用测评体系",
    "camp.other-period": "属于期间 {period!r}，而评选的届期中没有这个期间（{ids}）；请更正 "
                         "period = \"…\"",
    "camp.needs-history": "评选的申报条件要读取称号记录；请给出称号记录文件",
    "camp.review-needs-history": "复查测评体系用于称号的持有单位，而持有单位从称号记录读取；请给出"
                                 "称号记录文件",
    "camp.no-tie-path": "测评体系 {ref} 中没有用来决定并列名次的项目 {path!r}；请从以下选择："
                        "{paths}",
    "camp.too-many-places": "名额为 {places} 个，多于参加排名的 {units} 个单位；请减少名额，或给出"
                            "每个单位的测评记录",
    "camp.unit-twice": "单位 {unit!r} 给出了两次；每个单位只排一次",
    "camp.no-next-level": "没有更高的等级可达；请给出要达到的总分（--target）",
    "camp.places": "places 应在 0 到 {most} 之间（合议分保留小数位数），实为 {value}",
    "camp.no-unit": "测评记录没有写被测评单位（unit 为空）；请按该单位其他测评记录的写法填写单位"
                    "名称",
    "camp.assessor-twice": "评分人 {assessor!r}（{role}）给这个单位评了两次，此处和 {other}；每个"
                           "评分人只计一次：请删去一份（是否复制了文件？）",
    "camp.no-role-given": "未写角色",
    "camp.bad-csv": "不是有效的 CSV 文件：{error}",
    "camp.too-many-claims": "标准 {ident!r} 每项 {points} 分，补足 {left} 分需再申报超过 {most} "
                            "项；差距分析每项标准最多列 {most} 项",
    "camp.record-twice": "{unit!r} 在 {year} 年有第二条{title}的记录（第一条在 {first}）；一个单位"
                         "每年只有一个结果：请删去一条",
}
