"""Rule coverage: run the rules over generated and example cases and report, for every
rule, how often it fired; which rules never fired; which conditions and triage levels were
reached; and how long it took.  Uses only the library API (``calfexpert.api.fire``).
"""

from __future__ import annotations

import functools
import itertools
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._workers import chunks, run_in_order, worker_signals
from .api import fire
from .case import load_case
from .errors import InvalidCaseError
from .knowledge import CONDITIONS, TRIAGE_LEVELS
from .rules import MODULES, REGISTRY


def generated_cases(count: int, seed: int) -> list[dict[str, Any]]:
    """``count`` valid cases: half clinically shaped presentations (every condition in turn), half drawn from the schema."""
    return list(iter_generated_cases(count, seed))


def iter_generated_cases(count: int, seed: int) -> Iterator[dict[str, Any]]:
    """The cases of :func:`generated_cases`, in the same order, yielded batch by batch as they are drawn
    (so that a coverage run can fire rules on the first ones while the next are drawn)."""
    for draw in generation_batches(count, seed):
        yield from draw()


SCHEMA_BATCH = 125
"""Cases drawn from the schema in one batch (each batch with a seed of its own, derived from the run's)."""


def generation_batches(count: int, seed: int) -> list[Callable[[], list[dict[str, Any]]]]:
    """The draws :func:`generated_cases` makes, in order: one per condition (``count // 2`` clinically shaped
    presentations in all, every condition in turn), then the rest drawn from the schema, :data:`SCHEMA_BATCH` at a
    time. Each is a function that draws its batch; a batch does not depend on the others, so they can be drawn apart
    (a test, or a process, can take a share of the work)."""
    conditions = sorted(CONDITIONS)
    shaped = count // 2
    sizes = [shaped // len(conditions) + (1 if index < shaped % len(conditions) else 0) for index in range(len(conditions))]
    batches = [functools.partial(_draw, seed, "presentation", condition, n) for condition, n in zip(conditions, sizes, strict=True)]
    rest = count - shaped
    for k, start in enumerate(range(0, rest, SCHEMA_BATCH)):
        batches.append(functools.partial(_draw, seed * 1009 + k, "schema", "", min(SCHEMA_BATCH, rest - start)))
    return batches


def _draw(seed: int, kind: str, condition: str, n: int) -> list[dict[str, Any]]:
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed

    from .strategies import cases, presentations

    out: list[dict[str, Any]] = []
    if n <= 0:
        return out

    @hypothesis_seed(seed)
    @settings(max_examples=n, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(presentations(condition) if kind == "presentation" else cases())
    def draw(case: dict[str, Any]) -> None:
        out.append(case)

    draw()
    return out[:n]


def example_cases(folder: Path) -> list[tuple[str, dict[str, Any]]]:
    """Every valid case file under ``folder``."""
    out = []
    for path in sorted(folder.rglob("*")):
        if path.suffix in (".json", ".yaml", ".yml"):
            try:
                out.append((str(path), load_case(path)))
            except InvalidCaseError:
                continue
    return out


Draw = Callable[[], list[dict[str, Any]]]
"""A function that draws a batch of cases (one of :func:`generation_batches`)."""

Tally = tuple[int, Counter[str], Counter[str], Counter[str]]
"""What firing the rules on some cases counted: the cases, and the rules fired, triage levels and conditions suspected."""


def _tally(cases: Iterable[dict[str, Any]]) -> Tally:
    count, fired, triage, suspected = 0, Counter[str](), Counter[str](), Counter[str]()
    for case in cases:
        outcome = fire(case)
        fired.update(outcome.rules)
        triage[outcome.triage_level] += 1
        suspected.update(outcome.suspected)
        count += 1
    return count, fired, triage, suspected


def _draw_and_tally(draw: Draw) -> Tally:
    """Draw a batch and fire the rules on it, in one process (a batch costs more to draw than to fire)."""
    return _tally(draw())


@dataclass
class CoverageReport:
    cases: int
    generated: int
    examples: int
    seconds: float
    fired: Counter[str] = field(default_factory=Counter)
    triage: Counter[str] = field(default_factory=Counter)
    suspected: Counter[str] = field(default_factory=Counter)

    @property
    def never_fired(self) -> list[str]:
        return [rule for rule in REGISTRY.specs if self.fired[rule] == 0]

    @property
    def rule_coverage(self) -> float:
        return 1 - len(self.never_fired) / len(REGISTRY.specs)

    def as_dict(self) -> dict[str, Any]:
        return {
            "cases": self.cases, "generated": self.generated, "examples": self.examples, "seconds": round(self.seconds, 2),
            "rules": len(REGISTRY.specs), "rules_fired": len(REGISTRY.specs) - len(self.never_fired),
            "rule_coverage": round(self.rule_coverage, 4), "never_fired": self.never_fired,
            "fired": {rule: self.fired[rule] for rule in REGISTRY.specs},
            "triage_levels": {t.id: self.triage[t.id] for t in TRIAGE_LEVELS},
            "conditions_suspected": {c: self.suspected[c] for c in CONDITIONS},
            "conditions_never_suspected": [c for c in CONDITIONS if self.suspected[c] == 0],
        }

    def as_text(self) -> str:
        lines = [f"{self.cases} cases ({self.generated} generated, {self.examples} examples) in {self.seconds:.1f} s",
                 f"rules fired: {len(REGISTRY.specs) - len(self.never_fired)} of {len(REGISTRY.specs)} "
                 f"({self.rule_coverage:.1%})"]
        if self.never_fired:
            lines.append("never fired: " + ", ".join(self.never_fired))
        lines.append("triage levels: " + ", ".join(f"{t.id} {self.triage[t.id]}" for t in TRIAGE_LEVELS))
        lines.append("conditions suspected: " + ", ".join(f"{c} {self.suspected[c]}" for c in CONDITIONS))
        never = [c for c in CONDITIONS if self.suspected[c] == 0]
        if never:
            lines.append("conditions never suspected: " + ", ".join(never))
        lines.append("")
        for module in MODULES:
            lines.append(f"{module}:")
            for spec in REGISTRY.specs.values():
                if spec.module == module:
                    lines.append(f"  {self.fired[spec.id]:>7}  {spec.id}")
        return "\n".join(lines) + "\n"


def run_coverage(cases: Iterable[dict[str, Any]] = (), examples: int = 0, jobs: int = 1,
                 progress: Callable[[int], None] | None = None, draws: Sequence[Draw] = ()) -> CoverageReport:
    """Fire the rules on every case that ``draws`` draw (see :func:`generation_batches`) and on every case of
    ``cases`` (of which the last ``examples`` are example cases), in ``jobs`` processes, and count.

    With ``jobs`` > 1 each draw is made by the process that fires its cases, so drawing, which costs more than
    firing, is shared between the processes too; ``cases`` (which may be a generator) are sent in chunks. The
    counts do not depend on ``jobs``: a batch draws the same cases wherever it is drawn (a test checks it).
    ``progress`` is called with the number of cases counted, a batch or chunk at a time."""
    start = time.perf_counter()
    report = CoverageReport(cases=0, generated=0, examples=examples, seconds=0.0)

    def account(tally: Tally) -> None:
        count, fired, triage, suspected = tally
        report.cases += count
        report.fired.update(fired)
        report.triage.update(triage)
        report.suspected.update(suspected)
        if progress:
            progress(count)

    if draws:
        _prepare_drawing()
    # each batch is drawn where it is fired; a few in flight, so Ctrl-C or SIGTERM stops the run at once
    calls = itertools.chain(((_draw_and_tally, (draw,)) for draw in draws), ((_tally, (part,)) for part in chunks(cases, 50)))
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=worker_signals) if jobs > 1 else None
    run_in_order(pool, calls, jobs * 3, account)
    report.generated = report.cases - examples
    report.seconds = time.perf_counter() - start
    return report


def _prepare_drawing() -> None:
    """Import what drawing uses before any worker starts, so a worker (forked from this process) draws with the modules
    this process would draw with: Hypothesis mixes constants of the project's own loaded modules into some draws."""
    import hypothesis  # noqa: F401

    from . import strategies  # noqa: F401


def default_jobs() -> int:
    return max(1, min(4, os.cpu_count() or 1))
