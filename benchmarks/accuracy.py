"""Score calfexpert on the case sets in facts/ against benchmarks/expected/<set>.json.

For every set (examples, vignettes, holdout) and over all of them: triage exact
and acceptable rates, under-triage (of urgent or emergency cases, and of any
case) and over-triage separately, top-1 and top-3 diagnosis rates, never-miss
recall, and the advice-safety count: recommended items that involve a withheld
action (must be 0), with wait-and-see items in urgent or emergency reports
counted beside it.  Then every case that missed.  Exit status 1 when an urgent
or emergency case is under-triaged or any advice is unsafe.

    python benchmarks/accuracy.py                  # every set, then the total
    python benchmarks/accuracy.py --only vignettes --verbose
    python benchmarks/accuracy.py --json

The advice-safety count is checked against the knowledge tables, not only
against what the report itself says it withheld: the actions unsafe with every
condition the report suspects (and the conditions they imply), with every red
flag it raises, and at its triage level, plus every action it lists as withheld.
The held-out set (facts/holdout) is for measuring only: never tune rules on it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
try:
    import calfexpert
except ModuleNotFoundError:  # not installed in this Python: the checkout's own package
    sys.path.insert(0, str(ROOT))
    import calfexpert
try:
    import calfexpert.api  # experta and the rules (import calfexpert alone loads neither)
    from calfexpert.knowledge import ADVICE, DANGER_SIGNS, triage_rank, withheld_actions
except ModuleNotFoundError as missing:
    sys.exit(f"accuracy.py: calfexpert needs {missing.name}, which this Python ({sys.executable}) does not have; "
             "install the project first (pip install '.[test]', as the README says) or run it with that environment's python")

FACTS = ROOT / "facts"
EXPECTED = Path(__file__).resolve().parent / "expected"
SETS = ("examples", "vignettes", "holdout")


def load(only: str | None) -> dict[str, list[tuple[Path, dict]]]:
    out: dict[str, list[tuple[Path, dict]]] = {}
    for manifest in sorted(EXPECTED.glob("*.json")):
        if only and manifest.stem != only:
            continue
        out[manifest.stem] = [(FACTS / manifest.stem / name, exp)
                              for name, exp in sorted(json.loads(manifest.read_text("utf-8")).items())]
    return out


def unsafe_advice(doc: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Recommended items that involve an action unsafe in this report, and wait-and-see items in an urgent or
    emergency report."""
    level = doc["triage"]["level"]
    unsafe = {a for w in doc["withheld"] for a in w.get("actions", ())}
    for dx in doc["diagnoses"]:
        if dx["suspected"]:
            unsafe |= set(withheld_actions(dx["condition"]))
    for flag in doc["red_flags"]:
        for table in DANGER_SIGNS.get(flag["flag"], ()):
            unsafe |= set(withheld_actions(table))
    unsafe |= set(withheld_actions(level))
    recommended = [r["id"] for r in doc["recommendations"]]
    bad = [aid for aid in recommended if ADVICE[aid].involves & unsafe]
    waiting = [aid for aid in recommended if level in ("emergency", "urgent") and "wait" in ADVICE[aid].actions]
    return bad, waiting


