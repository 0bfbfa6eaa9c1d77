"""``civscore diff``: what changed between two rubrics."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

# RubricChange and Rubric, only annotations here, are imported for the API
# reference: the documentation resolves them to the classes only then.
from civscore.checks.diff import RubricChange, diff_rubrics
from civscore.cli.inputs import add_encoding_option, input_encoding, resolve_rubric
from civscore.cli.output import emit, json_text
from civscore.cli.status import EXIT_OK
from civscore.cli.values import value_text
from civscore.model import Rubric
from civscore.model.points import to_text
from civscore.plugins import default_registry

if TYPE_CHECKING:
    import argparse

__all__ = ["configure", "render_changes", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``civscore diff``."""
    parser.add_argument("old", metavar="OLD", help="rubric id[@version] or file")
    parser.add_argument("new", metavar="NEW", help="rubric id[@version] or file")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text (default) or json")
    add_encoding_option(parser, ("old", "new"))


def render_changes(old: Rubric, new: Rubric, changes: Sequence[RubricChange]) -> str:
    """The changes as text, one per line: ``+`` added, ``-`` removed, ``~`` changed."""
    lines = [f"{old.ref} → {new.ref}：{len(changes)} 处变化" if changes
             else f"{old.ref} → {new.ref}：无变化"]
    marks = {"added": "+", "removed": "-", "changed": "~"}
    for change in changes:
        head = f"{marks[change.kind]} {change.path}" + (f"  {change.title}" if change.title else "")
        if change.kind == "changed":
            delta = change.delta
            diff = f"（{'+' if delta > 0 else ''}{to_text(delta)}）" if delta else ""
            lines.append(f"{head}：{value_text(change.old)} → {value_text(change.new)}{diff}")
        else:
            record = change.new if change.kind == "added" else change.old
            points = record.get("points") if isinstance(record, dict) else None
            lines.append(head + (f"（{value_text(points)}分）" if points is not None else ""))
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    """Show the changes between the two rubrics ``args`` names; returns the exit status."""
    registry = default_registry()
    old, _e = resolve_rubric(registry, args.old, input_encoding(args, "old"))
    new, _e = resolve_rubric(registry, args.new, input_encoding(args, "new"))
    changes = diff_rubrics(old, new)
    if args.format == "json":
        emit(json_text({"old": old.ref, "new": new.ref,
                         "changes": [c.to_dict() for c in changes]}))
    else:
        emit(render_changes(old, new, changes))
    return EXIT_OK
