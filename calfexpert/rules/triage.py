"""Triage: red flags, the level each suspected condition demands, the seed's
"when to see a doctor" points, and the decision (the most urgent demand wins;
nothing lowers it)."""

from __future__ import annotations

from typing import Any

from .._experta import MATCH, NOT
from ..facts import Finding, Suspected, Triage, TriageDemand
from ..knowledge import CONDITIONS, THRESHOLDS, triage_rank
from ..knowledge.information import INSUFFICIENT_LEVEL, KEY_QUESTIONS, MIN_KEY_QUESTIONS_KNOWN
from .base import Layer, all_of, any_of, custom_rule, fact, ge, is_, no, not_, rule, sign, suspected, yes

# --- Red flags: each sets a floor that no benign diagnosis can lower. -------------------------

_NOT_FROM_BACK = (not_(yes("pain.radiates_from_back_or_buttock")), not_(yes("history.lower_back_pain")))

rule("triage.red_flag_pe", sign("chest_symptoms"),
     title="Red flag: chest pain, breathlessness or coughing blood with calf pain",
     sources=["brief.4.1", "brief.5", "nice.ng158"], layer=Layer.SIGNS, red_flag="pe_symptoms")
rule("triage.red_flag_low_oxygen", sign("low_oxygen"),
     title=f"Red flag: oxygen saturation below {THRESHOLDS['low_oxygen']}% breathing air", sources=["brief.4.1", "nice.ng51"],
     layer=Layer.SIGNS, red_flag="low_oxygen")
rule("triage.red_flag_collapse", yes("signs.confusion_or_collapse"),
     title="Red flag: confusion or collapse", sources=["brief.2.3", "brief.4.9", "brief.5"],
     layer=Layer.SIGNS, red_flag="collapse_or_confusion")
rule("triage.red_flag_compartment",
     any_of(yes("signs.tense_compartment"), yes("signs.pain_on_passive_stretch"),
            all_of(yes("signs.pain_out_of_proportion"), not_(no("pain.persists_at_rest")),
                   not_(yes("pain.eases_within_minutes_of_stopping")), not_(is_("pain.side", "both"))),
            all_of(yes("signs.numbness_or_tingling"), ge("pain.severity", 7), yes("pain.persists_at_rest"), *_NOT_FROM_BACK,
                   not_(yes("signs.weak_foot_pulse")), not_(yes("signs.cold_or_pale_foot")))),
     title="Red flag: any one early sign of acute compartment syndrome (a tense compartment, pain on passive stretch, "
           "pain out of proportion that does not settle at rest in one leg, or numbness with severe pain at rest); "
           "never wait for the late signs",
     sources=["brief.1.5", "brief.4.2", "brief.5", "boast.10"], layer=Layer.SIGNS, red_flag="compartment_signs")
rule("triage.red_flag_escalating_rest_pain", ge(*THRESHOLDS["severe_pain"].at), is_("pain.trend", "rapidly_worsening"),
     yes("pain.persists_at_rest"),
     title="Red flag: severe pain that keeps increasing at rest", sources=["brief.7.6", "brief.1.5", "boast.10"],
     layer=Layer.SIGNS, red_flag="escalating_rest_pain")
rule("triage.red_flag_limb_ischaemia",
     any_of(yes("signs.cold_or_pale_foot"),
            all_of(sign("sudden_rest_pain"), yes("signs.weak_foot_pulse")),
            all_of(sign("sudden_rest_pain"), any_of(yes("signs.numbness_or_tingling"), yes("signs.foot_drop"),
                                                     yes("signs.foot_weakness")), *_NOT_FROM_BACK)),
     title="Red flag: a cold or pale foot at rest, or sudden rest pain with a pulse deficit, numbness or weakness "
           "(the 6 Ps of acute limb ischaemia)",
     sources=["brief.4.4", "brief.4.6", "brief.5", "nice.cg147"], layer=Layer.SIGNS, red_flag="limb_ischaemia")
