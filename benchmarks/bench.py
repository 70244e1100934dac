"""Measure calfexpert's speed and print every figure beside its target and beside experta's stock
matcher, measured side by side in the same run.

    python benchmarks/bench.py                      # everything (about 2 minutes on 2 cores)
    python benchmarks/bench.py --cases 2000 --skip-coverage   # quicker

The machine may be shared: absolute times move with the load, the ratios measured in the same run
much less.  Warm figures are CPU time of the thread (``time.thread_time``), which other processes
disturb less than wall time; cold, batch and coverage figures are wall time.

1. Warm ``explain(case).json`` over the example and vignette cases: median and p95.
2. The engine alone (reset, declare, run, trace: ``run_facts``) on the same cases.
3. Cold ``calfexpert explain facts/examples/calf_strain.json`` as a whole process (``.pyc`` present).
4. ``calfexpert batch`` with 2 jobs, full explanations and ``--detail summary``, and the peak
   memory of the batch for 2,000 and 10,000 cases.
5. ``calfexpert coverage --examples 5000``: wall time.

"stock" is the same pipeline with ``TracingEngine.__matcher__`` set to experta's ``ReteMatcher``
(with our strategy and trace: the engine calfexpert had before its own matcher).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((ROOT / "facts" / "examples").glob("*.json")) + sorted((ROOT / "facts" / "vignettes").glob("*.json"))
COLD_CASE = ROOT / "facts" / "examples" / "calf_strain.json"

USE_STOCK = ("import calfexpert.engine as _e; from calfexpert._experta import ReteMatcher as _R; "
             "_e.TracingEngine.__matcher__ = _R\n")
"""Prepended to a child process to run it on experta's stock matcher."""

CLI = ("import sys; sys.argv = ['calfexpert'] + sys.argv[1:]\n"
       "import calfexpert.cli as c\n"
       "try:\n    c.main(prog_name='calfexpert')\n"
       "except SystemExit as exit:\n    code = exit.code\n"
       "import resource\n"
       "me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)\n"
       "print('peak_kb', max(me.ru_maxrss, kids.ru_maxrss), file=sys.stderr)\n"
       "print('cpu_s', me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime, file=sys.stderr)\n")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _stock_engine_class() -> type:
    from calfexpert._experta import ReteMatcher
    from calfexpert.rules import CalfEngine

    return type("StockCalfEngine", (CalfEngine,), {"__matcher__": ReteMatcher})


def warm(repeats: int, stock_repeats: int) -> dict[str, float]:
    import calfexpert
    import calfexpert.api as api
    from calfexpert.case import load_case
    from calfexpert.facts import case_to_facts
    from calfexpert.rules import CalfEngine

    cases = [load_case(p) for p in CASES]
    stock_class = _stock_engine_class()
    fast_engine, stock_engine = CalfEngine(), stock_class()

    def explain_times(n: int) -> list[float]:
        out = []
        for _ in range(n):
            for case in cases:
                start = time.thread_time()
                calfexpert.explain(case).json  # noqa: B018 - the JSON text is what is measured
                out.append((time.thread_time() - start) * 1000)
        return out

    def engine_times(engine, n: int) -> list[float]:
        out = []
        for _ in range(n):
            for case in cases:
                facts = case_to_facts(case)
                start = time.thread_time()
                engine.run_facts(facts)
                out.append((time.thread_time() - start) * 1000)
        return out

    explain_times(1)  # warm up
    fast_explain = explain_times(repeats)
    original = api.CalfEngine
    api.CalfEngine = stock_class  # the same explain() on the stock matcher
    try:
        explain_times(1)
        stock_explain = explain_times(stock_repeats)
    finally:
        api.CalfEngine = original
    engine_times(fast_engine, 1)
    engine_times(stock_engine, 1)
    fast_engine_t = engine_times(fast_engine, repeats)
    stock_engine_t = engine_times(stock_engine, stock_repeats)
    return {
        "cases": len(cases),
        "explain_median": statistics.median(fast_explain), "explain_p95": percentile(fast_explain, 0.95),
        "stock_explain_median": statistics.median(stock_explain), "stock_explain_p95": percentile(stock_explain, 0.95),
        "engine_median": statistics.median(fast_engine_t), "engine_p95": percentile(fast_engine_t, 0.95),
        "stock_engine_median": statistics.median(stock_engine_t),
    }


