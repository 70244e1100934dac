"""The clinical safety review (issue 18) and issue 12's never-miss mimics and new case fields, case by case.

Each finding's case (tests/review_cases.py) is explained and checked for its expected triage and
differential, the red flags it must (or must not) raise, and the rules that make the point.  Each
new case field is checked to be optional, read by the rules it exists for, and asked in the interview.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from review_cases import FIELD_CASES, FINDINGS

import calfexpert
from calfexpert.case import check_case
from calfexpert.interview import FIELDS, Interview, make_question
from calfexpert.knowledge import RED_FLAGS, SOURCES, THRESHOLDS
from calfexpert.knowledge.questions import CHECKLISTS
from calfexpert.rules import REGISTRY
from calfexpert.strategies import cases


def _fired(result: calfexpert.Explanation) -> set[str]:
    return {f["rule"] for f in result.data["trace"]}


@pytest.mark.parametrize("name", sorted(FINDINGS))
def test_review_finding(name: str) -> None:
    finding = FINDINGS[name]
    result = calfexpert.explain(finding["case"])
    conditions = result.conditions
    why = f"{name}: {finding['why']} (got {result.triage_level}, {conditions})"
    if "triage" in finding:
        assert result.triage_level == finding["triage"], why
    for condition in finding.get("top3", ()):
        assert condition in conditions[:3], why
    if "top1" in finding:
        assert conditions[:1] == [finding["top1"]], why
    for condition in finding.get("listed", ()):
        assert condition in conditions, why
    for condition in finding.get("not_listed", ()):
        assert condition not in conditions, why
    suspected = {d["condition"] for d in result.data["diagnoses"] if d["suspected"]}
    for condition in finding.get("not_suspected", ()):
        assert condition not in suspected, why
    flags = {f["flag"] for f in result.data["red_flags"]}
    assert set(finding.get("flags", ())) <= flags, why
    assert not set(finding.get("no_flags", ())) & flags, why
    given = {r["id"] for r in result.data["recommendations"]}
    assert set(finding.get("advised", ())) <= given, why
    assert not set(finding.get("not_advised", ())) & given, why
    assert set(finding.get("withheld", ())) <= {w["advice"] for w in result.data["withheld"]}, why
    fired = _fired(result)
    assert set(finding.get("fires", ())) <= fired, why
    assert not set(finding.get("not_fires", ())) & fired, why


def test_a_negative_thompson_never_takes_a_snap_with_a_sign_below_the_never_miss_threshold() -> None:
    base = FINDINGS["achilles_gap_with_negative_thompson"]["case"]
    for sign_ in ({"palpable_gap": True}, {"foot_weakness": True}, {"matles_test_positive": True}, {"can_heel_raise": False}):
        case = copy.deepcopy(base)
        case["signs"] = {"thompson_test_positive": False, **sign_}
        result = calfexpert.explain(case)
        rupture = next(d for d in result.data["diagnoses"] if d["condition"] == "achilles_rupture")
        assert rupture["suspected"], sign_
        assert result.triage_level in ("urgent", "emergency"), sign_


@pytest.mark.parametrize(("vitals", "sign_", "present"), [
    ({"temperature_c": 37.9}, "signs.febrile", False), ({"temperature_c": 38.0}, "signs.febrile", True),
    ({"heart_rate_bpm": 100}, "signs.fast_heart_rate", False), ({"heart_rate_bpm": 101}, "signs.fast_heart_rate", True),
    ({"breathing_rate_per_min": 20}, "signs.fast_breathing", False), ({"breathing_rate_per_min": 21}, "signs.fast_breathing", True),
    ({"oxygen_saturation_pct": 94}, "signs.low_oxygen", False), ({"oxygen_saturation_pct": 93}, "signs.low_oxygen", True),
])
def test_vital_sign_thresholds_are_the_brief_and_guideline_ones(vitals: dict, sign_: str, present: bool) -> None:
    assert (sign_ in _fired(calfexpert.explain({"vitals": vitals}))) is present


def test_thresholds_table_is_what_the_rules_use() -> None:
    assert THRESHOLDS["fever"].value == 38.0
    for threshold in THRESHOLDS.values():
        assert threshold.field in FIELDS and threshold.meaning and threshold.sources
        assert all(s in SOURCES for s in threshold.sources)


# --- The new case fields (issue 12). --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(FIELD_CASES))
def test_new_field_is_optional_and_read_by_its_rules(path: str) -> None:
    entry = FIELD_CASES[path]
    assert path in FIELDS
    assert "null" in FIELDS[path]["type"], "every new field is optional and may be null"
    case = check_case(entry["case"])
    fired = _fired(calfexpert.explain(case))
    assert set(entry["fires"]) <= fired, path
    section, name = path.split(".")
    without = copy.deepcopy(entry["case"])
    del without[section][name]
    fired_without = _fired(calfexpert.explain(without))
    assert not any(r in fired_without for r in entry["fires"] if path in REGISTRY.reads(REGISTRY.specs[r])), path


@pytest.mark.parametrize("path", sorted(FIELD_CASES))
def test_new_field_is_asked_in_the_interview(path: str) -> None:
    question = make_question(path)
    assert question.text.endswith("?") and question.answers()
    if question.kind in ("integer", "number"):
        assert question.unit, path
    entry = FIELD_CASES[path]
    section, name = path.split(".")
    partial = copy.deepcopy(entry["case"])
    del partial[section][name]
    if not partial[section]:
        del partial[section]
    asked = set(next(c for c in CHECKLISTS if c.id == "emergency_signs").paths)  # asked of everyone
    asked |= {p for change in Interview(partial).changes() for p in change["findings"]}
    assert path in asked, f"{path} is never asked when it could change the answer"


def test_unknown_new_field_is_not_treated_as_no() -> None:
    """Omitting the new fields leaves the old answer: existing case files keep their meaning."""
    for path in sorted(Path(__file__).resolve().parent.parent.glob("facts/examples/*.json")):
        data = json.loads(path.read_text("utf-8"))
        assert check_case(data) is not None


def test_new_field_type_errors_are_reported_by_path() -> None:
    from calfexpert.errors import InvalidCaseError

    with pytest.raises(InvalidCaseError) as info:
        check_case({"vitals": {"temperature_c": 60}})
    assert "vitals.temperature_c" in str(info.value) or "temperature_c" in str(info.value)


# --- Sources: primary publishers, cited per rule. ---------------------------------------------------------------------


@pytest.mark.parametrize(("rule_id", "source"), [
    ("triage.red_flag_compartment", "boast.10"), ("tendon.rupture_aaos_two_criteria", "aaos.achilles_2009"),
    ("tendon.rupture_thompson_positive", "maffulli.1998"), ("scores.d_dimer_negative_wells_unlikely", "nice.ng158"),
    ("triage.red_flag_severe_infection", "nice.ng141"), ("triage.red_flag_cauda_equina", "girft.cauda_equina"),
    ("vascular.pad_incompressible_abi", "aha.abi_2012"), ("vascular.pad_low_abi", "nice.cg147"),
    ("tendon.tendinopathy_gradual_achilles", "jospt.achilles_2018"),
])
def test_rules_cite_the_primary_guideline(rule_id: str, source: str) -> None:
    assert source in REGISTRY.specs[rule_id].sources
    assert any(ch.isdigit() for ch in SOURCES[source].title), "a guideline source names its version or date"


def test_cannot_bear_weight_is_not_cited_to_a_pulmonary_embolism_page() -> None:
    for sid in (*REGISTRY.specs["triage.red_flag_cannot_bear_weight"].sources, *RED_FLAGS["cannot_bear_weight"].sources):
        assert not any("embolism" in url for url in SOURCES[sid].urls), sid


# --- Properties over generated cases (they hold for every draw). ------------------------------------------------------

_EARLY_ACS_SIGNS = st.sampled_from([("tense_compartment", True), ("pain_on_passive_stretch", True)])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), _EARLY_ACS_SIGNS)
def test_any_one_early_compartment_sign_is_an_emergency_whatever_else(case, sign_) -> None:
    field, value = sign_
    flagged = {**case, "signs": {**(case.get("signs") or {}), field: value}}
    result = calfexpert.explain(flagged)
    assert result.triage_level == "emergency"
    assert "acute_compartment_syndrome" in result.conditions


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(sections=("runner", "pain", "history", "vitals")))
def test_a_d_dimer_never_excludes_dvt_without_the_leg_examined(case) -> None:
    """With no examination findings, 'Wells unlikely' is a partial score: a negative D-dimer never counts against DVT."""
    case = {**case, "measurements": {"d_dimer": "negative"}}
    fired = _fired(calfexpert.explain(case))
    assert "scores.d_dimer_negative_wells_unlikely" not in fired
