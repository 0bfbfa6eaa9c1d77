"""The documentation is tested like code.

* Every code sample in ``docs/*.md`` runs, page by page, in one namespace per
  page (working directory: the repository root):

  - a ```` ```python ```` block is executed; what it prints must equal the
    ```` ```text ```` (or ```` ```json ````) block that immediately follows it,
    and a block that prints something must be followed by one;
  - a ```` ```pycon ```` block (``>>>`` prompts) runs under :mod:`doctest`;
  - a ```` ```toml ```` block must parse; a complete rubric or assessment must
    load;
  - a ```` ```console ```` block's ``$ civscore …`` commands run and their
    output must equal the lines shown under them (skipped while
    ``civscore.cli`` does not exist);
  - ```` ```sh ```` commands in the pages this project owns must be the
    README's commands or the documentation build that ``.ci/run`` runs.

* A Markdown table whose header has the columns ``path``, ``by hand`` and
  ``=`` is a hand calculation (docs/scoring.md): each ``by hand`` expression
  (``+ − × ÷``, parentheses, ``min``, ``max``, ``round(x, places)`` half-up)
  must equal its ``=`` cell, and after the next ``python`` block has run, the
  engine's figure at ``path`` of the page's ``card`` must equal it too.

* Coverage: every hook, every CLI subcommand and every key of the rubric and
  assessment files must appear in the documentation; the site must build
  without a warning.
"""

from __future__ import annotations

import ast
import contextlib
import decimal
import doctest
import importlib.util
import io
import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest

import civscore
from civscore.files.loader import assessment_from_dict, parse_toml, rubric_from_dict
from civscore.model import Assessment, Rubric
from civscore.plugins import hookspecs

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(p for p in DOCS.glob("*.md"))
#: Pages written for this project's docs issue; their shell commands are checked.
OWN_PAGES = {"index", "quickstart", "concepts", "scoring", "files", "results", "api", "design",
             "changelog"}
REQUIRED_PAGES = [*sorted(OWN_PAGES - {"index"}), "cli", "extract", "performance", "plugins",
                  "testing"]
SPHINX_COMMAND = "python -m sphinx -W --keep-going -b html docs docs/_build/html"

OUTPUT_LANGS = {"text", "json"}
SHELL_LANGS = {"sh", "bash", "shell"}
KNOWN_LANGS = {"python", "pycon", "toml", *OUTPUT_LANGS, *SHELL_LANGS, "console"}


