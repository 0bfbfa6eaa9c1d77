"""Hostile input for every loader: random, mutated and truncated TOML, and
raw bytes, must give only a located :class:`~civscore.exceptions.CivscoreError`
(one naming the file), never another exception and never a hang.

The loaders fuzzed: :func:`civscore.load_rubric`, :func:`civscore.load_assessment`
(and, when an assessment loads, scoring and checking it against its rubric),
:func:`civscore.plugins.overlay.load_overlay`, :meth:`Registry.load_rubric`
(an overlay resolved on an installed base) and the report reader of
``extract`` (:func:`civscore.extract.read_report_text`, then the whole
extraction on what it read).

Each loader runs ``CIVSCORE_FUZZ_EXAMPLES`` examples (default 40, the
budget of the normal test run and of ``.ci/run``); a longer run:

    CIVSCORE_FUZZ_EXAMPLES=20000 nice -n 10 .venv/bin/python -m pytest -q \\
        tests/test_fuzz.py -p no:randomly

An example that takes longer than ``CIVSCORE_FUZZ_TIMEOUT`` seconds (default
20, for a loaded machine) counts as a hang and fails.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime
import json
import os
import re
import signal
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from civscore import check_assessment, score
from civscore.exceptions import CivscoreError, FileFormatError
from civscore.extract import consistency_report, extract, read_report_text
from civscore.files.loader import load_assessment, load_rubric
from civscore.model import assessment as assessment_model
from civscore.model import rubric as rubric_model
from civscore.plugins import default_registry
from civscore.plugins.overlay import Overlay, load_overlay

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = int(os.environ.get("CIVSCORE_FUZZ_EXAMPLES") or 40)
TIMEOUT = float(os.environ.get("CIVSCORE_FUZZ_TIMEOUT") or 20)
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))


def _is_overlay(path: Path) -> bool:
    return any(line.startswith("extends") for line in path.read_text("utf-8").splitlines())


_SHIPPED = sorted((ROOT / "plugins").glob("civscore-*/src/*/rubrics/*.toml"))
_EXAMPLES = sorted((ROOT / "plugins").glob("civscore-*/examples/*.toml"))
RUBRIC_SEEDS = [ROOT / "tests" / "data" / "cli-rubric.toml",
                *(p for p in _SHIPPED if not _is_overlay(p))]
ASSESSMENT_SEEDS = [ROOT / "tests" / "data" / "cli-assessment.toml",
                    ROOT / "examples" / "danjiangkou-education-2010-2011.toml"]
OVERLAY_SEEDS = [p for p in _SHIPPED + _EXAMPLES if _is_overlay(p)]

#: A report written for this test (the seeds' sentences stay in the seeds).
REPORT = """测试单位创建文明单位工作总结

一、领导班子建设（应得分15分，实得分14.5分）
班子重视创建工作，制定了年度计划。
二、思想道德建设（应得分13分，实得分13分）
开展道德讲堂活动四次。
三、创建工作（应得分18分，自评得分17分）
综上，自评总分44.5分。
"""


def _texts(paths: list[Path]) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in paths]


def _field_names() -> list[str]:
    names: set[str] = set()
    for module in (rubric_model, assessment_model):
        for value in vars(module).values():
            if isinstance(value, type) and attrs.has(value):
                names.update(f.name for f in attrs.fields(value))
    names.update(f.name for f in attrs.fields(Overlay))
    return sorted(names)


FIELDS = _field_names()
#: Tokens a mutation puts where a value was: other types, NaN, huge and
#: negative numbers, dates, unknown ids, deep nesting, broken syntax.
TOKENS = ['"x"', '""', "nan", "inf", "-inf", "-1", "-0.5", "1e400", "1e-400", "0.0000001",
          "99999999999999999999999999", "1_000_000_001", "true", "false", "1979-05-27",
          "1979-05-27T07:32:00Z", "07:32:00", "[]", "{}", "[1, [2]]", '{ a = 1 }',
          '"unknown-id"', '"a.b.c"', '"t@1"', '"@"', "[" * 40 + "]" * 40, "{ a = " * 40,
          "=", "[[", "]]", '"""', "'", "#", "\\", "\n[categories]\n", "\n[[findings]]\n",
          "\x00", "\ufeff", "一", "𠀀"]
NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])")
STRING = re.compile(r'"[^"\n]*"')


# ---------------------------------------------------------------- strategies

scalars = st.one_of(
    st.text(max_size=12), st.integers(-10**30, 10**30), st.booleans(),
    st.decimals(allow_nan=False, allow_infinity=False, places=3),
    st.dates(min_value=datetime.date(1, 1, 1)),
)
keys = st.one_of(st.sampled_from(FIELDS), st.text(min_size=1, max_size=8))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)), max_leaves=20)
documents = st.dictionaries(keys, values, max_size=12)


def _key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key)


def _value(value: Any) -> str:
    """``value`` as an inline TOML value (a float never: Decimals as written)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }"


def toml_text(document: dict[str, Any]) -> str:
    """A document as TOML: scalars first, then a list of tables as ``[[key]]``."""
    lines, tables = [], []
    for key, value in document.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            tables.extend((key, v) for v in value)
        else:
            lines.append(f"{_key(key)} = {_value(value)}")
    for key, table in tables:
        lines.append(f"\n[[{_key(key)}]]")
        lines.extend(f"{_key(k)} = {_value(v)}" for k, v in table.items())
    return "\n".join(lines) + "\n"


@st.composite
def mutated(draw: st.DrawFn, seeds: list[str]) -> str:
    """A seed file with one to four mutations: a value replaced by a token,
    a string by another type, a span cut out or inserted, a line doubled or
    dropped, the end cut off."""
    text = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(("number", "string", "cut", "insert", "line", "truncate")))
        spots = list((NUMBER if kind == "number" else STRING).finditer(text))
        if kind in ("number", "string") and spots:
            spot = draw(st.sampled_from(spots))
            token = draw(st.one_of(st.sampled_from(TOKENS), st.text(max_size=6)))
            text = text[:spot.start()] + token + text[spot.end():]
        elif kind == "cut" and text:
            start = draw(st.integers(0, len(text) - 1))
            text = text[:start] + text[start + draw(st.integers(1, 40)):]
        elif kind == "insert":
            at = draw(st.integers(0, len(text)))
            token = draw(st.one_of(st.sampled_from(TOKENS), st.text(max_size=8)))
            text = text[:at] + token + text[at:]
        elif kind == "line":
            lines = text.splitlines(keepends=True) or [""]
            at = draw(st.integers(0, len(lines) - 1))
            lines[at:at + 1] = [lines[at]] * draw(st.integers(0, 2))
            text = "".join(lines)
        else:
            text = text[:draw(st.integers(0, len(text)))]
    return text


ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030", "big5")


@st.composite
def file_bytes(draw: st.DrawFn, seeds: list[str]) -> bytes:
    """Random TOML, a mutated seed or junk, encoded one way or another."""
    kind = draw(st.sampled_from(("random", "mutated", "mutated", "bytes")))
    if kind == "bytes":
        junk: bytes = draw(st.binary(max_size=300))
        prefix = draw(st.sampled_from((b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE,
                                       codecs.BOM_UTF16_BE)))
        return prefix + junk
    text = toml_text(draw(documents)) if kind == "random" else draw(mutated(seeds))
    encoding = draw(st.sampled_from(ENCODINGS[:1] * 6 + ENCODINGS))
    raw = text.encode(encoding, errors="replace")
    if draw(st.integers(0, 9)) == 0:  # cut inside a character, or trailing junk
        raw = raw[:draw(st.integers(0, len(raw)))] + draw(st.binary(max_size=4))
    return raw


# ------------------------------------------------------------------ checking


class HangError(Exception):
    """An example took longer than :data:`TIMEOUT`."""


@contextlib.contextmanager
def time_limit() -> Iterator[None]:
    def expire(_signum: int, _frame: object) -> None:
        raise HangError(f"took longer than {TIMEOUT} s")

    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, TIMEOUT)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def only_located_errors(load: Callable[[Path], object], path: Path, raw: bytes) -> object:
    """``load(path)`` on a file of ``raw``: its value, or ``None`` after a
    located :class:`CivscoreError` (its message starts with ``path`` and a
    key path; a :class:`FileFormatError` also carries them as ``source`` and
    ``path``); any other exception fails."""
    path.write_bytes(raw)
    try:
        with time_limit():
            value = load(path)
    except CivscoreError as exc:
        event(f"refused: {type(exc).__name__}")
        assert_located(exc, str(path))
        return None
    event("loaded")
    return value


def assert_located(exc: CivscoreError, source: str) -> None:
    """``exc`` names ``source`` and a key path (an overlay's source also
    names its base: ``FILE (resolved on hubei@undated)``)."""
    assert re.match(rf"{re.escape(source)}( \([^)]*\))?: \$", str(exc)), (
        f"{exc!r} does not name {source} and a key path")
    if isinstance(exc, FileFormatError):
        assert exc.source.startswith(source), f"{exc!r} does not name {source}"
        assert exc.path.startswith("$"), exc.path


def fuzz_file(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    return tmp_path_factory.mktemp("fuzz") / name


# --------------------------------------------------------------------- tests

RUBRICS = _texts(RUBRIC_SEEDS)
ASSESSMENTS = _texts(ASSESSMENT_SEEDS)
OVERLAYS = _texts(OVERLAY_SEEDS)
#: Every installed plugin: the bases of the overlays, the rubrics an
#: assessment or a report may name, the methods of the rubrics.
INSTALLED = default_registry()
REFS = {entry.ref for entry in INSTALLED.rubrics()}
CLI_RUBRIC = load_rubric(ROOT / "tests" / "data" / "cli-rubric.toml")


def test_the_seeds_load() -> None:
    """The seeds are valid files, so a mutation tests what it changes."""
    assert len(RUBRIC_SEEDS) >= 5
    assert ASSESSMENT_SEEDS
    assert OVERLAY_SEEDS
    for path in RUBRIC_SEEDS:
        load_rubric(path, methods=INSTALLED.methods)
    for path in ASSESSMENT_SEEDS:
        load_assessment(path)
    for path in OVERLAY_SEEDS:
        INSTALLED.load_rubric(str(path))


@FUZZ
@given(raw=file_bytes(RUBRICS))
def test_rubric_loader(tmp_path_factory: pytest.TempPathFactory, raw: bytes) -> None:
    only_located_errors(load_rubric, fuzz_file(tmp_path_factory, "rubric.toml"), raw)


@FUZZ
@given(raw=file_bytes(ASSESSMENTS))
def test_assessment_loader_and_scoring(tmp_path_factory: pytest.TempPathFactory,
                                       raw: bytes) -> None:
    path = fuzz_file(tmp_path_factory, "assessment.toml")
    assessment = only_located_errors(load_assessment, path, raw)
    if assessment is None:
        return
    assert isinstance(assessment, assessment_model.Assessment)
    rubric = INSTALLED.get(assessment.rubric) if assessment.rubric in REFS else CLI_RUBRIC
    with time_limit():
        check_assessment(rubric, assessment, methods=INSTALLED.methods)
        try:
            score(rubric, assessment, methods=INSTALLED.methods).to_dict()
        except CivscoreError as exc:  # an assessment that does not fit: located, in its file
            assert_located(exc, str(path))


@FUZZ
@given(raw=file_bytes(OVERLAYS))
def test_overlay_loader(tmp_path_factory: pytest.TempPathFactory, raw: bytes) -> None:
    only_located_errors(load_overlay, fuzz_file(tmp_path_factory, "overlay.toml"), raw)


@FUZZ
@given(raw=file_bytes(OVERLAYS + RUBRICS[:1]))
def test_registry_loader_resolving_overlays(tmp_path_factory: pytest.TempPathFactory,
                                            raw: bytes) -> None:
    only_located_errors(lambda p: INSTALLED.load_rubric(str(p)),
                        fuzz_file(tmp_path_factory, "rubric.toml"), raw)


@FUZZ
@given(raw=file_bytes([REPORT]))
def test_report_reader_and_extraction(tmp_path_factory: pytest.TempPathFactory,
                                      raw: bytes) -> None:
    text = only_located_errors(read_report_text, fuzz_file(tmp_path_factory, "report.txt"),
                               raw)
    if text is None:
        return
    assert isinstance(text, str)
    with time_limit():
        for found in extract(text, [entry.rubric for entry in INSTALLED.rubrics()]):
            consistency_report(found, INSTALLED.methods)
