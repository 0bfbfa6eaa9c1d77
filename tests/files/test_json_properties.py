"""Properties of the JSON reader and of collecting problems (hypothesis).

- A rubric or assessment written as JSON reads back as exactly the data it
  was written from — the same types (``int`` stays ``int``, a Decimal keeps
  its digits: ``1.50`` is not ``1.5``) and so the same model value.
- Collecting problems agrees with raising: mutated data makes
  :func:`~civscore.model.serde.structure` raise exactly when
  :func:`~civscore.model.serde.structure_problems` finds problems, and the
  first problem found is the error raised.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import assessment_data, rubric_data, rubrics

from civscore.exceptions import AssessmentError, RubricError
from civscore.files.json_text import parse_json
from civscore.files.loader import assessment_from_dict, rubric_from_dict
from civscore.model import Assessment, Rubric
from civscore.model.serde import structure, structure_problems


def to_json(value: Any) -> str:
    """JSON text of plain data, Decimals written with their digits, dates as strings."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)}: {to_json(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(to_json(v) for v in value) + "]"
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return json.dumps(value.isoformat())
    return json.dumps(value, ensure_ascii=False)


def typed(value: Any) -> Any:
    """``value`` with every scalar tagged with its type and digits, so that
    ``==`` tells 2 from Decimal(2) and 1.50 from 1.5.  A Decimal written
    without a fraction or exponent (``Decimal(1)`` is written ``1``) is a
    whole number in a file, TOML or JSON, and is tagged so."""
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [typed(v) for v in value]
    if isinstance(value, Decimal) and str(value).lstrip("-").isdigit():
        return ("int", str(value))
    return (type(value).__name__, str(value))


@settings(max_examples=60, deadline=None)
@given(rubric_data())
def test_a_json_rubric_reads_back_as_its_data(data: dict[str, Any]) -> None:
    read = parse_json(to_json(data))
    assert typed(read) == typed(data)
    assert rubric_from_dict(read) == rubric_from_dict(data)


@settings(max_examples=60, deadline=None)
@given(st.data(), rubrics())
def test_a_json_assessment_reads_back_as_its_data(data: st.DataObject, rubric: Rubric) -> None:
    plain = data.draw(assessment_data(rubric))
    read = parse_json(to_json(plain))
    assert typed(read) == typed(plain)
    assert assessment_from_dict(read) == assessment_from_dict(plain)


JUNK = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=3),
                 st.just([1, "x"]), st.just({"k": 1}), st.just(Decimal("NaN")),
                 st.decimals(allow_nan=False, allow_infinity=False, places=3))


@st.composite
def mutated(draw: st.DrawFn, data: Any) -> Any:
    """``data`` with a few values replaced by junk, keys added or removed."""
    if isinstance(data, dict) and data:
        data = dict(data)
        for _ in range(draw(st.integers(0, 2))):
            action = draw(st.sampled_from(["replace", "add", "drop", "descend"]))
            key = draw(st.sampled_from(sorted(data))) if data else None
            if action == "add":
                data[draw(st.sampled_from(["x", "titel", "pionts", "id"]))] = draw(JUNK)
            elif key is None:
                continue
            elif action == "replace":
                data[key] = draw(JUNK)
            elif action == "drop":
                del data[key]
            else:
                data[key] = draw(mutated(data[key]))
        return data
    if isinstance(data, list) and data:
        i = draw(st.integers(0, len(data) - 1))
        return [*data[:i], draw(mutated(data[i])), *data[i + 1:]]
    return draw(JUNK) if draw(st.booleans()) else data


def _agree(data: Any, cls: type, error: type[Exception]) -> None:
    value, problems = structure_problems(data, cls, error=error, source="s")
    raised: Any = None
    try:
        expected = structure(data, cls, error=error, source="s")
    except error as exc:
        raised = exc
    if raised is None:
        assert problems == []
        assert value == expected
    else:
        assert value is None
        first = problems[0]
        assert (first.path, first.code, first.message) == (raised.path, raised.code,
                                                             raised.message)


@settings(max_examples=150, deadline=None)
@given(st.data(), rubric_data())
def test_collecting_agrees_with_raising_for_rubrics(data: st.DataObject,
                                                    plain: dict[str, Any]) -> None:
    _agree(data.draw(mutated(plain)), Rubric, RubricError)


@settings(max_examples=150, deadline=None)
@given(st.data(), rubrics())
def test_collecting_agrees_with_raising_for_assessments(data: st.DataObject,
                                                        rubric: Rubric) -> None:
    plain = data.draw(assessment_data(rubric))
    _agree(data.draw(mutated(plain)), Assessment, AssessmentError)
