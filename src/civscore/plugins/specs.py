"""What a plugin's :class:`~civscore.plugins.hookspecs.RubricSpec` holds: the
text of its rubric file, the rubric that file declares, and what it loads as."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from civscore.exceptions import PluginError, RubricError
from civscore.files.loader import parse_toml, rubric_from_dict
from civscore.messages import message
from civscore.model import Rubric
from civscore.plugins.hookspecs import RubricSpec
from civscore.scoring.methods import ScoringMethod

# civscore.plugins.overlay is imported when an overlay is met: few commands need it
if TYPE_CHECKING:
    from civscore.plugins.overlay import Overlay

__all__ = ["declared_ref", "load_spec", "read_resource", "resource_file"]

#: A table header (``[x]``, ``[[x]]``) opening a line: a TOML file's
#: top-level keys are the ones before the first.
_TABLE_HEADER = re.compile(r"^[ \t]*\[", re.MULTILINE)


def read_resource(spec: RubricSpec, file: str | None = None) -> str:
    """The text of a spec's rubric file (``package`` + ``resource``).

    :param file: where the file is, when known (:func:`resource_file`): it is
        read directly, without importing the package.
    :raises PluginError: when it cannot be read.
    """
    if not spec.package:
        raise PluginError(message("plugin.no-package", resource=spec.resource))
    try:
        if file is not None:
            with open(file, encoding="utf-8-sig") as handle:
                return handle.read()
        import importlib.resources  # noqa: PLC0415 (start-up: indexed rubric files are read directly)

        return importlib.resources.files(spec.package).joinpath(spec.resource).read_text(
            encoding="utf-8-sig")
    except (OSError, ImportError, UnicodeDecodeError, TypeError, ValueError) as exc:
        raise PluginError(message("plugin.rubric-unreadable", error=exc,
                                  resource=f"{spec.package}:{spec.resource}")) from exc


def resource_file(spec: RubricSpec) -> str | None:
    """The path of a spec's rubric file when it is a plain file on disk (not
    in a zip archive, say); ``None`` when it is not, or cannot be found."""
    import importlib.resources  # noqa: PLC0415 (start-up: only writing the plugin index needs it)
    import pathlib  # noqa: PLC0415 (start-up: only writing the plugin index needs it)

    if not spec.package or not spec.resource:
        return None
    try:
        found = importlib.resources.files(spec.package).joinpath(spec.resource)
        return str(found) if isinstance(found, pathlib.Path) and found.is_file() else None
    except (OSError, ImportError, TypeError, ValueError):
        return None


def declared_ref(text: str) -> str:
    """The ``id@version`` that the top-level keys of a rubric or overlay file
    declare, read without parsing the rest of the file; ``""`` when it
    declares none (such a file cannot load)."""
    header = _TABLE_HEADER.search(text)
    try:
        data = parse_toml(text[:header.start()] if header else text, error=RubricError)
    except RubricError:
        # The "[" opens a line inside a multi-line string or array: read it all.
        try:
            data = parse_toml(text, error=RubricError)
        except RubricError:
            return ""
    ident, version = data.get("id"), data.get("version")
    return f"{ident}@{version}" if isinstance(ident, str) and isinstance(version, str) else ""


def load_spec(spec: RubricSpec, methods: Mapping[str, ScoringMethod],
              text: str | None = None) -> Rubric | tuple[Overlay, str]:
    """The rubric a spec gives, or its overlay (not yet resolved) with the
    overlay's source.

    :param methods: the scoring methods a rubric file may use.
    :param text: the spec's file, when already read.
    :raises RubricError: when the file does not load.
    :raises PluginError: when the spec gives not exactly one form, or its file
        cannot be read.
    """
    given = [x for x in (spec.rubric, spec.overlay, spec.resource or None) if x is not None]
    if len(given) != 1:
        raise PluginError(message("plugin.spec-forms", spec=repr(spec)))
    if spec.rubric is not None:
        return spec.rubric
    if spec.overlay is not None:
        return spec.overlay, f"<overlay {spec.overlay.ref} from a plugin>"
    source = f"{spec.package}:{spec.resource}"
    data = parse_toml(read_resource(spec) if text is None else text, source=source,
                      error=RubricError)
    if "extends" in data:  # an overlay (civscore.plugins.overlay.is_overlay)
        from civscore.plugins.overlay import overlay_from_dict  # noqa: PLC0415 (only overlays need it: start-up)

        return overlay_from_dict(data, source=source), source
    return rubric_from_dict(data, source=source, methods=methods)
