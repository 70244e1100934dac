"""Advice never contradicts itself (issue 12): advice carries the actions it involves, withholding works on
actions (no wording brings a withheld action back), danger signs withhold on their own, a suspected pulmonary
embolism brings every DVT withhold (issue 18.3), and the triage level shapes the plan."""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import FACTS, budget
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import calfexpert
from calfexpert.coverage import generated_cases
from calfexpert.knowledge import ADVICE, DANGER_SIGNS, TRIAGE_ADVICE, withheld_actions
from calfexpert.strategies import presentations

NOT_ABOUT_RUNNING = {"stop_running", "achilles_first_aid", "rhabdo_first_aid", "rest", "physical_therapy", "cross_training",
                     "see_doctor_if_persistent", "strengthening", "heel_drops", "back_assessment", "active_recovery", "stretching"}
"""Advice whose text names running only to stop it or as the setting (\"makes walking or running difficult\")."""
NEGATED = {("compartment_first_aid", "compression")}
"""Advice that names an action only to undo it ("take off compression socks")."""
DVT_ACTIONS = {"massage", "heat", "compression", "run", "load", "nsaid", "stretch"}


def recommended(result: calfexpert.Explanation) -> list[str]:
    return [r["id"] for r in result.data["recommendations"]]


def involved(result: calfexpert.Explanation) -> set[str]:
    """Every action some recommended item involves (from the knowledge table, not from the report)."""
    return {a for aid in recommended(result) for a in ADVICE[aid].involves}


def unsafe_here(doc: dict[str, Any]) -> set[str]:
    """The actions unsafe in a report, from the knowledge tables: suspected conditions (and what they imply),
    red flags, the triage level, and whatever the report itself withheld."""
    out = {a for w in doc["withheld"] for a in w["actions"]}
    out |= {a for dx in doc["diagnoses"] if dx["suspected"] for a in withheld_actions(dx["condition"])}
    out |= {a for f in doc["red_flags"] for t in DANGER_SIGNS.get(f["flag"], ()) for a in withheld_actions(t)}
    return out | set(withheld_actions(doc["triage"]["level"]))


def reasons_by_action(result: calfexpert.Explanation) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for w in result.data["withheld"]:
        for r in w["reasons"]:
            for a in r["actions"]:
                out.setdefault(a, set()).add(r["because"])
    return out


# --- The cases of issue 12. --------------------------------------------------------------------------


def test_cramp_release_is_not_given_beside_a_positive_dvt_scan() -> None:
    result = calfexpert.explain({"pain": {"involuntary_spasm": True}, "measurements": {"dvt_ultrasound": "positive"}})
    assert result.triage_level == "urgent" and result.top_diagnosis == "dvt"
    assert not involved(result) & DVT_ACTIONS
    held = {w["advice"]: w for w in result.data["withheld"]}
    assert "cramp_release" in held and "stretch" in held["cramp_release"]["actions"]
    assert "dvt" in {r["because"] for r in held["cramp_release"]["reasons"]}


def test_suspected_pe_shows_first_aid_and_the_referral_only_and_every_dvt_withhold() -> None:
    result = calfexpert.explain({"signs": {"coughing_blood": True, "tender_muscle": True}})
    assert result.triage_level == "emergency"
    ids = recommended(result)
    assert ids[0] == "go_emergency"
    assert all(ADVICE[a].now for a in ids), ids
    for aid in ("physical_therapy", "see_doctor_if_persistent", "stretching", "heat", "rest", "elevation", "compression",
                "nsaids", "massage", "pain_guided_running"):
        assert aid not in ids
    reasons = reasons_by_action(result)
    for action in DVT_ACTIONS:
        assert {"pulmonary_embolism", "pe_symptoms"} & reasons[action], action
    assert "wait" in reasons and "rehab" in reasons


def test_pe_suspected_alone_brings_every_dvt_withhold() -> None:
    assert DVT_ACTIONS <= set(withheld_actions("pulmonary_embolism"))


