"""Every problem of an uploaded rubric or assessment, as data.

A web service that validates an upload wants all of its problems at once,
each with a stable code it can map to its own words, the key path, and the
line and column to point at.  :func:`validate_assessment` and
:func:`validate_rubric` give them as :class:`FileProblem` records, and never
raise for bad input:

1. the bytes or text are read and parsed (size, encoding, TOML or JSON
   syntax, nesting depth): a problem here is the only one reported;
2. the structure is checked against the model, and *every* structural problem
   is reported (each wrong value, unknown key and missing key, up to
   ``limit``);
3. when the structure is sound, the rules the loader checks beyond it (ids,
   references, rules' amounts …) give their first problem;
4. for an assessment with a ``rubric`` given, every problem that would stop
   scoring against it (unknown items, values out of range …).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import attrs

from civscore.exceptions import AssessmentError, FileFormatError, RubricError
from civscore.files.indicators import fill_unweighted
from civscore.files.loader import assessment_from_dict, check_format, rubric_from_dict
from civscore.files.text import (
    MAX_FILE_BYTES,
    check_depth,
    decode_text,
    parse_document,
    place_of,
    syntax_of,
)
from civscore.messages import message
from civscore.model import Assessment, Rubric
from civscore.model.serde import structure_problems
from civscore.scoring import assessment_problems
from civscore.scoring.arguments import require
from civscore.scoring.methods import ScoringMethod

__all__ = ["FileProblem", "validate_assessment", "validate_rubric"]

#: What a document to validate may be: the file's bytes, its text, or the
#: data already parsed (numbers as ``int`` and ``Decimal``).
Document = bytes | str | Mapping[str, Any]


@attrs.frozen
class FileProblem:
    """One problem of a rubric or assessment document.

    :ivar code: the kind of problem, stable across versions (``docs/api.md``
        lists them), e.g. ``unknown-key``, ``not-valid-json``, ``unknown-item``.
    :ivar path: the key path (``$.findings[2].points``; ``$`` for the document).
    :ivar message: what is wrong and what to do, in words.
    :ivar source: the name the document was given.
    :ivar line: the line (from 1) where it is in the text; ``None`` when not
        known (a parsed mapping has no text).
    :ivar column: the column (from 1) on that line, or ``None``.
    """

    code: str
    path: str
    message: str
    source: str
    line: int | None = None
    column: int | None = None

    @classmethod
    def from_error(cls, error: FileFormatError) -> FileProblem:
        """The problem an error describes."""
        return cls(error.code, error.path, error.message, error.source, error.line,
                   error.column)

    def to_dict(self) -> dict[str, Any]:
        """The problem as JSON-ready data: ``code``, ``path``, ``message``,
        ``source``, ``line`` and ``column`` (``null`` when not known)."""
        return attrs.asdict(self)


def validate_assessment(document: Document, *, source: str = "<upload>",
                        syntax: Literal["toml", "json"] | None = None,
                        encoding: str | None = None, rubric: Rubric | None = None,
                        methods: Mapping[str, ScoringMethod] | None = None,
                        limit: int = 100) -> list[FileProblem]:
    """Every problem of an assessment document, as data (empty when it is valid).

    :param document: the file's bytes, its text, or the parsed data.
    :param source: the name errors give the document (a ``.json`` or
        ``.toml`` suffix also says its syntax).
    :param syntax: ``"toml"`` or ``"json"``; ``None`` to go by ``source``'s
        suffix and else by the text.
    :param encoding: of ``bytes``; ``None`` to detect UTF-8 or UTF-16.
    :param rubric: check the assessment against it too (as :func:`civscore.score` would).
    :param methods: the scoring methods for that check (default: the built-in ones).
    :param limit: at most this many problems (at least 1).
    :return: the problems in document order, each a :class:`FileProblem`.
    :raises TypeError: when ``document`` is none of bytes, text and mapping, or
        ``rubric`` is not a :class:`~civscore.model.Rubric`.
    """
    if rubric is not None:
        require(rubric, "rubric", Rubric)
    text, data, found = _read(document, source, syntax, encoding, AssessmentError)
    if data is None:
        return found
    value, errors = structure_problems(data, Assessment, error=AssessmentError, source=source,
                                       limit=limit)
    if value is None:
        return _placed(errors, text, source, syntax)
    try:
        assessment = assessment_from_dict(data, source=source)
    except AssessmentError as exc:
        return _placed([exc], text, source, syntax)
    if rubric is None:
        return []
    errors = [AssessmentError(p.message, source=source, path=p.path, code=p.code)
              for p in assessment_problems(rubric, assessment, methods) if p.severity == "error"]
    return _placed(errors[:limit], text, source, syntax)


def validate_rubric(document: Document, *, source: str = "<upload>",
                    syntax: Literal["toml", "json"] | None = None, encoding: str | None = None,
                    methods: Mapping[str, ScoringMethod] | None = None,
                    limit: int = 100) -> list[FileProblem]:
    """Every problem of a rubric document, as data (empty when it is valid);
    the parameters are those of :func:`validate_assessment`.  An overlay
    (a document with ``extends``) is one problem, ``is-overlay``: it is
    validated on its base by :meth:`civscore.plugins.Registry.rubric_from_dict`.

    :raises TypeError: when ``document`` is none of bytes, text and mapping.
    """
    text, data, found = _read(document, source, syntax, encoding, RubricError)
    if data is None:
        return found
    if "extends" not in data:
        value, errors = structure_problems(fill_unweighted(data), Rubric, error=RubricError,
                                           source=source, limit=limit)
        if value is None:
            return _placed(errors, text, source, syntax)
    try:
        rubric_from_dict(data, source=source, methods=methods)
    except RubricError as exc:
        return _placed([exc], text, source, syntax)
    return []


def _read(document: Document, source: str, syntax: str | None, encoding: str | None,
          error: type[FileFormatError],
          ) -> tuple[str | None, dict[str, Any] | None, list[FileProblem]]:
    """(text, data, []) of a document, or (…, None, [its one problem])."""
    require(document, "document", (bytes, str, Mapping))
    text = None
    try:
        if isinstance(document, bytes):
            if len(document) > MAX_FILE_BYTES:
                raise error(message("file.too-large", mib=MAX_FILE_BYTES // (1024 * 1024)),
                            source=source, code="too-large")
            document = decode_text(document, source=source, encoding=encoding, error=error)
        if isinstance(document, str):
            text = document
            data = parse_document(text, source=source, syntax=syntax, error=error)
        else:
            data = dict(document)
            check_depth(data, source=source, error=error)
        check_format(data, source, error)
    except FileFormatError as exc:
        return text, None, [FileProblem.from_error(exc)]
    return text, data, []


def _placed(errors: list[Any], text: str | None, source: str,
            syntax: str | None) -> list[FileProblem]:
    """The errors as problems, each at the line and column of its key path in ``text``."""
    if text is None:
        return [FileProblem.from_error(e) for e in errors]
    syntax = syntax_of(text, source) if syntax is None else syntax
    out = []
    for error in errors:
        line, column = place_of(text, syntax, error.path) or (None, None)
        out.append(FileProblem.from_error(error.placed(line, column)))
    return out
