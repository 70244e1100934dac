"""calfexpert.strategies and calfexpert coverage: generated cases are valid, shaped cases
reach their condition, and every rule fires on the shaped strategies alone."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import budget
from hypothesis import HealthCheck, given, settings

import calfexpert
from calfexpert.case import check_case
from calfexpert.cli import main
from calfexpert.coverage import generated_cases, run_coverage
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


@pytest.mark.slow
def test_every_rule_fires_on_the_shaped_strategies_alone() -> None:
    """``calfexpert coverage --examples 1000`` with no case folder (its default seed, 0) fires every rule: the
    presentations reach every rule, the awkward ones included, without any example case."""
    report = run_coverage(generated_cases(1000, seed=0), jobs=1)
    assert report.never_fired == [], "a rule no presentation reaches: add a finding or a group to its presentation"
    assert set(report.as_dict()["conditions_never_suspected"]) == set()
    assert all(report.triage[level] > 0 for level in ("self_care", "see_doctor", "urgent", "emergency"))


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
