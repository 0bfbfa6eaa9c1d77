"""``civscore rubrics``: list the installed rubrics, as a table or JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

from civscore.cli.output import emit, emit_stderr, json_text
from civscore.cli.status import EXIT_OK
from civscore.messages import message
from civscore.model import PROVENANCE_RANK, marked_parts
from civscore.model.serde import unstructure
from civscore.plugins import default_registry
from civscore.results.render import table
from civscore.scoring import rubric_hash

if TYPE_CHECKING:
    import argparse

    from civscore.model import Rubric

__all__ = ["LEVEL_LABELS", "configure", "locality_label", "part_provenances", "provenance_label",
           "run"]

#: Chinese labels of a rubric's awarding level.
LEVEL_LABELS = {"county": "县级", "city": "市级", "prefecture": "州/地级", "province": "省级",
                "national": "全国"}


def locality_label(rubric: Rubric) -> str:
    """The rubric's locality as shown: province and name, and the code in
    brackets (``湖北省丹江口市（420381）``); empty when it has none."""
    loc = rubric.locality
    if loc is None:
        return ""
    name = loc.name if loc.name.startswith(loc.province) else loc.province + loc.name
    return name + (f"（{loc.code}）" if loc.code else "")


def part_provenances(rubric: Rubric) -> list[str]:
    """The provenances of the rubric's parts that carry points, strongest
    first (``["quoted", "illustrative"]`` for a rubric read in part)."""
    kinds = {p.provenance for p in marked_parts(rubric) if p.points is not None}
    return sorted(kinds, key=lambda k: -PROVENANCE_RANK[k])


def provenance_label(rubric: Rubric) -> str:
    """The rubric's provenance, and the stronger ones of its parts:
    ``illustrative（部分 quoted）``."""
    stronger = [k for k in part_provenances(rubric) if k != rubric.provenance]
    return rubric.provenance + (f"（部分 {'、'.join(stronger)}）" if stronger else "")


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``civscore rubrics``."""
    parser.add_argument("--format", choices=("table", "json"), default="table",
                        help="table (default) or json")


def run(args: argparse.Namespace) -> int:
    """List the installed rubrics; returns the exit status."""
    entries = default_registry().rubrics()
    if args.format == "json":
        emit(json_text([{
            "ref": e.ref, "id": e.rubric.id, "version": e.rubric.version,
            "title": e.rubric.title, "weighted": e.rubric.weighted,
            "locality": unstructure(e.rubric.locality) if e.rubric.locality else None,
            "level": e.rubric.level, "provenance": e.rubric.provenance,
            "part_provenances": part_provenances(e.rubric), "source": e.rubric.source,
            "extends": e.extends or None, "provider": e.provider,
            "distribution": e.distribution or None, "provider_version": e.provider_version,
            "hash": rubric_hash(e.rubric),
        } for e in entries]))
        return EXIT_OK
    if not entries:
        emit_stderr("civscore: " + message("cli.no-rubrics"))
        return EXIT_OK
    rows = [(e.ref, e.rubric.title + ("" if e.rubric.weighted else "（测评指标，未赋分）"),
             locality_label(e.rubric),
             LEVEL_LABELS.get(e.rubric.level or "", ""), provenance_label(e.rubric),
             f"{e.distribution or e.provider} {e.provider_version}") for e in entries]
    header = ("测评体系", "名称", "地区", "级别", "来源", "提供者")
    emit("\n".join(table(header, rows)) + "\n")
    return EXIT_OK