def _load_extension() -> ModuleType:
    spec = importlib.util.spec_from_file_location("civscore_docs", DOCS / "_ext" /
                                                  "civscore_docs.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- reading Markdown --------------------------------------------------------------


@attrs.frozen
class Block:
    """A fenced code block: ``lang`` is the info string's first word."""

    lang: str
    text: str
    start: int  # line number of the opening fence (1-based)
    end: int  # line number of the closing fence


@attrs.frozen
class HandTable:
    """A hand-calculation table: rows of (path, expression, stated result)."""

    rows: tuple[tuple[str, str, str], ...]
    start: int


FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


def parse_markdown(text: str) -> list[Block | HandTable]:
    """The code blocks and hand-calculation tables of a page, in order."""
    lines = text.split("\n")
    items: list[Block | HandTable] = []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if m:
            fence = m["fence"]
            info = m["info"].strip()
            body: list[str] = []
            j = i + 1
            while j < len(lines):
                close = lines[j].strip()
                if close.startswith(fence[0] * len(fence)) and not close.strip(fence[0]):
                    break
                body.append(lines[j])
                j += 1
            lang = info.split()[0] if info else ""
            items.append(Block(lang, "\n".join(body) + "\n", i + 1, j + 1))
            i = j + 1
            continue
        if lines[i].startswith("|") and i + 1 < len(lines) and re.match(r"^\|[-|: ]+\|$",
                                                                         lines[i + 1]):
            header = _cells(lines[i])
            j = i + 2
            rows = []
            while j < len(lines) and lines[j].startswith("|"):
                rows.append(_cells(lines[j]))
                j += 1
            if {"path", "by hand", "="} <= set(header):
                p, e, r = header.index("path"), header.index("by hand"), header.index("=")
                items.append(HandTable(tuple((row[p].strip("`"), row[e], row[r])
                                             for row in rows), i + 1))
            i = j
            continue
        i += 1
    return items


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


# --- hand calculations ---------------------------------------------------------------


def evaluate(expression: str) -> Decimal:
    """Evaluate a hand calculation exactly: numbers, + − × ÷, parentheses,
    min(…), max(…), round(x, places) (half-up, 四舍五入)."""
    source = expression.replace("−", "-").replace("×", "*").replace("÷", "/")
    tree = ast.parse(source, mode="eval")

    def ev(node: ast.AST) -> Decimal:
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            segment = ast.get_source_segment(source, node)
            assert segment is not None
            return Decimal(segment)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -ev(node.operand)
        if isinstance(node, ast.BinOp):
            left, right = ev(node.left), ev(node.right)
            ops = {ast.Add: Decimal.__add__, ast.Sub: Decimal.__sub__,
                   ast.Mult: Decimal.__mul__, ast.Div: Decimal.__truediv__}
            op = ops.get(type(node.op))
            if op is not None:
                return op(left, right)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            args = [ev(a) for a in node.args]
            if node.func.id == "min":
                return min(args)
            if node.func.id == "max":
                return max(args)
            if node.func.id == "round" and len(args) == 2:
                return args[0].quantize(Decimal(1).scaleb(-int(args[1])),
                                        rounding=decimal.ROUND_HALF_UP)
        raise ValueError(f"cannot evaluate {ast.unparse(node)!r} in {expression!r}")

    with decimal.localcontext() as context:
        context.prec = 28
        return ev(tree.body)


def engine_figure(card: Any, path: str) -> Decimal:
    """The score of the item at ``path``, or the attribute ``path`` of the card
    (of a scorecard, or of a campaign result that has no items: docs/campaign.md)."""
    try:
        return Decimal(card.item(path).score)
    except (KeyError, AttributeError):
        value: Any = card
        for part in path.split("."):
            value = getattr(value, part)
        return Decimal(value)


def test_evaluate_hand_calculations() -> None:
    assert evaluate("2 − min(0.5 × 3, 1) − 0.3") == Decimal("0.7")
    assert evaluate("70 × 100 ÷ 80") == Decimal("87.5")
    assert evaluate("round(89.75, 1)") == Decimal("89.8")
    assert evaluate("round(89.25, 1)") == Decimal("89.3")
    assert evaluate("max(2 − 0.5 × 5, 0)") == 0
    with pytest.raises(ValueError, match="cannot evaluate"):
        evaluate("__import__('os')")


# --- running a page ---------------------------------------------------------------


def _check_toml(block: Block, where: str) -> None:
    from civscore.plugins import default_registry

    data = parse_toml(block.text, source=where)
    if {"id", "total", "provenance"} <= data.keys():
        rubric_from_dict(data, source=where, methods=default_registry().methods)
    elif {"rubric", "unit"} <= data.keys():
        assessment_from_dict(data, source=where)


def _cli_available() -> bool:
    return importlib.util.find_spec("civscore.cli") is not None


def _run_shell(command: str) -> str:
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}"
                                f"{os.environ.get('PATH', '')}", COLUMNS="100")
    done = subprocess.run(["bash", "-c", command], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120, check=False)
    return done.stdout + done.stderr


def _console(block: Block, where: str) -> None:
    commands: list[tuple[str, list[str]]] = []
    for line in block.text.rstrip("\n").split("\n"):
        if line.startswith("$ "):
            commands.append((line[2:], []))
        elif commands:
            commands[-1][1].append(line)
        elif line.strip():
            pytest.fail(f"{where}: output before the first '$ ' command")
    for command, expected in commands:
        if not re.match(r"^(\.venv/bin/)?civscore\b", command):
            continue  # installation steps and the like are not run here
        if not _cli_available():
            continue  # reported by test_cli_subcommands_are_documented
        got = _run_shell(command.removeprefix(".venv/bin/"))
        assert "Traceback" not in got, f"{where}: `{command}` crashed:\n{got}"
        if any(line.strip() for line in expected):
            assert _lines(got) == _lines("\n".join(expected)), f"{where}: `{command}`"