rule("triage.red_flag_dark_urine", yes("signs.dark_urine"),
     title="Red flag: dark or reduced urine", sources=["brief.4.9", "brief.5"], layer=Layer.SIGNS, red_flag="dark_urine")
rule("triage.red_flag_spreading_infection", sign("febrile"), yes("signs.spreading_redness"),
     title="Red flag: fever with spreading redness", sources=["brief.4.8", "brief.5", "nice.ng141"],
     layer=Layer.SIGNS, red_flag="spreading_infection")
rule("triage.red_flag_severe_infection", sign("red_skin"),
     any_of(all_of(sign("febrile"), any_of(yes("signs.warmth"), yes("signs.skin_wound_or_blister"),
                                         is_("signs.swelling", "local", "whole_calf", "entire_leg"))),
            sign("fast_heart_rate"), sign("fast_breathing"),
            all_of(yes("signs.pain_out_of_proportion"), any_of(yes("signs.skin_wound_or_blister"), sign("febrile"))),
            all_of(is_("pain.trend", "rapidly_worsening"), any_of(yes("signs.skin_wound_or_blister"), sign("febrile"),
                                                                  yes("signs.spreading_redness")))),
     title="Red flag: a red leg with fever, a fast heart or breathing rate, pain out of proportion or rapid worsening "
           "(sepsis or necrotising infection)",
     sources=["brief.4.8", "brief.5", "nice.ng141", "nice.ng51"], layer=Layer.SIGNS, red_flag="severe_infection")
rule("triage.red_flag_cauda_equina",
     any_of(yes("signs.saddle_numbness_or_bladder_change"),
            all_of(yes("signs.neurological_signs_both_legs"),
                   any_of(sign("nerve_root_context"), yes("signs.foot_weakness"), yes("signs.foot_drop"))),
            all_of(is_("pain.side", "both"), yes("pain.radiates_from_back_or_buttock"))),
     title="Red flag: saddle numbness, bladder or bowel change, or sciatica or neurological signs in both legs",
     sources=["brief.2.8", "brief.5", "nice.cks_sciatica", "girft.cauda_equina"], layer=Layer.SIGNS, red_flag="cauda_equina")
rule("triage.red_flag_systemic_cramps", any_of(yes("pain.involuntary_spasm"), is_("pain.quality", "cramping")),
     sign("febrile"), not_(yes("pain.eased_by_stretching")),
     title="Red flag: cramps that do not release, with a fever (heat illness or rhabdomyolysis)",
     sources=["brief.2.3", "brief.5"], layer=Layer.SIGNS, red_flag="systemic_cramps")
rule("triage.red_flag_very_high_temperature",
     ge(*THRESHOLDS["very_high_temperature"].at),
     title=f"Red flag: a temperature of {THRESHOLDS['very_high_temperature']} °C or more (heat stroke)",
     sources=["brief.2.3", "brief.4.9", "brief.5"],
     layer=Layer.SIGNS, red_flag="very_high_temperature")
rule("triage.red_flag_swelling", is_("signs.swelling", "whole_calf", "entire_leg"),
     title="Red flag: the whole calf or the whole leg is swollen (local swelling of a tendon or a strain is not this flag)",
     sources=["seed.doctor.serious_signs", "brief.4.1", "brief.5"], layer=Layer.SIGNS, red_flag="swelling")
rule("triage.red_flag_warmth", yes("signs.warmth"),
     title="Red flag (seed): unusual warmth in the calf", sources=["seed.doctor.serious_signs", "brief.5"],
     layer=Layer.SIGNS, red_flag="warmth")
rule("triage.red_flag_redness", sign("red_skin"),
     title="Red flag (seed): redness", sources=["seed.doctor.serious_signs", "brief.4.8"], layer=Layer.SIGNS, red_flag="redness")
rule("triage.red_flag_rapidly_worsening", is_("pain.trend", "rapidly_worsening"),
     title="Red flag (seed): pain that worsens rapidly", sources=["seed.doctor.serious_signs", "brief.7.6"],
     layer=Layer.SIGNS, red_flag="rapidly_worsening")
