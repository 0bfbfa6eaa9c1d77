"""civscore benchmarks: ``python benchmarks/bench.py [--quick]``.

Every ratio compares runs made in this one process (or, for start-up and
memory, subprocesses started from it), interleaved and repeated; each figure
is the median of the repeats.  Times are CPU time of one core
(``time.process_time`` here, ``ru_utime + ru_stime`` of a child), which is
far less disturbed than wall time by other work on the machine.

Figures and targets (see docs/performance.md for what they mean and why):

* scoring, dense assessments (every item scored) on a generated rubric of
  150 items in 10 categories with every built-in method: ``score_many``
  with explanations off and on, against a hand-written pure-Python
  reference loop (``reference.py``) that computes the same exact totals —
  off ≤ 1.5×, on ≤ 4× the reference's time;
* the same, every scorecard read in full (every item of its tree, its
  losses and audit trail) ≤ 3× the reference's time;
* ``civscore.score()`` on one dense assessment ≤ 1.5× what ``score_many``
  takes per scorecard on the same rubric (explanations on in both);
* scoring, sparse assessments (a 150-item deduction rubric, findings on
  about 5% of the items): ``score_many`` ≥ 5× faster than the reference on
  dense assessments of the same rubric;
* load + check of a 2,000-item rubric TOML ≤ 3× parsing it with tomllib alone;
* ``import civscore`` ≤ 50 ms more than a bare ``python -c pass``;
* ``civscore --version`` ≤ 1.5× a bare ``python -c pass`` (CPU and wall);
* ``civscore score examples/danjiangkou-education-2010-2011.toml`` ≤ 1.5×
  ``python -c "import attrs, pluggy, tomllib, decimal"`` (its dependencies
  alone);
* peak memory (RSS) scoring 1,000,000 streamed assessments < 150 MB, and
  flat: the peak at 1,000,000 no more than 5 MB above the peak at 100,000.

Beside the targets, *floors* (for information): what one part of the work
costs alone — three of civscore's checks of each finding
(``reference.FindingChecks``), constructing a read card's frozen values,
``import re`` (pip's console script runs it first), and importing the
model and scorecard classes — the least any implementation doing that part
must spend.

``--quick`` uses fewer assessments, repeats and a 10× smaller memory run.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXAMPLE = ROOT / "examples" / "danjiangkou-education-2010-2011.toml"
sys.path.insert(0, str(HERE))

import attrs  # noqa: E402
import workload  # noqa: E402  (beside this script)
from reference import READS, FindingChecks, Reference  # noqa: E402

import civscore  # noqa: E402
from civscore.model import Assessment, Finding, Rubric, RuleHit  # noqa: E402


def _median(values: Sequence[float]) -> float:
    return statistics.median(values)


# --- scoring --------------------------------------------------------------------------------


def _figures(card: civscore.Scorecard) -> tuple[Any, ...]:
    return (tuple(c.score for c in card.categories), card.base.raw, card.base.scaled,
            card.total.raw, card.total.rounded, card.outcome.status, card.outcome.level)


def _verify(rubric: Rubric, batch: list[Assessment], reference: Reference) -> None:
    """The reference loop computes exactly civscore's figures (and score_many
    exactly score's)."""
    for i, card in enumerate(civscore.score_many(rubric, batch, explain=False)):
        expected = reference.score(batch[i])
        assert _figures(card) == expected, (i, _figures(card), expected)
    for assessment in batch[:50]:
        card = civscore.score(rubric, assessment)
        assert next(civscore.score_many(rubric, [assessment])) == card


def _verify_checks(rubric: Rubric, batch: list[Assessment], checks: FindingChecks) -> None:
    """The floor's checks pass every assessment civscore scores, and refuse,
    as civscore does, a finding naming no item, a second finding for an
    item and a finding giving an entry its item's method does not read."""
    assert all(checks.run(a) for a in batch)
    first = batch[0]
    finding = first.findings[0]
    method = next(leaf.method for path, leaf in workload.leaves(rubric)
                  if path == finding.criterion)
    wrong = attrs.evolve(finding, **({"tier": "x"} if READS[method] == "rate"
                                     else {"rate": Decimal(50)}))
    for bad in (attrs.evolve(finding, criterion="no.such.item"), finding, wrong):
        findings = (*first.findings[1:], bad) if bad is not finding else (*first.findings, bad)
        broken = attrs.evolve(first, findings=findings)
        assert not checks.run(broken), bad
        try:
            civscore.score(rubric, broken)
        except civscore.AssessmentError:
            continue
        raise AssertionError(f"civscore scored {bad}")