def _shell_commands(block: Block) -> list[str]:
    return [line.strip() for line in block.text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.strip("\n").split("\n")]


def run_page(page: Path) -> int:
    """Run every sample of ``page``; return how many hand-calculated figures
    were checked against the engine."""
    name = page.relative_to(ROOT).as_posix() if page.is_relative_to(ROOT) else page.name
    items = parse_markdown(page.read_text(encoding="utf-8"))
    namespace: dict[str, Any] = {"__name__": f"docs_{page.stem}"}
    pending: list[HandTable] = []
    checked = 0
    skip_next_output = False
    for index, item in enumerate(items):
        if isinstance(item, HandTable):
            for path, expression, stated in item.rows:
                assert evaluate(expression) == Decimal(stated), (
                    f"{name}:{item.start}: {path}: {expression} is not {stated}")
            pending.append(item)
            continue
        where = f"{name}:{item.start}"
        if skip_next_output:
            skip_next_output = False
            continue
        if item.lang in {"python", "py"}:
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                exec(compile(item.text, where, "exec"), namespace)
            following = items[index + 1] if index + 1 < len(items) else None
            if (isinstance(following, Block) and following.lang in OUTPUT_LANGS
                    and following.start == item.end + 2):
                assert _lines(printed.getvalue()) == _lines(following.text), (
                    f"{where}: the output differs from the block shown at line "
                    f"{following.start}")
                skip_next_output = True
            else:
                assert not printed.getvalue(), (
                    f"{where}: prints output that the page does not show; add a ```text "
                    "block right after it")
            for table in pending:
                card = namespace.get("card")
                assert card is not None, f"{name}:{table.start}: no `card` to check against"
                for path, _expression, stated in table.rows:
                    got = engine_figure(card, path)
                    assert got == Decimal(stated), (
                        f"{name}:{table.start}: the engine gives {path} = {got}, the page "
                        f"says {stated}")
                    checked += 1
            pending.clear()
        elif item.lang == "pycon" or item.text.lstrip().startswith(">>> "):
            test = doctest.DocTestParser().get_doctest(item.text, namespace, where, str(page),
                                                       item.start)
            runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
            report = io.StringIO()
            result = runner.run(test, out=report.write, clear_globs=False)
            assert not result.failed, report.getvalue()
        elif item.lang == "toml":
            _check_toml(item, where)
        elif item.lang == "json":
            json.loads(item.text)
        elif item.lang == "console":
            _console(item, where)
        elif item.lang in SHELL_LANGS:
            if page.stem in OWN_PAGES:
                known = [*_readme_commands(), f".venv/bin/{SPHINX_COMMAND}"]
                for command in _shell_commands(item):
                    assert command in known, f"{where}: `{command}` is neither a README " \
                                             "command nor the documentation build"
        elif item.lang.startswith("{") or item.lang in OUTPUT_LANGS:
            continue  # a MyST directive, or text shown for reading
        else:
            pytest.fail(f"{where}: code block language {item.lang!r} is not run by the "
                        f"tests; use one of {', '.join(sorted(KNOWN_LANGS))}")
    assert not pending, f"{name}: a hand calculation is not followed by a python block"
    return checked


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_page_samples_run(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    run_page(page)


def test_scoring_page_checks_hand_calculations_against_the_engine(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    # every step of the computation has at least one checked figure
    assert run_page(DOCS / "scoring.md") >= 30


def test_a_wrong_hand_calculation_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = tmp_path / "wrong.md"
    page.write_text((DOCS / "scoring.md").read_text(encoding="utf-8").replace(
        "| `leadership.plan` | deduct | 2 − min(0.5 × 3, 1) − 0.3 | 0.7 |",
        "| `leadership.plan` | deduct | 2 − 0.5 × 3 − 0.3 | 0.2 |"), encoding="utf-8")
    monkeypatch.chdir(ROOT)
    with pytest.raises(AssertionError, match=r"the engine gives leadership.plan = 0.7"):
        run_page(page)


# --- commands ---------------------------------------------------------------------


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in parse_markdown(readme) if isinstance(b, Block) and b.lang in SHELL_LANGS]
    return [c for b in blocks for c in _shell_commands(b)]


def test_quickstart_shows_the_readme_commands() -> None:
    commands = _readme_commands()
    assert any("pip install -r requirements-dev.txt" in c for c in commands)
    assert any(c.endswith("-m pytest") for c in commands)
    quickstart = (DOCS / "quickstart.md").read_text(encoding="utf-8")
    setup = [c for c in commands if "venv" in c or c.endswith("-m pytest")]
    for command in setup:
        assert f"```sh\n{command}\n```" in quickstart, f"quickstart.md lacks `{command}`"


def test_ci_builds_the_documentation_after_the_tests() -> None:
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    pytest_line = next(i for i, line in enumerate(lines) if line.endswith("-m pytest"))
    docs_line = next(i for i, line in enumerate(lines) if line.endswith(SPHINX_COMMAND))
    assert docs_line > pytest_line
    for page in ("index.md", "quickstart.md"):
        assert SPHINX_COMMAND in (DOCS / page).read_text(encoding="utf-8")


@pytest.mark.skipif(not _cli_available(), reason="civscore.cli does not exist yet")
def test_quickstart_score_command_shows_what_the_page_says() -> None:
    command = next(c for c in _readme_commands() if "civscore score" in c)
    score = command.split("&&")[-1].strip().removeprefix(".venv/bin/")
    got = _run_shell(score)
    assert "Traceback" not in got
    for figure in ("97", "98", "丹江口市教育局"):
        assert figure in got, f"`{score}` does not show {figure}"


# --- coverage: hooks, keys, subcommands, API --------------------------------------------


def _markdown_sources() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in PAGES)


