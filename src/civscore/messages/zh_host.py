"""The Chinese catalogue, continued: the plugin host's warnings and errors,
and a guarded plugin method's; :mod:`civscore.messages.zh`
holds them all (see :mod:`civscore.messages`)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # the plugin host (plugins.hooks, plugins.manager, plugins.loading, plugins.registry)
    "plugin.skipped": "；已跳过",
    "plugin.fix": "；请修复或卸载该插件，或用 CIVSCORE_PLUGINS_DENY 排除它",
    "plugin.who": "civscore 插件 {plugin}",
    "plugin.while-loading": "在加载时",
    "plugin.in": "在 {what} 中",
    "plugin.in-check": "在检查 {check!r} 中",
    "plugin.expected-rubric": "RubricSpec",
    "plugin.expected-method": "评分方法（见 civscore.scoring.methods.ScoringMethod）",
    "plugin.expected-check": "CheckSpec",
    "plugin.expected-campaign": "CampaignSpec",
    "plugin.expected-findings": "CheckFinding 值",
    "plugin.not-expected": "civscore 插件 {plugin!r} 的 {hook} 返回了 {value}，它不是{expected}；"
                           "已忽略",
    "plugin.wrapper": "civscore 插件 {plugin!r} 以包装器（wrapper）实现 {hook}；civscore 的钩子只"
                      "接受普通实现",
    "plugin.not-a-list": "civscore 插件 {plugin!r} 的 {hook} 返回了 {value}，它不是列表；已忽略",
    "plugin.failed-in": "civscore 插件 {plugin!r} 在 {hook} 中出错：{error}",
    "plugin.check-what": "civscore 插件 {plugin}：对测评体系 {ref} 的检查 {check!r}",
    "plugin.check-wrong": "{what} 给出了 {value}{more}，它不是 CheckFinding；已忽略",
    "plugin.more": "（另有 {n} 个）",
    "plugin.conflict": "{what} 同时由 {described} 提供；请卸载其一，或用 {env}=<name> 排除其一；"
                       "两者都不使用",
    "plugin.conflict-lookup": "{what} 同时由 {described} 提供；请卸载其一，或用 {env}=<name> 排除"
                              "其一",
    "plugin.and": "和",
    "plugin.twice": "（两次）",
    "plugin.kind-rubric": "测评体系 {key}",
    "plugin.kind-method": "评分方法 {key!r}",
    "plugin.kind-check": "检查 {key!r}",
    "plugin.builtin": "{what} 是 civscore 内置的；{others} 提供的同名项被忽略",
    "plugin.load-failed": "civscore 插件 {plugin!r}（来自 {distribution}）加载失败：{error}",
    "plugin.undecorated": "civscore 插件 {plugin!r} 定义了 {attr!r}，却没有加 @civscore.hookimpl，"
                          "因此永远不会被调用；请加上该装饰器",
    "plugin.not-a-hook": "civscore 插件 {plugin!r} 定义了 {attr!r}，它不是 civscore 的钩子{hint}",
    "plugin.register-failed": "civscore 插件 {plugin!r} 无法注册：{error}",
    "plugin.unknown-hook": "civscore 插件 {plugin!r} 实现了 {hook!r}，它不是 civscore 的钩子"
                           "{hint}（已跳过该插件）",
    "plugin.error": "civscore 插件 {plugin!r}：{error}",
    "plugin.rubric-skipped": "civscore 插件 {plugin!r}：{error}；已跳过该测评体系",
    "plugin.overlay-skipped": "civscore 插件 {plugin!r}：{error}；已跳过该覆盖文件",
    "plugin.fails-checks": "civscore 插件 {plugin!r}：测评体系 {ref} 未通过一致性检查：{errors}",
    "plugin.overlay-base": "civscore 插件 {plugin!r}：覆盖文件 {ref} 基于 {extends}，而它{why}",
    "plugin.base-conflict": "由两个插件提供",
    "plugin.base-missing": "未安装（或本身是循环中的覆盖文件）",
    # a plugin's scoring method, guarded (scoring.guards, scoring.capture)
    "guard.printed": "{who} {when}向标准输出打印了内容；civscore 未让它进入自己的输出：{text}",
    "guard.failed": "{what} 出错：{error}",
    "guard.gave": "{what} 给出了 {given}，而不是{expected}",
    "guard.plugin": "civscore 插件 {plugin}：{text}",
    "guard.warning": "{path}：{text}；{instead}",
    "guard.method": "评分方法 {name!r}",
    "guard.call": "评分方法 {name!r} 的 {call}",
    "guard.compiled": "评分方法 {name!r} 编译出的计分函数",
    "guard.expected-problems": "Problem 值",
    "guard.expected-parts": "分值为有限 Decimal 的 Part 值",
    "guard.expected-bounds": "两个有限的 Decimal（小的在前）",
    "guard.expected-function": "关于测评记录的函数",
    "guard.expected-points": "有限的 Decimal",
    "guard.not-checked-item": "该项目的定义未经检查",
    "guard.not-checked": "该测评记录未经检查",
    "guard.as-failed": "该项目按未得分计（0 分，再按其下限）",
    "guard.bounds": "按 0 到该项目的分值计",
    "guard.with-score": "该测评记录改用 score() 计分",
    "guard.all-with-score": "其测评记录改用 score() 计分",
    # shipped campaigns and rubric resources (plugins.campaigns, plugins.specs)
    "plugin.no-campaign": "没有安装 id 为 {ident!r} 的评选方案（已安装：{installed}）；请给出评选"
                          "方案文件的路径",
    "plugin.campaign-unreadable": "{plugin}：无法读取评选方案资源 {resource}：{error}",
    "plugin.campaign-twice": "评选方案 {ident} 同时由 {first} 和 {second} 提供；请卸载其一",
    "plugin.no-package": "无法读取测评体系资源 {resource!r}：未给出 package；请给出包含该文件的包",
    "plugin.rubric-unreadable": "无法读取测评体系资源 {resource}：{error}",
    "plugin.spec-forms": "{spec} 必须且只能给出 rubric、overlay 或 package 与 resource 之一",
}
