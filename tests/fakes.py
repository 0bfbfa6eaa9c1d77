"""Fake installed plugins for the tests (imported beside the test modules)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def write_rubric_plugin(root: Path, module: str, rubric_toml: str) -> Path:
    """A plugin package ``module`` under ``root`` whose one rubric is the file
    ``rubrics/broken.toml`` holding ``rubric_toml``; returns the package folder.
    Put ``root`` on the import path (and add a dist-info) to install it."""
    package = root / module
    (package / "rubrics").mkdir(parents=True)
    (package / "__init__.py").write_text(
        "import civscore\nfrom civscore import RubricSpec\n\n\n"
        "@civscore.hookimpl\ndef civscore_rubrics():\n"
        "    return [RubricSpec(package=__name__, resource='rubrics/broken.toml')]\n",
        encoding="utf-8")
    (package / "rubrics" / "broken.toml").write_text(rubric_toml, encoding="utf-8")
    return package


def write_distribution(root: Path, module: str, version: str = "0.1",
                       entry_point: str | None = None) -> Path:
    """The metadata (``*.dist-info``) of a distribution ``civscore-<name>``
    installed in ``root`` with one ``civscore`` entry point, ``<name> =
    <module>`` (or ``entry_point``), where ``<name>`` is ``module`` without
    its ``civscore_`` prefix; returns the metadata folder."""
    name = module.removeprefix("civscore_")
    info = root / f"{module}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: civscore-{name}\nVersion: {version}\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(
        f"[civscore]\n{name} = {entry_point or module}\n", encoding="utf-8")
    return info


def write_code_plugin(root: Path, module: str, source: str, version: str = "0.1") -> Path:
    """An installed plugin ``module`` under ``root`` whose ``__init__.py`` is
    ``source``, with the metadata of a distribution ``civscore-<name>``
    (:func:`write_distribution`); returns the package folder.  Put ``root``
    on the import path to install it."""
    package = root / module
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(source, encoding="utf-8")
    write_distribution(root, module, version)
    return package


def run_civscore(*args: object, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``python -m civscore ARGS`` in a child with ``env``; asserts no traceback."""
    proc = subprocess.run([sys.executable, "-m", "civscore", *map(str, args)],
                          capture_output=True, encoding="utf-8", env=env, timeout=120,
                          check=False)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc
