"""Shared fixtures of the core test suite.

Rubrics and assessments in the tests are written as short TOML snippets, so
each test reads like the file a rubric author would write; the fixtures add
the header every file needs.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from civscore.files.loader import assessment_from_dict, parse_toml, rubric_from_dict
from civscore.model import Assessment, Rubric

TESTS = Path(__file__).resolve().parent

# pytest runs with --import-mode=importlib, which does not put this directory
# on sys.path; the property tests import the shared strategies module.
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

# The plugin index (civscore.plugins.index) goes to a cache directory of the
# suite's own, never the user's; the civscore subprocesses inherit it.
PLUGIN_INDEX_DIR = tempfile.mkdtemp(prefix="civscore-tests-index-")
os.environ["CIVSCORE_CACHE_DIR"] = PLUGIN_INDEX_DIR
os.environ.pop("CIVSCORE_NO_CACHE", None)
atexit.register(shutil.rmtree, PLUGIN_INDEX_DIR, ignore_errors=True)

#: The header a test rubric gets unless its text sets these keys itself.
RUBRIC_HEADER = {
    "id": '"t"',
    "version": '"1"',
    "title": '"测试评分细则"',
    "provenance": '"illustrative"',
    "source": '"written for the civscore tests"',
}


def _with_header(text: str, header: dict[str, str]) -> str:
    present = set()
    for line in text.strip().splitlines():
        if line.lstrip().startswith("["):
            break  # keys after the first table header belong to that table
        if "=" in line:
            present.add(line.split("=", 1)[0].strip())
    lines = [f"{key} = {value}" for key, value in header.items() if key not in present]
    return "\n".join(lines) + "\n" + text


def rubric_from_toml(text: str) -> Rubric:
    """A rubric from TOML text; ``id``, ``version``, ``title``, ``provenance``
    and ``source`` default to a test header (the rubric is ``t@1``)."""
    return rubric_from_dict(parse_toml(_with_header(text, RUBRIC_HEADER)), source="<test>")


def assessment_from_toml(text: str) -> Assessment:
    """An assessment from TOML text; ``rubric`` defaults to ``t@1`` and
    ``unit`` to 测试单位."""
    header = {"rubric": '"t@1"', "unit": '"测试单位"'}
    return assessment_from_dict(parse_toml(_with_header(text, header)), source="<test>")


@pytest.fixture
def make_rubric() -> Callable[[str], Rubric]:
    """Build a rubric from a TOML snippet (see :func:`rubric_from_toml`)."""
    return rubric_from_toml


@pytest.fixture
def make_assessment() -> Callable[[str], Assessment]:
    """Build an assessment from a TOML snippet (see :func:`assessment_from_toml`)."""
    return assessment_from_toml


@pytest.fixture(autouse=True)
def _default_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line's language follows the locale (``docs/cli.md``,
    "Language"): the tests run in its default, Chinese, whatever the
    machine's locale, and a test that wants English sets it itself."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