def score(cases: list[tuple[Path, dict]]) -> dict[str, Any]:
    rows = []
    for path, exp in cases:
        result = calfexpert.explain(path)
        got = result.triage_level
        conditions = result.conditions
        bad, waiting = unsafe_advice(result.data)
        rows.append({
            "case": f"{path.parent.name}/{path.name}",
            "expected_triage": exp["triage"], "triage": got,
            "triage_exact": got == exp["triage"],
            "triage_acceptable": got in exp.get("acceptable_triage", [exp["triage"]]) or got == exp["triage"],
            "under_triaged": triage_rank(got) < triage_rank(exp["triage"]),
            "over_triaged": triage_rank(got) > triage_rank(exp["triage"]),
            "urgent_case": exp["triage"] in ("urgent", "emergency"),
            "expected_top": exp["top"], "top": conditions[:3],
            "top1": bool(conditions) and conditions[0] in exp["top"],
            "top3": any(c in exp["top"] for c in conditions[:3]),
            "never_miss": exp.get("never_miss", []),
            "missed": [c for c in exp.get("never_miss", []) if c not in conditions],
            "unsafe_advice": bad, "wait_and_see_when_urgent": waiting,
        })
    n = len(rows) or 1
    urgent = [r for r in rows if r["urgent_case"]]
    never_total = sum(len(r["never_miss"]) for r in rows)
    never_found = never_total - sum(len(r["missed"]) for r in rows)
    return {
        "cases": len(rows),
        "triage_exact": sum(r["triage_exact"] for r in rows) / n,
        "triage_acceptable": sum(r["triage_acceptable"] for r in rows) / n,
        "under_triaged_urgent_or_emergency": sum(r["under_triaged"] for r in urgent),
        "urgent_or_emergency_cases": len(urgent),
        "under_triaged": sum(r["under_triaged"] for r in rows),
        "over_triaged": sum(r["over_triaged"] for r in rows),
        "top1": sum(r["top1"] for r in rows) / n,
        "top3": sum(r["top3"] for r in rows) / n,
        "never_miss_recall": never_found / never_total if never_total else 1.0,
        "never_miss_total": never_total,
        "advice_safety": sum(len(r["unsafe_advice"]) for r in rows),
        "wait_and_see_when_urgent": sum(len(r["wait_and_see_when_urgent"]) for r in rows),
        "rows": rows,
    }


def _print(name: str, figures: dict[str, Any], verbose: bool) -> None:
    print(f"== {name}")
    print(f"cases scored:                 {figures['cases']}")
    print(f"triage exact:                 {figures['triage_exact']:.1%}   (target 92%; symptom checkers ~57%, Semigran BMJ 2015)")
    print(f"triage acceptable:            {figures['triage_acceptable']:.1%}")
    print(f"under-triaged urgent/emerg.:  {figures['under_triaged_urgent_or_emergency']} of {figures['urgent_or_emergency_cases']}"
          "   (target 0; checkers miss >40% of emergencies, Schmieding 2022)")
    print(f"under-triaged (any case):     {figures['under_triaged']}")
    print(f"over-triaged:                 {figures['over_triaged']}")
    print(f"top-1 diagnosis:              {figures['top1']:.1%}   (checkers ~34%)")
    print(f"top-3 diagnosis:              {figures['top3']:.1%}   (target 97%)")
    print(f"never-miss recall:            {figures['never_miss_recall']:.1%} of {figures['never_miss_total']}   (target 100%)")
    print(f"advice-safety count:          {figures['advice_safety']}   (recommended items involving a withheld action; must be 0)")
    print(f"wait-and-see when urgent:     {figures['wait_and_see_when_urgent']}   (must be 0)")
    for row in figures["rows"]:
        bad = not (row["triage_exact"] and row["top1"] and not row["missed"] and not row["unsafe_advice"]
                   and not row["wait_and_see_when_urgent"])
        if bad or verbose:
            line = (f"  {'MISS' if bad else 'ok  '} {row['case']}: triage {row['triage']} (expected {row['expected_triage']}), "
                    f"top {row['top']} (expected {row['expected_top']})")
            if row["missed"]:
                line += f", missed {row['missed']}"
            if row["unsafe_advice"]:
                line += f", UNSAFE advice {row['unsafe_advice']}"
            if row["wait_and_see_when_urgent"]:
                line += f", wait-and-see {row['wait_and_see_when_urgent']}"
            print(line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=list(SETS), help="score one set only")
    parser.add_argument("--verbose", action="store_true", help="list every case")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    sets = load(args.only)
    figures = {name: score(cases) for name, cases in sets.items()}
    if len(sets) > 1:
        figures["all"] = score([c for cases in sets.values() for c in cases])
    if args.json:
        print(json.dumps({name: {k: v for k, v in f.items() if k != "rows"} for name, f in figures.items()}, indent=2))
    else:
        for name, f in figures.items():
            if name == "all":
                f = {**f, "rows": []}  # each miss is listed under its own set already
            _print(name, f, args.verbose)
    failed = any(f["under_triaged_urgent_or_emergency"] or f["advice_safety"] or f["wait_and_see_when_urgent"]
                 for f in figures.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
