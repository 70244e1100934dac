"""Vascular: deep vein thrombosis and pulmonary embolism, ruptured Baker's
cyst, superficial thrombophlebitis, peripheral artery disease and popliteal
artery entrapment.

Risks that are not Wells items (travel, hormones) raise DVT here; the Wells
items themselves are scored in :mod:`calfexpert.rules.scores`.  No rule here
lowers DVT because a benign diagnosis is likely: only findings that speak
against a clot (a negative ultrasound, both legs, improving) do.
"""

from __future__ import annotations

from ..knowledge import THRESHOLDS
from .base import any_of, ge, gt, is_, le, lt, no, not_, rule, sign, yes

_T = THRESHOLDS

_DVT = ["seed.rarer.dvt", "brief.4.1", "nice.ng158"]
_PE = ["brief.4.1", "brief.5", "nice.ng158"]
_BAKER = ["brief.4.5"]
_STP = ["brief.4.7"]
_PAD = ["brief.4.6", "nice.cg147"]
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

_CALF_OR_KNEE = ("calf_belly", "inner_calf", "outer_calf", "lower_calf", "behind_knee", "whole_lower_leg")
rule("vascular.dvt_risk_with_one_sided_calf_pain", sign("dvt_risk"), sign("unilateral"), is_("pain.location", *_CALF_OR_KNEE),
     not_(is_("pain.trend", "improving", "worsening", "rapidly_worsening")), not_(is_("pain.started", "at_rest")),
     title="A DVT risk factor with one-sided calf pain that is not improving (the runner's DVT first labelled a strain; "
           "worsening pain and pain from rest are counted by their own rules)",
     sources=[*_DVT, "brief.0", "brief.3", "jospt.dvt_runner_2011"], evidence={"dvt": 0.2})
rule("vascular.dvt_improved_then_worsened", yes("pain.improved_then_worsened"), sign("unilateral"),
     is_("pain.location", *_CALF_OR_KNEE),
     title="One-sided calf pain that was improving and then got worse (a 'strain' that turns)", sources=[*_DVT, "brief.0"],
     evidence={"dvt": 0.2})
rule("vascular.dvt_obesity_with_leg_signs", yes("history.obesity"), sign("dvt_like_leg"),
     title="Obesity with DVT-like leg signs", sources=[*_DVT, "brief.3"], evidence={"dvt": 0.1})
rule("vascular.dvt_proximal_extension", yes("pain.above_knee_or_thigh"), sign("dvt_like_leg"), sign("unilateral"),
     title="DVT-like signs that reach above the knee or into the thigh", sources=_DVT, evidence={"dvt": 0.2})
rule("vascular.dvt_red_swollen_calf_mimic", sign("red_skin"), is_("signs.swelling", "local", "whole_calf", "entire_leg"),
     sign("unilateral"),
     title="A painful, red, swollen calf: cellulitis and DVT look alike, and an entry wound does not exclude a clot "
           "(keep DVT in the differential)",
     sources=[*_DVT, "brief.4.8"], evidence={"dvt": 0.15})
rule("vascular.dvt_source_of_pe", sign("chest_symptoms"), not_(sign("dvt_like_leg")),
     title="Chest symptoms with calf pain, even without leg signs: a pulmonary embolism usually comes from a leg DVT",
     sources=_PE,
     evidence={"dvt": 0.35})

# --- Pulmonary embolism. ------------------------------------------------------------------------
rule("vascular.pe_symptoms", sign("chest_symptoms"),
     title="Chest pain on breathing in, breathlessness or coughing blood with calf pain",
     sources=_PE, evidence={"pulmonary_embolism": 0.5})
rule("vascular.pe_with_dvt_signs", sign("chest_symptoms"), sign("dvt_like_leg"),
     title="Chest symptoms with DVT-like leg signs: a clot may have travelled to the lungs", sources=_PE,
     evidence={"pulmonary_embolism": 0.8})
rule("vascular.pe_with_dvt_risk", sign("chest_symptoms"), sign("dvt_risk"),
     title="Chest symptoms with a DVT risk factor", sources=[*_PE, "brief.3"], evidence={"pulmonary_embolism": 0.4})
rule("vascular.pe_collapse_with_dvt_risk", yes("signs.confusion_or_collapse"), sign("dvt_risk"),
     title="Collapse with a DVT risk factor", sources=[*_PE, "brief.3"], evidence={"pulmonary_embolism": 0.3})
rule("vascular.pe_vital_signs", any_of(sign("fast_heart_rate"), sign("fast_breathing"), sign("low_oxygen")),
     any_of(sign("dvt_like_leg"), sign("dvt_risk")),
     title="A fast heart or breathing rate or low oxygen with DVT signs or risks", sources=[*_PE, "nice.ng51"],
     evidence={"pulmonary_embolism": 0.4})
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
rule("vascular.bakers_crescent_with_known_cyst", yes("signs.crescent_bruise_below_ankle"), yes("signs.lump_behind_knee"),
     title="Crescent sign with a known Baker's cyst (not counted as a Wells alternative: a DVT can coexist, and only "
           "ultrasound separates them)",
     sources=[*_BAKER, "brief.1.1"], evidence={"bakers_cyst_rupture": 0.2})

# --- Superficial thrombophlebitis. --------------------------------------------------------------
rule("vascular.stp_cord", yes("signs.palpable_cord"),
     title="A red, tender, hard cord along a surface vein", sources=_STP, evidence={"superficial_thrombophlebitis": 0.7})
rule("vascular.stp_cord_on_varicose_vein", yes("signs.palpable_cord"), yes("history.varicose_veins"),
     title="A tender cord along a known varicose vein (the usual site)", sources=_STP,
     evidence={"superficial_thrombophlebitis": 0.1})