rule("triage.red_flag_cannot_bear_weight", no("signs.can_bear_weight"),
     title="Red flag: cannot bear weight", sources=["brief.2.2", "brief.2.9", "brief.7.6"], layer=Layer.SIGNS,
     red_flag="cannot_bear_weight")
rule("triage.red_flag_foot_weakness",
     any_of(yes("signs.foot_drop"), all_of(yes("signs.foot_weakness"), any_of(sign("nerve_root_context"),
                                                                               yes("signs.numbness_or_tingling")))),
     title="Red flag: foot drop, or weakness with numbness or nerve-root signs (weak push-off of a calf or Achilles injury "
           "is judged by its own rules)",
     sources=["brief.2.8", "brief.5", "nice.cks_sciatica"], layer=Layer.SIGNS, red_flag="foot_weakness")

# --- When to see a doctor (seed), without a red flag. ------------------------------------------

rule("triage.persistent_pain", is_("pain.onset", "sudden"),
     any_of(all_of(ge(*THRESHOLDS["acute_not_improving_days"].at), is_("pain.trend", "stable", "worsening")),
            all_of(ge(*THRESHOLDS["acute_worsening_days"].at), is_("pain.trend", "worsening"))),
     title=f"Pain from an acute injury not improving after about {THRESHOLDS['acute_not_improving_days']:weeks} of self-care, "
           "or getting worse after a few days",
     sources=["seed.doctor.persistent_severe", "brief.7.6", "brief.5"], layer=Layer.DEMAND, triage="see_doctor")
rule("triage.improved_then_worsened", yes("pain.improved_then_worsened"),
     title="Pain that was improving and then got worse again", sources=["brief.7.6", "brief.4.1"],
     layer=Layer.DEMAND, triage="see_doctor")
rule("triage.weak_push_off", yes("signs.foot_weakness"),
     title="Weak push-off (weak plantarflexion) needs an examination", sources=["brief.2.1", "brief.2.8", "brief.2.11"],
     layer=Layer.DEMAND, triage="see_doctor")
rule("triage.unexplained_local_swelling", is_("signs.swelling", "local"), not_(yes("signs.thickened_achilles")),
     not_(suspected("achilles_tendinopathy")),
     title="Local swelling not explained by a thickened Achilles tendon: have it examined",
     sources=["seed.doctor.serious_signs", "brief.2.1", "brief.2.9"], layer=Layer.DEMAND, triage="see_doctor")
rule("triage.persistent_overuse_pain", not_(is_("pain.onset", "sudden")),
     any_of(all_of(ge(*THRESHOLDS["overuse_not_improving_days"].at), is_("pain.trend", "stable", "worsening")),
            all_of(ge(*THRESHOLDS["overuse_worsening_days"].at), is_("pain.trend", "worsening"))),
     title=f"Gradual (overuse) pain getting worse after {THRESHOLDS['overuse_worsening_days']:weeks}, or no better after about "
           f"{THRESHOLDS['overuse_not_improving_days']:weeks} "
           "(2-3 weeks of load management for tendinopathy or shin splints)",
     sources=["seed.doctor.persistent_severe", "brief.5", "brief.2.10", "brief.2.12"], layer=Layer.DEMAND,
     triage="see_doctor")
rule("triage.walking_difficult", yes("pain.walking_difficult"), not_(suspected("doms")),
     title="Pain bad enough to make walking or running difficult (not the expected stiffness of delayed-onset soreness "
           "in both calves, which is self-care with a safety-net)",
     sources=["seed.doctor.persistent_severe", "brief.2.4"], layer=Layer.DEMAND, triage="see_doctor")
