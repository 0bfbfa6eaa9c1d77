"""The ``civscore`` command line (also ``python -m civscore``).

The CLI only wires the library together: it resolves arguments to rubrics
and assessments (installed ids through :func:`civscore.plugins.default_registry`,
or files through the loader), calls the engine, checks, template, diff and
schema functions, and prints what they return.

Each subcommand is a :class:`Command` in :data:`COMMANDS`: a function that
adds its arguments to an :mod:`argparse` parser and a function that runs it
and returns the exit status.  Adding a subcommand is adding an entry.

Exit status (also in ``civscore --help`` and ``docs/cli.md``): 0 success;
1 an error-level finding of ``check`` or a failed ``--fail-*`` condition of
``score``; 2 a usage error or a bad, missing or unknown input (the message,
``civscore: error: <file>: <key path>: <message>``, goes to stderr, never a
traceback); 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import sys
import tempfile
import warnings
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import attrs

from civscore._version import __version__
from civscore.checks import CheckFinding
from civscore.exceptions import (
    AssessmentError,
    CivscoreError,
    FileFormatError,
    RubricError,
    RubricNotFoundError,
    ScoringError,
)
from civscore.files import schemas
from civscore.files.loader import assessment_from_dict, load_assessment, parse_toml, read_text
from civscore.model import Assessment, Criterion, Rubric
from civscore.model.points import ZERO, to_text
from civscore.model.serde import unstructure
from civscore.plugins import Registry, RubricEntry, default_registry
from civscore.results.render import (
    display_width,
    pad,
    render_csv,
    render_markdown,
    render_text,
    table,
)
from civscore.results.scorecard import Scorecard
from civscore.scoring.engine import rubric_hash

# Imported by the commands that use them, so that `score` does not pay for them
# (the extract command's module is the slowest to import).
if TYPE_CHECKING:
    from civscore import extract
    from civscore.checks.diff import RubricChange

__all__ = [
    "COMMANDS",
    "EXIT_ERROR",
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "Command",
    "build_parser",
    "main",
    "markdown_reference",
    "update_reference",
    "write_atomic",
]

EXIT_OK = 0
#: ``check`` found an error-level finding, or a ``--fail-*`` condition failed.
EXIT_FAILED = 1
#: Usage error, or an input file that is missing, unreadable or invalid.
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130

EXIT_STATUS_HELP = """\
exit status:
  0    success: the command did its work; a scorecard is a success whatever
       its outcome (vetoed, ineligible, not awarded), unless a --fail-*
       option of `score` says otherwise
  1    `check` found an error-level finding, a --fail-under,
       --fail-on-discrepancy or --fail-on-veto condition of `score` held,
       or `extract` found no report that states any scores
  2    usage error, or an input that is missing, unreadable, not UTF-8,
       not valid TOML, not a valid rubric or assessment, or an unknown
       rubric id; the message names the file and the key path
  130  interrupted (Ctrl-C)
