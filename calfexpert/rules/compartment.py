"""Compartment: acute compartment syndrome (an emergency) and chronic
exertional compartment syndrome, with the Pedowitz pressure criteria."""

from __future__ import annotations

from ..knowledge import THRESHOLDS
from .base import Layer, all_of, any_of, ge, is_, lt, no, not_, rule, sign, yes

_ACS = ["seed.rarer.compartment", "brief.1.5", "brief.4.2", "boast.10"]
_CECS = ["seed.rarer.compartment", "brief.4.3"]
_PEDOWITZ = ["brief.1.2"]
_PRE, _ONE_MIN, _FIVE_MIN = THRESHOLDS["pedowitz_pre"], THRESHOLDS["pedowitz_one_min"], THRESHOLDS["pedowitz_five_min"]

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
     any_of(yes("signs.tense_compartment"), all_of(yes("signs.pain_out_of_proportion"), not_(is_("pain.side", "both")))),
     title="Severe pain that does not settle with rest, with a tense compartment or pain out of proportion in one leg "
           "(in both calves after an extreme effort, without compartment signs, think rhabdomyolysis)",
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
rule("compartment.acs_tense_compartment", yes("signs.tense_compartment"),
     title="A tense, woody compartment on its own (an early sign: never wait for a second one)", sources=_ACS,
     evidence={"acute_compartment_syndrome": 0.5})
rule("compartment.acs_pain_on_passive_stretch", yes("signs.pain_on_passive_stretch"),
     title="Pain on passive stretch of the compartment's muscles (a key early finding)", sources=_ACS,
     evidence={"acute_compartment_syndrome": 0.3})
rule("compartment.acs_out_of_proportion_not_settling", yes("signs.pain_out_of_proportion"), not_(no("pain.persists_at_rest")),
     not_(yes("pain.eases_within_minutes_of_stopping")), not_(is_("pain.side", "both")),
     title="Pain out of proportion in one leg that does not settle at rest", sources=_ACS,
     evidence={"acute_compartment_syndrome": 0.4})
rule("compartment.acs_numbness_with_severe_rest_pain", yes("signs.numbness_or_tingling"), ge("pain.severity", 7),
     yes("pain.persists_at_rest"), not_(yes("pain.radiates_from_back_or_buttock")), not_(yes("signs.weak_foot_pulse")),
     not_(yes("signs.cold_or_pale_foot")),
     title="Numbness or tingling with severe leg pain that persists at rest, pulses present (a lost pulse or a cold "
           "foot points to a blocked artery instead)", sources=_ACS,
     evidence={"acute_compartment_syndrome": 0.3})
rule("compartment.acs_escalating_rest_pain", ge("pain.severity", 8), is_("pain.trend", "rapidly_worsening"),
     yes("pain.persists_at_rest"),
     title="Severe pain that keeps increasing at rest", sources=[*_ACS, "brief.7.6"],
     evidence={"acute_compartment_syndrome": 0.3})
rule("compartment.acs_anticoagulated_after_blow", yes("medications.anticoagulant"), yes("history.direct_blow_or_trauma"),
     any_of(is_("signs.swelling", "local", "whole_calf", "entire_leg"), ge("pain.severity", 7), yes("signs.pain_out_of_proportion")),
     title="A blow to the leg while taking a blood thinner: bleeding into the compartment can raise its pressure",
     sources=[*_ACS, "brief.4.5"], evidence={"acute_compartment_syndrome": 0.3})
rule("compartment.acs_possible_with_swollen_muscles_after_effort", is_("signs.swelling", "whole_calf", "entire_leg"),
     any_of(yes("signs.pain_out_of_proportion"), ge("pain.severity", 8)),
     any_of(yes("history.unaccustomed_session"), yes("history.long_or_hot_run")),
     title="Markedly swollen, very painful muscles after an extreme effort can raise compartment pressure: keep acute "
           "compartment syndrome in mind (below the suspicion threshold without a compartment sign)",
     sources=[*_ACS, "brief.4.9"], evidence={"acute_compartment_syndrome": 0.1})
rule("compartment.acs_against_eases_quickly", yes("pain.eases_within_minutes_of_stopping"),
     not_(yes("signs.tense_compartment")), not_(yes("signs.pain_on_passive_stretch")),
     title="Pain that resolves within minutes of stopping points away from the acute form (not against a tense compartment "
           "or pain on passive stretch found now: an early sign is acted on)", sources=_ACS,
     evidence={"acute_compartment_syndrome": -0.4})

rule("compartment.cecs_reproducible_pattern", sign("exertional_pattern"),
     title="Pain that starts at the same point of every run and eases within minutes of stopping",
     sources=_CECS, evidence={"chronic_exertional_compartment_syndrome": 0.6})
rule("compartment.cecs_both_legs", is_("pain.side", "both"), yes("pain.same_point_each_run"),
     title="Reproducible exertional pain in both legs", sources=_CECS, evidence={"chronic_exertional_compartment_syndrome": 0.15})
rule("compartment.cecs_tingling_late_in_run", yes("pain.same_point_each_run"), yes("signs.numbness_or_tingling"),
     title="Tingling late in the run with a reproducible pattern", sources=_CECS,
     evidence={"chronic_exertional_compartment_syndrome": 0.1})
rule("compartment.pedowitz_positive", yes("pain.same_point_each_run"),
     any_of(ge(*_PRE.at), ge(*_ONE_MIN.at), ge(*_FIVE_MIN.at)),
     title=f"Pedowitz, with a compatible exertional history (pain at the same point of every run): pressure {_PRE} mmHg or "
           f"more before, {_ONE_MIN} or more 1 min after, or {_FIVE_MIN} or more 5 min after exercise",
     sources=_PEDOWITZ, layer=Layer.SCORE_USE, evidence={"chronic_exertional_compartment_syndrome": 0.8})
rule("compartment.pedowitz_negative",
     lt(*_PRE.at), lt(*_ONE_MIN.at), lt(*_FIVE_MIN.at),
     title="Pedowitz: every pressure below its threshold (a negative set lowers CECS)",
     sources=_PEDOWITZ, layer=Layer.SCORE_USE, evidence={"chronic_exertional_compartment_syndrome": -0.6})
rule("compartment.cecs_against_rest_pain", yes("pain.persists_at_rest"),
     title="Pain at rest points away from the chronic exertional form", sources=_CECS,
     evidence={"chronic_exertional_compartment_syndrome": -0.3})
rule("compartment.cecs_against_focal_bone", yes("signs.tender_bone_spot"),
     title="Focal bone tenderness points away from CECS", sources=_CECS,
     evidence={"chronic_exertional_compartment_syndrome": -0.3})
rule("compartment.cecs_against_older", ge(*THRESHOLDS["cecs_unlikely_over"].at),
     title=f"Over {THRESHOLDS['cecs_unlikely_over']} points away from CECS, a condition of young runners (think arterial disease)",
     sources=[*_CECS, "brief.4.6"],
     evidence={"chronic_exertional_compartment_syndrome": -0.25})
rule("compartment.cecs_against_vascular_risk", sign("vascular_risk"), ge(*THRESHOLDS["cecs_vascular_risk_age"].at),
     title=f"Smoking, diabetes or arterial disease over {THRESHOLDS['cecs_vascular_risk_age']} points away from CECS (think claudication)",
     sources=[*_CECS, "brief.4.6", "nice.cg147"], evidence={"chronic_exertional_compartment_syndrome": -0.25})
