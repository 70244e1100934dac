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
from calfexpert.coverage import CoverageReport, generated_cases, generation_batches, run_coverage
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


# ``calfexpert coverage --examples 1000`` with no case folder, at its default seed (0), drawn in five parts: the
# presentations of the conditions in four groups, then the cases drawn from the schema (each part a few seconds).
CLI_BATCHES = generation_batches(1000, seed=0)
CLI_PARTS = [CLI_BATCHES[:-1][group::4] for group in range(4)] + [CLI_BATCHES[-1:]]


@cache
def _cli_part(part: int) -> tuple[list[dict], CoverageReport]:
    cases = [case for draw in CLI_PARTS[part] for case in draw()]
    return cases, run_coverage(cases, jobs=1)


@pytest.mark.slow
@pytest.mark.parametrize("part", range(4))
def test_each_presentation_of_the_coverage_run_suspects_its_condition(part: int) -> None:
    conditions = sorted(CONDITIONS)[part::4]
    cases, report = _cli_part(part)
    assert len(cases) >= 500 // len(CONDITIONS) * len(conditions)
    assert all(report.suspected[condition] > 0 for condition in conditions), dict(report.suspected)


@pytest.mark.slow
def test_the_schema_drawn_part_of_the_coverage_run_reaches_every_triage_level() -> None:
    cases, report = _cli_part(len(CLI_PARTS) - 1)
    assert len(cases) == 500
    assert all(report.triage[level] > 0 for level in ("self_care", "see_doctor", "urgent", "emergency")), dict(report.triage)


@pytest.mark.slow
def test_every_rule_fires_on_the_shaped_strategies_alone() -> None:
    """``calfexpert coverage --examples 1000`` with no case folder (its default seed, 0) fires every rule: the
    presentations reach every rule, the awkward ones included, without any example case. (The five parts above
    and here are exactly the CLI's 1000 cases: the parts draw them as the CLI does, batch by batch.)"""
    parts = [_cli_part(part) for part in range(len(CLI_PARTS))]
    assert sum(len(cases) for cases, _ in parts) == 1000
    fired = sum((report.fired for _, report in parts), Counter())
    suspected = sum((report.suspected for _, report in parts), Counter())
    triage = sum((report.triage for _, report in parts), Counter())
    never = [rule for rule in REGISTRY.specs if fired[rule] == 0]
    assert never == [], "a rule no presentation reaches: add a finding or a group to its presentation"
    assert all(suspected[condition] > 0 for condition in CONDITIONS)
    assert all(triage[level] > 0 for level in ("self_care", "see_doctor", "urgent", "emergency"))


def test_generation_batches_are_the_generated_cases() -> None:
    assert [case for draw in generation_batches(60, seed=4) for case in draw()] == generated_cases(60, seed=4)


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
