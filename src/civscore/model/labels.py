"""Chinese labels of model values that every rendering shares."""

from __future__ import annotations

__all__ = ["CLASS_LABELS", "METHOD_LABELS"]

#: Chinese names of the built-in scoring methods.
METHOD_LABELS = {
    "deduct": "扣分制",
    "award": "得分制",
    "tiered": "档次",
    "direct": "直接赋分",
    "ratio": "比例",
    "all_or_nothing": "达标得分",
}

#: Chinese names of the values files are read into, by class name, for the
#: messages that name the table a key belongs in (``测评记录中没有键 'x'``).
CLASS_LABELS = {
    "Locality": "地区", "Rounding": "取整规则", "Rule": "扣分标准", "Standard": "得分标准",
    "Tier": "档次", "Band": "比例档次", "Criterion": "测评指标", "Category": "测评类别",
    "BonusItem": "加分项", "Bonus": "加分", "PenaltyItem": "负面清单条目", "Veto": "否决情形",
    "Bar": "不得申报情形", "Gate": "前置条件", "Minimum": "最低得分要求", "Level": "等次",
    "Rubric": "测评体系", "RuleHit": "扣分记录", "StandardHit": "得分记录", "Finding": "测评结果",
    "BonusClaim": "加分记录", "PenaltyClaim": "负面清单记录", "VetoFinding": "一票否决记录",
    "BarFinding": "不得申报记录", "Assessment": "测评记录", "Grade": "等级",
    "GradeScale": "等级表", "RoleWeight": "角色权重", "PanelRule": "评分汇总规则",
    "PeriodRule": "届期年度", "TermRule": "届期规则", "Eligibility": "资格条件",
    "Quota": "名额", "SelectionRule": "评选规则", "ReviewRule": "复查规则",
    "Campaign": "评选方案", "TitleRecord": "称号记录", "History": "称号历史",
}
