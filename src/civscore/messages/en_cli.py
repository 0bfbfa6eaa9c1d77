"""The English catalogue, continued: the command line's messages
(:mod:`civscore.cli`); :mod:`civscore.messages.en` holds them all (see
:mod:`civscore.messages`)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # the command line (cli)
    "cli.not-a-rubric": "is an assessment of {rubric}, not a rubric; give a rubric file or an "
                        "installed rubric id",
    "cli.not-a-rubric-unnamed": "is an assessment (it has {key}), not a rubric; give a rubric "
                                "file or an installed rubric id",
    "cli.give-rubric": "{error}; or give the rubric file with --rubric FILE",
    "cli.interrupted": "interrupted",
    "cli.closed": "closed",
    "cli.stdout-failed": "cannot write to standard output ({error}); write to a file with -o FILE",
    "cli.output-empty": "-o names no file; give a file name, or - for standard output",
    "cli.workbook-to-terminal": "a workbook (.xlsx) is not text for the terminal; name the "
                                "file to write with -o FILE.xlsx",
    "cli.output-is-input": "-o names an input of this command ({name}); it would be "
                           "overwritten: write the output to another file",
    "cli.template-exists": "{path}: the file exists and may be a filled-in assessment: give "
                           "another -o FILE, or add --force to overwrite it",
    # the command line's own errors (cli.score, cli.template, cli.inputs, cli.sheets, cli.rank)
    "cli.no-unit-rows": "{source}: the campaign workbook has no unit rows filled in",
    "cli.several": "{n} assessments given: several are scored together only into a batch report "
                   "(--format html or xlsx); score the others one by one",
    "cli.several-rubrics": "a batch report covers assessments of one rubric; these name {refs}",
    "cli.batch-format": "--batch writes a workbook: use it with --format xlsx, without --from",
    "cli.from-format": "--from fills a workbook in: use it with --format xlsx",
    "cli.encoding-arg": "expected ENC or INPUT=ENC with INPUT one of {inputs} (e.g. "
                        "{last}=gb18030), got {given!r}",
    "cli.whole-arg": "expected a whole number from {least} to {most}, got {given!r}",
    "cli.points-arg": "expected points such as 85 or 85.5, got {given!r}",
    "cli.no-toml-files": "{path}: no assessment files (*.toml, *.json, *.xlsx) in this directory",
    "cli.given-twice": "{path}: given twice (also as {other}); each assessment counts once: name "
                       "it once",
    "cli.no-such-path": "{path}: no such file or directory",
    "cli.give-rubric-file": "{error}; or give the rubric file with --rubric FILE",
    "cli.no-review": "the campaign has no [review] rules; add them, e.g. keep_at = 85",
    # the command line: writing outputs, listing rubrics (cli.output, cli.rubrics)
    "cli.write-directory": "{path}: cannot write: is a directory; name a file",
    "cli.write-dir-name": "{path}: cannot write: the name ends as a directory's does ('/' or "
                          "'/.'); name a file",
    "cli.cannot-write": "{path}: cannot write: {reason}",
    "cli.no-directory": "{path}: cannot write: the directory does not exist, create it first",
    "cli.no-rubrics": "no rubrics installed; install a locality plugin, e.g. pip install "
                      "civscore-danjiangkou",
}