def cold(runs: int) -> dict[str, float]:
    fast = [sys.executable, "-m", "calfexpert", "explain", str(COLD_CASE)]
    stock = [sys.executable, "-c", USE_STOCK + CLI, "explain", str(COLD_CASE)]
    # .pyc present: this environment may set PYTHONDONTWRITEBYTECODE, so compile them explicitly
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "calfexpert")], check=True, capture_output=True)
    out: dict[str, float] = {}
    for name, command in (("fast", fast), ("stock", stock)):
        subprocess.run(command, check=True, capture_output=True)  # writes any missing .pyc
        times, cpu = [], []
        for _ in range(runs):
            before = _children_cpu()
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((_children_cpu() - before) * 1000)
        out[name] = statistics.median(times)
        out[f"{name}_cpu"] = statistics.median(cpu)
    return out


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def write_cases(count: int, distinct: int, path: Path) -> None:
    """``count`` JSON Lines: ``distinct`` generated cases repeated in turn (drawing cases costs ~7 ms each)."""
    from calfexpert.coverage import generated_cases

    lines = [json.dumps(case) for case in generated_cases(min(count, distinct), seed=11)]
    with path.open("w") as handle:
        for index in range(count):
            handle.write(lines[index % len(lines)] + "\n")


def batch(source: Path, detail: str, stock: bool = False, jobs: int = 2) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.jsonl"
        script = (USE_STOCK if stock else "") + CLI
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", script, "batch", str(source), "--jobs", str(jobs), "--detail", detail,
                               "-o", str(out)], capture_output=True, text=True)
        seconds = time.perf_counter() - start
        lines = sum(1 for _ in out.open()) if out.exists() else 0
        peak = [line for line in done.stderr.splitlines() if line.startswith("peak_kb")]
        peak_kb = int(peak[-1].split()[1]) if peak else 0
        cpu = [line for line in done.stderr.splitlines() if line.startswith("cpu_s")]
        cpu_s = float(cpu[-1].split()[1]) if cpu else float("nan")
    if lines == 0:
        raise SystemExit(f"batch failed: {done.stderr[-2000:]}")
    return {"cases": lines, "seconds": seconds, "per_s": lines / seconds, "peak_mb": peak_kb / 1024,
            "per_cpu_s": lines / cpu_s}


def cores_available(seconds: float = 2.0) -> float:
    """How many cores two CPU-bound processes get right now (2.0 on an idle 2-core machine)."""
    import multiprocessing

    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pool.map(_burn, [seconds, seconds])
    return 2 * seconds / (time.perf_counter() - start)


def _burn(seconds: float) -> int:
    start, count = time.process_time(), 0
    while time.process_time() - start < seconds:
        count += 1
    return count


def coverage(count: int) -> dict[str, Any]:
    before = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "calfexpert", "coverage", "--examples", str(count)],
                          cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "cpu": _children_cpu() - before, "ok": done.returncode == 0,
            "head": done.stdout.strip().splitlines()[:2]}


def row(what: str, value: str, target: str, stock: str = "", ratio: str = "") -> None:
    print(f"| {what} | {value} | {target} | {stock} | {ratio} |", flush=True)


def verdict(ok: bool, miss: str = "") -> str:
    return "met" if ok else f"MISSED {miss}".strip()


def at_most(value: float, target: float, unit: str, digits: int = 2) -> str:
    return verdict(value <= target, f"by {value - target:.{digits}f} {unit}")


def at_least(value: float, target: float, unit: str) -> str:
    return verdict(value >= target, f"by {target - value:.0f} {unit}")