@pytest.mark.parametrize("case", [
    {"signs": {"swelling": "entire_leg", "tender_muscle": True}},
    {"pain": {"side": "left"}, "signs": {"pitting_edema": True}},
    {"pain": {"side": "right", "location": ["calf_belly"]}, "signs": {"tender_along_deep_veins": True}},
])
def test_dvt_signs_withhold_even_without_dvt_in_the_differential(case) -> None:
    result = calfexpert.explain(case)
    assert not involved(result) & {"massage", "heat", "stretch", "compression"}
    reasons = reasons_by_action(result)
    assert "massage" in reasons and reasons["massage"] & {"dvt", "dvt_signs"}


def test_dvt_like_swelling_in_both_legs_does_not_bring_the_clot_withholds_by_itself() -> None:
    result = calfexpert.explain({"pain": {"side": "both"}, "signs": {"pitting_edema": True}})
    assert "dvt_signs" not in {r["because"] for w in result.data["withheld"] for r in w["reasons"]}


@pytest.mark.parametrize("signs", [
    {"tense_compartment": True},
    {"pain_on_passive_stretch": True},
    {"pain_out_of_proportion": True},
])
def test_one_compartment_sign_alone_withholds_elevation_compression_and_stretching(signs) -> None:
    """Brief §5: any one sign of acute compartment syndrome is a danger sign, whatever the red-flag rule decides."""
    pain = {"side": "right", "location": ["calf_belly"], "onset": "sudden", "started": "after_run", "persists_at_rest": True,
            "severity": 8}
    result = calfexpert.explain({"pain": pain, "signs": {**signs, "swelling": "local"}})
    assert not involved(result) & {"elevation", "compression", "stretch", "massage", "wait"}, recommended(result)
    reasons = reasons_by_action(result)
    assert reasons["elevation"] & {"compartment_danger_signs", "compartment_signs", "acute_compartment_syndrome"}
    assert not involved(result) & unsafe_here(result.data)


def test_acs_after_a_tear_leads_with_what_to_do_now() -> None:
    result = calfexpert.explain(FACTS / "vignettes" / "acs_after_calf_tear_bleed.json")
    assert result.triage_level == "emergency"
    ids = recommended(result)
    assert ids[0] == "go_emergency"
    assert "compartment_first_aid" in ids
    for aid in ("physical_therapy", "see_doctor_if_persistent", "rest", "elevation", "compression"):
        assert aid not in ids
    assert not involved(result) & {"wait", "rehab", "elevation", "compression"}


def test_no_cross_training_while_training_is_stopped_for_a_possible_clot() -> None:
    result = calfexpert.explain(FACTS / "vignettes" / "dvt_after_long_haul_flight.json")
    assert "dvt" in result.conditions
    assert "cross_training" not in recommended(result)
    # Exertion ("load", which cross-training involves) is withheld because of the clot. (This asserted that
    # cross-training itself was listed as withheld, which held only while a stress fracture was over-called here and
    # proposed it; issue 18 'Wrong': gradual worsening pain alone no longer suspects a stress fracture.)
    assert "dvt" in reasons_by_action(result)["load"]
    assert not involved(result) & DVT_ACTIONS


def test_quick_start_strain_gives_no_stretching_under_any_name() -> None:
    result = calfexpert.explain(FACTS / "examples" / "calf_strain.json")
    assert "stretch" in reasons_by_action(result)
    assert "stretch" not in involved(result)
    assert {"warm_up", "regular_strength_stretch"} <= {w["advice"] for w in result.data["withheld"]}
    assert "safety_net_self_care" in recommended(result)


def test_a_cramp_is_released_by_stretching_but_a_strain_is_not_stretched_in_its_first_days() -> None:
    cramp = calfexpert.explain(FACTS / "examples" / "muscle_cramp.json")
    assert cramp.top_diagnosis == "muscle_cramp"
    assert "cramp_release" in recommended(cramp) and "stretch" not in reasons_by_action(cramp)
    strain = calfexpert.explain(FACTS / "examples" / "calf_strain.json")
    assert "first_days_of_injury" in reasons_by_action(strain)["stretch"]
    both = calfexpert.explain({"pain": {"side": "left", "location": ["inner_calf"], "onset": "sudden", "started": "during_run",
                                        "involuntary_spasm": True, "pop_or_kick_sensation": True, "days_since_onset": 1},
                               "signs": {"tender_muscle": True}})
    if "calf_strain" in both.conditions:
        assert "stretch" not in involved(both)