"""

_LEVEL_LABELS = {"county": "县级", "city": "市级", "prefecture": "州/地级", "province": "省级",
                 "national": "全国"}


@attrs.frozen
class Command:
    """A subcommand: ``configure`` adds its arguments, ``run`` does the work
    and returns the exit status (raising :class:`CivscoreError` for status 2)."""

    name: str
    help: str
    description: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    epilog: str = ""


# ---------------------------------------------------------------- output


def _emit(text: str, stream: TextIO | None = None) -> None:
    """Write text to stdout (or ``stream``); UTF-8 bytes if its encoding cannot
    hold Chinese, so a C locale never turns output into a traceback."""
    stream = sys.stdout if stream is None else stream
    try:
        stream.write(text)
    except UnicodeEncodeError:
        stream.flush()
        stream.buffer.write(text.encode("utf-8"))
    stream.flush()


def _stderr(message: str) -> None:
    _emit(message + "\n", sys.stderr)


def _show_warning(message: Warning | str, *_where: Any, **_kw: Any) -> None:
    """Warnings (a skipped plugin …) as one line, without source locations."""
    _stderr(f"civscore: warning: {message}")


def write_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` (UTF-8, line ends as given) to ``path`` so that it appears
    whole or not at all: a temporary file in the same directory, then
    :func:`os.replace`.  An existing file keeps its permissions.

    :raises CivscoreError: naming the path, when it cannot be written.
    """
    target = Path(path).resolve() if Path(path).is_symlink() else Path(path)
    if target.exists() and not target.is_file():
        if target.is_dir():
            raise CivscoreError(f"{path}: cannot write: is a directory; name a file")
        # A device or pipe (/dev/null, a FIFO) is written to, never replaced.
        try:
            with target.open("w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        except OSError as exc:
            raise CivscoreError(f"{path}: cannot write: {exc.strerror or exc}") from None
        return
    try:
        mode = target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    try:
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        hint = ("; the directory does not exist, create it first"
                if not target.parent.exists() else "")
        raise CivscoreError(f"{path}: cannot write: {exc.strerror}{hint}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise CivscoreError(f"{path}: cannot write: {exc.strerror or exc}") from None
        raise


def _output(text: str, path: str | None) -> None:
    if path is None or path == "-":
        _emit(text)
    else:
        write_atomic(path, text)


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _fields(pairs: Sequence[tuple[str, str]]) -> list[str]:
    width = max(display_width(k) for k, _v in pairs)
    return [f"{pad(k, width)}  {v}" for k, v in pairs if v]


# ---------------------------------------------------------------- inputs


def _looks_like_path(arg: str) -> bool:
    return os.path.isfile(arg) or arg.lower().endswith(".toml") or "/" in arg or os.sep in arg


def _read_toml(path: str, encoding: str | None) -> dict[str, Any]:
    return parse_toml(read_text(path, encoding=encoding), source=path)


def _is_assessment(data: dict[str, Any]) -> bool:
    """An assessment names its rubric as ``rubric = "id@version"``."""
    return isinstance(data.get("rubric"), str)


def _rubric_from_file(registry: Registry, path: str, encoding: str | None) -> Rubric:
    """A rubric file (or an overlay on an installed rubric), refusing an assessment."""
    data = _read_toml(path, encoding)
    if _is_assessment(data):
        raise RubricError(f"is an assessment of {data['rubric']!r}, not a rubric; give a rubric "
                          "file or an installed rubric id", source=path, path="$.rubric")
    return registry.load_rubric(path, encoding=encoding)


def _resolve_rubric(registry: Registry, arg: str,
                    encoding: str | None) -> tuple[Rubric, RubricEntry | None]:
    """A rubric from a file path or an installed ``id[@version]``."""
    if _looks_like_path(arg):
        return _rubric_from_file(registry, arg, encoding), None
    entry = registry.entry(arg)
    return entry.rubric, entry


def _rubric_for(registry: Registry, assessment: Assessment, source: str,
                rubric_file: str | None, encoding: str | None) -> Rubric:
    """The rubric an assessment is scored against: ``--rubric`` or the installed one it names."""
    if rubric_file is not None:
        return _rubric_from_file(registry, rubric_file, encoding)
    try:
        return registry.get(assessment.rubric)
    except RubricNotFoundError as exc:
        raise AssessmentError(f"{exc}; or give the rubric file with --rubric FILE",
                              source=source, path="$.rubric") from None


def _scored(registry: Registry, assessment: Assessment, rubric: Rubric, source: str,
            explain: bool) -> Scorecard:
    """Score, with errors naming the assessment file."""
    try:
        return registry.score(assessment, rubric, explain=explain)
    except FileFormatError as exc:
        if exc.source.startswith("<"):
            raise type(exc)(exc.message, source=source, path=exc.path) from None
        raise
    except ScoringError as exc:
        raise AssessmentError(exc.message, source=source, path=exc.path) from None


def _points_arg(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or value < 0:
        raise argparse.ArgumentTypeError(f"expected points such as 85 or 85.5, got {text!r}")
    return value


def _add_encoding(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--encoding", metavar="ENC",
        help="encoding of the input files, e.g. gb18030 (default: UTF-8, with or without BOM)")


def _add_output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o", "--output", metavar="FILE",
        help="write to FILE instead of stdout, atomically: it appears whole or not at all")


# ---------------------------------------------------------------- rubrics


def _configure_rubrics(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("table", "json"), default="table",
                        help="table (default) or json")


def _locality(rubric: Rubric) -> str:
    loc = rubric.locality
    if loc is None:
        return ""
    name = loc.name if loc.name.startswith(loc.province) else loc.province + loc.name
    return name + (f"（{loc.code}）" if loc.code else "")


def _run_rubrics(args: argparse.Namespace) -> int:
    entries = default_registry().rubrics()
    if args.format == "json":
        _emit(_json([{
            "ref": e.ref, "id": e.rubric.id, "version": e.rubric.version,
            "title": e.rubric.title,
            "locality": unstructure(e.rubric.locality) if e.rubric.locality else None,
            "level": e.rubric.level, "provenance": e.rubric.provenance,
            "source": e.rubric.source, "extends": e.extends or None, "provider": e.provider,
            "distribution": e.distribution or None, "provider_version": e.provider_version,
            "hash": rubric_hash(e.rubric),
        } for e in entries]))
        return EXIT_OK
    if not entries:
        _stderr("civscore: no rubrics installed; install a locality plugin, "
                "e.g. pip install civscore-danjiangkou")
        return EXIT_OK
    rows = [(e.ref, e.rubric.title, _locality(e.rubric),
             _LEVEL_LABELS.get(e.rubric.level or "", ""), e.rubric.provenance,
             f"{e.distribution or e.provider} {e.provider_version}") for e in entries]
    header = ("测评体系", "名称", "地区", "级别", "来源", "提供者")
    _emit("\n".join(table(header, rows)) + "\n")
    return EXIT_OK


# ---------------------------------------------------------------- show


def _configure_show(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("rubric", metavar="RUBRIC",
                        help="an installed rubric id[@version] (latest version if omitted), "
                             "or a rubric TOML file")
    _add_encoding(parser)


def _method_label(item: Criterion) -> str:
    if item.criteria:
        return "子项合计"
    from civscore.files.template import METHOD_LABELS  # noqa: PLC0415 (only show needs it)

    method = item.method or ""
    label = f"{METHOD_LABELS.get(method, '插件方法')} {method}"
    if item.step is not None:
        label += f"（步长{to_text(item.step)}）"
    return label


#: One line of the rubric tree: the aligned cells of an item or section
#: (label, points, scoring method, evidence method), and its details (amount,
#: text), printed under it without widening the columns.
_Line = tuple[tuple[str, str, str, str], list[tuple[str, str]]]


def _item_lines(item: Criterion, depth: int, evidence: str) -> list[_Line]:
    evidence = item.evidence or evidence
    details: list[tuple[str, str]] = []
    if item.text:
        details.append(("", f"测评标准：{' '.join(item.text.split())}"))
    if item.floor:
        details.append((to_text(item.floor), "最低分"))
    for rule in item.rules:
        if rule.zeroes:
            amount = "→0"
        elif rule.deduct_range is not None:
            amount = f"-{to_text(rule.deduct_range[0])}~{to_text(rule.deduct_range[1])}"
        else:
            amount = f"-{to_text(rule.deduct or ZERO)}"
        cap = f"（最多扣{to_text(rule.max)}）" if rule.max is not None else ""
        details.append((amount, f"扣分 {rule.id}：{rule.text}{cap}"))
    for std in item.standards:
        cap = f"（最多得{to_text(std.max)}）" if std.max is not None else ""
        details.append((f"+{to_text(std.points)}", f"得分 {std.id}：{std.text}{cap}"))
    details.extend((to_text(t.points), f"档次 {t.id}：{t.title}") for t in item.tiers)
    for band in item.bands:
        bound = (f"≥{to_text(band.at_least)}%" if band.at_least is not None
                 else f">{to_text(band.above or ZERO)}%")
        details.append((to_text(band.points), f"比例 {bound}"))
    if item.target is not None and item.deduct_per_point is not None:
        per = to_text(item.deduct_per_point)
        details.append((f"-{per}", f"目标 {to_text(item.target)}%，每低1个百分点扣{per}分"))
    if item.options:
        details.append(("", "options " + json.dumps(unstructure(item.options),
                                                    ensure_ascii=False)))
    cells = ("  " * depth + f"{item.title} [{item.id}]", to_text(item.points),
             _method_label(item), evidence)
    lines: list[_Line] = [(cells, details)]
    for child in item.criteria:
        lines.extend(_item_lines(child, depth + 1, evidence))
    return lines


def _section(title: str, points: str, details: list[tuple[str, str]]) -> _Line:
    return (title, points, "", ""), details


def _extra_lines(rubric: Rubric) -> list[_Line]:
    lines: list[_Line] = []
    if rubric.bonus is not None:
        cap = to_text(rubric.bonus.cap) if rubric.bonus.cap is not None else ""
        lines.append(_section("加分" + (f"（上限{cap}）" if cap else ""), cap, [
            (f"+{to_text(b.points)}", f"{b.id}：{b.text}"
             + (f"（组 {b.group}）" if b.group else "")
             + (f"（最多{b.max_count}次）" if b.max_count != 1 else ""))
            for b in rubric.bonus.items]))
    if rubric.penalties:
        lines.append(_section("负面清单", "", [
            (f"-{to_text(p.deduct)}", f"{p.id}：{p.text}"
             + (f"（最多扣{to_text(p.max)}）" if p.max is not None else ""))
            for p in rubric.penalties]))
    if rubric.vetoes:
        lines.append(_section("一票否决", "", [("", f"{v.id}：{v.text}") for v in rubric.vetoes]))
    if rubric.bars:
        bars = []
        for bar in rubric.bars:
            window = "".join(f"{n}{unit}" for n, unit in (
                (bar.lookback_years, "年"), (bar.lookback_months, "个月"),
                (bar.lookback_days, "天")) if n)
            bars.append(("", f"{bar.id}：{bar.text}（回溯{window}）"))
        lines.append(_section("不得申报情形", "", bars))
    if rubric.gates:
        lines.append(_section("前置条件", "", [("", f"{g.id}：{g.text}") for g in rubric.gates]))
    if rubric.levels:
        levels = []
        for lv in rubric.levels:
            conds = []
            if lv.max_total is not None:
                conds.append(f"至多{to_text(lv.max_total)}分")
            if lv.min_category_share is not None:
                conds.append(f"每类得分率≥{to_text(lv.min_category_share * 100)}%")
            if lv.gates:
                conds.append("前置条件 " + "、".join(lv.gates))
            extra = f"（{'，'.join(conds)}）" if conds else ""
            levels.append((f"≥{to_text(lv.min_total)}", f"{lv.id}：{lv.title}{extra}"))
        lines.append(_section("等次", "", levels))
    return lines


def render_rubric(rubric: Rubric, entry: RubricEntry | None = None, source: str = "") -> str:
    """A rubric as text: its metadata, then the tree of categories and items
    with points, scoring and evidence methods, and under each item its rules,
    standards, tiers and bands; then bonus, penalties, vetoes, bars, gates and
    levels.  Columns are aligned for Chinese text."""
    rounding = rubric.rounding
    na = {"rescale": "按比例折算 (rescale)", "zero": "计0分 (zero)", "forbid": "不允许 (forbid)"}
    pairs = [
        ("测评体系", rubric.ref),
        ("地区", _locality(rubric)),
        ("级别", f"{_LEVEL_LABELS.get(rubric.level, '')} ({rubric.level})" if rubric.level else ""),
        ("发布机关", rubric.issuer),
        ("来源", f"{rubric.provenance}：{rubric.source}"),
        ("满分", to_text(rubric.total)),
        ("取舍", f"保留{rounding.places}位小数，{rounding.mode}；"
                 f"等次按 {rounding.compare} 总分比较"),
        ("不适用项", na[rubric.not_applicable]),
        ("基于", entry.extends if entry else ""),
        ("提供者", f"{entry.distribution or entry.provider} {entry.provider_version}"
                   if entry else ""),
        ("文件", source),
        ("哈希", rubric_hash(rubric)),
        ("说明", " ".join(rubric.notes.split())),
    ]
    tree: list[_Line] = []
    for category in rubric.categories:
        tree.extend(_item_lines(category, 0, ""))
    tree.extend(_extra_lines(rubric))
    aligned = table(("项目", "分值", "评分方法", "测评方法"), [cells for cells, _d in tree],
                    right=(1,))
    amount_width = max((display_width(a) for _c, details in tree for a, _t in details),
                       default=0)
    lines = [rubric.title, "", *_fields(pairs), "", *aligned[:2]]
    for row, (cells, details) in zip(aligned[2:], tree, strict=True):
        lines.append(row)
        indent = " " * (display_width(cells[0]) - display_width(cells[0].lstrip()) + 4)
        lines.extend(f"{indent}{pad(amount, amount_width, right=True)}  {text}".rstrip()
                     if amount_width else f"{indent}{text}" for amount, text in details)
    return "\n".join(lines) + "\n"


def _run_show(args: argparse.Namespace) -> int:
    rubric, entry = _resolve_rubric(default_registry(), args.rubric, args.encoding)
    _emit(render_rubric(rubric, entry, "" if entry else args.rubric))
    return EXIT_OK


# ---------------------------------------------------------------- check


def _configure_check(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("targets", metavar="FILE_OR_ID", nargs="+",
                        help="rubric files, assessment files (they name rubric = \"id@version\") "
                             "or installed rubric ids")
    parser.add_argument("--rubric", metavar="FILE",
                        help="score assessments against this rubric file instead of the "
                             "installed rubric they name")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text (default) or json")
    _add_encoding(parser)


def _check_one(registry: Registry, target: str, args: argparse.Namespace,
               ) -> tuple[str, str, list[CheckFinding]]:
    """(kind, source, findings) of one target."""
    if not _looks_like_path(target):
        entry = registry.entry(target)
        return "rubric", entry.ref, registry.check_rubric(entry.rubric)
    data = _read_toml(target, args.encoding)
    if not _is_assessment(data):
        return "rubric", target, registry.check_rubric(
            _rubric_from_file(registry, target, args.encoding))
    assessment = assessment_from_dict(data, source=target)
    rubric = _rubric_for(registry, assessment, target, args.rubric, args.encoding)
    return "assessment", target, registry.check_assessment(rubric, assessment)


def _run_check(args: argparse.Namespace) -> int:
    registry = default_registry()
    registry.rubrics()  # load every installed rubric: check reports the broken ones too
    status = EXIT_OK
    report: list[dict[str, Any]] = []
    for target in args.targets:
        try:
            kind, source, findings = _check_one(registry, target, args)
        except CivscoreError as exc:
            _stderr(f"civscore: error: {exc}")
            report.append({"target": target, "error": str(exc)})
            status = EXIT_ERROR
            continue
        if any(f.severity == "error" for f in findings) and status == EXIT_OK:
            status = EXIT_FAILED
        report.append({"target": target, "kind": kind, "source": source,
                       "findings": [unstructure(f) for f in findings]})
        if args.format == "text":
            counts = {s: sum(f.severity == s for f in findings)
                      for s in ("error", "warning", "info")}
            lines = [f"{source}: {f}" for f in findings]
            summary = ", ".join(f"{n} {s}{'s' if n != 1 and s != 'info' else ''}"
                                for s, n in counts.items())
            lines.append(f"{source}: {kind}: {summary}")
            _emit("\n".join(lines) + "\n")
    if args.format == "json":
        _emit(_json(report))
    return status


# ---------------------------------------------------------------- score


def _configure_score(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("assessment", metavar="ASSESSMENT",
                        help="assessment TOML file; it names its rubric as rubric = \"id@version\"")
    parser.add_argument("--rubric", metavar="FILE",
                        help="score against this rubric file instead of the installed rubric "
                             "the assessment names")
    parser.add_argument("--format", choices=("table", "json", "markdown", "csv"),
                        default="table", help="table (default), json, markdown or csv")
    parser.add_argument("--explain", action="store_true",
                        help="add points lost (largest first), the distance to the next level "
                             "and the audit trail (table, markdown, json)")
    _add_output(parser)
    _add_encoding(parser)
    parser.add_argument("--fail-under", metavar="POINTS", type=_points_arg,
                        help="exit 1 when the total is below POINTS (the total the rubric's "
                             "levels compare: raw, or rounded if the rubric says so)")
    parser.add_argument("--fail-on-discrepancy", action="store_true",
                        help="exit 1 when a claimed (自评) figure differs from the computed one")
    parser.add_argument("--fail-on-veto", action="store_true",
                        help="exit 1 when the outcome is vetoed (一票否决) or ineligible "
                             "(不得申报)")


def _run_score(args: argparse.Namespace) -> int:
    registry = default_registry()
    source = args.assessment
    assessment = load_assessment(source, encoding=args.encoding)
    rubric = _rubric_for(registry, assessment, source, args.rubric, args.encoding)
    card = _scored(registry, assessment, rubric, source, args.explain)
    for finding in registry.check_rubric(rubric):
        if finding.severity == "error":
            _stderr(f"civscore: warning: rubric {rubric.ref} is inconsistent, so this score "
                    f"may mislead: {finding.path}: {finding.message} [{finding.code}]")
    if args.format == "json":
        text = _json(card.to_dict())
    elif args.format == "markdown":
        text = render_markdown(card, explain=args.explain)
    elif args.format == "csv":
        text = render_csv(card)
    else:
        text = render_text(card, explain=args.explain)
    for warning in card.warnings:
        _stderr(f"civscore: warning: {warning}")
    _output(text, args.output)
    failed = []
    if args.fail_under is not None and card.total.compared < args.fail_under:
        failed.append(f"total {to_text(card.total.compared)} is under {to_text(args.fail_under)}"
                      " (--fail-under)")
    if args.fail_on_discrepancy and card.discrepancies:
        paths = ", ".join(f"{d.path} ({d.level})" for d in card.discrepancies)
        failed.append(f"{len(card.discrepancies)} claimed figure(s) differ from the computed "
                      f"ones: {paths} (--fail-on-discrepancy)")
    if args.fail_on_veto and card.outcome.status in ("vetoed", "ineligible"):
        failed.append(f"the outcome is {card.outcome.status}: {'; '.join(card.outcome.reasons)}"
                      " (--fail-on-veto)")
    for message in failed:
        _stderr(f"civscore: {source}: {message}")
    return EXIT_FAILED if failed else EXIT_OK


# ---------------------------------------------------------------- template


def _configure_template(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("rubric", metavar="RUBRIC",
                        help="an installed rubric id[@version], or a rubric TOML file")
    _add_output(parser)
    _add_encoding(parser)


def _run_template(args: argparse.Namespace) -> int:
    from civscore.files.template import assessment_template  # noqa: PLC0415 (only this command)

    rubric, _entry = _resolve_rubric(default_registry(), args.rubric, args.encoding)
    _output(assessment_template(rubric), args.output)
    return EXIT_OK


# ---------------------------------------------------------------- diff


def _configure_diff(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", metavar="OLD", help="rubric id[@version] or file")
    parser.add_argument("new", metavar="NEW", help="rubric id[@version] or file")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text (default) or json")
    _add_encoding(parser)


def _value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return to_text(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return json.dumps(unstructure(value), ensure_ascii=False, separators=(", ", ": "))


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
            lines.append(f"{head}：{_value(change.old)} → {_value(change.new)}{diff}")
        else:
            record = change.new if change.kind == "added" else change.old
            points = record.get("points") if isinstance(record, dict) else None
            lines.append(head + (f"（{_value(points)}分）" if points is not None else ""))
    return "\n".join(lines) + "\n"


def _run_diff(args: argparse.Namespace) -> int:
    from civscore.checks.diff import diff_rubrics  # noqa: PLC0415 (only this command needs it)

    registry = default_registry()
    old, _e = _resolve_rubric(registry, args.old, args.encoding)
    new, _e = _resolve_rubric(registry, args.new, args.encoding)
    changes = diff_rubrics(old, new)
    if args.format == "json":
        _emit(_json({"old": old.ref, "new": new.ref,
                     "changes": [c.to_dict() for c in changes]}))
    else:
        _emit(render_changes(old, new, changes))
    return EXIT_OK


# ---------------------------------------------------------------- schema


def _configure_schema(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=schemas.KINDS,
                        help="rubric (rubric TOML), assessment (assessment TOML) or result "
                             "(score --format json)")
    _add_output(parser)


def _run_schema(args: argparse.Namespace) -> int:
    _output(schemas.render(args.kind), args.output)
    return EXIT_OK


# ---------------------------------------------------------------- extract


def _configure_extract(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("report", metavar="REPORT",
                        help="a work report (工作总结/汇报): UTF-8 or GB18030 text, or .docx "
                             "(needs: pip install civscore[docx])")
    parser.add_argument("--rubric", metavar="RUBRIC",
                        help="match against this rubric (installed id[@version] or a TOML "
                             "file); default: the installed rubric that fits best")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text (default) or json")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write the assessment built from the report to FILE; when the file "
                             "holds several reports that state scores, report N goes to "
                             "FILE with '-N' before its suffix")
    _add_encoding(parser)


def _extraction_outputs(path: str | None, scored: Sequence[int]) -> dict[int, str]:
    if path is None or not scored:
        return {}
    if len(scored) == 1:
        return {scored[0]: path}
    target = Path(path)
    return {i: str(target.with_name(f"{target.stem}-{i}{target.suffix}")) for i in scored}


def _extraction_text(found: extract.Extraction, checks: Sequence[extract.ConsistencyFinding],
                     written: str | None) -> str:
    report = found.report
    head = f"报告{report.index}《{report.title}》"
    facts = [f"单位：{report.unit}" if report.unit else "", f"年度：{report.period}"
             if report.period else ""]
    lines = [head + ("  " + "  ".join(f for f in facts if f) if any(facts) else "")]
    if not report.has_scores:
        lines.append("  未说明任何得分（no scores stated）; nothing written")
        return "\n".join(lines) + "\n"
    if found.rubric is None or found.match is None:
        lines.append("  没有与之相符的测评体系（no installed rubric fits; use --rubric）")
    else:
        lines.append(f"  测评体系：{found.rubric.ref}《{found.rubric.title}》")
        header = ("项目", "报告章节", "应得分(报告)", "应得分(体系)", "实得分(报告)", "匹配")
        rows = [(m.category_title, _short(m.section.label), _value(m.section.allotted),
                 to_text(m.points), _value(m.section.earned),
                 "标题" if m.by == "title" else "顺序") for m in found.match.matches]
        lines.extend("  " + line for line in table(header, rows))
    overall = (f"  总体：应得分 {_value(report.overall_allotted)}，"
               f"实得分 {_value(report.overall_earned)}")
    lines.append(overall)
    if checks:
        lines.append("  一致性（由评分引擎核算）：")
        lines.extend(f"    {'✓' if c.ok else '✗'} [{c.code}] {c.message}" for c in checks)
    lines.extend(f"  注意：{message}" for message in found.messages)
    if written:
        lines.append(f"  已写入测评文件（assessment written）：{written}")
    return "\n".join(lines) + "\n"


def _short(text: str, size: int = 16) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _run_extract(args: argparse.Namespace) -> int:
    from civscore import extract  # noqa: PLC0415 (only this command needs it)

    registry = default_registry()
    text = extract.read_report_text(args.report, args.encoding)
    if args.rubric is not None:
        rubric, _entry = _resolve_rubric(registry, args.rubric, args.encoding)
        found = extract.extract(text, rubric=rubric)
    else:
        found = extract.extract(text, [e.rubric for e in registry.rubrics()])
    checks = [extract.consistency_report(f, registry.methods) for f in found]
    scored = [f.report.index for f in found if f.assessment is not None]
    outputs = _extraction_outputs(args.output, scored)
    for f in found:
        if f.assessment is not None and f.report.index in outputs:
            write_atomic(outputs[f.report.index], extract.assessment_to_toml(f.assessment))
    if args.format == "json":
        data = [{
            "report": f.report.index, "title": f.report.title, "unit": f.report.unit,
            "period": f.report.period, "has_scores": f.report.has_scores,
            "rubric": f.rubric.ref if f.rubric else None,
            "overall_allotted": _json_points(f.report.overall_allotted),
            "overall_earned": _json_points(f.report.overall_earned),
            "sections": [{"category": m.category, "section": m.section.label,
                          "allotted": _json_points(m.section.allotted),
                          "earned": _json_points(m.section.earned),
                          "rubric_points": to_text(m.points), "matched_by": m.by}
                         for m in (f.match.matches if f.match else ())],
            "consistency": [unstructure(c) for c in check],
            "messages": list(f.messages),
            "assessment_file": outputs.get(f.report.index),
        } for f, check in zip(found, checks, strict=True)]
        _emit(_json(data))
    else:
        _emit("\n".join(_extraction_text(f, check, outputs.get(f.report.index))
                        for f, check in zip(found, checks, strict=True)))
    return EXIT_OK if scored else EXIT_FAILED


def _json_points(value: Decimal | None) -> str | None:
    return None if value is None else to_text(value)


# ---------------------------------------------------------------- the table

COMMANDS: tuple[Command, ...] = (
    Command("rubrics", "list the installed rubrics",
            "List the installed rubrics (测评体系): id@version, title, locality, awarding "
            "level, provenance and the plugin that provides each.",
            _configure_rubrics, _run_rubrics,
            "example:\n  civscore rubrics --format json"),
    Command("show", "show a rubric as a tree",
            "Show a rubric as a tree: categories and items with their points (应得分), scoring "
            "method and evidence method (测评方法), rules, standards, tiers and bands; then "
            "bonus, penalties, vetoes, eligibility bars, gates and levels.",
            _configure_show, _run_show,
            "examples:\n  civscore show danjiangkou\n  civscore show my-rubric.toml"),
    Command("check", "check rubrics and assessments for consistency",
            "Check rubrics and assessments for consistency (一致性检查): do the points add up, "
            "can every level be reached, does an assessment name only what its rubric has and "
            "do its claimed (自评) figures match? Each finding is printed as "
            "'<source>: <severity>: <key path>: <message> [<code>]'. Exit 1 if any finding "
            "is an error.",
            _configure_check, _run_check,
            "examples:\n  civscore check danjiangkou@2010-2011\n"
            "  civscore check rubric.toml assessment.toml"),
    Command("score", "score an assessment",
            "Score an assessment against its rubric and print the scorecard (测评结果): every "
            "item's points earned, the totals, the outcome and the claimed-vs-computed "
            "discrepancies. A vetoed, ineligible or not-awarded outcome is a result, not an "
            "error: the exit status is 0 unless a --fail-* option says otherwise. A warning "
            "goes to stderr when the rubric is illustrative.",
            _configure_score, _run_score,
            "examples:\n  civscore score assessment.toml --explain\n"
            "  civscore score assessment.toml --format json -o result.json\n"
            "  civscore score assessment.toml --fail-under 85 --fail-on-veto"),
    Command("template", "write a blank assessment for a rubric",
            "Write a blank assessment TOML for a rubric: one [[findings]] entry per item, with "
            "comments in Chinese saying what each takes. Fill it in, then run "
            "'civscore check' and 'civscore score' on it.",
            _configure_template, _run_template,
            "example:\n  civscore template danjiangkou -o 2024-assessment.toml"),
    Command("diff", "show what changed between two rubrics",
            "Show what changed between two rubrics: points, items, rules, standards, tiers, "
            "bonus, penalties, vetoes, bars, gates and levels added, removed or changed "
            "(matched by id). Paths name records by id in brackets.",
            _configure_diff, _run_diff,
            "example:\n  civscore diff danjiangkou@2010-2011 my-rubric.toml"),
    Command("extract", "extract claimed scores from a narrative report",
            "Read a narrative work report (工作总结/汇报), or a file of several "
            "(第一篇, 第二篇 …), find every statement of allotted and earned points "
            "(应得分/实得分) and the overall claim, match the report's sections to a "
            "rubric's categories, check the claims with the scoring engine (do the earned "
            "figures add up to the claim, is each within its allotted points, do the allotted "
            "points agree with the rubric) and optionally write the claims as an assessment "
            "file that 'civscore score' accepts. Exit 1 when no report in the file states any "
            "scores (nothing is written).",
            _configure_extract, _run_extract,
            "examples:\n  civscore extract report.txt\n"
            "  civscore extract report.txt --rubric danjiangkou -o assessment.toml"),
    Command("schema", "print a JSON Schema",
            "Print the JSON Schema of a rubric file, an assessment file or the scorecard JSON, "
            "generated from the models. Editors that read '#:schema' (taplo, Even Better TOML) "
            "use it to validate and complete TOML files.",
            _configure_schema, _run_schema,
            "example:\n  civscore schema assessment -o assessment.schema.json"),
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with a subparser for every entry of :data:`COMMANDS`."""
    parser = argparse.ArgumentParser(
        prog="civscore",
        description="Exact, explainable scoring of 文明单位 (civilized unit) assessments "
                    "against locality rubrics.",
        epilog=EXIT_STATUS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"civscore {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        child = sub.add_parser(command.name, help=command.help, description=command.description,
                               epilog=command.epilog,
                               formatter_class=argparse.RawDescriptionHelpFormatter)
        command.configure(child)
        child.set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit status (see :data:`EXIT_STATUS_HELP`)."""
    if argv is None and sys.implementation.name == "cpython":
        # This process is the command: the cyclic GC need not go through everything
        # imported so far again, during the run and when the interpreter exits
        # (about a tenth of the CPU time of `civscore score`).
        gc.freeze()
    try:
        parser = build_parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # --help, --version, or a usage error (status 2)
            return exc.code if isinstance(exc.code, int) else EXIT_ERROR
        with warnings.catch_warnings():
            warnings.showwarning = _show_warning
            try:
                status: int = args.run(args)
            except CivscoreError as exc:
                _stderr(f"civscore: error: {exc}")
                return EXIT_ERROR
        return status
    except KeyboardInterrupt:
        _stderr("civscore: interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (``civscore show x | head``): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILED


# ---------------------------------------------------------------- reference docs

_BEGIN = "<!-- begin: generated by civscore.cli.markdown_reference() -->"
_END = "<!-- end: generated -->"


def _usage(parser: argparse.ArgumentParser) -> str:
    parts = [parser.prog]
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        if isinstance(action, argparse._SubParsersAction):
            parts.append("COMMAND ...")
            continue
        name = _metavar(action)
        if action.option_strings:
            flag = action.option_strings[-1]
            parts.append(f"[{flag}{' ' + name if name else ''}]")
        elif action.nargs == "+":
            parts.append(f"{name} [{name} ...]")
        else:
            parts.append(name)
    return " ".join(parts)


def _metavar(action: argparse.Action) -> str:
    if action.nargs == 0:
        return ""
    if action.metavar is not None:
        return str(action.metavar)
    if action.choices is not None:
        return "{" + ",".join(str(c) for c in action.choices) + "}"
    return action.dest.upper() if action.option_strings else action.dest


def _action_lines(parser: argparse.ArgumentParser) -> list[str]:
    lines = []
    for action in parser._actions:
        if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
            continue
        name = _metavar(action)
        if action.option_strings:
            label = ", ".join(f"`{o}{' ' + name if name else ''}`" for o in action.option_strings)
        else:
            label = f"`{name}`"
        help_text = (action.help or "").replace("%%", "%")
        lines.append(f"- {label}: {help_text}")
    return lines


def markdown_reference(parser: argparse.ArgumentParser | None = None) -> str:
    """The reference of every subcommand and option as Markdown (MyST), for
    ``docs/cli.md``: rendered from the parser, so the docs cannot drift."""
    parser = build_parser() if parser is None else parser
    lines = ["### `civscore`", "", parser.description or "", "", "```text", _usage(parser),
             "```", "", *_action_lines(parser), "", "```text", EXIT_STATUS_HELP.rstrip(), "```"]
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, child in subparsers.choices.items():
        lines += ["", f"### `civscore {name}`", "", child.description or "", "", "```text",
                  _usage(child), "```", "", *_action_lines(child)]
        if child.epilog:
            lines += ["", "```text", child.epilog, "```"]
    return "\n".join(lines) + "\n"


def update_reference(document: str) -> str:
    """``document`` (the text of ``docs/cli.md``) with the part between the
    generated-reference markers replaced by :func:`markdown_reference`.

    :raises ValueError: when the markers are missing.
    """
    start, end = document.find(_BEGIN), document.find(_END)
    if start < 0 or end < start:
        raise ValueError(f"markers {_BEGIN!r} and {_END!r} not found")
    return document[:start + len(_BEGIN)] + "\n\n" + markdown_reference() + "\n" + document[end:]
