"""Triage: red flags, the level each suspected condition demands, the seed's
"when to see a doctor" points, and the decision (the most urgent demand wins;
nothing lowers it)."""

from __future__ import annotations

from typing import Any

from .._experta import MATCH, NOT
from ..facts import Finding, Suspected, Triage, TriageDemand
from ..knowledge import CONDITIONS, triage_rank
from ..knowledge.information import INSUFFICIENT_LEVEL, KEY_QUESTIONS, MIN_KEY_QUESTIONS_KNOWN
from .base import Layer, all_of, any_of, custom_rule, fact, ge, is_, no, not_, rule, sign, suspected, yes

# --- Red flags: each sets a floor that no benign diagnosis can lower. -------------------------

rule("triage.red_flag_pe", sign("chest_symptoms"),
     title="Red flag: chest pain, breathlessness or coughing blood with calf pain",
     sources=["brief.4.1", "brief.5"], layer=Layer.SIGNS, red_flag="pe_symptoms")
rule("triage.red_flag_collapse", yes("signs.confusion_or_collapse"),
     title="Red flag: confusion or collapse", sources=["brief.2.3", "brief.4.9", "brief.5"],
     layer=Layer.SIGNS, red_flag="collapse_or_confusion")
rule("triage.red_flag_compartment", yes("signs.tense_compartment"),
     any_of(yes("signs.pain_out_of_proportion"), yes("signs.pain_on_passive_stretch")),
     title="Red flag: tense compartment with pain out of proportion or on passive stretch",
     sources=["seed.rarer.compartment", "brief.1.5", "brief.5"], layer=Layer.SIGNS, red_flag="compartment_signs")
rule("triage.red_flag_limb_ischaemia", yes("signs.cold_or_pale_foot"),
     title="Red flag: cold or pale foot at rest", sources=["brief.4.4", "brief.4.6", "brief.5"],
     layer=Layer.SIGNS, red_flag="limb_ischaemia")
rule("triage.red_flag_dark_urine", yes("signs.dark_urine"),
     title="Red flag: dark or reduced urine", sources=["brief.4.9", "brief.5"], layer=Layer.SIGNS, red_flag="dark_urine")
rule("triage.red_flag_spreading_infection", yes("signs.fever"), yes("signs.spreading_redness"),
     title="Red flag: fever with spreading redness", sources=["brief.4.8", "brief.5"],
     layer=Layer.SIGNS, red_flag="spreading_infection")
rule("triage.red_flag_cauda_equina", yes("signs.saddle_numbness_or_bladder_change"),
     title="Red flag: saddle numbness or bladder or bowel change", sources=["brief.2.8", "brief.5"],
     layer=Layer.SIGNS, red_flag="cauda_equina")
rule("triage.red_flag_swelling", is_("signs.swelling", "local", "whole_calf", "entire_leg"),
     title="Red flag (seed): swelling", sources=["seed.doctor.serious_signs"], layer=Layer.SIGNS, red_flag="swelling")
rule("triage.red_flag_warmth", yes("signs.warmth"),
     title="Red flag (seed): unusual warmth in the calf", sources=["seed.doctor.serious_signs"],
     layer=Layer.SIGNS, red_flag="warmth")
rule("triage.red_flag_redness", any_of(yes("signs.redness"), yes("signs.spreading_redness")),
     title="Red flag (seed): redness", sources=["seed.doctor.serious_signs"], layer=Layer.SIGNS, red_flag="redness")
rule("triage.red_flag_rapidly_worsening", is_("pain.trend", "rapidly_worsening"),
     title="Red flag (seed): pain that worsens rapidly", sources=["seed.doctor.serious_signs"],
     layer=Layer.SIGNS, red_flag="rapidly_worsening")
rule("triage.red_flag_cannot_bear_weight", no("signs.can_bear_weight"),
     title="Red flag: cannot bear weight", sources=["brief.5", "brief.7.6"], layer=Layer.SIGNS, red_flag="cannot_bear_weight")
rule("triage.red_flag_foot_weakness", yes("signs.foot_weakness"),
     title="Red flag: weak push-off or foot drop", sources=["brief.2.8", "brief.5"], layer=Layer.SIGNS, red_flag="foot_weakness")

# --- When to see a doctor (seed), without a red flag. ------------------------------------------

rule("triage.persistent_pain", is_("pain.onset", "sudden"), ge("pain.days_since_onset", 3),
     is_("pain.trend", "stable", "worsening"),
     title="Pain from an acute injury that has not gone after a few days of rest, ice, compression and elevation",
     sources=["seed.doctor.persistent_severe", "brief.5"], layer=Layer.DEMAND, triage="see_doctor")
rule("triage.persistent_overuse_pain", not_(is_("pain.onset", "sudden")),
     any_of(all_of(ge("pain.days_since_onset", 28), is_("pain.trend", "stable", "worsening")),
            all_of(ge("pain.days_since_onset", 14), is_("pain.trend", "worsening"))),
     title="Gradual (overuse) pain getting worse after 2 weeks, or no better after about 4 weeks "
           "(2-3 weeks of load management for tendinopathy or shin splints)",
     sources=["seed.doctor.persistent_severe", "brief.5", "brief.2.10", "brief.2.12"], layer=Layer.DEMAND,
     triage="see_doctor")
rule("triage.walking_difficult", yes("pain.walking_difficult"),
     title="Pain bad enough to make walking or running difficult",
     sources=["seed.doctor.persistent_severe"], layer=Layer.DEMAND, triage="see_doctor")
rule("triage.severe_pain", ge("pain.severity", 8), not_(is_("pain.trend", "improving")),
     not_(yes("pain.eased_by_stretching")),
     title="Severe pain (8 or more out of 10)", sources=["seed.doctor.persistent_severe"],
     layer=Layer.DEMAND, triage="see_doctor")
