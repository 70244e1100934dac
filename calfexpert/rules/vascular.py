"""Vascular: deep vein thrombosis and pulmonary embolism, ruptured Baker's
cyst, superficial thrombophlebitis, peripheral artery disease and popliteal
artery entrapment.

Risks that are not Wells items (travel, hormones) raise DVT here; the Wells
items themselves are scored in :mod:`calfexpert.rules.scores`.  No rule here
lowers DVT because a benign diagnosis is likely: only findings that speak
against a clot (a negative ultrasound, both legs, improving) do.
"""

from __future__ import annotations

from .base import any_of, ge, is_, lt, no, rule, sign, yes

_DVT = ["seed.rarer.dvt", "brief.4.1"]
_PE = ["brief.4.1", "brief.5"]
_BAKER = ["brief.4.5"]
_STP = ["brief.4.7"]
_PAD = ["brief.4.6"]
_PAES = ["brief.4.4"]

# --- DVT. ---------------------------------------------------------------------------------------
rule("vascular.dvt_one_sided_leg_signs", sign("dvt_like_leg"), sign("unilateral"),
     title="One-sided calf or leg swelling, pitting oedema, deep-vein tenderness or collateral veins",
     sources=_DVT, evidence={"dvt": 0.4})
rule("vascular.dvt_warm_swollen_red", sign("leg_swelling"), any_of(yes("signs.warmth"), yes("signs.redness")),
     title="A swollen calf that is warm or red", sources=_DVT, evidence={"dvt": 0.3})
rule("vascular.dvt_risk_with_leg_signs", sign("dvt_risk"), sign("dvt_like_leg"),
     title="A DVT risk factor with DVT-like leg signs", sources=[*_DVT, "brief.3"], evidence={"dvt": 0.4})
rule("vascular.dvt_risk_with_worsening_calf_pain", sign("dvt_risk"), is_("pain.trend", "worsening", "rapidly_worsening"),
     title="A DVT risk factor with calf pain that is getting worse", sources=[*_DVT, "brief.3"], evidence={"dvt": 0.3})
rule("vascular.dvt_risk_with_pain_at_rest", sign("dvt_risk"), is_("pain.started", "at_rest"),
     title="A DVT risk factor with calf pain that began at rest, with no injury", sources=[*_DVT, "brief.3"],
     evidence={"dvt": 0.3})
rule("vascular.dvt_strain_getting_worse", ge("pain.days_since_onset", 4), is_("pain.trend", "worsening", "rapidly_worsening"),
     is_("pain.location", "calf_belly", "inner_calf", "behind_knee", "whole_lower_leg"),
     title="A 'strain' that gets worse instead of better after several days", sources=[*_DVT, "brief.0"],
     evidence={"dvt": 0.2})
rule("vascular.dvt_throbbing_one_leg", is_("pain.quality", "throbbing", "cramping"), sign("unilateral"), sign("leg_swelling"),
     title="Throbbing or cramping pain with swelling in one leg", sources=_DVT, evidence={"dvt": 0.2})
rule("vascular.dvt_ultrasound_positive", is_("measurements.dvt_ultrasound", "positive"),
     title="Ultrasound shows a DVT", sources=["brief.1.1", "brief.4.1"], evidence={"dvt": 0.95})
rule("vascular.dvt_ultrasound_negative", is_("measurements.dvt_ultrasound", "negative"),
     title="A negative ultrasound rules a DVT out", sources=["brief.1.1", "brief.4.1"], evidence={"dvt": -0.95})
rule("vascular.dvt_d_dimer_positive", is_("measurements.d_dimer", "positive"), sign("dvt_like_leg"),
     title="A positive D-dimer with DVT-like leg signs (sensitive, not specific)", sources=["brief.1.1"],
     evidence={"dvt": 0.2})
rule("vascular.dvt_with_superficial_thrombophlebitis", yes("signs.palpable_cord"),
     title="A DVT coexists with superficial thrombophlebitis in 6-44% of cases", sources=["brief.4.7", *_DVT],
     evidence={"dvt": 0.1})
rule("vascular.dvt_against_both_legs", is_("pain.side", "both"), sign("dvt_like_leg"),
     title="Both legs equally affected points partly away from a DVT", sources=_DVT, evidence={"dvt": -0.2})
rule("vascular.dvt_against_improving", is_("pain.trend", "improving"), sign("dvt_like_leg"),
     title="Steadily improving points partly away from a DVT", sources=_DVT, evidence={"dvt": -0.15})

# --- Pulmonary embolism. ------------------------------------------------------------------------
rule("vascular.pe_symptoms", sign("chest_symptoms"),
     title="Chest pain on breathing in, breathlessness or coughing blood with calf pain",
     sources=_PE, evidence={"pulmonary_embolism": 0.5})
rule("vascular.pe_with_dvt_signs", sign("chest_symptoms"), sign("dvt_like_leg"),
     title="Chest symptoms with DVT-like leg signs: a clot may have travelled to the lungs", sources=_PE,
     evidence={"pulmonary_embolism": 0.8})
rule("vascular.pe_with_dvt_risk", sign("chest_symptoms"), sign("dvt_risk"),
     title="Chest symptoms with a DVT risk factor", sources=[*_PE, "brief.3"], evidence={"pulmonary_embolism": 0.4})
