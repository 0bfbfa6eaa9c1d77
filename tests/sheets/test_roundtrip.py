"""The round trip TOML → workbook → filled in by a program → read → scored
gives the scorecard the TOML assessment gives; also for a workbook written
by another library (xlsxwriter) than the one civscore writes and reads with.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import assessments, rubrics
from workbooks import ASSESSMENT, CLI_ENTRIES, RUBRIC, fill, write_template

import civscore
from civscore.exceptions import AssessmentError
from civscore.files.loader import load_assessment, load_rubric
from civscore.results import ItemResult, Scorecard
from civscore.sheets import read_assessment, read_workbook, workbook_template


def _scores(card: Scorecard) -> dict[str, tuple[Decimal, Decimal, Decimal | None]]:
    out = {}
    stack: list[ItemResult] = list(card.categories)
    while stack:
        node = stack.pop()
        out[node.path] = (node.score, node.effective_max, node.claimed)
        stack.extend(node.children)
    return out


def _same_figures(a: Scorecard, b: Scorecard) -> None:
    """Every figure of two scorecards (the bonus and penalty lines and rule
    parts may be grouped differently: a workbook has one row per rule)."""
    assert _scores(a) == _scores(b)
    assert (a.base, a.total, a.outcome, a.discrepancies) == (b.base, b.total, b.outcome,
                                                             b.discrepancies)
    assert (a.bonus.total, a.penalties.total) == (b.bonus.total, b.penalties.total)
    assert (a.vetoes, a.bars, a.gates) == (b.vetoes, b.bars, b.gates)


def test_filled_by_a_program_scores_as_the_toml(tmp_path: Path) -> None:
    """tests/data/cli-assessment.toml typed cell by cell into a blank workbook."""
    rubric = load_rubric(RUBRIC)
    path = fill(write_template(tmp_path / "sheet.xlsx"), CLI_ENTRIES)
    from_sheet = civscore.score(rubric, read_assessment(path, rubric))
    from_toml = civscore.score(rubric, load_assessment(ASSESSMENT))
    assert from_sheet.to_dict() == from_toml.to_dict()
    # By hand (the comment of cli-assessment.toml): base 10.2, bonus capped at 2,
    # penalty 1, total 11.2, 文明单位.
    assert from_sheet.total.raw == Decimal("11.2")
    assert from_sheet.outcome.title == "文明单位"


def test_written_from_the_toml_scores_as_the_toml(tmp_path: Path) -> None:
    rubric = load_rubric(RUBRIC)
    toml = load_assessment(ASSESSMENT)
    path = tmp_path / "prefilled.xlsx"
    path.write_bytes(workbook_template(rubric, toml, source=str(ASSESSMENT)))
    assert read_assessment(path, rubric) == read_assessment(
        fill(write_template(tmp_path / "typed.xlsx"), CLI_ENTRIES), rubric)
    assert civscore.score(rubric, read_assessment(path)).to_dict() == \
        civscore.score(rubric, toml).to_dict()


def test_an_assessment_of_another_rubric_is_not_written(tmp_path: Path) -> None:
    other = load_rubric(RUBRIC)
    toml = load_assessment(ASSESSMENT)
    with pytest.raises(AssessmentError, match=r"not of 'example\.full@2025'") as info:
        workbook_template(attrs.evolve(other, version="2025"), toml, source="a.toml")
    assert (info.value.source, info.value.path) == ("a.toml", "$.rubric")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_round_trip_of_random_rubrics_and_assessments(tmp_path_factory: pytest.TempPathFactory,
                                                      data: st.DataObject) -> None:
    rubric = data.draw(rubrics())
    # A workbook cannot hold judged or per-project bonus yet (refused, tested below).
    assume(rubric.bonus is None or (not rubric.bonus.projects
                                    and all(b.method is None for b in rubric.bonus.items)))
    assessment = data.draw(assessments(rubric))
    assume(len({b.bar for b in assessment.bars}) == len(assessment.bars))
    try:
        written = workbook_template(rubric, assessment)
    except AssessmentError as exc:  # hits of one 视情况 rule with different amounts
        assume("different amounts" not in exc.message)
        raise
    path = tmp_path_factory.mktemp("rt") / "a.xlsx"
    path.write_bytes(written)
    # A workbook lists vetoes and bars in the rubric's order.
    order = {v.id: i for i, v in enumerate((*rubric.vetoes, *rubric.bars))}
    in_rubric_order = attrs.evolve(
        assessment, vetoes=tuple(sorted(assessment.vetoes, key=lambda v: order[v.veto])),
        bars=tuple(sorted(assessment.bars, key=lambda b: order[b.bar])))
    _same_figures(civscore.score(rubric, read_assessment(path, rubric)),
                  civscore.score(rubric, in_rubric_order))


def _copy_with_xlsxwriter(source: Path, target: Path, change: dict[str, Any]) -> None:
    """Every cell value of ``source`` written afresh by xlsxwriter (no styles,
    validations or openpyxl metadata), with ``change`` ({"sheet!A1": value,
    or ("formula", text, cached value)}) applied."""
    book = openpyxl.load_workbook(source)
    out = xlsxwriter.Workbook(str(target))
    for sheet in book.worksheets:
        written = out.add_worksheet(sheet.title)
        if sheet.sheet_state != "visible":
            written.hide()
        for row in sheet.iter_rows():
            for cell in row:
                value = change.get(f"{sheet.title}!{cell.coordinate}", cell.value)
                if isinstance(value, tuple):
                    written.write_formula(cell.row - 1, cell.column - 1, value[1], None, value[2])
                elif value is not None:
                    written.write(cell.row - 1, cell.column - 1, value)
    out.close()


def test_a_workbook_written_by_xlsxwriter(tmp_path: Path) -> None:
    rubric = load_rubric(RUBRIC)
    filled = fill(write_template(tmp_path / "sheet.xlsx"), CLI_ENTRIES)
    other = tmp_path / "xlsxwriter.xlsx"
    _copy_with_xlsxwriter(filled, other, {
        "测评表!H11": ("formula", "=1+0.5", 1.5),  # leadership.review: the cached value is read
        "测评表!H13": "85",  # public.awareness, typed as text
    })
    assert civscore.score(rubric, read_assessment(other, rubric)).to_dict() == \
        civscore.score(rubric, load_assessment(ASSESSMENT)).to_dict()


def test_a_formula_xlsxwriter_saved_without_its_value(tmp_path: Path) -> None:
    filled = fill(write_template(tmp_path / "sheet.xlsx"), CLI_ENTRIES)
    other = tmp_path / "xlsxwriter.xlsx"
    _copy_with_xlsxwriter(filled, other, {"测评表!H11": ("formula", "=1+0.5", "")})
    with pytest.raises(AssessmentError, match="no computed value") as info:
        read_workbook(other)
    assert info.value.path == "测评表!H11"


def test_a_formula_whose_saved_value_is_an_error(tmp_path: Path) -> None:
    filled = fill(write_template(tmp_path / "sheet.xlsx"), CLI_ENTRIES)
    other = tmp_path / "xlsxwriter.xlsx"
    _copy_with_xlsxwriter(filled, other, {"测评表!H11": ("formula", "=2/0", "#DIV/0!")})
    with pytest.raises(AssessmentError) as info:
        read_workbook(other)
    assert info.value.path == "测评表!H11"
    assert info.value.message == ("the formula =2/0 gives the error #DIV/0!; correct the formula "
                                  "or type the value")


@pytest.mark.parametrize(("edit", "path"), [
    # 同一项目只计最高: the claims would need a 项目 column
    (("[bonus]\n", '[bonus]\nprojects = "项目"\n'), "$.bonus.projects"),
    # a 特色指标 scored 0–1 on a step of 0.5: the claims would need a points column
    (('points = 0.5, max_count = 2 },',
      'points = 0.5, max_count = 2 },\n  { id = "feature", text = "特色工作", points = 1, '
      'method = "direct", step = 0.5 },'), "$.bonus.items[3].method"),
])
def test_a_workbook_refuses_bonus_it_cannot_hold(tmp_path: Path, edit: tuple[str, str],
                                                 path: str) -> None:
    text = RUBRIC.read_text(encoding="utf-8")
    assert edit[0] in text
    edited = tmp_path / "rubric.toml"
    edited.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    with pytest.raises(civscore.RubricError) as caught:
        workbook_template(load_rubric(edited))
    assert caught.value.path == path
    assert "TOML" in caught.value.message


def test_grades_of_a_scale_go_through_a_workbook(tmp_path: Path) -> None:
    """tests/data/grade-scales.toml: the dropdown lists each grade with its
    points (B of 1.5 is 0.99), and the grade chosen scores as in TOML."""
    rubric = load_rubric(Path(__file__).parents[1] / "data" / "grade-scales.toml")
    toml = civscore.assessment_from_dict({
        "rubric": "hand.grades@1", "unit": "某校",
        "findings": [{"criterion": "lead.party", "tier": "b"},
                     {"criterion": "lead.plan", "tier": "c"},
                     {"criterion": "lead.rounded", "tier": "c"},
                     {"criterion": "own", "tier": "good"}]})
    path = tmp_path / "grades.xlsx"
    path.write_bytes(workbook_template(rubric, toml))
    choices = [c.value for row in openpyxl.load_workbook(path)["选项"].iter_rows()
               for c in row if c.value]
    assert "B（0.99分）" in choices
    assert "C（0.495分）" in choices
    card = civscore.score(rubric, read_assessment(path, rubric))
    # 0.99 + 0.99 + 0.5 + 4 (tests/scoring/test_grade_scales.py)
    assert card.total.raw == Decimal("6.48")
