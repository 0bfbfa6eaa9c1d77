"""The command line against hostile input: every command given each of a
dozen broken inputs exits 2 with one line on stderr and no traceback, and an
existing ``-o`` file stays byte for byte as it was; ``-o`` naming one of the
command's own inputs is refused; ``score -`` reads standard input; and
``--encoding`` may name one input.

The commands run in-process through :func:`civscore.cli.main` (a subprocess
each would cost ~0.3 s; an exception escaping ``main`` fails the test as a
traceback would); the few that need a real process say so.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from fakes import run_civscore

from civscore import cli
from civscore.files.text import MAX_DEPTH, MAX_FILE_BYTES

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
RUBRIC = DATA / "cli-rubric.toml"
ASSESSMENT = DATA / "cli-assessment.toml"
PREVIOUS = "以前的内容 — previous output\n".encode()


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    """The messages these tests quote are the English ones (``--lang en``
    through the locale, which child processes inherit too)."""
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")


def _replace(old: str, new: str) -> Callable[[str], bytes]:
    def change(text: str) -> bytes:
        assert old in text, old
        return text.replace(old, new, 1).encode()
    return change


#: Each broken input, as what it makes of a valid file (the rubric's or the
#: assessment's text) — ``None`` for what is not a file's content.
BROKEN: dict[str, tuple[Callable[[str], bytes], Callable[[str], bytes]] | None] = {
    "malformed TOML": (_replace('title = "', 'title = "unterminated\n'),
                       _replace('unit = "', 'unit = "unterminated\n')),
    "wrong type": (_replace("total = 20", 'total = "twenty"'),
                   _replace('unit = "示例市某局"', "unit = 12")),
    "NaN": (_replace("total = 20", "total = nan"), _replace("points = 1.5", "points = nan")),
    "negative number": (_replace("points = 8", "points = -8"),
                        _replace("count = 4", "count = -4")),
    "huge number": (_replace("total = 20", "total = 1e400"),
                    _replace("count = 4", "count = 99999999999999999999")),
    "unknown id": (_replace('gates = ["city-title"]', 'gates = ["no-such-gate"]'),
                   _replace('rubric = "example.full@2024"', 'rubric = "no-such-rubric@1"')),
    "GBK file": (lambda text: text.encode("gb18030"), lambda text: text.encode("gb18030")),
    "deep nesting": (lambda text: (text + "\nnotes = " + "[" * (MAX_DEPTH + 8)
                                   + "]" * (MAX_DEPTH + 8) + "\n").encode(),
                     lambda text: (text.replace("[[findings]]", "x = " + "{ a = " * 100
                                                + "1" + " }" * 100 + "\n[[findings]]", 1)
                                   ).encode()),
    "empty file": (lambda _text: b"", lambda _text: b""),
    "binary junk": (lambda _text: bytes(range(256)) * 8, lambda _text: b"\xff\xfe\x00\xd8" * 99),
    "too large": (lambda text: text.encode() + b" " * MAX_FILE_BYTES,
                  lambda text: text.encode() + b"#" * MAX_FILE_BYTES),
    "directory": None,
    "missing file": None,
}


def broken_file(tmp_path: Path, name: str, role: int) -> Path:
    """The broken input ``name`` made of the rubric (``role`` 0) or the
    assessment (1)."""
    path = tmp_path / ("rubric.toml" if role == 0 else "assessment.toml")
    make = BROKEN[name]
    if name == "directory":
        path.mkdir()
    elif make is not None:
        path.write_bytes(make[role]((RUBRIC if role == 0 else ASSESSMENT)
                                    .read_text(encoding="utf-8")))
    return path


#: Each command line, with ``{rubric}`` or ``{assessment}`` where the broken
#: input goes and ``{out}`` for an existing ``-o`` file.
COMMANDS = [
    "show {rubric}",
    "check {rubric}",
    "check {assessment} --rubric " + str(RUBRIC),
    "check {assessment}",
    "check " + str(ASSESSMENT) + " --rubric {rubric}",
    "score {assessment} --rubric " + str(RUBRIC) + " -o {out}",
    "score {assessment} --rubric " + str(RUBRIC) + " --format json -o {out}",
    "score " + str(ASSESSMENT) + " --rubric {rubric} -o {out}",
    "template {rubric} -o {out}",
    "diff {rubric} " + str(RUBRIC),
    "diff " + str(RUBRIC) + " {rubric}",
    "extract " + str(ASSESSMENT) + " --rubric {rubric} -o {out}",
]


@pytest.mark.parametrize("name", sorted(BROKEN))
@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_refuses_each_broken_input(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, name: str) -> None:
    role = 0 if "{rubric}" in command else 1
    bad = broken_file(tmp_path, name, role)
    out = tmp_path / "out.txt"
    out.write_bytes(PREVIOUS)
    argv = command.format(rubric=bad, assessment=bad, out=out).split()
    if command.startswith("check {assessment} --rubric") and name == "unknown id":
        # check reads the file and reports the rubric it names but is not
        # checked against as a finding, its documented status 1.
        assert cli.main(argv) == 1
        assert f"{bad}: error: $.rubric: names 'no-such-rubric@1'" in capsys.readouterr().out
        return
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"civscore: error: {bad}"), err
    assert err.count("\n") == 1, err
    assert out.read_bytes() == PREVIOUS
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({bad.name, "out.txt"} - (
        {bad.name} if name == "missing file" else set()))


@pytest.mark.parametrize("name", ["directory", "missing file", "binary junk", "too large"])
def test_extract_refuses_a_broken_report(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         name: str) -> None:
    """A report is any text, so malformed TOML is not broken for ``extract``;
    what cannot be read is."""
    bad = broken_file(tmp_path, name, 1)
    if name == "binary junk":
        bad.write_bytes(b"\x00\xff" * 500 + b"\x81")
    out = tmp_path / "out.toml"
    out.write_bytes(PREVIOUS)
    assert cli.main(["extract", str(bad), "-o", str(out)]) == 2
    assert capsys.readouterr().err.startswith(f"civscore: error: {bad}")
    assert out.read_bytes() == PREVIOUS


@pytest.mark.parametrize("argv", [["rubrics", "--format", "xml"], ["schema", "nothing"],
                                  ["schema", "rubric", "--bogus"]])
def test_commands_without_input_files_refuse_bad_arguments(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    out = tmp_path / "out.txt"
    out.write_bytes(PREVIOUS)
    assert cli.main([*argv, "-o", str(out)]) == 2
    assert "usage: civscore" in capsys.readouterr().err
    assert out.read_bytes() == PREVIOUS


# ------------------------------------------------------------ -o as an input


def _linked(tmp_path: Path, how: str, target: Path) -> Path:
    if how == "same path":
        return target
    if how == "another spelling":
        return tmp_path / "sub" / ".." / target.name
    link = tmp_path / f"link-{how.replace(' ', '-')}.toml"
    if how == "symbolic link":
        link.symlink_to(target)
    else:
        os.link(target, link)
    return link


@pytest.mark.parametrize("how", ["same path", "another spelling", "symbolic link", "hard link"])
@pytest.mark.parametrize("command", ["score {assessment} --rubric {rubric} -o {assessment_out}",
                                     "score {assessment} --rubric {rubric} -o {rubric_out}",
                                     "template {rubric} -o {rubric_out}",
                                     "extract {report} --rubric {rubric} -o {report_out}",
                                     "extract {report} --rubric {rubric} -o {rubric_out}"])
def test_output_naming_an_input_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           command: str, how: str) -> None:
    (tmp_path / "sub").mkdir()
    files = {"assessment": ASSESSMENT, "rubric": RUBRIC, "report": ASSESSMENT}
    copies = {}
    for role, source in files.items():
        copies[role] = tmp_path / f"{role}.toml"
        copies[role].write_bytes(source.read_bytes())
    role = command.split("-o {")[1].removesuffix("_out}")
    before = copies[role].read_bytes()
    outputs = {f"{r}_out": _linked(tmp_path, how, copies[r]) for r in copies if r == role}
    argv = command.format(**copies, **outputs).split()
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"civscore: error: {outputs[f'{role}_out']}: -o names an input of "
                          "this command"), err
    assert copies[role].read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp"))


def test_output_beside_the_input_is_written(tmp_path: Path) -> None:
    assessment = tmp_path / "a.toml"
    assessment.write_bytes(ASSESSMENT.read_bytes())
    out = tmp_path / "a.toml.json"
    assert cli.main(["score", str(assessment), "--rubric", str(RUBRIC), "--format", "json",
                     "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("{")


# ------------------------------------------------------------ score -


class _Stdin(io.TextIOWrapper):
    """Standard input holding ``raw``."""

    def __init__(self, raw: bytes) -> None:
        super().__init__(io.BytesIO(raw), encoding="utf-8")


def test_score_reads_the_assessment_from_standard_input(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["score", str(ASSESSMENT), "--rubric", str(RUBRIC)]) == 0
    from_file = capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", _Stdin(ASSESSMENT.read_bytes()))
    assert cli.main(["score", "-", "--rubric", str(RUBRIC)]) == 0
    from_stdin = capsys.readouterr().out
    assert from_stdin == from_file
    assert "11.2" in from_stdin  # worked by hand in tests/data/cli-assessment.toml


def test_score_from_standard_input_names_it_in_errors(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", _Stdin(b'rubric = "example.full@2024"\nunit = [\n'))
    assert cli.main(["score", "-", "--rubric", str(RUBRIC)]) == 2
    assert capsys.readouterr().err.startswith("civscore: error: <stdin>: $: is not valid TOML")


def test_a_workbook_piped_to_standard_input_is_named_as_one(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # an .xlsx is a zip: say so (and how to give it), not "not UTF-8 text"
    monkeypatch.setattr("sys.stdin", _Stdin(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xff"))
    assert cli.main(["score", "-", "--rubric", str(RUBRIC)]) == 2
    assert capsys.readouterr().err == (
        "civscore: error: <stdin>: $: is a zip file (an Excel workbook .xlsx, a Word .docx …), "
        "not text; give a workbook by its file name ending in .xlsx, a report to civscore "
        "extract\n")


def test_score_from_a_real_pipe(tmp_path: Path) -> None:
    """Through a process's standard input, GBK named with --encoding."""
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "civscore", "score", "-", "--rubric", str(RUBRIC),
         "--encoding", "assessment=gb18030", "--format", "json"],
        input=ASSESSMENT.read_text(encoding="utf-8").encode("gb18030"), capture_output=True,
        timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr.decode()
    assert b'"unit": "\xe7\xa4\xba\xe4\xbe\x8b\xe5\xb8\x82\xe6\x9f\x90\xe5\xb1\x80"' in proc.stdout


