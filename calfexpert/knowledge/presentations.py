"""Typical presentations of each condition, as case findings.

``core`` findings make the textbook picture; ``optional`` ones are often, not
always, present; each group in ``together`` is a set of findings that come as one
(a full Wells examination with its test result, an acute-on-chronic picture).  They drive ``calfexpert.strategies.presentations()`` so that
property tests and ``calfexpert coverage`` reach rare conditions' rules often.
A clinician can review them as a table of "what this looks like".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Presentation:
    core: dict[str, Any]
    optional: dict[str, Any] = field(default_factory=dict)
    together: tuple[dict[str, Any], ...] = ()


_WELLS_EXAMINED_NEGATIVE = {"signs.swelling": "none", "signs.tender_along_deep_veins": False, "signs.pitting_edema": False,
                            "signs.collateral_superficial_veins": False, "history.active_cancer": False,
                            "history.leg_immobilized": False, "history.bedridden_days": 0,
                            "history.recent_major_surgery": False, "history.previous_dvt_or_pe": False}


PRESENTATIONS: dict[str, Presentation] = {
    "calf_strain": Presentation(
        {"pain.onset": "sudden", "pain.started": "during_run", "pain.location": ["inner_calf"], "pain.quality": ["sharp"]},
        {"signs.tender_muscle": True, "pain.pop_or_kick_sensation": True, "history.new_speed_or_hill_work": True,
         "history.skipped_warm_up": True, "history.previous_calf_injury": True, "runner.age": 42, "pain.walking_difficult": True,
         "signs.bruising": True, "signs.can_heel_raise": False, "signs.palpable_gap": False},
        ({**_WELLS_EXAMINED_NEGATIVE, "measurements.d_dimer": "negative"},
         {**_WELLS_EXAMINED_NEGATIVE, "measurements.dvt_ultrasound": "negative"},
         {"pain.side": "right", "history.long_travel_hours": 11, "pain.days_since_onset": 3},  # the runner's DVT labelled a strain
         # a soleus strain: tightness building during a long run, deeper and lower in the calf (brief §2.1)
         {"pain.onset": "gradual", "pain.started": "during_run", "pain.quality": ["tightness"], "pain.location": ["lower_calf"],
          "pain.pop_or_kick_sensation": False},
         {"pain.days_since_onset": 10, "pain.trend": "stable"},  # no better after 10 days of self-care (seed, brief §7.6)
         {"signs.tender_muscle": True, "signs.palpable_gap": False})),  # examined: a tender muscle, no gap (brief §2.1)
    "calf_tear": Presentation(
        {"pain.onset": "sudden", "pain.started": "during_run", "pain.location": ["calf_belly"], "signs.palpable_gap": True},
        {"pain.pop_or_kick_sensation": True, "signs.can_heel_raise": False, "signs.can_bear_weight": False, "pain.severity": 9,
         "signs.bruising": True, "signs.swelling": "local"},
        ({"pain.severity": 9, "signs.bruising": True},)),  # severe immediate pain, bruising tracking down (brief §2.2)
    "muscle_cramp": Presentation(
        {"pain.involuntary_spasm": True, "pain.eased_by_stretching": True},
        {"pain.quality": ["cramping"], "pain.onset": "sudden", "pain.started": "during_run", "history.history_of_cramps": True,
         "history.long_or_hot_run": True, "history.poor_hydration": True, "history.faster_than_usual_pace": True},
        ({"pain.persists_at_rest": True, "pain.days_since_onset": 2},  # pain lingering at rest after the cramp (brief §2.3)
         {"pain.quality": ["cramping"], "pain.onset": "sudden", "pain.started": "during_run"})),  # the classic cramp mid-run
    "doms": Presentation(
        {"pain.side": "both", "pain.started": "day_after_run"},
        {"pain.onset": "gradual", "pain.quality": ["dull_ache"], "history.unaccustomed_session": True,
         "history.switched_to_minimalist_or_forefoot": True, "pain.severity": 3},
        ({"measurements.ck_u_per_l": 450, "signs.dark_urine": False},  # a normal CK and urine after the soreness
         {"pain.quality": ["dull_ache"], "pain.onset": "gradual"})),  # a dull ache building over the day after (brief §2.4)
    "stress_fracture": Presentation(
        {"signs.tender_bone_spot": True, "pain.onset": "gradual"},
        {"pain.hurts_to_hop": True, "pain.at_night": True, "pain.persists_at_rest": True, "pain.location": ["shin"],
         "pain.trend": "worsening", "history.low_energy_availability": True, "history.training_increase_pct": 40,
         "runner.weekly_distance_km": 70, "signs.can_bear_weight": False},
        ({"pain.location": ["shin"], "pain.trend": "worsening", "pain.days_since_onset": 21},)),  # a shin ache worsening over weeks
    "lumbar_radiculopathy": Presentation(
        {"pain.radiates_from_back_or_buttock": True},
        {"pain.quality": ["shooting", "burning"], "signs.numbness_or_tingling": True, "signs.straight_leg_raise_positive": True,
         "pain.worse_sitting_or_coughing": True, "history.lower_back_pain": True, "signs.foot_weakness": True,
         "signs.saddle_numbness_or_bladder_change": True, "signs.ankle_reflex_reduced": True, "signs.foot_drop": True,
         "signs.neurological_signs_both_legs": True}),
    "achilles_tendinopathy": Presentation(
        {"pain.location": ["achilles"], "pain.onset": "gradual"},
        {"pain.morning_stiffness": True, "signs.tender_achilles": True, "signs.thickened_achilles": True,
         "history.switched_to_minimalist_or_forefoot": True, "history.training_increase_pct": 35, "pain.days_since_onset": 50,
         "pain.trend": "stable", "medications.steroid_injection": True},
        # examined: the calf squeeze moves the foot (Thompson negative) and a heel raise is possible, the tendon is
        # intact (brief §1.3, §2.10)
        ({"signs.thompson_test_positive": False, "signs.can_heel_raise": True},)),
    "achilles_rupture": Presentation(
        {"pain.location": ["achilles"], "signs.thompson_test_positive": True},
        {"pain.onset": "sudden", "pain.started": "during_run", "pain.pop_or_kick_sensation": True, "signs.can_heel_raise": False,
         "signs.palpable_gap": True, "signs.foot_weakness": True, "signs.matles_test_positive": True,
         "medications.fluoroquinolone": True},
        ({"pain.onset": "sudden", "pain.started": "during_run", "pain.pop_or_kick_sensation": True},)),  # a snap at push-off
    "medial_tibial_stress_syndrome": Presentation(
        {"pain.location": ["shin"], "signs.tender_shin_edge_5cm_or_more": True},
        {"pain.onset": "gradual", "pain.eases_within_minutes_of_stopping": True, "pain.persists_at_rest": False,
         "signs.tender_bone_spot": False, "history.training_increase_pct": 50, "history.hard_surfaces": True},
        ({"pain.eases_within_minutes_of_stopping": True, "pain.persists_at_rest": False},)),  # eases with rest (brief §2.10)
    "dvt": Presentation(
        {"pain.side": "left", "signs.swelling": "whole_calf"},
        {"history.long_travel_hours": 10, "history.hormonal_risk": True, "signs.warmth": True, "signs.pitting_edema": True,
         "signs.tender_along_deep_veins": True, "signs.calf_swelling_difference_cm": 3.5, "history.surgery_weeks_ago": 4,
         "history.previous_dvt_or_pe": True, "history.active_cancer": True, "history.leg_immobilized": True,
         "history.bedridden_days": 4, "signs.collateral_superficial_veins": True, "pain.started": "at_rest",
         "measurements.d_dimer": "positive", "measurements.dvt_ultrasound": "positive", "pain.trend": "improving",
         "history.recent_major_surgery": True, "history.thrombophilia_or_family_history": True,
         "history.pregnant_or_postpartum": True, "history.obesity": True, "pain.improved_then_worsened": True,
         "pain.location": ["calf_belly"], "pain.above_knee_or_thigh": True, "pain.quality": ["throbbing"]},
        ({"signs.swelling": "entire_leg", "pain.above_knee_or_thigh": True},  # a proximal clot: the entire leg swollen
         # a calf clot a proximal scan does not image (NICE NG158: repeat the scan)
         {"measurements.dvt_ultrasound": "negative", "measurements.d_dimer": "positive"},
         # taken for a strain that gets worse instead of better (brief §0)
         {"pain.days_since_onset": 6, "pain.trend": "worsening", "pain.location": ["calf_belly"]},
         {"measurements.dvt_ultrasound": "negative"})),  # one negative proximal scan, which does not image the calf veins
    "pulmonary_embolism": Presentation(
        {"signs.short_of_breath": True},
        {"signs.chest_pain": True, "signs.coughing_blood": True, "signs.swelling": "whole_calf", "history.long_travel_hours": 8,
         "signs.confusion_or_collapse": True, "history.hormonal_risk": True, "vitals.heart_rate_bpm": 115,
         "vitals.breathing_rate_per_min": 24, "vitals.oxygen_saturation_pct": 91}),
    "acute_compartment_syndrome": Presentation(
        {"signs.tense_compartment": True, "signs.pain_out_of_proportion": True},
        {"signs.pain_on_passive_stretch": True, "history.direct_blow_or_trauma": True, "pain.severity": 10,
         "pain.persists_at_rest": True, "signs.numbness_or_tingling": True, "signs.foot_weakness": True,
         "pain.same_point_each_run": True, "pain.eases_within_minutes_of_stopping": False,
         "medications.anticoagulant": True},
        ({"pain.severity": 9, "pain.trend": "rapidly_worsening", "pain.persists_at_rest": True},  # escalating at rest
         # exertional pain at the same point that did not ease after stopping (brief §4.3: treat as acute)
         {"pain.same_point_each_run": True, "pain.eases_within_minutes_of_stopping": False, "pain.persists_at_rest": True})),
    "chronic_exertional_compartment_syndrome": Presentation(
        {"pain.same_point_each_run": True, "pain.eases_within_minutes_of_stopping": True},
        {"pain.side": "both", "signs.numbness_or_tingling": True, "runner.age": 22, "history.previous_calf_injury": True,
         "measurements.compartment_pressure_mmhg.pre_exercise": 18, "measurements.compartment_pressure_mmhg.one_min_post": 35,
         "measurements.compartment_pressure_mmhg.five_min_post": 25},
        ({"signs.weak_foot_pulse": False, "signs.foot_cold_or_numb_after_running": False},)),  # normal pulses (brief §4.3)
    "popliteal_artery_entrapment": Presentation(
        {"pain.same_point_each_run": True, "pain.eases_within_minutes_of_stopping": True, "runner.age": 24},
        {"signs.foot_cold_or_numb_after_running": True, "signs.numbness_or_tingling": True, "signs.weak_foot_pulse": True,
         "signs.cold_or_pale_foot": True, "signs.pulses_drop_on_plantarflexion": True},
        # worked up as exertional compartment syndrome first: normal pressures before and after exercise (brief §1.2, §4.4)
        ({"measurements.compartment_pressure_mmhg.pre_exercise": 8, "measurements.compartment_pressure_mmhg.one_min_post": 18,
          "measurements.compartment_pressure_mmhg.five_min_post": 10},)),
    "bakers_cyst_rupture": Presentation(
        {"signs.lump_behind_knee": True, "pain.onset": "sudden", "signs.swelling": "whole_calf"},
        {"signs.crescent_bruise_below_ankle": True, "pain.location": ["behind_knee", "calf_belly"],
         "measurements.d_dimer": "negative"}),
    "peripheral_artery_disease": Presentation(
        {"pain.same_point_each_run": True, "pain.eases_within_minutes_of_stopping": True, "runner.age": 64, "history.smoker": True},
        {"history.diabetes": True, "history.cardiovascular_disease": True,
         "measurements.ankle_brachial_index": 0.7, "signs.weak_foot_pulse": True, "pain.persists_at_rest": True},
        ({"pain.onset": "sudden", "pain.started": "at_rest", "signs.cold_or_pale_foot": True},
         {"history.diabetes": True, "measurements.ankle_brachial_index": 1.5})),  # stiff, calcified arteries (aha.abi_2012)
    "superficial_thrombophlebitis": Presentation(
        {"signs.palpable_cord": True},
        {"signs.redness": True, "signs.warmth": True, "pain.location": ["inner_calf", "behind_knee"],
         "history.varicose_veins": True, "signs.cord_length_cm": 6, "pain.above_knee_or_thigh": True},
        ({"history.varicose_veins": False},)),  # a cord in a vein that is not varicose
    "cellulitis": Presentation(
        {"signs.redness": True, "signs.warmth": True, "signs.skin_wound_or_blister": True},
        {"signs.spreading_redness": True, "signs.fever": True, "signs.swelling": "local", "vitals.temperature_c": 38.5,
         "vitals.heart_rate_bpm": 108, "pain.side": "right"},
        # necrotising infection: pain out of proportion, worsening fast, with a fever (brief §4.8)
        ({"signs.pain_out_of_proportion": True, "pain.trend": "rapidly_worsening", "signs.fever": True},)),
    "exertional_rhabdomyolysis": Presentation(
        {"history.unaccustomed_session": True, "signs.pain_out_of_proportion": True},
        {"signs.dark_urine": True, "pain.side": "both", "pain.severity": 9, "signs.swelling": "whole_calf",
         "history.long_or_hot_run": True, "measurements.ck_u_per_l": 45000, "medications.nsaids_during_run": True,
         "medications.statin": True},
        # heat illness: cramps that do not release, with a fever (brief §2.3, §4.9)
        ({"pain.involuntary_spasm": True, "pain.eased_by_stretching": False, "signs.fever": True, "vitals.temperature_c": 39.5},
         {"signs.swelling": "whole_calf", "pain.severity": 8})),  # swollen, very painful muscles after the effort
}
