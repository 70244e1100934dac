"""Write the canonical JSON explanation of every case file under facts/ into a folder.

    python benchmarks/dump_explanations.py OUT_DIR
    diff -r OLD_DIR NEW_DIR        # proves a change kept (or lists where it changed) every explanation

Each case ``facts/<set>/<name>`` becomes ``OUT_DIR/<set>/<name>.explanation.json``; a case
calfexpert rejects becomes ``.error.txt`` with the error, so invalid-case handling is compared too.
Keep OUT_DIR outside the repository.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "facts"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write into (outside the repository)")
    args = parser.parse_args(argv)
    import calfexpert

    cases = sorted(p for p in FACTS.rglob("*") if p.suffix in (".json", ".yaml", ".yml"))
    for path in cases:
        rel = path.relative_to(FACTS)
        target = args.out / rel.parent
        target.mkdir(parents=True, exist_ok=True)
        try:
            text = calfexpert.explain(path).json
        except calfexpert.CalfexpertError as error:
            (target / f"{rel.name}.error.txt").write_text(f"{type(error).__name__}: {error}\n", "utf-8")
        else:
            (target / f"{rel.name}.explanation.json").write_text(text, "utf-8")
    print(f"{len(cases)} cases written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