# ------------------------------------------------------------ --encoding per input


def _gbk_rubric(tmp_path: Path) -> Path:
    path = tmp_path / "rubric-gbk.toml"
    path.write_bytes(RUBRIC.read_text(encoding="utf-8").encode("gb18030"))
    return path


def test_encoding_for_one_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A GBK rubric beside a UTF-8 assessment: ``--encoding rubric=gb18030``
    reads each as it is; ``--encoding gb18030`` for both misreads the
    assessment, whose Chinese is UTF-8."""
    rubric = _gbk_rubric(tmp_path)
    argv = ["score", str(ASSESSMENT), "--rubric", str(rubric), "--format", "json"]
    assert cli.main(argv) == 2
    assert f"{rubric}: $: is encoded in GBK/GB18030" in capsys.readouterr().err
    assert cli.main([*argv, "--encoding", "rubric=gb18030"]) == 0
    out = capsys.readouterr().out
    assert '"unit": "示例市某局"' in out
    assert '"title": "示例市文明单位测评体系"' in out
    assert cli.main([*argv, "--encoding", "gb18030"]) in (0, 2)
    assert '"unit": "示例市某局"' not in capsys.readouterr().out
    # the input's own encoding wins over the one for all, in either order
    assert cli.main([*argv, "--encoding", "rubric=gb18030", "--encoding", "utf-8"]) == 0
    assert '"unit": "示例市某局"' in capsys.readouterr().out


@pytest.mark.parametrize("value", ["report=gbk", "rubric=", "=gbk"])
def test_encoding_naming_an_unknown_input_is_a_usage_error(
        capsys: pytest.CaptureFixture[str], value: str) -> None:
    assert cli.main(["score", str(ASSESSMENT), "--encoding", value]) == 2
    err = capsys.readouterr().err
    assert "expected ENC or INPUT=ENC with INPUT one of assessment, rubric" in err


def test_encoding_for_each_rubric_of_diff(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    rubric = _gbk_rubric(tmp_path)
    assert cli.main(["diff", str(RUBRIC), str(rubric), "--encoding", "new=gb18030"]) == 0
    assert "无变化" in capsys.readouterr().out


def test_hostile_run_leaves_no_traceback_in_a_real_process(tmp_path: Path) -> None:
    """One of the above through a real process: one line, no traceback."""
    bad = broken_file(tmp_path, "deep nesting", 0)
    proc = run_civscore("show", bad, env=dict(os.environ))
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1


@pytest.mark.parametrize("value", ["1e400", "97_0", "-1", "1000001", "NaN"])
def test_points_options_are_bounded_as_in_a_file(capsys: pytest.CaptureFixture[str],
                                                 value: str) -> None:
    assert cli.main(["score", str(ASSESSMENT), "--rubric", str(RUBRIC),
                     "--fail-under", value]) == 2
    assert "expected points such as 85" in capsys.readouterr().err


def test_a_huge_number_is_shown_briefly_in_the_error(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    text = ASSESSMENT.read_text(encoding="utf-8")
    bad = tmp_path / "huge.toml"
    bad.write_text(text.replace("claimed_total = ", "claimed_total = 1" + "0" * 400 + " #", 1),
                   encoding="utf-8")
    assert "claimed_total = " in text
    assert cli.main(["score", str(bad), "--rubric", str(RUBRIC)]) == 2
    err = capsys.readouterr().err
    assert "1.000E+400" in err
    assert "0" * 30 not in err


@pytest.mark.parametrize("char", ["\x1b", "\u202e", "\x00"])
def test_a_control_character_in_a_text_is_refused(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str],
                                                   char: str) -> None:
    text = ASSESSMENT.read_text(encoding="utf-8")
    assert 'unit = "' in text
    bad = tmp_path / "ctrl.toml"
    escaped = char.encode("unicode_escape").decode("ascii")
    escaped = {"\\x1b": "\\u001b", "\\x00": "\\u0000"}.get(escaped, escaped)
    bad.write_text(text.replace('unit = "', f'unit = "{escaped}', 1), encoding="utf-8")
    assert cli.main(["score", str(bad), "--rubric", str(RUBRIC)]) == 2
    err = capsys.readouterr().err
    assert f"$.unit: holds the control character U+{ord(char):04X}" in err


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
@pytest.mark.parametrize("stdout", ["full", "closed"])
@pytest.mark.parametrize("command", [
    ["score", str(ASSESSMENT), "--rubric", str(RUBRIC)],  # text
    ["template", str(RUBRIC), "--format", "xlsx"],  # a workbook's bytes
    ["--version"],  # answered before anything is imported
    ["--help"], ["score", "--help"],  # argparse's help, then its exit
])
def test_stdout_that_cannot_be_written_is_one_error_line(stdout: str,
                                                         command: list[str]) -> None:
    # a real process: its own standard output is the one that fails
    argv = [sys.executable, "-m", "civscore", *command]
    env = {**os.environ, "LC_ALL": "en_US.UTF-8"}
    if stdout == "full":
        with open("/dev/full", "w") as full:
            proc = subprocess.run(argv, stdout=full, stderr=subprocess.PIPE, encoding="utf-8",
                                  env=env, timeout=120, check=False)
        reason = "No space left on device"
    else:
        proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              encoding="utf-8", env=env, timeout=120, check=False,
                              preexec_fn=lambda: os.close(1))
        reason = "closed"
    assert proc.returncode == 2
    # a scorecard's warnings come first; then one error line, and nothing after it
    assert proc.stderr.endswith(f"civscore: error: cannot write to standard output ({reason}); "
                                "write to a file with -o FILE\n")
    assert proc.stderr.count("error") == 1
    assert "Traceback" not in proc.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
@pytest.mark.parametrize("command", [["--lang", "en", "--version"], ["--lang", "en", "--help"],
                                     ["--lang", "en", "score", "--help"]])
def test_the_unwritable_stdout_error_is_in_the_language_asked_for(command: list[str]) -> None:
    env = {**os.environ, "LC_ALL": "C.UTF-8"}  # the locale alone would say it in Chinese
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "civscore", *command], stdout=full,
                              stderr=subprocess.PIPE, encoding="utf-8", env=env, timeout=120,
                              check=False)
    assert proc.returncode == 2
    assert proc.stderr == ("civscore: error: cannot write to standard output (No space left on "
                           "device); write to a file with -o FILE\n")


@pytest.mark.skipif(not os.path.exists("/dev/stdout"), reason="no /dev/stdout on this system")
def test_output_through_a_link_to_a_pipe() -> None:
    """``-o /dev/stdout`` into a pipe writes through the link (it is no
    file to replace: resolved, it names no file at all)."""
    proc = subprocess.run([sys.executable, "-m", "civscore", "template", str(RUBRIC), "-o",
                           "/dev/stdout"], capture_output=True, encoding="utf-8", timeout=120,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    assert 'rubric = "example.full@2024"' in proc.stdout


@pytest.mark.skipif(not os.path.exists("/dev/stdout"), reason="no /dev/stdout on this system")
@pytest.mark.parametrize("command", [["template", str(RUBRIC)], ["schema", "rubric"],
                                     ["score", str(ASSESSMENT), "--rubric", str(RUBRIC)]])
@pytest.mark.parametrize("stream", ["/dev/stdout", "/dev/stderr"])
def test_output_to_the_file_a_standard_stream_is_open_on(
        tmp_path: Path, command: list[str], stream: str) -> None:
    """``-o /dev/stdout`` (or stderr) while the shell appends that stream
    to a file: written through the stream, so the file keeps what was in
    it (it is neither replaced nor emptied), and template's refusal of an
    existing file does not apply to it."""
    log = tmp_path / "log.txt"
    log.write_text("before\n", encoding="utf-8")
    with open(log, "a", encoding="utf-8") as appended:
        proc = subprocess.run([sys.executable, "-m", "civscore", *command, "-o", stream],
                              stdout=appended, stderr=appended, timeout=120, check=False)
    assert proc.returncode == 0
    written = log.read_text(encoding="utf-8")
    assert written.startswith("before\n")
    assert len(written.splitlines()) > 5


def test_a_closed_standard_input_is_one_error_line() -> None:
    proc = subprocess.run([sys.executable, "-m", "civscore", "--lang", "en", "score", "-",
                           "--rubric", str(RUBRIC)], stdin=subprocess.DEVNULL,
                          capture_output=True, encoding="utf-8", timeout=120, check=False,
                          preexec_fn=lambda: os.close(0))
    assert proc.returncode == 2
    assert proc.stderr == "civscore: error: <stdin>: $: cannot be read: closed\n"


@pytest.mark.parametrize("ending", ["/", "/.", "//"])
def test_an_output_named_as_a_directory_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], ending: str) -> None:
    """``-o a.toml/`` names a directory: pathlib would drop the slash and
    write over the file ``a.toml``, past ``template``'s refusal of an
    existing file."""
    filled = tmp_path / "filled.toml"
    filled.write_bytes(PREVIOUS)
    for argv in (["template", str(RUBRIC)], ["score", str(ASSESSMENT), "--rubric", str(RUBRIC)]):
        output = f"{filled}{ending}"
        assert cli.main(["--lang", "en", *argv, "-o", output]) == 2
        assert capsys.readouterr().err.endswith(
            f"civscore: error: {output}: cannot write: the name ends as a directory's does "
            "('/' or '/.'); name a file\n")
        assert filled.read_bytes() == PREVIOUS


def test_an_output_the_system_refuses_is_one_error_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    command = ["score", str(ASSESSMENT), "--rubric", str(RUBRIC), "-o"]
    loop = tmp_path / "loop1"
    loop.symlink_to(tmp_path / "loop2")
    (tmp_path / "loop2").symlink_to(loop)  # a loop of links
    for output in (str(loop), str(tmp_path / ("a" * 300 + ".toml"))):  # a name too long
        assert cli.main([*command, output]) == 2
        errors = [line for line in capsys.readouterr().err.splitlines() if "error" in line]
        assert len(errors) == 1  # after the scorecard's warnings
        assert errors[0].startswith(f"civscore: error: {output}: cannot write: ")


def test_a_report_name_too_long_is_one_error_line(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    name = str(tmp_path / ("a" * 300 + ".docx"))
    assert cli.main(["extract", name]) == 2
    assert capsys.readouterr().err == (f"civscore: error: {name}: $: cannot be read: File name "
                                       "too long\n")