def main() -> None:
    parser = argparse.ArgumentParser(description="calfexpert benchmarks, beside experta's stock matcher")
    parser.add_argument("--repeats", type=int, default=10, help="warm repeats over the example and vignette cases")
    parser.add_argument("--stock-repeats", type=int, default=3, help="warm repeats on the stock matcher")
    parser.add_argument("--cold-runs", type=int, default=7)
    parser.add_argument("--cases", type=int, default=10_000, help="cases for the batch measurement")
    parser.add_argument("--distinct", type=int, default=2_000, help="distinct generated cases among them")
    parser.add_argument("--stock-cases", type=int, default=600, help="cases for the stock matcher's batch")
    parser.add_argument("--coverage", type=int, default=5_000, help="generated cases for the coverage run")
    parser.add_argument("--skip-batch", action="store_true")
    parser.add_argument("--skip-coverage", action="store_true")
    args = parser.parse_args()
    from calfexpert import __version__
    from calfexpert._experta import EXPERTA_VERSION

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, Python "
          f"{platform.python_version()}, calfexpert {__version__}, experta {EXPERTA_VERSION}")
    print("(shared machine: absolute times are noisy; the ratios to the stock matcher are measured in the same run)\n")
    print("| figure | calfexpert | target | stock matcher | stock ÷ calfexpert |")
    print("|---|---|---|---|---|")

    w = warm(args.repeats, args.stock_repeats)
    n = w["cases"]
    row(f"warm `explain(case).json`, {n} cases × {args.repeats}: median (CPU ms)", f"{w['explain_median']:.2f} ms",
        f"≤ 3 ms: {at_most(w['explain_median'], 3, 'ms')}",
        f"{w['stock_explain_median']:.2f} ms", f"{w['stock_explain_median'] / w['explain_median']:.1f}×")
    row("warm `explain(case).json`: p95", f"{w['explain_p95']:.2f} ms",
        f"≤ 6 ms: {at_most(w['explain_p95'], 6, 'ms')}",
        f"{w['stock_explain_p95']:.2f} ms", f"{w['stock_explain_p95'] / w['explain_p95']:.1f}×")
    ratio = w["stock_engine_median"] / w["engine_median"]
    row("engine alone (reset, declare, run, trace): median", f"{w['engine_median']:.2f} ms",
        f"≤ 2 ms: {at_most(w['engine_median'], 2, 'ms')}; "
        f"≥ 5× stock: {verdict(ratio >= 5)}", f"{w['stock_engine_median']:.2f} ms", f"{ratio:.1f}×")

    c = cold(args.cold_runs)
    row(f"cold `calfexpert explain {COLD_CASE.relative_to(ROOT)}`, median of {args.cold_runs} (wall)",
        f"{c['fast']:.0f} ms", f"≤ 150 ms: {at_most(c['fast'], 150, 'ms', 0)}",
        f"{c['stock']:.0f} ms", f"{c['stock'] / c['fast']:.1f}×")
    row("the same, CPU time of the process (user + system; less disturbed by other jobs)", f"{c['fast_cpu']:.0f} ms",
        f"(≤ 150 ms wall) {at_most(c['fast_cpu'], 150, 'ms', 0)}", f"{c['stock_cpu']:.0f} ms",
        f"{c['stock_cpu'] / c['fast_cpu']:.1f}×")

    if not args.skip_batch:
        with tempfile.TemporaryDirectory() as tmp:
            large, small, stock_src = Path(tmp) / "large.jsonl", Path(tmp) / "small.jsonl", Path(tmp) / "stock.jsonl"
            write_cases(args.cases, args.distinct, large)
            with large.open() as src:
                lines = src.readlines()
            small.write_text("".join(lines[: args.cases // 5]))
            stock_src.write_text("".join(lines[: args.stock_cases]))
            full, summ = batch(large, "full"), batch(large, "summary")
            stock_full, stock_summ = batch(stock_src, "full", stock=True), batch(stock_src, "summary", stock=True)
            low = batch(small, "full")
            cores = cores_available()
            print(f"| (two CPU-bound processes got {cores:.2f} of the 2 cores during this part of the run) | | | | |")
            row(f"`calfexpert batch`, {full['cases']:,} cases, 2 jobs, full explanations (wall)",
                f"{full['per_s']:.0f} cases/s", f"≥ 350/s: {at_least(full['per_s'], 350, 'cases/s')}",
                f"{stock_full['per_s']:.0f} cases/s ({stock_full['cases']} cases)", f"{full['per_s'] / stock_full['per_s']:.1f}×")
            row(f"`calfexpert batch`, {summ['cases']:,} cases, 2 jobs, `--detail summary`",
                f"{summ['per_s']:.0f} cases/s", f"≥ 1,000/s: {at_least(summ['per_s'], 1000, 'cases/s')}",
                f"{stock_summ['per_s']:.0f} cases/s ({stock_summ['cases']} cases)", f"{summ['per_s'] / stock_summ['per_s']:.1f}×")
            for name, fast_result, stock_result, target in (("full explanations", full, stock_full, 350),
                                                             ("`--detail summary`", summ, stock_summ, 1000)):
                bound, stock_bound = fast_result["per_cpu_s"] * 2, stock_result["per_cpu_s"] * 2
                row(f"the same, {name}: cases per CPU-second of all its processes × 2 cores (the idle-machine bound)",
                    f"{bound:.0f} cases/s", f"≥ {target:,}/s: {at_least(bound, target, 'cases/s')}",
                    f"{stock_bound:.0f} cases/s", f"{bound / stock_bound:.1f}×")
            growth = full["peak_mb"] / low["peak_mb"] if low["peak_mb"] else float("nan")
            growth_words = f"(×{growth:.2f})"
            row(f"peak memory of the batch, {low['cases']:,} → {full['cases']:,} cases (full, 2 jobs)",
                f"{low['peak_mb']:.0f} → {full['peak_mb']:.0f} MB", f"flat: {verdict(growth < 1.1, growth_words)}",
                f"{stock_full['peak_mb']:.0f} MB", "")

    if not args.skip_coverage:
        cores = cores_available()
        print(f"| (two CPU-bound processes got {cores:.2f} of the 2 cores before the coverage run) | | | | |")
        cov = coverage(args.coverage)
        row(f"`calfexpert coverage --examples {args.coverage}` (wall)", f"{cov['seconds']:.1f} s",
            f"< 15 s: {at_most(cov['seconds'], 15, 's', 1)}", "", "")
        row("the same, CPU time of all its processes ÷ 2 cores (the idle-machine bound)", f"{cov['cpu'] / 2:.1f} s",
            f"< 15 s: {at_most(cov['cpu'] / 2, 15, 's', 1)}", "", "")
        print("\ncoverage: " + " / ".join(cov["head"]))


if __name__ == "__main__":
    main()
