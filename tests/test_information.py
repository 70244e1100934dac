"""Honest about what it does not know (issue 12): too little information is its own answer, and a Wells score
with unknown items is reported as partial and never argues against DVT (issue 18.4)."""

from __future__ import annotations

import pytest

import calfexpert
from calfexpert.interview import Interview
from calfexpert.knowledge.information import KEY_QUESTIONS, MIN_KEY_QUESTIONS_KNOWN

NOTHING_FOUND = "No red flag and no condition needing a doctor was found"


def _insufficient(result: calfexpert.Explanation) -> None:
    assert result.triage_level == "see_doctor"
    info = result.data["information"]
    assert info["sufficient"] is False
    assert [r["rule"] for r in result.data["triage"]["reasons"]] == ["triage.insufficient_information"]
    assert info["questions"] and info["questions"][0]["id"] == "chest"
    assert len(info["questions"]) == len(KEY_QUESTIONS) - info["key_questions_answered"]
    for fmt, heading in (("text", "NOT ENOUGH INFORMATION"), ("markdown", "## Not enough information"),
                         ("html", "Not enough information")):
        rendered = result.render(fmt)
        assert heading in rendered, fmt
        assert NOTHING_FOUND not in rendered, fmt
        assert "breathlessness" in rendered  # the first key question is listed
    assert any(r["kind"] == "safety-net" for r in result.data["recommendations"])


def test_an_empty_case_is_not_self_care() -> None:
    _insufficient(calfexpert.explain({}))


def test_an_interview_answered_dont_know_throughout_is_not_self_care() -> None:
    interview = Interview()
    while (question := interview.next_question()) is not None:
        interview.answer(question, None)
    _insufficient(interview.result())


def test_the_batch_summary_says_when_too_little_is_known() -> None:
    from calfexpert.batch import summary

    assert summary(calfexpert.explain({}).data)["enough_information"] is False
    assert summary(calfexpert.explain({"signs": {"dark_urine": True}}).data)["enough_information"] is True


def test_below_the_threshold_nothing_found_is_insufficient() -> None:
    case = {"pain": {"side": "left", "trend": "improving"}, "signs": {"swelling": "none"}}
    result = calfexpert.explain(case)
    assert result.data["information"]["key_questions_answered"] == MIN_KEY_QUESTIONS_KNOWN - 1
    _insufficient(result)


def test_at_the_threshold_nothing_found_is_self_care_with_a_safety_net() -> None:
    case = {"pain": {"side": "left", "trend": "improving"}, "signs": {"swelling": "none", "can_bear_weight": True}}
    result = calfexpert.explain(case)
    info = result.data["information"]
    assert info["sufficient"] is True and info["key_questions_answered"] == MIN_KEY_QUESTIONS_KNOWN
    assert result.triage_level == "self_care"
    assert result.data["triage"]["reasons"][0]["kind"] == "default"
    assert "safety_net_self_care" in {r["id"] for r in result.data["recommendations"]}
    assert "NOT ENOUGH INFORMATION" not in result.render("text")


@pytest.mark.parametrize(("case", "condition"), [
    ({"pain": {"involuntary_spasm": True, "eased_by_stretching": True}}, "muscle_cramp"),
    ({"pain": {"side": "both", "onset": "gradual", "started": "day_after_run"}, "history": {"unaccustomed_session": True}}, "doms"),
])
def test_a_sparse_case_whose_condition_is_recognised_is_answered_as_usual(case, condition) -> None:
    result = calfexpert.explain(case)
    assert result.top_diagnosis == condition and result.triage_level == "self_care"
    assert result.data["information"]["sufficient"] is True


def test_a_red_flag_in_a_sparse_case_still_sets_the_level() -> None:
    result = calfexpert.explain({"signs": {"dark_urine": True}})
    assert result.triage_level == "emergency"
    assert result.data["information"]["sufficient"] is True


# --- Wells with unknown items. ---------------------------------------------------------------------------

FLIGHT = {"pain": {"side": "left", "days_since_onset": 0}, "signs": {"swelling": "whole_calf", "warmth": True},
          "history": {"long_travel_hours": 9}, "measurements": {"d_dimer": "negative"}}
