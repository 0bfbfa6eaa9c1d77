"""The subcommands of ``civscore``: what ``civscore --help`` says of each,
and the module that implements it.

A command's module is imported only when the command is used, so that each
command pays only for what it needs.  Adding a subcommand is adding a module
with ``configure`` and ``run`` and an entry in :data:`COMMANDS`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable
    from types import ModuleType

__all__ = ["COMMANDS", "Command"]


@attrs.frozen
class Command:
    """A subcommand: its name, its ``--help`` texts and the module (a dotted
    name) that implements it.

    The module has ``configure(parser)``, which adds the command's arguments
    to its :class:`argparse.ArgumentParser`, and ``run(args)``, which does the
    work and returns the exit status (raising :class:`~civscore.exceptions.CivscoreError`
    for status 2).
    """

    name: str
    help: str
    description: str
    module: str
    epilog: str = ""

    def configure(self, parser: argparse.ArgumentParser) -> None:
        """Add the command's arguments to ``parser`` (imports its module)."""
        configure: Callable[[argparse.ArgumentParser], None] = self._implementation().configure
        configure(parser)

    def run(self, args: argparse.Namespace) -> int:
        """Run the command on the parsed ``args`` and return the exit status."""
        run: Callable[[argparse.Namespace], int] = self._implementation().run
        return run(args)

    def _implementation(self) -> ModuleType:
        return importlib.import_module(self.module)


