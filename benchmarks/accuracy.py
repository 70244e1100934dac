"""Score calfexpert on the clinical vignettes and example cases in facts/.

Prints triage exact and acceptable rates, under-triage of urgent and
emergency cases, top-1 and top-3 diagnosis rates and never-miss recall, then
every case that missed.  Exit status 1 when an urgent or emergency case is
under-triaged.

    python benchmarks/accuracy.py            # vignettes and examples
    python benchmarks/accuracy.py --only vignettes --verbose
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import calfexpert
from calfexpert.knowledge import triage_rank

FACTS = Path(__file__).resolve().parent.parent / "facts"
EXPECTED = Path(__file__).resolve().parent / "expected"


def load(only: str | None) -> list[tuple[Path, dict]]:
    out = []
    for manifest in sorted(EXPECTED.glob("*.json")):
        if only and manifest.stem != only:
            continue
        for name, exp in sorted(json.loads(manifest.read_text("utf-8")).items()):
            out.append((FACTS / manifest.stem / name, exp))
    return out


def score(cases: list[tuple[Path, dict]]) -> dict:
    rows = []
    for path, exp in cases:
        result = calfexpert.explain(path)
        got = result.triage_level
        conditions = result.conditions
        rows.append({
            "case": f"{path.parent.name}/{path.name}",
            "expected_triage": exp["triage"], "triage": got,
            "triage_exact": got == exp["triage"],
            "triage_acceptable": got in exp.get("acceptable_triage", [exp["triage"]]) or got == exp["triage"],
            "under_triaged": triage_rank(got) < triage_rank(exp["triage"]),
            "urgent_case": exp["triage"] in ("urgent", "emergency"),
            "expected_top": exp["top"], "top": conditions[:3],
            "top1": bool(conditions) and conditions[0] in exp["top"],
            "top3": any(c in exp["top"] for c in conditions[:3]),
            "never_miss": exp.get("never_miss", []),
            "missed": [c for c in exp.get("never_miss", []) if c not in conditions],
        })
    n = len(rows)
    urgent = [r for r in rows if r["urgent_case"]]
    never_total = sum(len(r["never_miss"]) for r in rows)
    never_found = never_total - sum(len(r["missed"]) for r in rows)
    return {
        "cases": n,
        "triage_exact": sum(r["triage_exact"] for r in rows) / n,
        "triage_acceptable": sum(r["triage_acceptable"] for r in rows) / n,
        "under_triaged_urgent_or_emergency": sum(r["under_triaged"] for r in urgent),
        "urgent_or_emergency_cases": len(urgent),
        "over_triaged": sum(triage_rank(r["triage"]) > triage_rank(r["expected_triage"]) for r in rows),
        "top1": sum(r["top1"] for r in rows) / n,
        "top3": sum(r["top3"] for r in rows) / n,
        "never_miss_recall": never_found / never_total if never_total else 1.0,
        "never_miss_total": never_total,
        "rows": rows,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["vignettes", "examples", "holdout"], help="score one folder only")
    parser.add_argument("--verbose", action="store_true", help="list every case")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    figures = score(load(args.only))
    if args.json:
        print(json.dumps({k: v for k, v in figures.items() if k != "rows"}, indent=2))
    else:
        print(f"cases scored:                 {figures['cases']}")
        print(f"triage exact:                 {figures['triage_exact']:.1%}   (bar 90%; symptom checkers ~57%, Semigran BMJ 2015)")
        print(f"triage acceptable:            {figures['triage_acceptable']:.1%}")
        print(f"under-triaged urgent/emerg.:  {figures['under_triaged_urgent_or_emergency']} of {figures['urgent_or_emergency_cases']}"
              "   (bar 0; checkers miss >40% of emergencies, Schmieding 2022)")
        print(f"over-triaged:                 {figures['over_triaged']}")
        print(f"top-1 diagnosis:              {figures['top1']:.1%}   (bar 90%; checkers ~34%)")
        print(f"top-3 diagnosis:              {figures['top3']:.1%}   (bar 97%)")
        print(f"never-miss recall:            {figures['never_miss_recall']:.1%} of {figures['never_miss_total']}   (bar 100%)")
        for row in figures["rows"]:
            bad = not (row["triage_exact"] and row["top1"] and not row["missed"])
            if bad or args.verbose:
                print(f"  {'MISS' if bad else 'ok  '} {row['case']}: triage {row['triage']} (expected {row['expected_triage']}), "
                      f"top {row['top']} (expected {row['expected_top']})" + (f", missed {row['missed']}" if row["missed"] else ""))
    return 1 if figures["under_triaged_urgent_or_emergency"] else 0


if __name__ == "__main__":
    sys.exit(main())
