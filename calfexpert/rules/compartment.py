"""Compartment: acute compartment syndrome (an emergency) and chronic
exertional compartment syndrome, with the Pedowitz pressure criteria."""

from __future__ import annotations

from .base import Layer, any_of, ge, is_, lt, rule, sign, yes

_ACS = ["seed.rarer.compartment", "brief.1.5", "brief.4.2"]
_CECS = ["seed.rarer.compartment", "brief.4.3"]
_PEDOWITZ = ["brief.1.2"]

rule("compartment.acs_tense_out_of_proportion", yes("signs.tense_compartment"), yes("signs.pain_out_of_proportion"),
     title="A tense, woody compartment with pain out of proportion", sources=_ACS,
     evidence={"acute_compartment_syndrome": 0.8})
rule("compartment.acs_passive_stretch", yes("signs.pain_on_passive_stretch"),
     any_of(yes("signs.tense_compartment"), yes("signs.pain_out_of_proportion")),
     title="Pain on passive stretch with a tense compartment or pain out of proportion", sources=_ACS,
     evidence={"acute_compartment_syndrome": 0.5})
rule("compartment.acs_after_trauma", yes("history.direct_blow_or_trauma"),
     any_of(yes("signs.tense_compartment"), yes("signs.pain_out_of_proportion"), yes("signs.pain_on_passive_stretch")),
     title="A blow, fall or fracture followed by compartment signs", sources=_ACS,
     evidence={"acute_compartment_syndrome": 0.4})
rule("compartment.acs_severe_pain_not_settling", ge("pain.severity", 8), yes("pain.persists_at_rest"),
     any_of(yes("signs.tense_compartment"), yes("signs.pain_out_of_proportion")),
     title="Severe pain that does not settle with rest, with a tense compartment or pain out of proportion",
     sources=_ACS, evidence={"acute_compartment_syndrome": 0.3})
rule("compartment.acs_nerve_signs", yes("signs.tense_compartment"),
     any_of(yes("signs.numbness_or_tingling"), yes("signs.foot_weakness")),
     title="Tingling, numbness or weakness with a tense compartment", sources=_ACS,
     evidence={"acute_compartment_syndrome": 0.3})
rule("compartment.acs_exertional_not_easing", yes("pain.same_point_each_run"), yes("pain.persists_at_rest"),
     any_of(yes("signs.tense_compartment"), yes("signs.pain_out_of_proportion"), ge("pain.severity", 8)),
     title="Exertional compartment pain that no longer eases after stopping", sources=[*_ACS, "brief.4.3"],
     evidence={"acute_compartment_syndrome": 0.4})
rule("compartment.acs_possible_after_major_tear", sign("acute_injury"), yes("signs.palpable_gap"), ge("pain.severity", 8),
     title="A large muscle tear can bleed into the compartment: keep acute compartment syndrome in mind",
     sources=[*_ACS, "brief.2.2"], evidence={"acute_compartment_syndrome": 0.12})
rule("compartment.acs_against_eases_quickly", yes("pain.eases_within_minutes_of_stopping"),
     title="Pain that resolves within minutes of stopping points away from the acute form", sources=_ACS,
     evidence={"acute_compartment_syndrome": -0.4})

rule("compartment.cecs_reproducible_pattern", sign("exertional_pattern"),
     title="Pain that starts at the same point of every run and eases within minutes of stopping",
     sources=_CECS, evidence={"chronic_exertional_compartment_syndrome": 0.6})
rule("compartment.cecs_both_legs", is_("pain.side", "both"), yes("pain.same_point_each_run"),
     title="Reproducible exertional pain in both legs", sources=_CECS, evidence={"chronic_exertional_compartment_syndrome": 0.15})
rule("compartment.cecs_tingling_late_in_run", yes("pain.same_point_each_run"), yes("signs.numbness_or_tingling"),
     title="Tingling late in the run with a reproducible pattern", sources=_CECS,
     evidence={"chronic_exertional_compartment_syndrome": 0.1})
rule("compartment.pedowitz_positive",
     any_of(ge("measurements.compartment_pressure_mmhg.pre_exercise", 15),
            ge("measurements.compartment_pressure_mmhg.one_min_post", 30),
            ge("measurements.compartment_pressure_mmhg.five_min_post", 20)),
     title="Pedowitz: pressure 15 mmHg or more before, 30 or more 1 min after, or 20 or more 5 min after exercise",
     sources=_PEDOWITZ, layer=Layer.SCORE_USE, evidence={"chronic_exertional_compartment_syndrome": 0.8})
rule("compartment.pedowitz_negative",
     lt("measurements.compartment_pressure_mmhg.pre_exercise", 15),
     lt("measurements.compartment_pressure_mmhg.one_min_post", 30),
     lt("measurements.compartment_pressure_mmhg.five_min_post", 20),
     title="Pedowitz: every pressure below its threshold (a negative set lowers CECS)",
     sources=_PEDOWITZ, layer=Layer.SCORE_USE, evidence={"chronic_exertional_compartment_syndrome": -0.6})
rule("compartment.cecs_against_rest_pain", yes("pain.persists_at_rest"),
     title="Pain at rest points away from the chronic exertional form", sources=_CECS,
     evidence={"chronic_exertional_compartment_syndrome": -0.3})
rule("compartment.cecs_against_focal_bone", yes("signs.tender_bone_spot"),
     title="Focal bone tenderness points away from CECS", sources=_CECS,
     evidence={"chronic_exertional_compartment_syndrome": -0.3})