ALL_WELLS_KNOWN_NEGATIVE = {
    "signs": {"swelling": "none", "tender_along_deep_veins": False, "pitting_edema": False, "collateral_superficial_veins": False},
    "history": {"active_cancer": False, "leg_immobilized": False, "bedridden_days": 0, "surgery_weeks_ago": 52,
                "previous_dvt_or_pe": False},
}


def test_a_partial_wells_score_is_reported_as_partial_in_every_format() -> None:
    result = calfexpert.explain(FLIGHT)
    wells = result.data["scores"]["wells_dvt"]
    assert wells["partial"] is True
    assert wells["interpretation"] == "DVT likelihood unknown (partial score)"
    assert wells["range"]["min"] == wells["points"] and wells["range"]["max"] >= 2
    assert set(wells["items_unknown"]) >= {"pitting_edema", "deep_vein_tenderness", "previous_dvt"}
    assert all(item["unknown"] == (item["item"] in wells["items_unknown"]) for item in wells["items"])
    for fmt in ("text", "markdown", "html"):
        rendered = result.render(fmt)
        assert "partial" in rendered and "DVT unlikely" not in rendered, fmt
    assert '"partial": true' in result.json


def test_a_partial_wells_score_with_a_negative_d_dimer_does_not_exclude_dvt() -> None:
    """Issue 18.4: warm whole-calf swelling 9 h after a flight, negative D-dimer, nine Wells items unknown."""
    result = calfexpert.explain(FLIGHT)
    assert "dvt" in result.conditions and result.triage_level == "urgent"
    assert "scores.d_dimer_negative_wells_unlikely" not in {f["rule"] for f in result.data["trace"]}
    given = {a for r in result.data["recommendations"] for a in r["actions"]}
    assert not given & {"massage", "heat", "compression"}


def test_a_complete_wells_score_of_zero_with_a_negative_d_dimer_still_lowers_dvt() -> None:
    case = {**ALL_WELLS_KNOWN_NEGATIVE, "pain": {"side": "left"}, "measurements": {"d_dimer": "negative"}}
    result = calfexpert.explain(case)
    wells = result.data["scores"]["wells_dvt"]
    assert wells["partial"] is False and wells["items_unknown"] == []
    assert wells["interpretation"] == "DVT unlikely" and wells["range"] == {"min": 0, "max": 0}
    assert "scores.d_dimer_negative_wells_unlikely" in {f["rule"] for f in result.data["trace"]}


def test_one_unknown_item_over_one_point_keeps_the_score_undetermined() -> None:
    history = {k: v for k, v in ALL_WELLS_KNOWN_NEGATIVE["history"].items() if k != "previous_dvt_or_pe"}
    case = {"signs": {**ALL_WELLS_KNOWN_NEGATIVE["signs"], "tender_along_deep_veins": True}, "history": history,
            "pain": {"side": "left"}, "measurements": {"d_dimer": "negative"}}
    wells = calfexpert.explain(case).data["scores"]["wells_dvt"]
    assert wells["points"] == 1 and wells["range"] == {"min": 1, "max": 2} and wells["items_unknown"] == ["previous_dvt"]
    assert wells["interpretation"] == "DVT likelihood unknown (partial score)"


def test_a_partial_score_that_cannot_reach_two_is_unlikely_but_never_excludes_with_a_d_dimer() -> None:
    """The -2 alternative item with few items unknown: "unlikely" holds whatever they are, but NICE asks for every item
    to be scored before a negative D-dimer counts against DVT."""
    tear = {"pain": {"side": "left", "location": ["calf_belly"], "onset": "sudden", "started": "during_run",
                     "pop_or_kick_sensation": True},
            "signs": {"palpable_gap": True, "swelling": "none", "pitting_edema": False, "tender_along_deep_veins": False,
                      "collateral_superficial_veins": False},
            "history": {"active_cancer": False, "leg_immobilized": False, "bedridden_days": 0, "surgery_weeks_ago": 52},
            "measurements": {"d_dimer": "negative"}}
    result = calfexpert.explain(tear)
    wells = result.data["scores"]["wells_dvt"]
    assert wells["partial"] is True and wells["items_unknown"] == ["previous_dvt"]
    assert wells["range"]["max"] <= 1 and wells["interpretation"] == "DVT unlikely"
    assert "scores.d_dimer_negative_wells_unlikely" not in {f["rule"] for f in result.data["trace"]}
