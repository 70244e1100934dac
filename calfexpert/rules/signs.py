"""Signs: clinical patterns read straight from the findings and shared by
several bodies of knowledge (one leg or both, an acute injury, DVT risk)."""

from __future__ import annotations

from .base import Layer, any_of, ge, is_, le, rule, yes

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
     any_of(ge("history.long_travel_hours", 4), le("history.surgery_weeks_ago", 12), ge("history.bedridden_days", 3),
            yes("history.leg_immobilized"), yes("history.active_cancer"), yes("history.previous_dvt_or_pe"),
            yes("history.hormonal_risk")),
     title="A risk factor for DVT (travel of 4 h or more, surgery, bed rest, a cast, cancer, previous clot, hormones)",
     sources=["seed.rarer.dvt", "brief.3"], layer=Layer.SIGNS, signs=["dvt_risk"])

rule("signs.exertional_pattern", yes("pain.same_point_each_run"), yes("pain.eases_within_minutes_of_stopping"),
     title="Pain at the same point of every run that goes within minutes of stopping",
     sources=["brief.4.3", "brief.4.4", "brief.4.6"], layer=Layer.SIGNS, signs=["exertional_pattern"])

rule("signs.vascular_risk",
     any_of(yes("history.smoker"), yes("history.diabetes"), yes("history.cardiovascular_disease")),
     title="A risk factor for arterial disease (smoking, diabetes, heart or arterial disease)",
     sources=["brief.4.6"], layer=Layer.SIGNS, signs=["vascular_risk"])

rule("signs.chest_symptoms",
     any_of(yes("signs.chest_pain"), yes("signs.short_of_breath"), yes("signs.coughing_blood")),
     title="Chest pain on breathing in, sudden breathlessness or coughing blood",
     sources=["brief.4.1", "brief.5"], layer=Layer.SIGNS, signs=["chest_symptoms"])
