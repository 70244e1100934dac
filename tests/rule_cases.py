"""Small cases that reach rules the example and vignette cases do not.

Each entry names the rule it exists for; test_catalog checks that it fires.
"""

from __future__ import annotations

from review_cases import TARGETED as REVIEW_TARGETED

_LEG = {"side": "left", "location": ["calf_belly"]}

TARGETED: dict[str, dict] = {
    "factors.low_bone_density": {"history": {"low_bone_density": True}},
    # Every Wells item known (a partial score never says "unlikely"), then a negative D-dimer.
    "scores.d_dimer_negative_wells_unlikely": {
        "pain": _LEG, "measurements": {"d_dimer": "negative"},
        "signs": {"warmth": True, "swelling": "none", "pitting_edema": False, "tender_along_deep_veins": False,
                  "collateral_superficial_veins": False},
        "history": {"active_cancer": False, "leg_immobilized": False, "bedridden_days": 0, "surgery_weeks_ago": 52,
                    "previous_dvt_or_pe": False}},
    "scores.wells_active_cancer": {"pain": _LEG, "history": {"active_cancer": True}},
    "scores.wells_bedridden": {"pain": _LEG, "history": {"bedridden_days": 5}},
    "scores.wells_paralysis_or_cast": {"pain": _LEG, "history": {"leg_immobilized": True}},
    "scores.wells_previous_dvt": {"pain": _LEG, "history": {"previous_dvt_or_pe": True}},
    "triage.cecs_pain_not_easing": {"pain": {**_LEG, "same_point_each_run": True, "eases_within_minutes_of_stopping": False,
                                             "persists_at_rest": True, "trend": "worsening"}},
    "triage.recurring_on_runs": {"pain": {**_LEG, "same_point_each_run": True}, "history": {"previous_calf_injury": True}},
    "vascular.dvt_against_improving": {"pain": {**_LEG, "trend": "improving"}, "signs": {"pitting_edema": True}},
    "vascular.dvt_d_dimer_positive": {"pain": _LEG, "signs": {"swelling": "whole_calf"}, "measurements": {"d_dimer": "positive"}},
    "vascular.dvt_ultrasound_positive": {"pain": _LEG, "measurements": {"dvt_ultrasound": "positive"}},
    "vascular.pe_collapse_with_leg_signs": {"pain": _LEG, "signs": {"confusion_or_collapse": True, "swelling": "entire_leg"}},
}

for _rule_id, _case in REVIEW_TARGETED.items():
    TARGETED.setdefault(_rule_id, _case)