rule("vascular.pe_collapse_with_leg_signs", yes("signs.confusion_or_collapse"), sign("dvt_like_leg"),
     title="Collapse with DVT-like leg signs", sources=_PE, evidence={"pulmonary_embolism": 0.4})

# --- Ruptured Baker's cyst. ---------------------------------------------------------------------
rule("vascular.bakers_crescent_bruise", yes("signs.crescent_bruise_below_ankle"),
     title="A crescent bruise below the inner ankle bone (not a DVT feature)", sources=_BAKER,
     evidence={"bakers_cyst_rupture": 0.6})
rule("vascular.bakers_knee_lump_sudden_swelling", yes("signs.lump_behind_knee"), is_("pain.onset", "sudden"),
     is_("signs.swelling", "local", "whole_calf", "entire_leg"),
     title="A known lump or fullness behind the knee with sudden calf pain and swelling", sources=_BAKER,
     evidence={"bakers_cyst_rupture": 0.5})
rule("vascular.bakers_knee_lump_pain", yes("signs.lump_behind_knee"), is_("pain.location", "behind_knee", "calf_belly"),
     title="A lump behind the knee with pain behind the knee or in the calf", sources=_BAKER,
     evidence={"bakers_cyst_rupture": 0.3})
rule("vascular.bakers_clear_alternative_to_dvt", yes("signs.crescent_bruise_below_ankle"), yes("signs.lump_behind_knee"),
     title="Crescent sign with a known Baker's cyst: an alternative diagnosis at least as likely as DVT",
     sources=[*_BAKER, "brief.1.1"], alternative="bakers_cyst_rupture")

# --- Superficial thrombophlebitis. --------------------------------------------------------------
rule("vascular.stp_cord", yes("signs.palpable_cord"),
     title="A red, tender, hard cord along a surface vein", sources=_STP, evidence={"superficial_thrombophlebitis": 0.7})
rule("vascular.stp_cord_with_warmth", yes("signs.palpable_cord"), any_of(yes("signs.warmth"), yes("signs.redness")),
     title="A surface-vein cord with local warmth or redness", sources=_STP, evidence={"superficial_thrombophlebitis": 0.2})

# --- Peripheral artery disease. -----------------------------------------------------------------
rule("vascular.pad_claudication", sign("exertional_pattern"), sign("vascular_risk"), ge("runner.age", 50),
     title="Calf pain at a fixed distance relieved by rest, over 50 with vascular risk factors",
     sources=_PAD, evidence={"peripheral_artery_disease": 0.6})
rule("vascular.pad_low_abi", lt("measurements.ankle_brachial_index", 0.9),
     title="Resting ankle-brachial index below 0.9", sources=_PAD, evidence={"peripheral_artery_disease": 0.7})
rule("vascular.pad_weak_pulse_with_risk", yes("signs.weak_foot_pulse"), sign("vascular_risk"),
     title="A weak foot pulse with vascular risk factors", sources=_PAD, evidence={"peripheral_artery_disease": 0.3})
rule("vascular.pad_against_normal_abi", ge("measurements.ankle_brachial_index", 1.0),
     title="A normal resting ankle-brachial index points away from arterial disease",
     sources=_PAD, evidence={"peripheral_artery_disease": -0.5})
rule("vascular.pad_against_young", lt("runner.age", 40),
     title="Under 40 points away from atherosclerotic arterial disease", sources=_PAD,
     evidence={"peripheral_artery_disease": -0.4})

# --- Popliteal artery entrapment. ---------------------------------------------------------------
rule("vascular.paes_young_exertional", sign("exertional_pattern"), lt("runner.age", 40),
     any_of(yes("signs.foot_cold_or_numb_after_running"), yes("signs.numbness_or_tingling")),
     title="A young runner with exertional calf pain and a cold, numb or tingling foot, relieved by rest",
     sources=_PAES, evidence={"popliteal_artery_entrapment": 0.5})
rule("vascular.paes_exertional_under_30", sign("exertional_pattern"), lt("runner.age", 30),
     title="Exertional calf pain relieved by rest in a runner under 30 (entrapment is in the differential with CECS)",
     sources=_PAES, evidence={"popliteal_artery_entrapment": 0.2})
rule("vascular.paes_cold_foot_after_running", yes("signs.foot_cold_or_numb_after_running"),
     title="The foot goes cold or numb only with exercise", sources=_PAES,
     evidence={"popliteal_artery_entrapment": 0.35})
rule("vascular.paes_weak_pulse_young", yes("signs.weak_foot_pulse"), lt("runner.age", 40),
     title="A weak foot pulse in a young runner", sources=_PAES, evidence={"popliteal_artery_entrapment": 0.3})
rule("vascular.paes_against_older", ge("runner.age", 50),
     title="Over 50 points away from entrapment (think arterial disease)", sources=_PAES,
     evidence={"popliteal_artery_entrapment": -0.4})
rule("vascular.paes_against_bone_tenderness", yes("signs.tender_bone_spot"),
     title="Focal bone tenderness points away from entrapment", sources=_PAES,
     evidence={"popliteal_artery_entrapment": -0.3})
rule("vascular.arterial_against_normal_pulses", no("signs.weak_foot_pulse"), no("signs.foot_cold_or_numb_after_running"),
     title="Normal foot pulses and no cold foot after running point away from an arterial cause",
     sources=[*_PAD, *_PAES], evidence={"peripheral_artery_disease": -0.3, "popliteal_artery_entrapment": -0.1})