rule("triage.severe_pain", ge(*THRESHOLDS["severe_pain"].at), not_(is_("pain.trend", "improving")),
     not_(yes("pain.eased_by_stretching")),
     title=f"Severe pain ({THRESHOLDS['severe_pain']} or more out of 10)", sources=["seed.doctor.persistent_severe"],
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
    engine.declare(TriageDemand(level=CONDITIONS[condition].triage, about=condition))


# Escalations within a condition.
rule("triage.strain_grade_2", suspected("calf_strain"),
     any_of(yes("pain.walking_difficult"), yes("signs.bruising"), no("signs.can_heel_raise"), is_("signs.swelling", "local")),
     title="Calf strain with a limp, swelling, bruising or weakness (grade 2): see a doctor",
     sources=["brief.2.1"], layer=Layer.DEMAND, triage="see_doctor")
rule("triage.recurrent_strain", suspected("calf_strain"), yes("history.previous_calf_injury"),
     title="A recurrent calf strain: see a doctor or physiotherapist for a criteria-based plan",
     sources=["brief.5", "brief.2.7"], layer=Layer.DEMAND, triage="see_doctor")
rule("triage.stress_fracture_high_risk", suspected("stress_fracture"),
     no("signs.can_bear_weight"),
     title="Stress fracture that cannot bear weight: urgent",
     sources=["brief.2.9"], layer=Layer.DEMAND, triage="urgent")
rule("triage.radiculopathy_weakness", suspected("lumbar_radiculopathy"), any_of(yes("signs.foot_weakness"), yes("signs.foot_drop")),
     title="Radicular pain with weakness or foot drop: urgent", sources=["brief.2.8"], layer=Layer.DEMAND, triage="urgent")
rule("triage.thrombophlebitis_extensive", suspected("superficial_thrombophlebitis"),
     any_of(yes("pain.above_knee_or_thigh"), ge(*THRESHOLDS["cord_extensive"].at), sign("dvt_like_leg"), sign("dvt_risk")),
     title=f"Superficial thrombophlebitis above the knee or in the thigh, a cord {THRESHOLDS['cord_extensive']} cm or longer, "
           "or with DVT signs or risks: urgent ultrasound",
     sources=["brief.4.7"], layer=Layer.DEMAND, triage="urgent")
rule("triage.thrombophlebitis_not_varicose", suspected("superficial_thrombophlebitis"), no("history.varicose_veins"),
     title="Superficial thrombophlebitis in a vein that is not varicose: the diagnosis is uncertain, urgent ultrasound "
           "(see a doctor is for a small cord below the knee in a varicose vein)",
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
rule("triage.achilles_snap_with_sign", yes("pain.pop_or_kick_sensation"), is_("pain.location", "achilles"),
     any_of(yes("signs.palpable_gap"), yes("signs.thompson_test_positive"), yes("signs.matles_test_positive"),
            yes("signs.foot_weakness"), no("signs.can_heel_raise")),
     title="A snap at the heel with any one positive rupture sign: same day, whatever a negative Thompson test says",
     sources=["brief.1.3", "brief.2.11", "aaos.achilles_2009", "maffulli.1998"], layer=Layer.DEMAND, triage="urgent")

# --- Too little information is its own answer. ---------------------------------------------------


@custom_rule("triage.insufficient_information", fact(NOT(TriageDemand()), "no rule demands a triage level"),
             title="Too little is known to say home care is safe: fewer than "
                   f"{MIN_KEY_QUESTIONS_KNOWN} of the {len(KEY_QUESTIONS)} key questions are answered and nothing was found, "
                   "so see a doctor (and answer the key questions)",
             sources=["brief.0", "brief.5", "brief.7.6"], layer=Layer.INFORMATION, concludes=["triage"],
             insufficient_information=True)
def insufficient_information(engine: Any) -> None:
    findings = [f for f in engine.facts.values() if isinstance(f, Finding)]
    known = {f["name"] for f in findings}
    answered = [q for q in KEY_QUESTIONS if any(p in known for p in q.findings)]
    if len(answered) < MIN_KEY_QUESTIONS_KNOWN:
        keys = {p for q in KEY_QUESTIONS for p in q.findings}
        engine.note_read([f for f in findings if f["name"] in keys])
        engine.declare(TriageDemand(level=INSUFFICIENT_LEVEL))


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