def test_every_hook_is_documented() -> None:
    hooks = sorted(n for n in dir(hookspecs) if n.startswith("civscore_"))
    assert hooks
    text = _markdown_sources()
    missing = [h for h in hooks if h not in text]
    assert not missing, f"hooks missing from docs/*.md: {missing}"


def _model_classes() -> list[type]:
    ext = _load_extension()
    found: list[type] = []
    for root in (Rubric, Assessment):
        found += [c for c in ext.classes_in_order(root) if c not in found]
    return found


def test_every_file_key_has_a_description() -> None:
    undocumented = [f"{cls.__name__}.{f.name}" for cls in _model_classes()
                    for f in attrs.fields(cls) if not str(f.metadata.get("doc", "")).strip()]
    assert not undocumented, f"fields without doc metadata: {undocumented}"


def test_every_file_key_is_in_the_file_reference() -> None:
    ext = _load_extension()
    files = (DOCS / "files.md").read_text(encoding="utf-8")
    for form, root in (("rubric", Rubric), ("assessment", Assessment)):
        assert f"<!-- civscore:reference {form} -->" in files
        reference = ext.reference_markdown(form)
        sections = re.split(r"^### ", reference, flags=re.MULTILINE)
        by_class = {s.split("\n", 1)[0]: s for s in sections[1:]}
        for cls in ext.classes_in_order(root):
            for field in attrs.fields(cls):
                assert f"| `{field.name}` |" in by_class[cls.__name__], (
                    f"{form} reference lacks {cls.__name__}.{field.name}")


def test_every_result_key_is_in_the_results_page() -> None:
    ext = _load_extension()
    assert "<!-- civscore:reference result -->" in (DOCS / "results.md").read_text(
        encoding="utf-8")
    reference = ext.reference_markdown("result")
    for cls in ext.classes_in_order(civscore.Scorecard):
        for field in attrs.fields(cls):
            assert f"| `{field.name}` |" in reference


def test_api_page_documents_the_public_modules() -> None:
    api = (DOCS / "api.md").read_text(encoding="utf-8")
    for module in ("civscore", "civscore.model", "civscore.files.loader",
                   "civscore.scoring", "civscore.results.scorecard", "civscore.checks",
                   "civscore.scoring.methods", "civscore.results.render", "civscore.plugins",
                   "civscore.plugins.hookspecs", "civscore.exceptions"):
        assert f".. automodule:: {module}\n" in api, module
    missing = [name for name in civscore.__all__ if f"`{name}`" not in api]
    assert not missing, f"names civscore exports that api.md does not list: {missing}"


