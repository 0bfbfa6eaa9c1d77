"""Public exceptions of civscore.

Every error that comes from bad input names *where* it is (the file, if any,
and a key path such as ``$.categories[2].criteria[0].points``), *what* was
expected and *what* was found, and says what to do.  The CLI prints the
message and exits with status 2; library callers catch :class:`CivscoreError`.
"""

from __future__ import annotations

from civscore.messages import message as _message

__all__ = [
    "AssessmentError",
    "CampaignError",
    "CivscoreError",
    "FileFormatError",
    "FontError",
    "MissingExtraError",
    "PluginError",
    "RubricError",
    "RubricNotFoundError",
    "ScoringError",
]


class CivscoreError(Exception):
    """Base class of every error civscore raises on purpose."""


class FileFormatError(CivscoreError):
    """A rubric or assessment file (or mapping) is not valid.

    :param message: what is wrong and what to do about it.
    :param source: the file name, or ``"<string>"`` / ``"<mapping>"``.
    :param path: the key path, ``$`` for the document itself.
    :param code: the kind of problem, a stable identifier such as
        ``unknown-key`` or ``not-valid-json`` (``docs/api.md`` lists them).
    :param line: the line (from 1) in the file where the problem is, when known.
    :param column: the column (from 1) on that line, when known.
    """

    def __init__(self, message: str, *, source: str = "<mapping>", path: str = "$",
                 code: str = "invalid", line: int | None = None,
                 column: int | None = None) -> None:
        self.message = message
        self.source = source
        self.path = path
        self.code = code
        self.line = line
        self.column = column
        at = "" if line is None or f"line {line}" in message else (
            _message("file.at", line=line, column=column or 1))
        super().__init__(f"{source}: {path}: {message}{at}")

    def placed(self, line: int | None, column: int | None) -> FileFormatError:
        """The same error (same class, message, source, path and code) at
        ``line`` and ``column``; itself when ``line`` is ``None`` or it has a line."""
        if line is None or self.line is not None:
            return self
        return type(self)(self.message, source=self.source, path=self.path, code=self.code,
                          line=line, column=column)


class RubricError(FileFormatError):
    """A rubric (测评体系) file is invalid."""


class AssessmentError(FileFormatError):
    """An assessment file is invalid, or does not fit its rubric."""


class CampaignError(FileFormatError):
    """A campaign file (评选方案), a history of titles held, or the
    assessments given to a campaign step (a panel mixing rubrics or units, an
    assessor role the panel rule does not know, a period missing from a
    term, a quota above the number of units) is invalid.  ``source`` names
    the file and ``path`` the key path (or the assessment's key)."""


class ScoringError(CivscoreError):
    """An item could not be scored: a plugin's scoring method raised, or
    returned something other than parts with Decimal points.  ``path`` is the
    item's dotted path.  (An assessment that does not fit its rubric raises
    :class:`AssessmentError` instead.)"""

    def __init__(self, message: str, *, path: str = "$") -> None:
        self.message = message
        self.path = path
        super().__init__(f"{path}: {message}")


class RubricNotFoundError(CivscoreError, LookupError):
    """No installed rubric has the requested ``id`` or ``id@version``."""


class PluginError(CivscoreError):
    """A plugin failed to load or registered something invalid."""


class FontError(CivscoreError):
    """A font given for the HTML report (``--font``) cannot be embedded: the
    file is missing or unreadable, is not a font, or lacks characters the
    page uses.

    :param message: what is wrong and what to do about it.
    :param source: the font file's name, as given.
    """

    def __init__(self, message: str, *, source: str) -> None:
        self.message = message
        self.source = source
        super().__init__(f"{source}: {message}")


class MissingExtraError(CivscoreError):
    """A feature needs an optional extra that is not installed; the message
    says what to install (``pip install 'civscore[xlsx]'``)."""
