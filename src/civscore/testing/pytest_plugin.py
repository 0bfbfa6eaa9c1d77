"""The civscore pytest plugin: ``pytest --civscore`` tests rubrics.

Installed with civscore (entry point ``pytest11``) and off unless asked for:
without its options it adds nothing to a test run and imports nothing but
pytest, so it costs nothing to projects that merely depend on civscore.

``--civscore``
    collect one test per installed rubric, named ``civscore::<id>@<version>``.
``--civscore-rubric PATH``
    (repeatable) also test this rubric file, named ``civscore::<PATH>``;
    without ``--civscore`` only the files given are tested.
``--civscore-projects``
    collect every plugin project among the paths pytest collects: a
    ``pyproject.toml`` that declares a ``civscore`` entry point gives one test
    per rubric its plugin provides, named ``<dir>/pyproject.toml::<id>@<version>``,
    with the plugin registered alone on a fresh plugin manager in strict mode
    (as in the plugin's own CI: nothing else installed can change the result),
    but for the civscore plugins of the distributions its ``dependencies``
    name (an overlay's base comes from one); only its own rubrics are tested.
``--civscore-fail-on-skip``
    fail a rubric's test when the property suite skipped a property for a
    rubric that declares levels (e.g. no assessment totals a threshold exactly).
``--civscore-max-examples N``
    random assessments per rubric (default 100).

Each test runs the consistency checks of its registry (built-in and plugins'
checks: an error fails the test, a warning is reported as a
:class:`RubricCheckWarning`) and then the property suite of
:func:`civscore.testing.check_rubric_properties`.  A failure shows only the
rubric, the key path, the property and the assessment that breaks it.
Properties skipped for a rubric (e.g. no assessment can total exactly a
threshold) are listed in a ``civscore`` section of the terminal summary.

A plugin that fails to load, or a rubric it provides that fails to load,
becomes a failing test ``civscore::plugins`` (with ``--civscore-projects``:
``<dir>/pyproject.toml::<entry point name>``, which also fails when the plugin
provides no rubric): in a locality's CI a broken rubric must not pass silently.
"""

from __future__ import annotations

import importlib.metadata
import re
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
    """Add the ``--civscore*`` options (see the module's description)."""
    group = parser.getgroup("civscore", "civscore rubric tests")
    group.addoption("--civscore", action="store_true", default=False,
                    help="test every installed civscore rubric (consistency checks and the "
                         "property suite), one test per rubric named id@version")
    group.addoption("--civscore-rubric", action="append", default=[], metavar="PATH",
                    help="test this civscore rubric file too (repeatable); without --civscore "
                         "only the files given are tested")
    group.addoption("--civscore-projects", action="store_true", default=False,
                    help="test the rubrics of every civscore plugin project collected (a "
                         "pyproject.toml declaring a civscore entry point), the plugin "
                         "registered alone in strict mode")
    group.addoption("--civscore-fail-on-skip", action="store_true", default=False,
                    help="fail a rubric's test when the property suite skipped a property "
                         "of a rubric that declares levels")
    group.addoption("--civscore-max-examples", type=int, default=_DEFAULT_MAX_EXAMPLES,
                    metavar="N", help="random assessments per rubric "
                                      f"(default {_DEFAULT_MAX_EXAMPLES})")


def pytest_configure(config: pytest.Config) -> None:
    """Make room for the reports of the rubric tests."""
    config.stash[_REPORTS] = []


def _enabled(config: pytest.Config) -> bool:
    return bool(config.getoption("civscore") or config.getoption("civscore_rubric"))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config,
                                  items: list[pytest.Item]) -> None:
    """Add the rubric tests (before ``-k``/``-m`` deselection runs)."""
    if not _enabled(config):
        return
    collector = RubricCollector.from_parent(session, name="civscore", nodeid="civscore")
    # Through the collection hooks, so that the terminal counts the items and
    # a collection error is reported like any other.
    collector.ihook.pytest_collectstart(collector=collector)
    report = collector.ihook.pytest_make_collect_report(collector=collector)
    collector.ihook.pytest_collectreport(report=report)
    items.extend(item for item in report.result if isinstance(item, pytest.Item))


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> PluginProject | None:
    """With ``--civscore-projects``, a plugin project's ``pyproject.toml``."""
    if file_path.name != "pyproject.toml" or not parent.config.getoption("civscore_projects"):
        return None
    text = file_path.read_text(encoding="utf-8")
    if "civscore" not in text:  # not a plugin project: no need to parse it
        return None
    from civscore.files.loader import parse_toml  # noqa: PLC0415 (only with the option)

    data = parse_toml(text, source=str(file_path))
    project = data.get("project")
    groups = project.get("entry-points") if isinstance(project, dict) else None
    declared = groups.get("civscore") if isinstance(groups, dict) else None
    if not isinstance(declared, dict) or not declared:
        return None
    needs = project.get("dependencies", []) if isinstance(project, dict) else []
    return PluginProject.from_parent(parent, path=file_path, entry_points=dict(declared),
                                     requires=tuple(_names(needs)))


