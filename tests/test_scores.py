"""Validated clinical rules, item by item and on both sides of each threshold:
Wells (NICE two-level, Wells 1997 bands), Pedowitz, AAOS Achilles, MTSS."""

from __future__ import annotations

import pytest

import calfexpert

BASE = {"pain": {"side": "left", "location": ["calf_belly"]}}


def _case(**sections) -> dict:
    case = {k: dict(v) for k, v in BASE.items()}
    for section, fields in sections.items():
        case.setdefault(section, {}).update(fields)
    return case


def _wells(case: dict) -> dict | None:
    return calfexpert.explain(case).data["scores"].get("wells_dvt")


@pytest.mark.parametrize(("section", "field", "value", "item"), [
    ("history", "active_cancer", True, "active_cancer"),
    ("history", "leg_immobilized", True, "paralysis_or_cast"),
    ("history", "bedridden_days", 3, "bedridden_or_surgery"),
    ("history", "surgery_weeks_ago", 12, "bedridden_or_surgery"),
    ("signs", "tender_along_deep_veins", True, "deep_vein_tenderness"),
    ("signs", "swelling", "entire_leg", "entire_leg_swollen"),
    ("signs", "calf_swelling_difference_cm", 3, "calf_swelling_3cm"),
    ("signs", "pitting_edema", True, "pitting_edema"),
    ("signs", "collateral_superficial_veins", True, "collateral_veins"),
    ("history", "previous_dvt_or_pe", True, "previous_dvt"),
])
def test_each_wells_item_scores_one_point(section, field, value, item) -> None:
    wells = _wells(_case(**{section: {field: value}}))
    assert wells is not None
    assert wells["points"] == 1
    assert wells["scored"] == [item]
    # With the other items unknown the score is partial and could reach 2 or more: never "DVT unlikely".
    assert wells["partial"] is True and wells["range"]["min"] == 1 and wells["range"]["max"] >= 2
    assert wells["interpretation"] == "DVT likelihood unknown (partial score)"
    scored = [i for i in wells["items"] if i["scored"]]
    assert [i["item"] for i in scored] == [item]
    assert scored[0]["findings"]


@pytest.mark.parametrize(("section", "field", "value"), [
    ("history", "active_cancer", False),
    ("history", "bedridden_days", 2),
    ("history", "surgery_weeks_ago", 13),
    ("signs", "swelling", "whole_calf"),
    ("signs", "calf_swelling_difference_cm", 2.9),
    ("signs", "pitting_edema", False),
])
def test_just_below_each_threshold_scores_nothing_but_reports_the_score(section, field, value) -> None:
    wells = _wells(_case(**{section: {field: value}}))
    assert wells is not None, "a known Wells finding must produce the score"
    assert wells["points"] == 0
    assert wells["scored"] == []
    assert wells["three_level"]["band"] == "low"


def test_no_wells_finding_known_means_no_score() -> None:
    assert _wells(_case(history={"long_travel_hours": 10})) is None


def test_two_points_is_dvt_likely_and_bands() -> None:
    one = _wells(_case(signs={"pitting_edema": True}))
    two = _wells(_case(signs={"pitting_edema": True, "tender_along_deep_veins": True}))
    three = _wells(_case(signs={"pitting_edema": True, "tender_along_deep_veins": True}, history={"active_cancer": True}))
    assert (one["points"], one["interpretation"], one["three_level"]["band"]) == (
        1, "DVT likelihood unknown (partial score)", "moderate")  # partial: other items unknown
    known = {"history": {"active_cancer": False, "leg_immobilized": False, "bedridden_days": 0, "surgery_weeks_ago": 52,
                         "previous_dvt_or_pe": False},
             "signs": {"pitting_edema": True, "swelling": "none", "tender_along_deep_veins": False,
                       "collateral_superficial_veins": False}}
    complete = _wells(_case(**known))
    assert (complete["points"], complete["interpretation"], complete["partial"]) == (1, "DVT unlikely", False)
    assert (two["points"], two["interpretation"], two["three_level"]["band"]) == (2, "DVT likely", "moderate")
    assert (three["points"], three["interpretation"], three["three_level"]["band"]) == (3, "DVT likely", "high")


def test_travel_and_hormones_are_not_wells_points_but_raise_dvt() -> None:
    case = _case(signs={"swelling": "whole_calf", "warmth": True}, history={"long_travel_hours": 10, "hormonal_risk": True})
    result = calfexpert.explain(case)
    assert result.data["scores"]["wells_dvt"]["points"] == 0
    assert "dvt" in result.conditions
    assert result.triage_level == "urgent"


