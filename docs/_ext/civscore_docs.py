"""Sphinx extension of the civscore documentation.

* ``<!-- civscore:reference rubric -->``, ``… assessment -->`` and
  ``… result -->`` markers in a page are replaced, when the page is read, by
  a Markdown reference of every table and key of that file form.  The
  reference is generated from the JSON Schema that
  :func:`civscore.model.serde.json_schema` builds from the attrs model (types,
  bounds, required keys, the ``doc`` metadata of each field) plus the
  fields' defaults, so it cannot drift from the code.
* attrs classes of :mod:`civscore.model` get a parameter list built from the
  same ``doc`` metadata in the API reference.

``reference_markdown`` is importable without Sphinx so that the tests can
check the generated text.
"""

from __future__ import annotations

import decimal
import importlib
import inspect
import re
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

import civscore
from civscore import model
from civscore.model.points import to_text
from civscore.model.serde import json_schema
from civscore.results import scorecard

MARKER = re.compile(r"^<!-- civscore:reference (?P<form>[a-z]+) -->$", re.MULTILINE)

#: form → (root class, numbers written as text, label prefix)
FORMS: dict[str, tuple[type, bool, str]] = {
    "rubric": (model.Rubric, False, "rubric"),
    "assessment": (model.Assessment, False, "assessment"),
    "result": (scorecard.Scorecard, True, "result"),
}


def anchor(prefix: str, cls_name: str) -> str:
    """The MyST label of a class's table in the reference."""
    return f"{prefix}-{cls_name.lower()}"


def classes_in_order(root: type) -> list[type]:
    """``root`` and every attrs class reachable from its fields, breadth first."""
    seen: list[type] = [root]
    queue = [root]
    while queue:
        cls = queue.pop(0)
        hints = typing.get_type_hints(cls)
        for field in attrs.fields(cls):
            for inner in _attrs_classes(hints[field.name]):
                if inner not in seen:
                    seen.append(inner)
                    queue.append(inner)
    return seen


def _attrs_classes(tp: Any) -> Iterator[type]:
    if isinstance(tp, type) and attrs.has(tp):
        yield tp
    for arg in typing.get_args(tp):
        yield from _attrs_classes(arg)


def _rst_to_myst(text: str) -> str:
    """Docstring markup to MyST: ``:role:`x``` → ``{role}`x```; ``::`` → ``:``."""
    text = re.sub(r":(?:py:)?(\w+):`~?([^`]+)`", r"`\2`", text)
    text = re.sub(r"::$", ":", text, flags=re.MULTILINE)
    return text.replace("|", "\\|")


def _type_text(prop: dict[str, Any], meta: dict[str, Any], prefix: str) -> str:
    if "anyOf" in prop:
        (inner,) = [p for p in prop["anyOf"] if p.get("type") != "null"]
        return _type_text(inner, meta, prefix)
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        return f"table ({{ref}}`{name} <{anchor(prefix, name)}>`)"
    if "enum" in prop:
        return "one of " + ", ".join(f"`{v}`" for v in prop["enum"])
    kind = prop.get("type")
    if kind == "array":
        inner = _type_text(prop["items"], {}, prefix)
        if inner.startswith("table ("):
            return "array of tables " + inner.removeprefix("table ")
        return f"array of {inner}s"
    if kind == "object":
        extra = prop.get("additionalProperties")
        if isinstance(extra, dict) and extra.get("type"):
            return f"table: key → {extra['type']}"
        return "table (free-form)"
    if kind == "integer":
        return f"integer {prop['minimum']}–{prop['maximum']}"
    if kind == "number":
        what = {"points": "points", "rate": "rate %", "fraction": "fraction"}.get(
            meta.get("kind", ""), "number")
        return f"{what} ({to_text(decimal.Decimal(prop['minimum']))}–{prop['maximum']})"
    if kind == "string" and prop.get("format") == "date":
        return "date (YYYY-MM-DD)" if not meta.get("as_text") else "date string (YYYY-MM-DD)"
    if kind == "string" and "pattern" in prop:
        return "decimal string"
    return str(kind)


def _default_text(field: attrs.Attribute[Any]) -> str:
    default = field.default
    if default is attrs.NOTHING:
        when = field.metadata.get("omitted_when")
        return f"**required** (omitted when `{when}`)" if when else "**required**"
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        value = default.factory()
        if attrs.has(type(value)):
            return "its defaults"
        return "`{}`" if isinstance(value, dict) else "`[]`"
    if default is None:
        return "absent"
    if isinstance(default, bool):
        return f"`{str(default).lower()}`"
    if isinstance(default, decimal.Decimal):
        return f"`{to_text(default)}`"
    if isinstance(default, str):
        return f'`"{default}"`'
    if isinstance(default, tuple):
        return "`[]`"
    return f"`{default}`"


def _schema(form: str) -> dict[str, Any]:
    """The JSON Schema civscore ships for ``form`` (:mod:`civscore.files.schemas`),
    or the one the models give when that module is not there."""
    try:
        schemas = importlib.import_module("civscore.files.schemas")
    except ImportError:
        root, as_text, _prefix = FORMS[form]
        return json_schema(root, numbers_as_text=as_text)
    schema: dict[str, Any] = schemas.generate(form)
    return schema