def test_index_lists_every_page() -> None:
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    trees = re.findall(r"```\{toctree\}\n(.*?)```", index, flags=re.DOTALL)
    listed = {line.strip() for tree in trees for line in tree.splitlines()
              if line.strip() and not line.startswith(":")}
    assert set(REQUIRED_PAGES) <= listed
    assert listed == {p.stem for p in PAGES} - {"index"}


GLOSSARY_TERMS = ("测评体系", "测评项目", "测评指标", "测评标准", "测评方法", "应得分", "实得分",
                  "自评分", "扣分", "扣完为止", "加分", "负面清单", "一票否决", "不得申报",
                  "按比例折算", "复查", "达标分数")


def test_glossary_sets_the_terms_side_by_side() -> None:
    concepts = (DOCS / "concepts.md").read_text(encoding="utf-8")
    header = "| 中文 | English | code term | meaning |"
    assert header in concepts
    table = concepts.split(header, 1)[1].split("\n\n", 1)[0]
    rows = [_cells(line) for line in table.strip().splitlines()[1:]]
    chinese = {term.strip() for row in rows for term in row[0].split("/")}
    missing = [t for t in GLOSSARY_TERMS if t not in chinese]
    assert not missing, f"glossary lacks {missing}"
    assert all(row[1] and row[2] for row in rows), "every term needs an English and a code term"


def _find_parser(cli: ModuleType) -> Any:
    import argparse

    for name in ("build_parser", "make_parser", "get_parser", "create_parser", "parser"):
        candidate = getattr(cli, name, None)
        if isinstance(candidate, argparse.ArgumentParser):
            return candidate
        if callable(candidate):
            return candidate()
    pytest.fail("civscore.cli has no build_parser()")


def cli_subcommands() -> list[str]:
    import argparse

    cli = importlib.import_module("civscore.cli")
    parser = _find_parser(cli)
    names: list[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            names += list(action.choices)
    return sorted(names)


# --- the site builds ------------------------------------------------------------------


@pytest.fixture(scope="module")
def built_text(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The site built with the text builder, warnings as errors: page → text."""
    if importlib.util.find_spec("sphinx") is None or importlib.util.find_spec(
            "myst_parser") is None:
        pytest.skip("Sphinx and MyST-Parser are not installed (pip install -e '.[docs]')")
    out = tmp_path_factory.mktemp("docs")
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "text",
         "-d", str(out / "doctrees"), str(DOCS), str(out / "text")],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, f"the documentation build failed:\n{done.stderr}"
    return {p.stem: p.read_text(encoding="utf-8") for p in (out / "text").glob("*.txt")}


def test_documentation_builds_without_warnings(built_text: dict[str, str]) -> None:
    assert set(REQUIRED_PAGES) <= set(built_text)
    for key in ("min_category_share", "deduct_range", "claimed_total", "lookback_years"):
        assert key in built_text["files"], f"the generated file reference lacks {key}"
    assert "civscore_rubrics" in built_text["api"]


def test_cli_subcommands_are_documented(built_text: dict[str, str]) -> None:
    if not _cli_available():
        pytest.skip("civscore.cli does not exist yet: no subcommands to check")
    text = "\n".join(built_text.values())
    missing = [name for name in cli_subcommands()
               if not re.search(rf"civscore {re.escape(name)}\b", text)]
    assert not missing, f"CLI subcommands missing from the docs: {missing}"


def test_file_keys_appear_in_the_built_reference(built_text: dict[str, str]) -> None:
    # the text builder writes a table row as | "key" | type | default | meaning |
    missing = [f"{cls.__name__}.{field.name}" for cls in _model_classes()
               for field in attrs.fields(cls)
               if not re.search(rf'^\| "{field.name}" +\|', built_text["files"], re.MULTILINE)]
    assert not missing, f"keys missing from the built file reference: {missing}"


def test_placeholder_pages_exist_for_a_clean_build() -> None:
    # The build must work from a clean clone: every page the index lists is
    # committed, and nothing is generated into docs/ beforehand.
    for page in REQUIRED_PAGES:
        assert (DOCS / f"{page}.md").exists(), page