def test_alternative_diagnosis_subtracts_two_and_names_it() -> None:
    tear = {"pain": {"side": "left", "location": ["calf_belly"], "onset": "sudden", "started": "during_run",
                     "pop_or_kick_sensation": True},
            "signs": {"palpable_gap": True, "tender_along_deep_veins": True, "pitting_edema": True}}
    wells = _wells(tear)
    assert wells["points"] == 0
    assert "alternative_diagnosis" in wells["scored"]
    assert [a["condition"] for a in wells["alternative"]] == ["calf_tear"]


def test_negative_ultrasound_with_dvt_likely_lowers_but_needs_a_d_dimer() -> None:
    """Issue 18 item 5 (NICE NG158): with Wells 'likely', one negative proximal scan does not rule a DVT out (the old
    assertion that it did was the unsafe behaviour); with a negative D-dimer as well, it does."""
    case = _case(signs={"swelling": "whole_calf", "pitting_edema": True, "tender_along_deep_veins": True},
                 history={"long_travel_hours": 10})
    before = calfexpert.explain(case)
    case["measurements"] = {"dvt_ultrasound": "negative"}
    after = calfexpert.explain(case)
    assert before.top_diagnosis == "dvt"
    assert after.top_diagnosis == "dvt" and after.triage_level == "urgent"
    dvt = next(d for d in after.data["diagnoses"] if d["condition"] == "dvt")
    assert any(e["rule"] == "scores.ultrasound_negative_not_enough" for e in dvt["evidence_against"])
    case["measurements"]["d_dimer"] = "negative"
    excluded = calfexpert.explain(case)
    assert "dvt" not in excluded.conditions
    lowered = {x["condition"]: x for x in excluded.data["lowered"]}
    assert any(e["rule"] == "scores.ultrasound_and_d_dimer_negative" for e in lowered["dvt"]["evidence_against"])


def test_negative_d_dimer_only_excludes_when_wells_is_unlikely() -> None:
    # "Unlikely" needs every Wells item known (NICE NG158 1.1.1-1.1.2); a partial score never excludes.
    partial = _case(signs={"swelling": "whole_calf", "warmth": True}, history={"long_travel_hours": 10},
                    measurements={"d_dimer": "negative"})
    assert "scores.d_dimer_negative_wells_unlikely" not in [f["rule"] for f in calfexpert.explain(partial).data["trace"]]
    assert "dvt" in calfexpert.explain(partial).conditions
    unlikely = _case(signs={"swelling": "whole_calf", "calf_swelling_difference_cm": 1, "warmth": True, "pitting_edema": False,
                            "tender_along_deep_veins": False, "collateral_superficial_veins": False},
                     history={"long_travel_hours": 10, "active_cancer": False, "leg_immobilized": False, "bedridden_days": 0,
                              "surgery_weeks_ago": 52, "previous_dvt_or_pe": False},
                     measurements={"d_dimer": "negative"})
    likely = _case(signs={"pitting_edema": True, "tender_along_deep_veins": True, "swelling": "whole_calf"},
                   measurements={"d_dimer": "negative"})
    assert "scores.d_dimer_negative_wells_unlikely" in [f["rule"] for f in calfexpert.explain(unlikely).data["trace"]]
    assert "scores.d_dimer_negative_wells_unlikely" not in [f["rule"] for f in calfexpert.explain(likely).data["trace"]]
    assert "dvt" in calfexpert.explain(likely).conditions


CECS = {"pain": {"side": "both", "location": ["shin"], "onset": "gradual", "started": "during_run",
                 "same_point_each_run": True, "eases_within_minutes_of_stopping": True}}


def _pressure(**values) -> calfexpert.Explanation:
    return calfexpert.explain({**CECS, "measurements": {"compartment_pressure_mmhg": values}})


def _cecs(result) -> float:
    return next((d["certainty"] for d in result.data["diagnoses"] if d["condition"] == "chronic_exertional_compartment_syndrome"), 0.0)


@pytest.mark.parametrize(("field", "threshold"), [("pre_exercise", 15), ("one_min_post", 30), ("five_min_post", 20)])
def test_pedowitz_each_threshold(field, threshold) -> None:
    at = _pressure(**{field: threshold})
    below = _pressure(**{field: threshold - 0.5})
    rules_at = [f["rule"] for f in at.data["trace"]]
    rules_below = [f["rule"] for f in below.data["trace"]]
    assert "compartment.pedowitz_positive" in rules_at
    assert "compartment.pedowitz_positive" not in rules_below
    assert _cecs(at) > _cecs(below)


