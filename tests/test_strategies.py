"""calfexpert.strategies and calfexpert coverage: generated cases are valid, shaped cases
reach their condition, and every rule fires on the shaped strategies alone."""

from __future__ import annotations

import json
from collections import Counter
from functools import cache

import pytest
from click.testing import CliRunner
from conftest import budget
from hypothesis import HealthCheck, given, settings

import calfexpert
from calfexpert.case import check_case
from calfexpert.cli import main
from calfexpert.coverage import SCHEMA_BATCH, CoverageReport, generated_cases, generation_batches, run_coverage
from calfexpert.knowledge import CONDITIONS
from calfexpert.knowledge.presentations import PRESENTATIONS
from calfexpert.rules import REGISTRY
from calfexpert.strategies import _nest, cases, presentations

QUICK = settings(max_examples=budget(25), deadline=None, suppress_health_check=[HealthCheck.too_slow])


@settings(max_examples=budget(200), deadline=None)
@given(cases())
def test_generated_cases_always_validate(case) -> None:
    check_case(case)


@QUICK
@given(presentations())
def test_presentations_always_validate(case) -> None:
    check_case(case)


@pytest.mark.parametrize("condition", sorted(CONDITIONS))
def test_each_presentation_suspects_its_condition(condition: str) -> None:
    """The full textbook picture (core and every often-present finding) puts the condition in the differential, and
    so do at least 75% of the pictures made of the core plus one often-present finding (and the core alone).

    The pictures are enumerated, not drawn at random, so the count is the same on every run."""
    shape = PRESENTATIONS[condition]
    full = _nest({**shape.core, **shape.optional})
    assert condition in calfexpert.explain(full).conditions, f"{condition}: the full textbook picture is not suspected"
    pictures = [dict(shape.core)] + [{**shape.core, path: value} for path, value in sorted(shape.optional.items())]
    missed = [sorted(set(p) - set(shape.core)) for p in pictures if condition not in calfexpert.explain(_nest(p)).conditions]
    assert len(missed) <= 0.25 * len(pictures), f"{condition}: not suspected with core + {missed}"


def test_unknown_condition_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown condition"):
        presentations("gout")


# ``calfexpert coverage --examples 1000`` with no case folder, at its default seed (0), in parts of a few seconds even
# on the slowest Python: the presentations of the conditions in four groups, then the half drawn from the schema,
# batch by batch (each part drawn and fired on its own).
CLI_BATCHES = generation_batches(1000, seed=0)
PRESENTED = len(CONDITIONS)
CLI_PARTS = [CLI_BATCHES[:PRESENTED][group::4] for group in range(4)] + [[draw] for draw in CLI_BATCHES[PRESENTED:]]


@cache
def _cli_report(part: int) -> CoverageReport:
    return run_coverage([case for draw in CLI_PARTS[part] for case in draw()], jobs=1)


@pytest.mark.slow
@pytest.mark.parametrize("group", range(4))
def test_each_presentation_of_the_coverage_run_suspects_its_condition(group: int) -> None:
    conditions = sorted(CONDITIONS)[group::4]
    report = _cli_report(group)
    assert report.cases >= 500 // len(CONDITIONS) * len(conditions)
    assert all(report.suspected[condition] > 0 for condition in conditions), dict(report.suspected)


@pytest.mark.slow
@pytest.mark.parametrize("batch", range(len(CLI_PARTS) - 4))
def test_each_schema_drawn_batch_of_the_coverage_run_gets_varied_answers(batch: int) -> None:
    report = _cli_report(4 + batch)
    assert report.cases == SCHEMA_BATCH
    assert sum(report.triage.values()) == SCHEMA_BATCH and len(report.triage) >= 3, dict(report.triage)


@pytest.mark.slow
def test_every_rule_fires_on_the_shaped_strategies_alone() -> None:
    """``calfexpert coverage --examples 1000`` with no case folder (its default seed, 0) fires every rule: the
    presentations reach every rule, the awkward ones included, without any example case. (The parts above and here
    are exactly the CLI's 1000 cases: they are drawn as the CLI draws them, batch by batch.)"""
    reports = [_cli_report(part) for part in range(len(CLI_PARTS))]
    assert sum(report.cases for report in reports) == 1000
    fired = sum((report.fired for report in reports), Counter())
    suspected = sum((report.suspected for report in reports), Counter())
    triage = sum((report.triage for report in reports), Counter())
    never = [rule for rule in REGISTRY.specs if fired[rule] == 0]
    assert never == [], "a rule no presentation reaches: add a finding or a group to its presentation"
    assert all(suspected[condition] > 0 for condition in CONDITIONS)
    assert all(triage[level] > 0 for level in ("self_care", "see_doctor", "urgent", "emergency"))


def test_generation_batches_are_the_generated_cases() -> None:
    assert [case for draw in generation_batches(60, seed=4) for case in draw()] == generated_cases(60, seed=4)
    batches = generation_batches(1000, seed=0)
    assert len(batches) == len(CONDITIONS) + 500 // SCHEMA_BATCH  # the schema half is drawn in batches


def test_coverage_counts_do_not_depend_on_where_the_batches_are_drawn(root) -> None:
    """A coverage run draws each batch in the process that fires it: one process or two, or drawing first and firing
    the drawn cases, gives the same counts (Hypothesis mixes constants of loaded project modules into some draws, so a
    worker must draw with the modules this process would)."""
    count = 2 * len(CONDITIONS) + 4  # a batch of every condition's presentations, and one drawn from the schema
    draws = generation_batches(count, seed=3)
    examples = [calfexpert.load_case(path) for path in sorted((root / "facts" / "examples").glob("*.json"))[:3]]

    def counts(report: CoverageReport) -> dict:
        return {k: v for k, v in report.as_dict().items() if k != "seconds"}

    drawn_first = counts(run_coverage([*generated_cases(count, seed=3), *examples], examples=len(examples), jobs=1))
    assert counts(run_coverage(examples, examples=len(examples), jobs=1, draws=draws)) == drawn_first
    assert counts(run_coverage(examples, examples=len(examples), jobs=2, draws=draws)) == drawn_first
    assert drawn_first["cases"] == count + 3 and drawn_first["generated"] == count


def test_generation_is_reproducible() -> None:
    assert generated_cases(30, seed=5) == generated_cases(30, seed=5)


def test_coverage_command_reports_and_sets_exit_status(tmp_path) -> None:
    runner = CliRunner()
    small = runner.invoke(main, ["coverage", "--examples", "20", "--facts", str(tmp_path), "--jobs", "1", "--format", "json"])
    report = json.loads(small.output)
    assert report["cases"] == 20 and report["examples"] == 0
    assert report["never_fired"], "20 cases cannot reach every rule"
    assert small.exit_code == 1
    assert set(report["fired"]) == set(REGISTRY.specs)
    text = runner.invoke(main, ["coverage", "--examples", "20", "--facts", str(tmp_path), "--jobs", "1"])
    assert "rules fired:" in text.output and "never fired:" in text.output
