"""Measure calfexpert's speed on this machine and print the figures.

    python benchmarks/bench.py                 # everything (the batch part takes several minutes)
    python benchmarks/bench.py --cases 2000    # a quicker batch measurement

1. Warm explain on each example case: median and p95 in ms, against a bare run of the same
   rules (reset, declare, run; no trace, no explanation, no schema check) in the same process.
2. Cold `calfexpert explain` as a whole process, median of several runs, beside a bare
   `import experta` (with the collections alias it needs on Python 3.10+).
3. Batch throughput in cases per second with 1 and 2 jobs over generated cases, and peak
   memory (resident set) of the batch process, for two input sizes to show it stays flat.
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

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "facts" / "examples").glob("*.json"))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def warm(repeats: int) -> dict[str, float]:
    import calfexpert
    from calfexpert._experta import KnowledgeEngine
    from calfexpert.case import load_case
    from calfexpert.engine import StableStrategy
    from calfexpert.facts import case_to_facts
    from calfexpert.rules import REGISTRY, CalfEngine

    class Bare(KnowledgeEngine):
        """The same rules on a plain experta engine: our strategy (needed for correct results), nothing else."""

        __strategy__ = StableStrategy
        facts_of = CalfEngine.facts_of
        withheld_actions = CalfEngine.withheld_actions

        def note_read(self, facts):  # the trace hook, a no-op here
            pass

    for rule_id, rule in REGISTRY.rules.items():
        setattr(Bare, rule_id.replace(".", "__"), rule)
    bare = Bare()
    cases = [load_case(p) for p in EXAMPLES]
    full, plain = [], []
    for case in cases:  # warm up both
        calfexpert.explain(case)
        bare.reset()
        bare.declare(*case_to_facts(case))
        bare.run()
    for _ in range(repeats):
        for case in cases:
            start = time.perf_counter()
            calfexpert.explain(case)
            full.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            bare.reset()
            bare.declare(*case_to_facts(case))
            bare.run()
            plain.append((time.perf_counter() - start) * 1000)
    return {"explain_median_ms": statistics.median(full), "explain_p95_ms": percentile(full, 0.95),
            "bare_median_ms": statistics.median(plain), "bare_p95_ms": percentile(plain, 0.95),
            "ratio_median": statistics.median(full) / statistics.median(plain)}


def cold(runs: int) -> dict[str, float]:
    cli = [sys.executable, "-m", "calfexpert", "explain", str(EXAMPLES[0])]
    baseline = [sys.executable, "-c",
                "import collections, collections.abc; collections.Mapping = collections.abc.Mapping; import experta"]
    out = {}
    for name, command in (("cli", cli), ("import_experta", baseline)):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            times.append((time.perf_counter() - start) * 1000)
        out[f"{name}_median_ms"] = statistics.median(times)
    return out


def generated_jsonl(count: int, path: Path) -> None:
    from calfexpert.coverage import generated_cases

    with path.open("w") as handle:
        for case in generated_cases(count, seed=11):
            handle.write(json.dumps(case) + "\n")


def batch(count: int, jobs: int, source: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.jsonl"
        script = ("import resource, sys, runpy; sys.argv = ['calfexpert'] + sys.argv[1:];"
                  "import calfexpert.cli as c\n"
                  "try:\n    c.main(prog_name='calfexpert')\n"
                  "except SystemExit:\n    pass\n"
                  "print(max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss),"
                  " file=sys.stderr)")
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", script, "batch", str(source), "--jobs", str(jobs), "--detail", "summary",
                               "-o", str(out)], capture_output=True, text=True)
        seconds = time.perf_counter() - start
        lines = sum(1 for _ in out.open())
        peak_kb = int(done.stderr.strip().splitlines()[-1])
    return {"cases": lines, "seconds": seconds, "cases_per_s": lines / seconds, "peak_rss_mb": peak_kb / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description="calfexpert benchmarks")
    parser.add_argument("--repeats", type=int, default=20, help="warm repeats over the example cases")
    parser.add_argument("--cold-runs", type=int, default=7)
    parser.add_argument("--cases", type=int, default=10_000, help="generated cases for the batch measurement")
    parser.add_argument("--skip-batch", action="store_true")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    w = warm(args.repeats)
    print(f"warm explain ({len(EXAMPLES)} example cases x {args.repeats}): median {w['explain_median_ms']:.1f} ms, "
          f"p95 {w['explain_p95_ms']:.1f} ms")
    print(f"bare engine (reset, declare, run): median {w['bare_median_ms']:.1f} ms, p95 {w['bare_p95_ms']:.1f} ms")
    print(f"explain / bare engine: {w['ratio_median']:.2f}x")
    c = cold(args.cold_runs)
    print(f"cold `calfexpert explain` process: median {c['cli_median_ms']:.0f} ms "
          f"(bare `import experta` process: {c['import_experta_median_ms']:.0f} ms)")
    if args.skip_batch:
        return
    with tempfile.TemporaryDirectory() as tmp:
        small, large = Path(tmp) / "small.jsonl", Path(tmp) / "large.jsonl"
        generated_jsonl(args.cases, large)
        with large.open() as src, small.open("w") as dst:
            for i, line in enumerate(src):
                if i >= args.cases // 5:
                    break
                dst.write(line)
        for jobs in (1, 2):
            b = batch(args.cases, jobs, large)
            print(f"batch {b['cases']} cases, {jobs} job(s): {b['cases_per_s']:.0f} cases/s ({b['seconds']:.0f} s), "
                  f"peak memory {b['peak_rss_mb']:.0f} MB")
        b = batch(args.cases // 5, 2, small)
        print(f"batch {b['cases']} cases, 2 jobs: peak memory {b['peak_rss_mb']:.0f} MB (memory flat if close to the figure above)")


if __name__ == "__main__":
    main()
