"""civscore: exact, explainable scoring of 文明单位 assessments."""

from civscore._version import __version__

__all__ = ["__version__"]
