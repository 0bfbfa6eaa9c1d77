"""Honest data in the locality plugins: every part marked quoted or official
names a source a reader can follow, and the rubrics built on public copies
name the copy's address."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from civscore.model import marked_parts
from civscore.plugins import Registry, get_plugin_manager

#: Every locality plugin of this repository (plugins/civscore-<name>/, module civscore_<name>).
LOCALITY_MODULES = [importlib.import_module(p.name.replace("-", "_")) for p in
                    sorted((Path(__file__).resolve().parents[2] / "plugins").glob("civscore-*"))]

URL = re.compile(r"https?://\S+")
#: Rubrics whose numbers were read in a public copy or on an official site:
#: every part read must give the address.
FROM_THE_WEB = {"ezhou@2017", "ezhou@2018", "hefei@2013", "hubei@undated", "national@2012"}


def _registry() -> Registry:
    pm = get_plugin_manager(load_entry_points=False, plugins=LOCALITY_MODULES, strict=True)
    return Registry(pm, strict=True)


REGISTRY = _registry()
ENTRIES = [e for e in REGISTRY.rubrics() if e.distribution.startswith("civscore-")]


def test_the_rubrics_read_on_the_web_are_all_here() -> None:
    assert {e.ref for e in ENTRIES} >= FROM_THE_WEB


@pytest.mark.parametrize("ref", [e.ref for e in ENTRIES])
def test_every_part_read_names_its_source(ref: str) -> None:
    rubric = REGISTRY.get(ref)
    read = [p for p in marked_parts(rubric) if p.provenance != "illustrative"]
    for part in read:
        assert part.source.strip(), f"{ref}: {part.path} is {part.provenance} without a source"
        if ref in FROM_THE_WEB:
            assert URL.search(part.source), f"{ref}: {part.path} names no address"
    if rubric.provenance != "illustrative":
        assert read, ref  # a rubric claiming to be read has parts read
