"""Medical safety: red flags set a floor, dangerous conditions are never hidden
by benign ones, unsafe advice is withheld with a reason and never also given,
every self-care answer has a safety-net, every report says decision support."""

from __future__ import annotations

import pytest
from conftest import all_case_files, explained

import calfexpert
from calfexpert.knowledge import triage_rank

STRAIN = {"runner": {"age": 30}, "pain": {"side": "left", "location": ["calf_belly"], "onset": "sudden", "started": "during_run",
                                          "quality": ["sharp"]}, "signs": {"tender_muscle": True}}


def _with(case: dict, section: str, **fields) -> dict:
    out = {k: dict(v) for k, v in case.items()}
    out.setdefault(section, {}).update(fields)
    return out


@pytest.mark.parametrize(("section", "fields", "level"), [
    ("signs", {"swelling": "whole_calf"}, "urgent"),  # local swelling is no longer a red flag (issue 12: as specific as §5)
    ("signs", {"warmth": True}, "urgent"),
    ("signs", {"redness": True}, "urgent"),
    ("pain", {"trend": "rapidly_worsening"}, "urgent"),
    ("signs", {"can_bear_weight": False}, "urgent"),
    ("signs", {"chest_pain": True}, "emergency"),
    ("signs", {"short_of_breath": True}, "emergency"),
    ("signs", {"coughing_blood": True}, "emergency"),
    ("signs", {"dark_urine": True}, "emergency"),
    ("signs", {"cold_or_pale_foot": True}, "emergency"),
    ("signs", {"saddle_numbness_or_bladder_change": True}, "emergency"),
    ("signs", {"confusion_or_collapse": True}, "emergency"),
    ("signs", {"tense_compartment": True, "pain_out_of_proportion": True}, "emergency"),
    ("signs", {"fever": True, "spreading_redness": True}, "emergency"),
])
def test_red_flag_sets_a_floor_over_a_benign_strain(section, fields, level) -> None:
    assert calfexpert.explain(STRAIN).triage_level == "self_care"
    result = calfexpert.explain(_with(STRAIN, section, **fields))
    assert triage_rank(result.triage_level) >= triage_rank(level)
    assert result.data["red_flags"], "the red flag is listed"
    assert any(r["kind"] == "red_flag" for r in result.data["triage"]["reasons"]) or result.triage_level != level


def test_dvt_after_a_strain_stays_in_the_differential() -> None:
    """The JOSPT 2011 case: a marathon runner's DVT first labelled a calf strain."""
    case = _with(STRAIN, "signs", swelling="whole_calf", warmth=True)
    case = _with(case, "history", long_travel_hours=9)
    case = _with(case, "pain", days_since_onset=6, trend="worsening")
    result = calfexpert.explain(case)
    assert "dvt" in result.conditions
    assert result.triage_level == "urgent"
    assert "massage" in {w["advice"] for w in result.data["withheld"]}


def test_withheld_advice_is_never_recommended_and_has_a_reason() -> None:
    for path in all_case_files():
        data = explained(path).data
        given = {r["id"] for r in data["recommendations"]}
        withheld = {w["advice"] for w in data["withheld"]}
        assert not (given & withheld), path.name
        for item in data["withheld"]:
            assert item["reasons"] and all(r["reason"] for r in item["reasons"])


def test_every_answer_has_a_safety_net_and_a_disclaimer() -> None:
    for path in all_case_files():
        result = explained(path)
        kinds = {r["kind"] for r in result.data["recommendations"]}
        assert "safety-net" in kinds, path.name
        assert "decision support, not a diagnosis" in result.render("text")
        assert "decision support, not a diagnosis" in result.render("markdown")


@pytest.mark.parametrize(("condition_case", "condition", "unsafe"), [
    ({"signs": {"swelling": "whole_calf", "pitting_edema": True, "tender_along_deep_veins": True}, "pain": {"side": "left"}},
     "dvt", {"massage", "heat", "compression", "run", "load", "stretch", "nsaid"}),
    ({"signs": {"tense_compartment": True, "pain_out_of_proportion": True, "pain_on_passive_stretch": True}},
     "acute_compartment_syndrome", {"stretch", "elevation", "compression", "massage", "wait"}),
    ({"signs": {"tender_bone_spot": True}, "pain": {"hurts_to_hop": True, "at_night": True, "onset": "gradual"}},
     "stress_fracture", {"run", "nsaid"}),
    ({"signs": {"thompson_test_positive": True, "can_heel_raise": False}, "pain": {"location": ["achilles"]}},
     "achilles_rupture", {"stretch", "load", "run"}),
    ({"signs": {"dark_urine": True}, "history": {"unaccustomed_session": True}}, "exertional_rhabdomyolysis", {"nsaid"}),
])
def test_unsafe_actions_are_withheld_for_the_condition(condition_case, condition, unsafe) -> None:
    """Withholding works on actions: each unsafe action is withheld with the condition as a reason, and no
    recommended item involves it, whatever its id."""
    result = calfexpert.explain(condition_case)
    assert condition in result.conditions
    because = {a: {r["because"] for w in result.data["withheld"] for r in w["reasons"] if a in r["actions"]} for a in unsafe}
    for action in unsafe:
        assert condition in because[action], action
    for rec in result.data["recommendations"]:
        assert not set(rec["actions"]) & unsafe, rec["id"]


def test_acute_compartment_syndrome_is_an_emergency_and_keeps_the_leg_at_heart_level() -> None:
    result = calfexpert.explain({"signs": {"tense_compartment": True, "pain_out_of_proportion": True}})
    assert result.triage_level == "emergency"
    assert "compartment_first_aid" in {r["id"] for r in result.data["recommendations"]}
    assert "elevation" not in {r["id"] for r in result.data["recommendations"]}


def test_empty_case_is_not_self_care_but_too_little_information() -> None:
    """Issue 12: an empty case used to be self-care with "no red flag found"; too little is known to say so."""
    result = calfexpert.explain({})
    assert result.triage_level == "see_doctor"
    assert result.data["triage"]["reasons"][0]["rule"] == "triage.insufficient_information"
    assert result.data["information"]["sufficient"] is False
    assert "safety_net_waiting" in {r["id"] for r in result.data["recommendations"]}


def test_notes_are_never_interpreted_and_are_made_safe_in_reports() -> None:
    result = calfexpert.explain({"notes": "chest pain \x1b[31m<script>alert(1)</script>", "pain": {"side": "left"}})
    # The notes say "chest pain", but notes are never read: the level is the one for too little information.
    assert result.triage_level == "see_doctor"
    assert result.data["red_flags"] == []
    text = result.render("text")
    assert "\x1b" not in text and "\\x1b" in text
    assert "<script>" not in result.render("markdown")
