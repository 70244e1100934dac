"""Signs: clinical patterns read straight from the findings and shared by
several bodies of knowledge (one leg or both, an acute injury, DVT risk)."""

from __future__ import annotations

from ..knowledge import THRESHOLDS
from .base import Layer, all_of, any_of, ge, gt, is_, le, lt, not_, rule, yes

_T = THRESHOLDS

rule("signs.unilateral", is_("pain.side", "left", "right"),
     title="Pain in one leg only", sources=["brief.1.1", "brief.4.1"], layer=Layer.SIGNS, signs=["unilateral"])

rule("signs.acute_injury", is_("pain.onset", "sudden"), is_("pain.started", "during_run", "after_injury"),
     title="Sudden onset during a run or at an injury", sources=["seed.causes.strain", "brief.2.1"],
     layer=Layer.SIGNS, signs=["acute_injury"])

rule("signs.leg_swelling", is_("signs.swelling", "whole_calf", "entire_leg"),
     title="The whole calf or leg is swollen", sources=["seed.rarer.dvt", "brief.4.1"], layer=Layer.SIGNS, signs=["leg_swelling"])

rule("signs.dvt_like_leg",
     any_of(is_("signs.swelling", "whole_calf", "entire_leg"), ge("signs.calf_swelling_difference_cm", 2),
            yes("signs.pitting_edema"), yes("signs.tender_along_deep_veins"), yes("signs.collateral_superficial_veins")),
     title="The leg shows a DVT-like sign (swelling, pitting oedema, deep-vein tenderness or collateral veins)",
     sources=["seed.rarer.dvt", "brief.1.1", "brief.4.1"], layer=Layer.SIGNS, signs=["dvt_like_leg"])

rule("signs.dvt_risk",
     any_of(ge(*_T["long_travel"].at), le(*_T["recent_surgery"].at), ge(*_T["bedridden"].at),
            yes("history.leg_immobilized"), yes("history.active_cancer"), yes("history.previous_dvt_or_pe"),
            yes("history.hormonal_risk"), yes("history.recent_major_surgery"), yes("history.thrombophilia_or_family_history"),
            yes("history.pregnant_or_postpartum")),
     title=f"A risk factor for DVT (travel of {_T['long_travel']} h or more, surgery, bed rest, a cast, cancer, previous clot, "
           "hormones, "
           "pregnancy or recent childbirth, thrombophilia or a family history of clots)",
     sources=["seed.rarer.dvt", "brief.3", "nice.ng158"], layer=Layer.SIGNS, signs=["dvt_risk"])

rule("signs.exertional_pattern", yes("pain.same_point_each_run"), yes("pain.eases_within_minutes_of_stopping"),
     title="Pain at the same point of every run that goes within minutes of stopping",
     sources=["brief.4.3", "brief.4.4", "brief.4.6"], layer=Layer.SIGNS, signs=["exertional_pattern"])

rule("signs.vascular_risk",
     any_of(yes("history.smoker"), yes("history.diabetes"), yes("history.cardiovascular_disease"), yes("medications.statin")),
     title="A risk factor for arterial disease (smoking, diabetes, heart or arterial disease, high cholesterol treated with a statin)",
     sources=["brief.4.6", "nice.cg147"], layer=Layer.SIGNS, signs=["vascular_risk"])

rule("signs.chest_symptoms",
     any_of(yes("signs.chest_pain"), yes("signs.short_of_breath"), yes("signs.coughing_blood")),
     title="Chest pain on breathing in, sudden breathlessness or coughing blood",
     sources=["brief.4.1", "brief.5"], layer=Layer.SIGNS, signs=["chest_symptoms"])

# --- Vital signs (thresholds in knowledge.clinical.THRESHOLDS) and symptoms they stand for. --------------------------
rule("signs.febrile", any_of(yes("signs.fever"), ge(*_T["fever"].at)),
     title=f"Fever: reported, or a measured temperature of {_T['fever']} °C or more", sources=_T["fever"].sources,
     layer=Layer.SIGNS, signs=["febrile"])
rule("signs.fast_heart_rate", gt(*_T["fast_heart_rate"].at),
     title=f"A fast heart rate at rest (above {_T['fast_heart_rate']} beats per minute)", sources=_T["fast_heart_rate"].sources,
     layer=Layer.SIGNS, signs=["fast_heart_rate"])
rule("signs.fast_breathing", ge(*_T["fast_breathing"].at),
     title=f"Fast breathing at rest ({_T['fast_breathing']} breaths per minute or more)", sources=_T["fast_breathing"].sources,
     layer=Layer.SIGNS, signs=["fast_breathing"])
rule("signs.low_oxygen", lt(*_T["low_oxygen"].at),
     title=f"Low oxygen saturation (below {_T['low_oxygen']}% breathing air)", sources=_T["low_oxygen"].sources,
     layer=Layer.SIGNS, signs=["low_oxygen"])

rule("signs.red_skin", any_of(yes("signs.redness"), yes("signs.spreading_redness")),
     title="Red skin over the calf or leg", sources=["brief.4.8"], layer=Layer.SIGNS, signs=["red_skin"])

rule("signs.sudden_rest_pain", is_("pain.onset", "sudden"),
     any_of(is_("pain.started", "at_rest"), all_of(yes("pain.persists_at_rest"), not_(is_("pain.started", "during_run", "after_injury")))),
     title="Sudden pain that came on, or stays, at rest (not a running injury)",
     sources=["brief.4.4", "brief.4.6"], layer=Layer.SIGNS, signs=["sudden_rest_pain"])

rule("signs.nerve_root_context",
     any_of(yes("pain.radiates_from_back_or_buttock"), yes("history.lower_back_pain"), yes("signs.straight_leg_raise_positive"),
            yes("pain.worse_sitting_or_coughing"), yes("signs.ankle_reflex_reduced")),
     title="Pain from the back or buttock, a positive straight-leg raise, a reduced ankle reflex or worse sitting or coughing",
     sources=["brief.2.8"], layer=Layer.SIGNS, signs=["nerve_root_context"])