def test_every_advice_text_that_names_a_stretch_massage_or_heat_is_tagged_with_it() -> None:
    """The tags are honest: a text that tells you to stretch, massage or heat carries that action."""
    words = {"stretch": "stretch", "massage": "massage", "heat": "heat", "ibuprofen": "nsaid", "ice": "cold",
             "compression": "compression", "elevat": "elevation", "does not go away": "wait", "running": "run",
             "calf raises": "load", "heel drops": "load", "cycling": "load"}
    for advice in ADVICE.values():
        if advice.kind == "safety-net":
            continue
        text = advice.text.lower()
        for word, action in words.items():
            if re.search(rf"\b{word}", text) and not (word == "running" and advice.id in NOT_ABOUT_RUNNING) \
                    and (advice.id, word) not in NEGATED:
                assert action in advice.actions, (advice.id, word)


def test_urgent_and_emergency_plans_lead_with_the_referral() -> None:
    for level in ("urgent", "emergency"):
        assert ADVICE[TRIAGE_ADVICE[level][0]].kind == "referral"
        assert all(ADVICE[a].now for a in TRIAGE_ADVICE[level])
    result = calfexpert.explain({"signs": {"thompson_test_positive": True, "can_heel_raise": False},
                                 "pain": {"location": ["achilles"]}})
    assert result.triage_level == "urgent"
    ids = recommended(result)
    assert ids[0] == "go_urgent"
    now = [ADVICE[a].now for a in ids if ADVICE[a].kind != "safety-net"]
    assert now == sorted(now, reverse=True), ids  # what to do now comes before anything else


def test_every_withheld_item_names_its_actions_and_a_reason_for_each() -> None:
    result = calfexpert.explain({"signs": {"coughing_blood": True, "tender_muscle": True}})
    for item in result.data["withheld"]:
        assert item["actions"] and set(item["actions"]) <= ADVICE[item["advice"]].involves
        covered = {a for r in item["reasons"] for a in r["actions"]}
        assert covered == set(item["actions"])
        assert all(r["reason"] and r["because_words"] for r in item["reasons"])
    text = result.render("text")
    assert "WHAT NOT TO DO" in text and "Massage: not now" in text


# --- Properties over generated cases. --------------------------------------------------------------


def _check(case: dict[str, Any]) -> None:
    result = calfexpert.explain(case)
    doc = result.data
    level = result.triage_level
    bad = [aid for aid in recommended(result) if ADVICE[aid].involves & unsafe_here(doc)]
    assert not bad, (case, bad)
    given = set(recommended(result))
    assert not given & {w["advice"] for w in doc["withheld"]}
    if level in ("emergency", "urgent"):
        assert not involved(result) & {"wait", "rehab"}, (case, recommended(result))
        assert recommended(result)[0] in ("go_emergency", "go_urgent")
    if level == "emergency":
        assert all(ADVICE[a].now for a in given), (case, given)
    if level == "self_care":
        assert "safety_net_self_care" in given
    assert any(r["kind"] == "safety-net" for r in doc["recommendations"])
    if "pulmonary_embolism" in {d["condition"] for d in doc["diagnoses"] if d["suspected"]}:
        assert not involved(result) & DVT_ACTIONS


def test_no_recommended_item_involves_a_withheld_action_generated() -> None:
    for case in generated_cases(budget(40), seed=12):
        _check(case)


@pytest.mark.slow
@pytest.mark.parametrize("part", range(4))
def test_no_recommended_item_involves_a_withheld_action_many_generated(part: int) -> None:
    """500 generated cases in four parts of 125."""
    for case in generated_cases(budget(125), seed=2026 + part):
        _check(case)


@settings(max_examples=budget(30), derandomize=True, database=None, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["dvt", "pulmonary_embolism"]).flatmap(lambda c: presentations(c, noise=4)))
def test_no_stretch_heat_or_massage_under_any_name_when_a_clot_is_suspected(case) -> None:
    """Issue 12 counted items that stretch, heat or massage the calf under other ids in cases with DVT or PE suspected."""
    result = calfexpert.explain(case)
    suspected = {d["condition"] for d in result.data["diagnoses"] if d["suspected"]}
    if suspected & {"dvt", "pulmonary_embolism"}:
        assert not involved(result) & DVT_ACTIONS, (case, recommended(result))
    _check(case)
