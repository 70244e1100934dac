"""Care: what to do for each suspected condition, contributing factor and
triage level (the tables in :mod:`calfexpert.knowledge.advice`), and the
advice withheld because it is unsafe here.

Withholding runs in a higher layer than advising, and advice that is withheld
is never given: the explanation lists it under ``withheld`` with the reason.
"""

from __future__ import annotations

from typing import Any

from .._experta import MATCH
from ..facts import FINDING_CLASSES, Factor, RedFlag, Suspected, Triage, Withhold
from ..knowledge import CARE_PLANS, FACTOR_ADVICE, NOT_NEEDED_WHEN_KNOWN, THRESHOLDS, TRIAGE_ADVICE, UNSAFE
from .base import Layer, advise, all_of, any_of, custom_rule, fact, gt, is_, le, rule, sign, suspected, unknown, yes

# --- Unsafe advice, withheld. --------------------------------------------------------------------


@custom_rule("care.withhold_unsafe", fact(Suspected(condition=MATCH.condition), "a condition is suspected"),
             title="Withhold advice that is unsafe with a suspected condition (massage or heat with a possible clot, "
                   "elevation or compression with compartment syndrome, running on a stress fracture ...)",
             sources=["brief.0", "brief.7.1", "brief.7.2", "brief.7.5"], layer=Layer.WITHHOLD, concludes=["withhold"])
def withhold_unsafe(engine: Any, condition: str) -> None:
    for unsafe in UNSAFE.get(condition, ()):
        engine.declare(Withhold(advice=unsafe.advice, because=condition, by="care.withhold_unsafe"))


rule("care.unsafe_first_days_of_injury", sign("acute_injury"),
     any_of(le("pain.days_since_onset", 3), unknown("pain.days_since_onset")),
     title="Withhold heat, deep massage, stretching and anti-inflammatories in the first days after an acute injury",
     sources=["brief.2.1", "brief.7.1", "brief.7.5"], layer=Layer.WITHHOLD,
     withhold=[u.advice for u in UNSAFE["first_days_of_injury"]], because="first_days_of_injury")

rule("care.unsafe_exercise_with_rest_pain_or_ischaemia",
     any_of(fact(RedFlag(flag="limb_ischaemia"), "the acute limb ischaemia red flag is raised"),
            all_of(suspected("peripheral_artery_disease"), yes("pain.persists_at_rest")),
            all_of(suspected("popliteal_artery_entrapment"), yes("pain.persists_at_rest"))),
     title="Withhold exercise advice (supervised walking, strengthening, running) with arterial rest pain or acute "
           "limb ischaemia",
     sources=["brief.4.4", "brief.4.6", "nice.cg147"], layer=Layer.WITHHOLD,
     withhold=[u.advice for u in UNSAFE["rest_pain_or_acute_ischaemia"]], because="rest_pain_or_acute_ischaemia")

rule("care.unsafe_nsaids_on_anticoagulant", yes("medications.anticoagulant"),
     title="Withhold anti-inflammatories from a runner on a blood thinner (bleeding risk)", sources=["brief.7.2"],
     layer=Layer.WITHHOLD, withhold=[u.advice for u in UNSAFE["on_anticoagulant"]], because="on_anticoagulant")

rule("care.unsafe_nsaids_long_or_hot_run", yes("history.long_or_hot_run"),
     any_of(le("pain.days_since_onset", 2), unknown("pain.days_since_onset")),
     title="Withhold anti-inflammatories just after a long or hot run (kidney injury risk)",
     sources=["brief.7.2"], layer=Layer.WITHHOLD,
     withhold=[u.advice for u in UNSAFE["after_long_or_hot_run"]], because="after_long_or_hot_run")

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
    advise(engine, "care.plan", items, condition)


@custom_rule("care.factor_advice", fact(Factor(factor=MATCH.factor), "a contributing factor is present"),
             title="Give the advice for each contributing factor present, less any withheld advice",
             sources=["seed.prevention.gradual_progression", "seed.treatment.gait_footwear"], layer=Layer.ADVICE,
             concludes=["advice"])
def factor_advice(engine: Any, factor: str) -> None:
    advise(engine, "care.factor_advice", FACTOR_ADVICE.get(factor, ()), factor)


rule("care.toe_brachial_index", gt(THRESHOLDS["abi_incompressible"].field, THRESHOLDS["abi_incompressible"].value),
     title="An ankle-brachial index above 1.4 is not normal (non-compressible arteries): advise a toe-brachial index",
     sources=["aha.abi_2012", "brief.4.6"], layer=Layer.ADVICE, advise=["toe_brachial_index"], because="peripheral_artery_disease")

rule("care.ice_for_swelling", is_("signs.swelling", "local", "whole_calf", "entire_leg"), sign("acute_injury"),
     title="Ice and elevation for swelling after an acute injury", sources=["seed.treatment.ice_heat", "brief.7.1"],
     layer=Layer.ADVICE, advise=["ice", "elevation"], because="acute_injury")


@custom_rule("care.triage_advice", fact(Triage(level=MATCH.level), "the triage level"),
             title="Every answer carries its referral and safety-net: when to seek care, and how fast",
             sources=["brief.7.6", "seed.doctor.serious_signs", "seed.doctor.persistent_severe"], layer=Layer.SAFETY,
             concludes=["advice", "safety-net"])
def triage_advice(engine: Any, level: str) -> None:
    advise(engine, "care.triage_advice", TRIAGE_ADVICE[level], level)