def _time(run: Callable[[], None]) -> float:
    start = time.process_time()
    run()
    return time.process_time() - start


def _consume(rubric: Rubric, batch: list[Assessment], explain: bool) -> Callable[[], None]:
    def run() -> None:
        for _card in civscore.score_many(rubric, batch, explain=explain):
            pass
    return run


def _consume_read(rubric: Rubric, batch: list[Assessment]) -> Callable[[], None]:
    """Every scorecard read in full: every item of its tree, its losses and
    its audit trail."""
    def run() -> None:
        for card in civscore.score_many(rubric, batch, explain=True):
            stack = list(card.categories)
            while stack:
                node = stack.pop()
                _ = node.score, node.parts
                stack.extend(node.children)
            _ = card.losses, card.audit
    return run


def _score_each(rubric: Rubric, batch: list[Assessment]) -> Callable[[], None]:
    """``civscore.score()`` on one assessment at a time."""
    def run() -> None:
        for assessment in batch:
            civscore.score(rubric, assessment)
    return run


def _reference_loop(reference: Reference, batch: list[Assessment]) -> Callable[[], None]:
    def run() -> None:
        for assessment in batch:
            reference.score(assessment)
    return run


#: Cards whose values the floor constructs again (they are all kept meanwhile).
VALUES = 200


def _checks_loop(checks: FindingChecks, batch: list[Assessment]) -> Callable[[], None]:
    """Floor: three of civscore's checks of each finding, and nothing else."""
    def run() -> None:
        for assessment in batch:
            checks.run(assessment)
    return run


def _values_loop(rubric: Rubric, batch: list[Assessment]) -> Callable[[], None]:
    """Floor: the frozen values of every card read in full (its items,
    their parts, its losses and audit events) constructed again from their
    fields, positionally, and nothing else."""
    made: list[list[tuple[type, tuple[Any, ...]]]] = []
    for card in civscore.score_many(rubric, batch, explain=True):
        values: list[Any] = [*card.losses, *card.audit]
        stack = list(card.categories)
        while stack:
            node = stack.pop()
            values.append(node)
            values.extend(node.parts)
            stack.extend(node.children)
        made.append([(type(v), tuple(getattr(v, f.name) for f in attrs.fields(type(v))))
                     for v in values])

    def run() -> None:
        for card_values in made:
            for cls, args in card_values:
                cls(*args)
    return run