def reference_markdown(form: str, heading: str = "###") -> str:
    """The Markdown reference of one file form (``rubric``, ``assessment``,
    ``result``): one section per table with a row per key."""
    root, as_text, prefix = FORMS[form]
    defs = _schema(form)["$defs"]
    paths = _paths(root)
    out: list[str] = []
    for cls in classes_in_order(root):
        definition = defs[cls.__name__]
        fields = attrs.fields_dict(cls)
        doc = _rst_to_myst(inspect.cleandoc(cls.__doc__ or ""))
        out += [f"({anchor(prefix, cls.__name__)})=", f"{heading} {cls.__name__}", ""]
        out += [doc.replace("\\|", "|"), ""]
        where = ", ".join(f"`{p}`" for p in paths[cls])
        out += [f"Where: {where}.", ""]
        rows: list[tuple[str, ...]] = []
        for name, prop in definition["properties"].items():
            field = fields.get(name)
            meta = dict(field.metadata) if field is not None else {}
            meta["as_text"] = as_text
            kind = _type_text(prop, meta, prefix)
            text = _rst_to_myst(str(meta.get("doc") or prop.get("description", "")))
            if as_text:
                nullable = any(p.get("type") == "null" for p in prop.get("anyOf", ()))
                rows.append((f"`{name}`", kind + (" or null" if nullable else ""), text))
            else:
                default = _default_text(field) if field is not None else ""
                rows.append((f"`{name}`", kind, default, text))
        header = ("key", "JSON type", "meaning") if as_text else ("key", "type", "default",
                                                                  "meaning")
        if not any(row[-1] for row in rows):
            header, rows = header[:-1], [row[:-1] for row in rows]
        out += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        out += ["| " + " | ".join(row) + " |" for row in rows]
        out.append("")
    return "\n".join(out)


def _paths(root: type) -> dict[type, list[str]]:
    """Where each class occurs, as key paths (``$.categories[]``), at most
    three per class (nesting repeats itself)."""
    found: dict[type, list[str]] = {root: ["$ (the file itself)"]}
    queue: list[tuple[type, str]] = [(root, "$")]
    while queue:
        cls, path = queue.pop(0)
        hints = typing.get_type_hints(cls)
        for field in attrs.fields(cls):
            tp = hints[field.name]
            many = typing.get_origin(tp) is tuple
            for inner in _attrs_classes(tp):
                sub = f"{path}.{field.name}" + ("[]" if many else "")
                known = found.setdefault(inner, [])
                if len(known) < 3 and sub not in known and sub.count(".criteria") < 3:
                    known.append(sub)
                    queue.append((inner, sub))
    return found


def _source_read(app: Any, docname: str, source: list[str]) -> None:
    source[0] = MARKER.sub(lambda m: reference_markdown(m["form"]), source[0])


def _docstring_fields(app: Any, what: str, name: str, obj: Any, options: Any,  # noqa: PLR0917
                      lines: list[str]) -> None:  # the signature Sphinx calls
    """List an attrs model class's fields with their ``doc`` metadata."""
    if what != "class" or not attrs.has(obj) or obj.__module__ != model.__name__:
        return
    docs = [(f.name, f.metadata.get("doc")) for f in attrs.fields(obj)]
    if not any(doc for _name, doc in docs):
        return
    lines.append("")
    for field_name, doc in docs:
        lines.append(f":param {field_name}: {doc or ''}")
    lines.append("")


def _outdated(app: Any, env: Any, added: set[str], changed: set[str],
              removed: set[str]) -> list[str]:
    """Pages with generated references are always re-read: they depend on the
    model's source, which Sphinx does not track."""
    pages = []
    for docname in sorted(env.found_docs):
        path = Path(env.doc2path(docname))
        if path.suffix == ".md" and MARKER.search(path.read_text(encoding="utf-8")):
            pages.append(docname)
    return pages


def _reexport(app: Any, env: Any, node: Any, contnode: Any) -> Any:
    """Resolve ``civscore.score`` and the other names the package re-exports
    (also ``CheckSpec`` as written inside :mod:`civscore.plugins.hookspecs`) to where
    they are documented (``civscore.scoring.score``)."""
    target = node.get("reftarget", "")
    if node.get("refdomain") != "py":
        return None
    name = target.rsplit(".", 1)[-1]
    if name not in civscore.__all__ or target not in {name, f"civscore.{name}",
                                                       f"civscore.plugins.hookspecs.{name}"}:
        return None
    module = getattr(getattr(civscore, name), "__module__", "")
    if not module.startswith("civscore."):
        module = "civscore.plugins.hookspecs"  # pluggy's markers, documented there
    domain = env.get_domain("py")
    return domain.resolve_xref(env, node["refdoc"], app.builder, node["reftype"],
                               f"{module}.{name}", node, contnode)


def setup(app: Any) -> dict[str, Any]:
    """Register the hooks (Sphinx entry point)."""
    app.connect("missing-reference", _reexport)
    app.connect("source-read", _source_read)
    app.connect("autodoc-process-docstring", _docstring_fields)
    app.connect("env-get-outdated", _outdated)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
