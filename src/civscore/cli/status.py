"""The exit statuses of the ``civscore`` command (also in ``civscore --help``
and ``docs/cli.md``)."""

from __future__ import annotations

__all__ = ["EXIT_ERROR", "EXIT_FAILED", "EXIT_INTERRUPTED", "EXIT_NOT_ASSESSABLE", "EXIT_OK",
           "EXIT_STATUS_HELP"]

#: The command did its work (a scorecard is a success whatever its outcome).
EXIT_OK = 0
#: ``check`` found an error-level finding, or a ``--fail-*`` condition failed.
EXIT_FAILED = 1
#: Usage error, or an input file that is missing, unreadable or invalid.
EXIT_ERROR = 2
#: ``score``: the scorecard was written, but every item is not applicable
#: (outcome ``not_assessable``, 未能测评): there was nothing to assess.
EXIT_NOT_ASSESSABLE = 3
#: Interrupted (Ctrl-C).
EXIT_INTERRUPTED = 130

#: The exit statuses as ``civscore --help`` lists them.
EXIT_STATUS_HELP = """\
exit status:
  0    success: the command did its work; a scorecard is a success whatever
       its outcome (vetoed, ineligible, not awarded), unless a --fail-*
       option of `score` says otherwise or there was nothing to assess
  1    `check` found an error-level finding, a --fail-under,
       --fail-on-discrepancy or --fail-on-veto condition of `score` held,
       or `extract` found no report that states any scores
  2    usage error, or an input that is missing, unreadable, not UTF-8,
       not valid TOML, not a valid rubric, assessment, campaign or
       history, or an unknown rubric id; the message names the file and
       the key path
  3    `score` wrote the scorecard, but every item is not applicable: the
       outcome is not_assessable (未能测评), with no level and no advice
       (a --fail-* condition that also holds gives 1)
  130  interrupted (Ctrl-C)
"""