def test_pedowitz_negative_set_lowers_cecs_and_says_so() -> None:
    negative = _pressure(pre_exercise=10, one_min_post=25, five_min_post=15)
    unmeasured = calfexpert.explain(CECS)
    assert _cecs(negative) < _cecs(unmeasured)
    entries = negative.data["diagnoses"] + negative.data["lowered"]
    cecs = next(d for d in entries if d["condition"] == "chronic_exertional_compartment_syndrome")
    assert any(e["rule"] == "compartment.pedowitz_negative" for e in cecs["evidence_against"])


ACHILLES = {"pain": {"side": "right", "location": ["achilles"], "onset": "sudden", "started": "during_run"}}


def _achilles(**signs) -> calfexpert.Explanation:
    return calfexpert.explain({**ACHILLES, "signs": signs})


def test_aaos_two_criteria_fire_and_one_does_not() -> None:
    two = [f["rule"] for f in _achilles(thompson_test_positive=True, can_heel_raise=False).data["trace"]]
    gap_weak = [f["rule"] for f in _achilles(palpable_gap=True, foot_weakness=True).data["trace"]]
    one = [f["rule"] for f in _achilles(palpable_gap=True).data["trace"]]
    assert "tendon.rupture_aaos_two_criteria" in two
    assert "tendon.rupture_aaos_two_criteria" in gap_weak
    assert "tendon.rupture_aaos_two_criteria" not in one


def test_achilles_rupture_is_urgent_and_withholds_stretching_and_heel_drops() -> None:
    result = _achilles(thompson_test_positive=True, can_heel_raise=False)
    assert result.top_diagnosis == "achilles_rupture"
    assert result.triage_level == "urgent"
    withheld = {a for w in result.data["withheld"] for a in w["actions"]}
    assert {"stretch", "load"} <= withheld
    assert {"stretching", "strengthening"} <= {w["advice"] for w in result.data["withheld"]}


def test_mtss_diffuse_against_focal_bone_tenderness() -> None:
    shin = {"pain": {"side": "left", "location": ["shin"], "onset": "gradual", "started": "during_run"}}
    diffuse = calfexpert.explain({**shin, "signs": {"tender_shin_edge_5cm_or_more": True, "tender_bone_spot": False}})
    focal = calfexpert.explain({**shin, "signs": {"tender_shin_edge_5cm_or_more": False, "tender_bone_spot": True}})
    assert diffuse.top_diagnosis == "medial_tibial_stress_syndrome"
    assert focal.top_diagnosis == "stress_fracture"


def test_ankle_brachial_index_threshold_both_sides() -> None:
    def fired(abi: float) -> list[str]:
        case = {"runner": {"age": 66}, "pain": {"same_point_each_run": True, "eases_within_minutes_of_stopping": True},
                "measurements": {"ankle_brachial_index": abi}}
        return [f["rule"] for f in calfexpert.explain(case).data["trace"]]

    assert "vascular.pad_low_abi" in fired(0.89)
    assert "vascular.pad_low_abi" not in fired(0.9)
    assert "vascular.pad_against_normal_abi" in fired(1.0)
    assert "vascular.pad_against_normal_abi" not in fired(0.99)


@pytest.mark.parametrize(("history", "points"), [
    ({"bedridden_days": 5}, 1),
    ({"surgery_weeks_ago": 2}, 1),
    ({"bedridden_days": 5, "surgery_weeks_ago": 2}, 1),  # one Wells item, whichever finding scores it
    ({"bedridden_days": 2, "surgery_weeks_ago": 13}, 0),  # below both thresholds
    ({"bedridden_days": 5, "surgery_weeks_ago": 2, "active_cancer": True}, 2),  # and another item still adds
])
def test_bedridden_and_recent_surgery_score_one_wells_item_at_most_once(history, points) -> None:
    wells = _wells(_case(history=history))
    assert wells is not None
    assert wells["points"] == points
    # below 2 with the other items unknown the score is partial ("likelihood unknown"), never "unlikely"
    assert (wells["interpretation"] == "DVT likely") == (points >= 2)
    assert wells["scored"].count("bedridden_or_surgery") <= 1
    item = next(i for i in wells["items"] if i["item"] == "bedridden_or_surgery")
    assert item["scored"] == (points - ("active_cancer" in history) == 1)


def test_bedridden_and_recent_surgery_alone_do_not_make_dvt_likely() -> None:
    result = calfexpert.explain(_case(history={"bedridden_days": 5, "surgery_weeks_ago": 2}))
    assert result.data["scores"]["wells_dvt"]["points"] == 1
    assert not any(e["rule"] == "scores.wells_dvt_likely" for d in result.data["diagnoses"] for e in d["evidence_for"])
