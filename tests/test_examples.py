"""Every example case gives its expected triage and top diagnosis, and every
output validates against the explanation schema."""

from __future__ import annotations

import json

import pytest
from conftest import EXPECTED, FACTS, all_case_files, explained, manifest_cases

from calfexpert.knowledge import triage_rank
from calfexpert.schemas import validator

EXAMPLES = [(p, e) for p, e in manifest_cases() if p.parent.name == "examples"]


def test_every_case_file_has_an_expectation() -> None:
    listed = {p for p, _ in manifest_cases()}
    missing = [str(p.relative_to(FACTS)) for p in all_case_files() if p not in listed]
    assert not missing, f"case files without an entry in benchmarks/expected/: {missing}"


def test_every_expectation_has_a_case_file() -> None:
    assert all(p.exists() for p, _ in manifest_cases())


@pytest.mark.parametrize(("path", "expected"), EXAMPLES, ids=[p.name for p, _ in EXAMPLES])
def test_example(path, expected) -> None:
    result = explained(path)
    assert result.triage_level == expected["triage"], result.data["triage"]["reasons"]
    assert result.top_diagnosis in expected["top"], result.conditions
    for condition in expected["never_miss"]:
        assert condition in result.conditions


@pytest.mark.parametrize("path", all_case_files(), ids=[p.name for p in all_case_files()])
def test_output_validates_against_schema(path) -> None:
    document = json.loads(explained(path).json)
    errors = list(validator("explanation").iter_errors(document))
    assert errors == []


def test_no_emergency_or_urgent_case_is_under_triaged() -> None:
    under = []
    for path, expected in manifest_cases():
        if expected["triage"] in ("emergency", "urgent"):
            got = explained(path).triage_level
            if triage_rank(got) < triage_rank(expected["triage"]):
                under.append((path.name, expected["triage"], got))
    assert under == []


def test_every_seed_cause_has_an_example() -> None:
    expected = json.loads((EXPECTED / "examples.json").read_text("utf-8"))
    sources = " ".join(e["source"] for e in expected.values())
    for cause in ("strain", "tears", "cramps", "footwear", "running mechanics", "lower back", "glutes or hamstrings",
                  "previous injury", "stress fractures", "deep vein thrombosis", "compartment syndrome"):
        assert cause in sources, cause