rule("triage.bone_pain_at_rest_or_night", yes("signs.tender_bone_spot"),
     any_of(yes("pain.at_night"), yes("pain.persists_at_rest")),
     title="Bone pain at rest or at night", sources=["brief.7.6", "brief.2.9"], layer=Layer.DEMAND, triage="see_doctor")
rule("triage.recurring_on_runs", yes("history.previous_calf_injury"), yes("pain.same_point_each_run"),
     title="The same pain keeps coming back on runs", sources=["brief.7.6", "brief.5"],
     layer=Layer.DEMAND, triage="see_doctor")

# --- Each suspected condition demands its own level (the table in knowledge.clinical). ------------


@custom_rule("triage.suspected_condition", fact(Suspected(condition=MATCH.condition), "a condition is suspected"),
             title="A suspected condition demands its own triage level (emergency for PE and acute compartment "
                   "syndrome, urgent for DVT, rupture, tear, cellulitis ...)",
             sources=["brief.0", "brief.5"], layer=Layer.DEMAND, concludes=["triage"])
def suspected_condition(engine: Any, condition: str) -> None:
    engine.declare(TriageDemand(level=CONDITIONS[condition].triage, by="triage.suspected_condition", about=condition))


# Escalations within a condition.
rule("triage.strain_grade_2", suspected("calf_strain"),
     any_of(yes("pain.walking_difficult"), yes("signs.bruising"), no("signs.can_heel_raise")),
     title="Calf strain with a limp, bruising or weakness (grade 2): see a doctor",
     sources=["brief.2.1"], layer=Layer.DEMAND, triage="see_doctor")
rule("triage.recurrent_strain", suspected("calf_strain"), yes("history.previous_calf_injury"),
     title="A recurrent calf strain: see a doctor or physiotherapist for a criteria-based plan",
     sources=["brief.5", "brief.2.7"], layer=Layer.DEMAND, triage="see_doctor")
rule("triage.stress_fracture_high_risk", suspected("stress_fracture"),
     no("signs.can_bear_weight"),
     title="Stress fracture that cannot bear weight: urgent",
     sources=["brief.2.9"], layer=Layer.DEMAND, triage="urgent")
rule("triage.radiculopathy_weakness", suspected("lumbar_radiculopathy"), yes("signs.foot_weakness"),
     title="Radicular pain with weakness or foot drop: urgent", sources=["brief.2.8"], layer=Layer.DEMAND, triage="urgent")
rule("triage.thrombophlebitis_extensive", suspected("superficial_thrombophlebitis"),
     any_of(is_("pain.location", "behind_knee"), sign("dvt_like_leg"), sign("dvt_risk")),
     title="Superficial thrombophlebitis near the knee, or with DVT signs or risks: urgent ultrasound",
     sources=["brief.4.7"], layer=Layer.DEMAND, triage="urgent")
rule("triage.pad_rest_pain", suspected("peripheral_artery_disease"), yes("pain.persists_at_rest"),
     title="Arterial disease with pain at rest: urgent", sources=["brief.4.6"], layer=Layer.DEMAND, triage="urgent")
rule("triage.cecs_pain_not_easing", yes("pain.same_point_each_run"), no("pain.eases_within_minutes_of_stopping"),
     yes("pain.persists_at_rest"), not_(is_("pain.trend", "improving")),
     title="Exertional pain that does not ease after stopping: treat as acute compartment syndrome",
     sources=["brief.4.3", "brief.4.2"], layer=Layer.DEMAND, triage="emergency")
rule("triage.dvt_signs_with_risk", sign("dvt_risk"), sign("dvt_like_leg"), sign("unilateral"),
     title="A one-sided swollen or tender calf with a DVT risk: same-day assessment whatever else is suspected",
     sources=["brief.3", "brief.7.6"], layer=Layer.DEMAND, triage="urgent")

# --- Too little information is its own answer. ---------------------------------------------------


@custom_rule("triage.insufficient_information", fact(NOT(TriageDemand()), "no rule demands a triage level"),
             title="Too little is known to say home care is safe: fewer than "
                   f"{MIN_KEY_QUESTIONS_KNOWN} of the {len(KEY_QUESTIONS)} key questions are answered and nothing was found, "
                   "so see a doctor (and answer the key questions)",
             sources=["brief.0", "brief.5", "brief.7.6"], layer=Layer.INFORMATION, concludes=["triage"])
def insufficient_information(engine: Any) -> None:
    findings = [f for f in engine.facts.values() if isinstance(f, Finding)]
    known = {f["name"] for f in findings}
    answered = [q for q in KEY_QUESTIONS if any(p in known for p in q.findings)]
    if len(answered) < MIN_KEY_QUESTIONS_KNOWN:
        keys = {p for q in KEY_QUESTIONS for p in q.findings}
        engine.note_read([f for f in findings if f["name"] in keys])
        engine.declare(TriageDemand(level=INSUFFICIENT_LEVEL, by="triage.insufficient_information"))


# --- The decision. ------------------------------------------------------------------------------


@custom_rule("triage.decide", fact(NOT(Triage()), "no triage level yet"),
             title="The most urgent level any rule demands wins; with no demand, self-care",
             sources=["brief.0", "brief.5"], layer=Layer.TRIAGE, concludes=["triage"])
def decide(engine: Any) -> None:
    # Every rule that demands a level sits in a higher layer, so all the demands are in working memory now.
    demands = engine.facts_of(TriageDemand)
    level = max((f["level"] for f in demands), key=triage_rank, default="self_care")
    engine.note_read([f for f in demands if f["level"] == level])
    engine.declare(Triage(level=level, by=tuple(sorted({f["by"] for f in demands if f["level"] == level}))))