def bench_scoring(quick: bool) -> dict[str, float]:
    """µs per assessment of every scoring run, medians of interleaved repeats."""
    mixed = workload.load(workload.mixed_rubric())
    deduct = workload.load(workload.deduction_rubric())
    n_dense, n_sparse, repeats = (300, 1000, 3) if quick else (2000, 5000, 7)
    dense = list(workload.stream("dense", mixed, n_dense))
    sparse = list(workload.stream("sparse", deduct, n_sparse))
    dense_deduct = list(workload.stream("dense-deduct", deduct, n_dense // 2))
    ref_mixed, ref_deduct = Reference(mixed), Reference(deduct)
    print(f"  workloads: mixed rubric {len(workload.leaves(mixed))} leaves / "
          f"{sum(1 for _ in _walk(mixed))} items; deduction rubric "
          f"{len(workload.leaves(deduct))} items; {len(dense)} dense, {len(sparse)} sparse "
          f"(≈{_mean_findings(sparse):.1f} findings each), {len(dense_deduct)} dense-deduction "
          "assessments", flush=True)
    _verify(mixed, dense, ref_mixed)
    _verify(deduct, sparse, ref_deduct)
    _verify(deduct, dense_deduct, ref_deduct)
    _verify_checks(mixed, dense, FindingChecks(mixed))
    print("  reference totals = civscore totals for every assessment, and the floor's checks "
          "refuse what civscore refuses: ok", flush=True)
    gc.collect()
    gc.freeze()  # the inputs are not garbage; keep the collector off them
    runs: dict[str, tuple[Callable[[], None], int]] = {
        "dense reference": (_reference_loop(ref_mixed, dense), len(dense)),
        "dense score_many explain=False": (_consume(mixed, dense, False), len(dense)),
        "dense score_many explain=True": (_consume(mixed, dense, True), len(dense)),
        "dense score_many explain=True, read": (_consume_read(mixed, dense), len(dense)),
        "dense score() explain=True": (_score_each(mixed, dense), len(dense)),
        "dense-deduct reference": (_reference_loop(ref_deduct, dense_deduct),
                                   len(dense_deduct)),
        "dense-deduct score_many explain=False": (_consume(deduct, dense_deduct, False),
                                                  len(dense_deduct)),
        "sparse score_many explain=False": (_consume(deduct, sparse, False), len(sparse)),
        "sparse score_many explain=True": (_consume(deduct, sparse, True), len(sparse)),
        "sparse score_many explain=True, read": (_consume_read(deduct, sparse), len(sparse)),
        "sparse reference": (_reference_loop(ref_deduct, sparse), len(sparse)),
        "dense finding checks alone": (_checks_loop(FindingChecks(mixed), dense), len(dense)),
        "dense card values constructed alone": (_values_loop(mixed, dense[:VALUES]),
                                                len(dense[:VALUES])),
    }
    for run, _n in runs.values():  # warm up (the rubric's plan is compiled once and cached)
        run()
    samples: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeats):
        for name, (run, n) in runs.items():
            samples[name].append(_time(run) / n * 1e6)
    gc.unfreeze()
    return {name: _median(values) for name, values in samples.items()}


def _walk(rubric: Rubric) -> Iterator[Any]:
    stack = list(rubric.categories)
    while stack:
        item = stack.pop()
        yield item
        stack.extend(item.criteria)


def _mean_findings(batch: list[Assessment]) -> float:
    return sum(len(a.findings) for a in batch) / len(batch)


# --- loading --------------------------------------------------------------------------------


def bench_loading(quick: bool) -> tuple[float, float, int]:
    """(tomllib parse ms, load_rubric + check_rubric ms, items) for a 2,000-item rubric."""
    import tomllib  # noqa: PLC0415

    data = workload.mixed_rubric(categories_n=134)
    items = sum(1 for _ in _walk(workload.load(data))) - 134
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.toml"
        path.write_text(workload.rubric_toml(data), encoding="utf-8")

        def parse() -> None:
            with path.open("rb") as f:
                tomllib.load(f, parse_float=Decimal)

        def load_and_check() -> None:
            rubric = civscore.load_rubric(path)
            errors = [f for f in civscore.check_rubric(rubric) if f.severity == "error"]
            assert not errors, errors

        parse_ms: list[float] = []
        load_ms: list[float] = []
        for _ in range(3 if quick else 7):
            parse_ms.append(_time(parse) * 1e3)
            load_ms.append(_time(load_and_check) * 1e3)
    return _median(parse_ms), _median(load_ms), items


# --- start-up -------------------------------------------------------------------------------


def _child_cpu(argv: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(CPU ms, wall ms) of running ``argv`` to completion (in ``env``, if given)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, cwd=ROOT, env=env, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{argv} failed: {done.stderr.decode(errors='replace')}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu * 1e3, wall * 1e3


def _cli() -> list[str]:
    script = shutil.which("civscore", path=str(Path(sys.executable).parent))
    if script is not None:
        return [script, "score", str(EXAMPLE)]
    # The CLI is not installed: score the file the way it would.
    return [sys.executable, "-c", "import sys, civscore.plugins; "
            "civscore.plugins.default_registry().score_file(sys.argv[1])", str(EXAMPLE)]


def _cli_version() -> list[str]:
    script = shutil.which("civscore", path=str(Path(sys.executable).parent))
    if script is not None:
        return [script, "--version"]
    return [sys.executable, "-m", "civscore", "--version"]


def bench_startup(quick: bool) -> dict[str, tuple[float, float]]:
    """Median (CPU ms, wall ms) of bare Python, ``import civscore``, the
    dependencies alone and the CLI."""
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "import civscore": [sys.executable, "-c", "import civscore"],
        "dependency floor": [sys.executable, "-c", "import attrs, pluggy, tomllib, decimal"],
        # floors: what pip's console script imports before civscore runs; the
        # dependencies and civscore's value classes (the rubric, assessment
        # and result classes ``civscore score`` needs), and nothing else
        "import re": [sys.executable, "-c", "import re"],
        "value classes": [sys.executable, "-c", "import pluggy, tomllib, civscore.results"],
        "civscore --version": _cli_version(),
        "civscore score <example>": _cli(),
    }
    # An installed package has .pyc files: let the children write and use them.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    samples: dict[str, list[tuple[float, float]]] = {k: [] for k in commands}
    for argv in commands.values():  # warm the file cache and .pyc files
        _child_cpu(argv, env)
    for _ in range(7 if quick else 21):
        for name, argv in commands.items():
            samples[name].append(_child_cpu(argv, env))
    return {name: (_median([c for c, _w in s]), _median([w for _c, w in s]))
            for name, s in samples.items()}


# --- memory ---------------------------------------------------------------------------------


def _memory_stream(rubric: Rubric, n: int) -> Iterator[Assessment]:
    """``n`` sparse assessments, built one at a time straight from the model."""
    rng = random.Random(11)
    leaves = workload.leaves(rubric)
    fixed = {path: [r.id for r in item.rules if r.deduct is not None] for path, item in leaves}
    paths = [path for path, _item in leaves]
    for i in range(n):
        chosen = sorted(rng.sample(paths, 7))
        findings = tuple(Finding(criterion=p, hits=(RuleHit(rng.choice(fixed[p]),
                                                            rng.randint(1, 3)),))
                         for p in chosen)
        yield Assessment(rubric=rubric.ref, unit=f"单位{i}", findings=findings)


def _peak_kb() -> int:
    """This process's peak RSS in KB: ``ru_maxrss``, or on Linux the high-water
    mark of this program's own memory (``VmHWM``) when lower — ``ru_maxrss``
    keeps the RSS its parent had when it forked it."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peak = min(peak, int(line.split()[1]))
    return peak


def memory_child(n: int) -> None:
    """Run in a subprocess: score ``n`` streamed assessments (a generator in,
    results discarded); print the peak RSS in KB after set-up and at the end."""
    rubric = workload.load(workload.deduction_rubric())
    setup = _peak_kb()
    count = 0
    for _card in civscore.score_many(rubric, _memory_stream(rubric, n), explain=False):
        count += 1
    assert count == n
    print(setup, _peak_kb(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def bench_memory(quick: bool) -> list[tuple[int, float, float]]:
    """(N, peak RSS after set-up MB, peak RSS MB) for two sizes."""
    out = []
    for n in (10_000, 100_000) if quick else (100_000, 1_000_000):
        done = subprocess.run([sys.executable, __file__, "--memory-child", str(n)],
                              capture_output=True, text=True, check=True, cwd=ROOT)
        setup, peak, maxrss = (int(v) for v in done.stdout.split())
        out.append((n, setup / 1024, peak / 1024))
        print(f"  {n:>9,} assessments streamed: peak RSS {peak / 1024:.1f} MB (after set-up "
              f"{setup / 1024:.1f} MB; ru_maxrss {maxrss / 1024:.1f} MB)", flush=True)
    return out


# --- report ---------------------------------------------------------------------------------


def _row(figure: str, value: str, target: str, ratio: str, ok: bool | None) -> list[str]:
    verdict = "" if ok is None else ("pass" if ok else "FAIL")
    return [figure, value, target, ratio, verdict]


def _table(rows: list[list[str]]) -> str:
    header = ["figure", "measured", "target", "ratio", "result"]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller, faster runs")
    parser.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_child is not None:
        memory_child(args.memory_child)
        return 0
    quick = args.quick
    print(f"civscore {civscore.__version__}, Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPUs; {'quick' if quick else 'full'} run; CPU times, medians",
          flush=True)
    print("memory (first, while this process is still small) …", flush=True)
    mem = bench_memory(quick)
    print("scoring …", flush=True)
    s = bench_scoring(quick)
    for name, us in s.items():
        print(f"  {name:<40} {us:9.1f} µs/assessment  {1e6 / us:9,.0f} assessments/s")
    print("loading …", flush=True)
    parse_ms, load_ms, items = bench_loading(quick)
    print(f"  {items}-item rubric: tomllib parse {parse_ms:.1f} ms, load_rubric + check_rubric "
          f"{load_ms:.1f} ms", flush=True)
    print("start-up …", flush=True)
    st = bench_startup(quick)
    for name, (cpu, wall) in st.items():
        print(f"  {name:<28} CPU {cpu:6.1f} ms   wall {wall:6.1f} ms")

    ref, off, on = (s["dense reference"], s["dense score_many explain=False"],
                    s["dense score_many explain=True"])
    dd_ref, sp_off, sp_on = (s["dense-deduct reference"], s["sparse score_many explain=False"],
                             s["sparse score_many explain=True"])
    bare, imp, cli = st["python -c pass"][0], st["import civscore"][0], \
        st["civscore score <example>"][0]
    floor = st["dependency floor"][0]
    (version, version_wall), bare_wall = st["civscore --version"], st["python -c pass"][1]
    read_dense, read_sparse = (s["dense score_many explain=True, read"],
                               s["sparse score_many explain=True, read"])
    one = s["dense score() explain=True"]
    checks, values = s["dense finding checks alone"], s["dense card values constructed alone"]
    launcher, classes = st["import re"][0], st["value classes"][0]
    (n1, _s1, peak1), (n2, _s2, peak2) = mem
    rows = [
        _row("dense, explain off vs reference", f"{off:.0f} vs {ref:.0f} µs", "≤ 1.5×",
             f"{off / ref:.2f}×", off / ref <= 1.5),
        _row("dense, explain on vs reference", f"{on:.0f} vs {ref:.0f} µs", "≤ 4×",
             f"{on / ref:.2f}×", on / ref <= 4),
        _row("sparse, explain off vs dense reference", f"{sp_off:.0f} vs {dd_ref:.0f} µs",
             "≥ 5× faster", f"{dd_ref / sp_off:.2f}× faster", dd_ref / sp_off >= 5),
        _row("sparse, explain on vs dense reference", f"{sp_on:.0f} vs {dd_ref:.0f} µs",
             "(info)", f"{dd_ref / sp_on:.2f}× faster", None),
        _row("dense, every card read in full vs reference", f"{read_dense:.0f} vs {ref:.0f} µs",
             "≤ 3×", f"{read_dense / ref:.2f}×", read_dense / ref <= 3),
        _row("score() vs score_many per card, dense", f"{one:.0f} vs {on:.0f} µs", "≤ 1.5×",
             f"{one / on:.2f}×", one / on <= 1.5),
        _row("  floor: checks of each finding alone", f"{checks:.0f} vs {ref:.0f} µs", "(info)",
             f"{checks / ref:.2f}×", None),
        _row("  floor: a read card's values constructed", f"{values:.0f} vs {ref:.0f} µs",
             "(info)", f"{values / ref:.2f}×", None),
        _row("sparse, explain on, every card read", f"{read_sparse:.0f} vs {dd_ref:.0f} µs",
             "(info)", f"{dd_ref / read_sparse:.2f}× faster", None),
        _row(f"load + check {items} items vs tomllib", f"{load_ms:.0f} vs {parse_ms:.0f} ms",
             "≤ 3×", f"{load_ms / parse_ms:.2f}×", load_ms / parse_ms <= 3),
        _row("import civscore − bare python", f"{imp:.0f} − {bare:.0f} ms", "≤ 50 ms",
             f"{imp - bare:+.0f} ms", imp - bare <= 50),
        _row("civscore --version vs bare python, CPU", f"{version:.0f} vs {bare:.0f} ms",
             "≤ 1.5×", f"{version / bare:.2f}×", version / bare <= 1.5),
        _row("civscore --version vs bare python, wall",
             f"{version_wall:.0f} vs {bare_wall:.0f} ms", "≤ 1.5×",
             f"{version_wall / bare_wall:.2f}×", version_wall / bare_wall <= 1.5),
        _row("  floor: import re (pip's launcher) vs bare", f"{launcher:.0f} vs {bare:.0f} ms",
             "(info)", f"{launcher / bare:.2f}×", None),
        _row("civscore score <example> vs dependencies", f"{cli:.0f} vs {floor:.0f} ms",
             "≤ 1.5×", f"{cli / floor:.2f}×", cli / floor <= 1.5),
        _row("  civscore score <example> vs bare python", f"{cli:.0f} vs {bare:.0f} ms",
             "(info)", f"{cli / bare:.2f}×", None),
        _row("  dependencies alone (attrs, pluggy, …)", f"{floor:.0f} vs {bare:.0f} ms",
             "(info)", f"{floor / bare:.2f}×", None),
        _row("  floor: value classes vs dependencies", f"{classes:.0f} vs {floor:.0f} ms",
             "(info)", f"{classes / floor:.2f}×", None),
        _row(f"peak RSS, {n2:,} streamed", f"{peak2:.1f} MB",
             "< 150 MB" if not quick else "(quick)", "", peak2 < 150),
        _row(f"RSS growth {n1:,} → {n2:,}", f"{peak2 - peak1:+.1f} MB", "≤ 5 MB (flat)", "",
             peak2 - peak1 <= 5),
    ]
    print()
    print(_table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