rule("vascular.stp_cord_with_warmth", yes("signs.palpable_cord"), any_of(yes("signs.warmth"), yes("signs.redness")),
     title="A surface-vein cord with local warmth or redness", sources=_STP, evidence={"superficial_thrombophlebitis": 0.2})

# --- Peripheral artery disease. -----------------------------------------------------------------
rule("vascular.pad_claudication", sign("exertional_pattern"), sign("vascular_risk"), ge(*_T["pad_age"].at),
     title=f"Calf pain at a fixed distance relieved by rest, over {_T['pad_age']} with vascular risk factors",
     sources=_PAD, evidence={"peripheral_artery_disease": 0.6})
rule("vascular.pad_low_abi", lt(*_T["abi_low"].at),
     title=f"Resting ankle-brachial index below {_T['abi_low']}", sources=_PAD, evidence={"peripheral_artery_disease": 0.7})
rule("vascular.pad_weak_pulse_with_risk", yes("signs.weak_foot_pulse"), sign("vascular_risk"),
     title="A weak foot pulse with vascular risk factors", sources=_PAD, evidence={"peripheral_artery_disease": 0.3})
rule("vascular.pad_against_normal_abi", ge(*_T["abi_normal"].at), le(*_T["abi_incompressible"].at),
     title=f"A normal resting ankle-brachial index ({_T['abi_normal']:.1f} to {_T['abi_incompressible']}) points away from "
           "arterial disease",
     sources=_PAD, evidence={"peripheral_artery_disease": -0.5})
rule("vascular.pad_incompressible_abi", gt(*_T["abi_incompressible"].at),
     any_of(sign("vascular_risk"), ge(*_T["pad_age"].at)),
     title=f"ABI above {_T['abi_incompressible']} with vascular risks: stiff, non-compressible arteries (common with diabetes), not a normal "
           "result; a toe-brachial index is needed",
     sources=[*_PAD, "aha.abi_2012"], evidence={"peripheral_artery_disease": 0.3})
rule("vascular.pad_acute_ischaemia", sign("sudden_rest_pain"),
     any_of(yes("signs.weak_foot_pulse"), yes("signs.cold_or_pale_foot")), any_of(sign("vascular_risk"), ge("runner.age", 50)),
     title="Sudden rest pain with a pulse deficit or a cold foot in an older runner or one with vascular risks "
           "(acute limb ischaemia on arterial disease)",
     sources=[*_PAD, "brief.5"], evidence={"peripheral_artery_disease": 0.5})
rule("vascular.arterial_cold_pale_foot", yes("signs.cold_or_pale_foot"),
     title="A cold or pale foot at rest: an arterial blockage, on arterial disease or an entrapped artery (age decides which)",
     sources=[*_PAD, *_PAES, "brief.5"], evidence={"peripheral_artery_disease": 0.3, "popliteal_artery_entrapment": 0.2})
rule("vascular.pad_against_young", lt(*_T["pad_unlikely_under"].at),
     title=f"Under {_T['pad_unlikely_under']} points away from atherosclerotic arterial disease", sources=_PAD,
     evidence={"peripheral_artery_disease": -0.4})

# --- Popliteal artery entrapment. ---------------------------------------------------------------
rule("vascular.paes_young_exertional", sign("exertional_pattern"), lt("runner.age", 40),
     any_of(yes("signs.foot_cold_or_numb_after_running"), yes("signs.numbness_or_tingling")),
     title="A young runner with exertional calf pain and a cold, numb or tingling foot, relieved by rest",
     sources=_PAES, evidence={"popliteal_artery_entrapment": 0.5})
rule("vascular.paes_exertional_under_30", sign("exertional_pattern"), lt(*_T["paes_age"].at),
     title=f"Exertional calf pain relieved by rest in a runner under {_T['paes_age']} (entrapment is in the differential with CECS)",
     sources=_PAES, evidence={"popliteal_artery_entrapment": 0.2})
rule("vascular.paes_cold_foot_after_running", yes("signs.foot_cold_or_numb_after_running"),
     title="The foot goes cold or numb only with exercise", sources=_PAES,
     evidence={"popliteal_artery_entrapment": 0.35})
rule("vascular.paes_weak_pulse_young", yes("signs.weak_foot_pulse"), lt("runner.age", 40),
     title="A weak foot pulse in a young runner", sources=_PAES, evidence={"popliteal_artery_entrapment": 0.3})
rule("vascular.paes_pulses_drop_on_plantarflexion", yes("signs.pulses_drop_on_plantarflexion"),
     title="Foot pulses fall when the foot is pointed down against resistance", sources=_PAES,
     evidence={"popliteal_artery_entrapment": 0.6})
rule("vascular.paes_against_older", ge(*_T["paes_unlikely_over"].at),
     title=f"Over {_T['paes_unlikely_over']} points away from entrapment (think arterial disease)", sources=_PAES,
     evidence={"popliteal_artery_entrapment": -0.4})
rule("vascular.paes_against_bone_tenderness", yes("signs.tender_bone_spot"),
     title="Focal bone tenderness points away from entrapment", sources=_PAES,
     evidence={"popliteal_artery_entrapment": -0.3})
rule("vascular.arterial_against_normal_pulses", no("signs.weak_foot_pulse"), no("signs.foot_cold_or_numb_after_running"),
     title="Normal foot pulses and no cold foot after running point away from an arterial cause",
     sources=[*_PAD, *_PAES], evidence={"peripheral_artery_disease": -0.3, "popliteal_artery_entrapment": -0.1})
