"""Chinese labels of model values that every rendering shares."""

from __future__ import annotations

__all__ = ["METHOD_LABELS"]

#: Chinese names of the built-in scoring methods.
METHOD_LABELS = {
    "deduct": "扣分制",
    "award": "得分制",
    "tiered": "档次",
    "direct": "直接赋分",
    "ratio": "比例",
    "all_or_nothing": "达标得分",
}
