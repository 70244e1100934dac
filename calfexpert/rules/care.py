"""Care: what to do for each suspected condition, contributing factor and
triage level (the tables in :mod:`calfexpert.knowledge.advice`), and the
advice withheld because it is unsafe here.

Withholding runs in a higher layer than advising, and advice that is withheld
is never given: the explanation lists it under ``withheld`` with the reason.
"""

from __future__ import annotations

from typing import Any

from .._experta import MATCH
from ..facts import FINDING_CLASSES, Factor, RedFlag, Suspected, Triage
from ..knowledge import CARE_PLANS, DANGER_SIGNS, FACTOR_ADVICE, NOT_NEEDED_WHEN_KNOWN, THRESHOLDS, TRIAGE_ADVICE, UNSAFE
from .base import (
    Layer,
    advise,
    all_of,
    any_of,
    custom_rule,
    fact,
    gt,
    is_,
    le,
    not_,
    rule,
    sign,
    suspected,
    unknown,
    withhold,
    yes,
)

# --- Unsafe advice, withheld: actions, never advice ids, so no wording brings an action back. ---------


@custom_rule("care.withhold_unsafe", fact(Suspected(condition=MATCH.condition), "a condition is suspected"),
             title="Withhold the actions that are unsafe with a suspected condition (massage or heat with a possible clot, "
                   "elevation or compression with compartment syndrome, running on a stress fracture ...), and those of "
                   "the conditions it implies (a pulmonary embolism implies a possible DVT)",
             sources=["brief.0", "brief.4.1", "brief.7.1", "brief.7.2", "brief.7.5"], layer=Layer.WITHHOLD,
             concludes=["withhold"])
def withhold_unsafe(engine: Any, condition: str) -> None:
    withhold(engine, condition, condition)


@custom_rule("care.withhold_danger_sign", fact(RedFlag(flag=MATCH.flag), "a red flag"),
             title="A danger sign withholds what is unsafe with the condition it points to, even when no condition "
                   "is suspected (coughing blood: no massage or exertion; a tense compartment: no elevation, "
                   "compression or stretching ...)",
             sources=["brief.0", "brief.5", "brief.7.1"], layer=Layer.WITHHOLD, concludes=["withhold"])
def withhold_danger_sign(engine: Any, flag: str) -> None:
    for table in DANGER_SIGNS.get(flag, ()):
        withhold(engine, flag, table)


rule("care.withhold_dvt_signs", sign("dvt_like_leg"), not_(is_("pain.side", "both")),
     title="Signs of a possible clot in one leg (swelling of the whole calf or leg, pitting oedema, deep-vein "
           "tenderness, collateral veins) withhold massage, heat, compression, stretching, exertion and "
           "anti-inflammatories until a clot has been excluded",
     sources=["brief.0", "brief.4.1", "brief.7.1"], layer=Layer.WITHHOLD, withhold="dvt", because="dvt_signs")

rule("care.withhold_compartment_signs",
     any_of(yes("signs.tense_compartment"), yes("signs.pain_on_passive_stretch"),
            all_of(yes("signs.pain_out_of_proportion"), yes("pain.persists_at_rest"))),
     title="Any one sign of acute compartment syndrome (a tense compartment, pain on passive stretch, or pain out of "
           "proportion that does not settle at rest) withholds elevation, compression, stretching, massage, heat, "
           "exertion and waiting, whether or not the red flag or the condition is raised",
     sources=["brief.1.5", "brief.4.2", "brief.5", "brief.7.1"], layer=Layer.WITHHOLD,
     withhold="acute_compartment_syndrome", because="compartment_danger_signs")

rule("care.unsafe_first_days_of_injury", sign("acute_injury"),
     any_of(le("pain.days_since_onset", 3), unknown("pain.days_since_onset")),
     any_of(not_(suspected("muscle_cramp")), suspected("calf_strain"), suspected("calf_tear")),
     title="Withhold heat, deep massage, stretching and anti-inflammatories in the first days after an acute injury "
           "(not for a cramp without a strain or tear: stretching is how a cramp is released)",
     sources=["brief.2.1", "brief.2.3", "brief.7.1", "brief.7.5"], layer=Layer.WITHHOLD, withhold="first_days_of_injury")