def _names(requirements: object) -> Iterator[str]:
    """The distribution names of ``project.dependencies`` (``civscore`` itself left out)."""
    for requirement in requirements if isinstance(requirements, list) else ():
        name = re.split(r"[\s<>=!~;\[(@]", str(requirement).strip(), maxsplit=1)[0]
        if name and _normal(name) != "civscore":
            yield name


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _required_plugins(requires: tuple[str, ...]) -> list[object]:
    """The civscore plugins of the installed distributions ``requires`` names:
    the plugins an overlay's bases come from."""
    wanted = {_normal(name) for name in requires}
    return [ep.load() for ep in importlib.metadata.entry_points(group="civscore")
            if ep.dist is not None and _normal(ep.dist.name) in wanted]


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
        from civscore.plugins import (  # noqa: PLC0415 (only with --civscore)
            PluginWarning,
            Registry,
            get_plugin_manager,
        )

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


class PluginProject(pytest.File):
    """A plugin project's ``pyproject.toml``: one :class:`RubricItem` per rubric
    each of its ``civscore`` entry points provides, the plugin registered on a
    fresh plugin manager in strict mode, alone but for the civscore plugins of
    the distributions it depends on (where an overlay's base comes from)."""

    def __init__(self, *, entry_points: dict[str, str], requires: tuple[str, ...] = (),
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.entry_points = entry_points
        self.requires = requires

    def collect(self) -> Iterator[pytest.Item | pytest.Collector]:
        from civscore.exceptions import CivscoreError  # noqa: PLC0415 (only with the option)
        from civscore.plugins import (  # noqa: PLC0415 (only with the option)
            BUILTIN_NAME,
            Registry,
            get_plugin_manager,
        )

        for name, value in sorted(self.entry_points.items()):
            described = f"civscore plugin {name!r} ({value}, declared in {self.path.name})"
            try:
                plugin = importlib.metadata.EntryPoint(name, value, "civscore").load()
                bases = [p for p in _required_plugins(self.requires) if p is not plugin]
                pm = get_plugin_manager(load_entry_points=False, plugins=[*bases, plugin],
                                        strict=True)
                registry = Registry(pm, strict=True)
            except (ImportError, CivscoreError) as exc:
                problem = f"{described} failed to load: {type(exc).__name__}: {exc}"
                yield RubricItem.from_parent(self, name=name, problems=(problem,))
                continue
            others = {BUILTIN_NAME, *(pm.get_name(p) for p in bases)}
            entries = [e for e in registry.rubrics() if e.provider not in others]
            if not entries:
                yield RubricItem.from_parent(self, name=name,
                                             problems=(f"{described} provides no rubric",))
            for entry in entries:
                yield RubricItem.from_parent(self, name=entry.ref, registry=registry,
                                             rubric=entry.rubric)


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
        # A rubric without levels has no level properties to check: not a gap.
        if self.config.getoption("civscore_fail_on_skip") and rubric.levels and report.skipped:
            listed = "".join(f"\n  {skipped}" for skipped in report.skipped)
            raise _SkippedError(f"{rubric.ref}: the property suite could not check everything "
                                f"(--civscore-fail-on-skip):{listed}")

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> str | TerminalRepr:
        """The rubric, key path, property and assessment; no traceback."""
        from civscore.exceptions import CivscoreError  # noqa: PLC0415 (only with --civscore)
        from civscore.testing import RubricPropertyError  # noqa: PLC0415 (hypothesis)

        if isinstance(excinfo.value, (RubricPropertyError, CivscoreError, _PluginLoadError,
                                      _SkippedError)):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.file or self.path, None, f"civscore rubric {self.name}"


class _PluginLoadError(Exception):
    """A civscore plugin or the rubric it provides failed to load."""


class _SkippedError(Exception):
    """The property suite skipped a property, and --civscore-fail-on-skip is on."""
