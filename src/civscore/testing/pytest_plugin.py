"""The civscore pytest plugin: ``pytest --civscore`` tests rubrics.

Installed with civscore (entry point ``pytest11``) and off unless asked for:
without its options it adds nothing to a test run and imports nothing but
pytest, so it costs nothing to projects that merely depend on civscore.

``--civscore``
    collect one test per installed rubric, named ``civscore::<id>@<version>``.
``--civscore-rubric PATH``
    (repeatable) also test this rubric file, named ``civscore::<PATH>``;
    without ``--civscore`` only the files given are tested.
``--civscore-max-examples N``
    random assessments per rubric (default 100).

Each test runs the consistency checks of the installed registry (built-in
and plugins' checks: an error fails the test, a warning is reported as a
:class:`RubricCheckWarning`) and then the property suite of
:func:`civscore.testing.check_rubric_properties`.  A failure shows only the
rubric, the key path, the property and the assessment that breaks it.
Properties skipped for a rubric (e.g. no assessment can total exactly a
threshold) are listed in a ``civscore`` section of the terminal summary.

A plugin that fails to load, or a rubric it provides that fails to load,
becomes a failing test ``civscore::plugins``: in a locality's CI a broken
rubric must not pass silently.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from _pytest._code.code import TerminalRepr

    from civscore.model import Rubric
    from civscore.plugins import Registry
    from civscore.testing import PropertyReport

__all__ = ["RubricCheckWarning"]

_DEFAULT_MAX_EXAMPLES = 100
_REPORTS = pytest.StashKey[list[tuple[str, "PropertyReport"]]]()


class RubricCheckWarning(UserWarning):
    """A consistency check found something probably wrong with a rubric."""


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--civscore``, ``--civscore-rubric`` and ``--civscore-max-examples``."""
    group = parser.getgroup("civscore", "civscore rubric tests")
    group.addoption("--civscore", action="store_true", default=False,
                    help="test every installed civscore rubric (consistency checks and the "
                         "property suite), one test per rubric named id@version")
    group.addoption("--civscore-rubric", action="append", default=[], metavar="PATH",
                    help="test this civscore rubric file too (repeatable); without --civscore "
                         "only the files given are tested")
    group.addoption("--civscore-max-examples", type=int, default=_DEFAULT_MAX_EXAMPLES,
                    metavar="N", help="random assessments per rubric "
                                      f"(default {_DEFAULT_MAX_EXAMPLES})")


def _enabled(config: pytest.Config) -> bool:
    return bool(config.getoption("civscore") or config.getoption("civscore_rubric"))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config,
                                  items: list[pytest.Item]) -> None:
    """Add the rubric tests (before ``-k``/``-m`` deselection runs)."""
    if not _enabled(config):
        return
    config.stash[_REPORTS] = []
    collector = RubricCollector.from_parent(session, name="civscore", nodeid="civscore")
    # Through the collection hooks, so that the terminal counts the items and
    # a collection error is reported like any other.
    collector.ihook.pytest_collectstart(collector=collector)
    report = collector.ihook.pytest_make_collect_report(collector=collector)
    collector.ihook.pytest_collectreport(report=report)
    items.extend(item for item in report.result if isinstance(item, pytest.Item))


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int,
                            config: pytest.Config) -> None:
    """List what the property suite checked and skipped, rubric by rubric."""
    reports = config.stash.get(_REPORTS, None)
    if not reports:
        return
    terminalreporter.write_sep("-", "civscore")
    for name, report in reports:
        terminalreporter.write_line(f"{name}: {', '.join(report.checked)} held for "
                                    f"{report.examples} random assessments")
        for skipped in report.skipped:
            terminalreporter.write_line(f"  {skipped}")


class RubricCollector(pytest.Collector):
    """Collects one :class:`RubricItem` per installed rubric and rubric file."""

    def collect(self) -> Iterator[pytest.Item | pytest.Collector]:
        from civscore.exceptions import CivscoreError  # noqa: PLC0415 (only with --civscore)
        from civscore.plugins import PluginWarning, Registry, get_plugin_manager  # noqa: PLC0415

        problems: list[str] = []
        registry: Registry | None = None
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", PluginWarning)
            try:
                registry = Registry(get_plugin_manager())
            except CivscoreError as exc:
                problems.append(str(exc))
        problems.extend(str(w.message) for w in caught if issubclass(w.category, PluginWarning))
        for w in caught:
            if not issubclass(w.category, PluginWarning):
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        if problems and self.config.getoption("civscore"):
            yield RubricItem.from_parent(self, name="plugins", problems=tuple(problems))
        if registry is None:
            registry = Registry(get_plugin_manager(load_entry_points=False))
        if self.config.getoption("civscore"):
            for entry in registry.rubrics():
                yield RubricItem.from_parent(self, name=entry.ref, registry=registry,
                                             rubric=entry.rubric)
        base = self.config.invocation_params.dir
        for given in self.config.getoption("civscore_rubric"):
            yield RubricItem.from_parent(self, name=given, registry=registry,
                                         file=base / given)


class RubricItem(pytest.Item):
    """One rubric's test: its consistency checks and property suite."""

    def __init__(self, *, registry: Registry | None = None, rubric: Rubric | None = None,
                 file: Path | None = None, problems: tuple[str, ...] = (),
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.registry = registry
        self.rubric = rubric
        self.file = file
        self.problems = problems

    def runtest(self) -> None:
        from civscore.exceptions import RubricError  # noqa: PLC0415 (only with --civscore)
        from civscore.testing import check_rubric_properties  # noqa: PLC0415 (hypothesis)

        if self.problems:
            raise _PluginLoadError("\n".join(self.problems))
        assert self.registry is not None
        rubric = self.rubric
        if rubric is None:
            assert self.file is not None
            try:
                rubric = self.registry.load_rubric(str(self.file))
            except RubricError as exc:  # name the file as it was given
                raise RubricError(exc.message, source=self.name, path=exc.path) from None
        for finding in self.registry.check_rubric(rubric):
            if finding.severity == "warning":
                warnings.warn(RubricCheckWarning(f"{rubric.ref}: {finding}"), stacklevel=1)
        report = check_rubric_properties(
            rubric, methods=self.registry.methods, checks=self.registry.checks,
            max_examples=self.config.getoption("civscore_max_examples"))
        self.config.stash[_REPORTS].append((self.name, report))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> str | TerminalRepr:
        """The rubric, key path, property and assessment; no traceback."""
        from civscore.exceptions import CivscoreError  # noqa: PLC0415
        from civscore.testing import RubricPropertyError  # noqa: PLC0415

        if isinstance(excinfo.value, (RubricPropertyError, CivscoreError, _PluginLoadError)):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.file or self.path, None, f"civscore rubric {self.name}"


class _PluginLoadError(Exception):
    """A civscore plugin or the rubric it provides failed to load."""