rule("care.unsafe_exercise_with_arterial_rest_pain",
     any_of(all_of(suspected("peripheral_artery_disease"), yes("pain.persists_at_rest")),
            all_of(suspected("popliteal_artery_entrapment"), yes("pain.persists_at_rest"))),
     title="Arterial pain at rest withholds exercise, heat, elevation and compression as acute limb ischaemia does "
           "(never exercise advice with rest pain), even without the red flag",
     sources=["brief.4.4", "brief.4.6", "nice.cg147"], layer=Layer.WITHHOLD, withhold="acute_limb_ischaemia")

rule("care.unsafe_nsaids_on_anticoagulant", yes("medications.anticoagulant"),
     title="Withhold anti-inflammatories from a runner on a blood thinner (bleeding risk)", sources=["brief.7.2"],
     layer=Layer.WITHHOLD, withhold="on_anticoagulant")

rule("care.unsafe_nsaids_long_or_hot_run", yes("history.long_or_hot_run"),
     any_of(le("pain.days_since_onset", 2), unknown("pain.days_since_onset")),
     title="Withhold anti-inflammatories just after a long or hot run (kidney injury risk)",
     sources=["brief.7.2"], layer=Layer.WITHHOLD, withhold="after_long_or_hot_run")


@custom_rule("care.withhold_by_triage", fact(Triage(level=MATCH.level), "the triage level"),
             title="An emergency or urgent answer leads with what to do now: no 'wait and see' and no rehabilitation "
                   "before assessment; in an emergency, only first aid and getting help",
             sources=["brief.0", "brief.5", "brief.7.6"], layer=Layer.WITHHOLD, concludes=["withhold"])
def withhold_by_triage(engine: Any, level: str) -> None:
    if level in UNSAFE:
        withhold(engine, level, level)


# --- What to do. ---------------------------------------------------------------------------------


@custom_rule("care.plan", fact(Suspected(condition=MATCH.condition), "a condition is suspected"),
             title="Give the care plan of each suspected condition, less any withheld advice",
             sources=["seed.treatment.rest_recovery", "brief.7.1"], layer=Layer.ADVICE, concludes=["advice"])
def plan(engine: Any, condition: str) -> None:
    items = CARE_PLANS.get(condition, ())
    needs = {path for advice in items for path in NOT_NEEDED_WHEN_KNOWN.get(advice, ())}
    if needs:  # a test already done is not advised again
        sections = sorted({p.split(".", 1)[0] for p in needs})
        known = [f for section in sections for f in engine.facts_of(FINDING_CLASSES[section]) if f["name"] in needs]
        engine.note_read(known)
        done = {f["name"] for f in known}
        items = tuple(a for a in items if not done & set(NOT_NEEDED_WHEN_KNOWN.get(a, ())))
    advise(engine, items, condition)


@custom_rule("care.factor_advice", fact(Factor(factor=MATCH.factor), "a contributing factor is present"),
             title="Give the advice for each contributing factor present, less any withheld advice",
             sources=["seed.prevention.gradual_progression", "seed.treatment.gait_footwear"], layer=Layer.ADVICE,
             concludes=["advice"])
def factor_advice(engine: Any, factor: str) -> None:
    advise(engine, FACTOR_ADVICE.get(factor, ()), factor)


rule("care.toe_brachial_index", gt(*THRESHOLDS["abi_incompressible"].at),
     title=f"An ankle-brachial index above {THRESHOLDS['abi_incompressible']} is not normal (non-compressible arteries): advise a toe-brachial index",
     sources=["aha.abi_2012", "brief.4.6"], layer=Layer.ADVICE, advise=["toe_brachial_index"], because="peripheral_artery_disease")

rule("care.ice_for_swelling", is_("signs.swelling", "local", "whole_calf", "entire_leg"), sign("acute_injury"),
     title="Ice and elevation for swelling after an acute injury", sources=["seed.treatment.ice_heat", "brief.7.1"],
     layer=Layer.ADVICE, advise=["ice", "elevation"], because="acute_injury")


@custom_rule("care.triage_advice", fact(Triage(level=MATCH.level), "the triage level"),
             title="Every answer carries its referral and safety-net: when to seek care, and how fast",
             sources=["brief.7.6", "seed.doctor.serious_signs", "seed.doctor.persistent_severe"], layer=Layer.SAFETY,
             concludes=["advice", "safety-net"])
def triage_advice(engine: Any, level: str) -> None:
    advise(engine, TRIAGE_ADVICE[level], level)