#: Every subcommand, in the order ``civscore --help`` lists them.
COMMANDS: tuple[Command, ...] = (
    Command("rubrics", "list the installed rubrics",
            "List the installed rubrics (测评体系): id@version, title, locality, awarding "
            "level, provenance (with the stronger provenance of parts read, e.g. "
            "illustrative（部分 quoted）) and the plugin that provides each.",
            "civscore.cli.rubrics",
            "example:\n  civscore rubrics --format json"),
    Command("show", "show a rubric as a tree",
            "Show a rubric as a tree: categories and items with their points (应得分), scoring "
            "method and evidence method (测评方法), rules, standards, tiers and bands; then "
            "bonus, penalties, vetoes, eligibility bars, gates and levels.",
            "civscore.cli.show",
            "examples:\n  civscore show danjiangkou\n  civscore show my-rubric.toml"),
    Command("check", "check rubrics and assessments for consistency",
            "Check rubrics and assessments for consistency (一致性检查): do the points add up, "
            "can every level be reached, does an assessment name only what its rubric has and "
            "do its claimed (自评) figures match? Each finding is printed as "
            "'<source>: <severity>: <key path>: <message> [<code>]'. Exit 1 if any finding "
            "is an error.",
            "civscore.cli.check",
            "examples:\n  civscore check danjiangkou@2010-2011\n"
            "  civscore check rubric.toml assessment.toml"),
    Command("score", "score an assessment",
            "Score an assessment (a TOML file or a filled workbook, .xlsx) against its rubric "
            "and print the scorecard (测评结果): every item's points earned, the totals, the "
            "outcome and the claimed-vs-computed discrepancies; or write it as a page to print "
            "(--format html). Several assessments, or a campaign workbook, make a batch report "
            "(--format html) or a workbook of results (--format xlsx). A vetoed, ineligible or "
            "not-awarded outcome is a result, not an error: the exit status is 0 unless a "
            "--fail-* option says otherwise. A warning goes to stderr when the rubric is "
            "illustrative.",
            "civscore.cli.score",
            "examples:\n  civscore score assessment.toml --explain\n"
            "  civscore score assessment.toml --format json -o result.json\n"
            "  civscore score 测评表.xlsx --format html -o 测评结果.html\n"
            "  civscore score a.xlsx b.xlsx --format xlsx -o 汇总.xlsx\n"
            "  civscore score assessment.toml --fail-under 85 --fail-on-veto"),
    Command("template", "write a blank assessment for a rubric",
            "Write a blank assessment TOML for a rubric: one [[findings]] entry per item, with "
            "comments in Chinese saying what each takes; or, with --format xlsx, an Excel "
            "workbook to fill in (a row per item, dropdowns and checks on every entry cell; "
            "--batch: a row per unit and assessor). Fill it in, then run 'civscore check' and "
            "'civscore score' on it.",
            "civscore.cli.template",
            "examples:\n  civscore template danjiangkou -o 2024-assessment.toml\n"
            "  civscore template danjiangkou --format xlsx -o 测评表.xlsx"),
    Command("diff", "show what changed between two rubrics",
            "Show what changed between two rubrics: points, items, rules, standards, tiers, "
            "bonus, penalties, vetoes, bars, gates and levels added, removed or changed "
            "(matched by id). Paths name records by id in brackets.",
            "civscore.cli.diff",
            "example:\n  civscore diff danjiangkou@2010-2011 my-rubric.toml"),
    Command("extract", "extract claimed scores from a narrative report",
            "Read a narrative work report (工作总结/汇报), or a file of several "
            "(第一篇, 第二篇 …), find every statement of allotted and earned points "
            "(应得分/实得分) and the overall claim, match the report's sections to a "
            "rubric's categories, check the claims with the scoring engine (do the earned "
            "figures add up to the claim, is each within its allotted points, do the allotted "
            "points agree with the rubric) and optionally write the claims as an assessment "
            "file that 'civscore score' accepts. Exit 1 when no report in the file states any "
            "scores (nothing is written).",
            "civscore.cli.extract",
            "examples:\n  civscore extract report.txt\n"
            "  civscore extract report.txt --rubric danjiangkou -o assessment.toml"),
    Command("panel", "combine several assessors' assessments of one unit",
            "Combine several assessors' assessments of one unit (合议): each assessment is "
            "scored, then the totals (or each item) are combined by mean, median or trimmed "
            "mean (去掉最高分和最低分), weighted by role (自评, 测评组 …) when a campaign's "
            "[panel] says so. Shows each assessor's figure, what was dropped and why, the "
            "spread, divergent assessors, the combined total (exact and rounded) and the "
            "outcome.",
            "civscore.cli.panel",
            "examples:\n  civscore panel unit-a/*.toml --method trimmed --small closest-pair\n"
            "  civscore panel unit-a/ --campaign campaign.toml --format json"),
    Command("rank", "run a campaign: review holders, rank the others against the quota",
            "Run a campaign (评选) on directories of assessments: combine each unit's "
            "assessors, add up the periods of a term, bar units by vetoes, bars and the "
            "history's eligibility conditions, review the title holders (复查: kept, warned, "
            "revoked), rank the others by total against the quota (ties, 1:1.5 shortlists, "
            "末位淘汰) and refill revoked places (撤一补一). Prints every unit's outcome with "
            "its reasons.",
            "civscore.cli.rank",
            "example:\n  civscore rank examples/campaign/assessments "
            "--campaign examples/campaign/campaign.toml --history examples/campaign/history.csv "
            "\\\n    --rubric examples/campaign/rubric-2023.toml "
            "--rubric examples/campaign/rubric-2024.toml"),
    Command("review", "review the title holders of a campaign",
            "The yearly review (年度复查) of the units holding a campaign's title by the "
            "history: each holder's assessments are combined and it is kept (保留), warned "
            "(限期整改) or revoked (撤销) by the campaign's [review] rules.",
            "civscore.cli.review",
            "example:\n  civscore review examples/campaign/assessments "
            "--campaign examples/campaign/campaign.toml --history examples/campaign/history.csv "
            "\\\n    --rubric examples/campaign/rubric-2023.toml "
            "--rubric examples/campaign/rubric-2024.toml"),
    Command("whatif", "the least effort to the next level or a cut line",
            "For one assessment, list what can still be won back (a deduction that can be "
            "fixed, a standard not yet claimed, a tier one step up, an all-or-nothing item "
            "met) and the fewest of those that reach the next level (or --target POINTS, "
            "e.g. a campaign's cut line), found exactly and scored again.",
            "civscore.cli.whatif",
            "example:\n  civscore whatif assessment.toml --target 85.5"),
    Command("schema", "print a JSON Schema",
            "Print the JSON Schema of a rubric file, an assessment file or the scorecard JSON, "
            "generated from the models. Editors that read '#:schema' (taplo, Even Better TOML) "
            "use it to validate and complete TOML files.",
            "civscore.cli.schema",
            "example:\n  civscore schema assessment -o assessment.schema.json"),
)
