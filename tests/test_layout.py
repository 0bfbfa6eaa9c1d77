"""The house rules of the source tree (docs/design.md, "The layout"), checked.

Small rooms: no module over 500 lines, no function over 80; a private name
(``_name``) is used only inside the module that defines it; no import inside
a function except of an optional extra or of a module loaded late on purpose
(each such import carries a ``# noqa: PLC0415`` with its reason).  The import
layers themselves are import-linter contracts (``lint-imports``, in
``pyproject.toml``), run by ``.ci/run``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "civscore"
MODULES = sorted(SRC.rglob("*.py"))
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80


def _name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_module_is_over_500_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{_name(path)} has {lines} lines: split it"


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_function_is_over_80_lines(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    long = [f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
            for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.end_lineno is not None
            and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES]
    assert not long, f"{_name(path)}: {', '.join(long)}"


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_private_names_stay_in_their_module(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    borrowed = [f"from {node.module} import {alias.name}"
                for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and node.module
                and node.module.startswith("civscore")
                for alias in node.names
                if alias.name.startswith("_") and not alias.name.startswith("__")]
    borrowed += [f"{node.module}" for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module
                 and node.module.startswith("civscore.")
                 and node.module != "civscore._version"  # the build tool's version file
                 and any(part.startswith("_") and not part.startswith("__")
                         for part in node.module.split("."))]
    assert not borrowed, f"{_name(path)} uses private names of other modules: {borrowed}"


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_imports_inside_functions_say_why(path: Path) -> None:
    source = path.read_text(encoding="utf-8").splitlines()
    tree = ast.parse("\n".join(source))
    unexplained = [
        f"line {inner.lineno}"
        for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        for inner in ast.walk(node) if isinstance(inner, (ast.Import, ast.ImportFrom))
        if "noqa: PLC0415 (" not in source[inner.lineno - 1]
        and "noqa: PLC0415 (" not in source[(inner.end_lineno or inner.lineno) - 1]]
    assert not unexplained, (f"{_name(path)}: function-level imports without a reason "
                             f"(# noqa: PLC0415 (why)): {', '.join(unexplained)}")
