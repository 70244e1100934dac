"""Validated clinical scores: the Wells DVT score (NICE NG158, Wells 2003) and
what a D-dimer or ultrasound result means beside it.

Wells is scored item by item (one rule each, so every point is traced to its
finding), then summed by an accumulating rule.  Risks that are not Wells items
(travel, hormones) are handled in :mod:`calfexpert.rules.vascular`.
"""

from __future__ import annotations

from typing import Any

from .._experta import NOT, OR, P
from ..facts import Alternative, Finding, HistoryFinding, SignsFinding, WellsItem, WellsScore
from ..knowledge import WELLS_FINDINGS, WELLS_ITEMS
from ..knowledge.information import wells_unknown_items
from .base import Layer, any_of, custom_rule, fact, ge, is_, le, not_, rule, yes

_WELLS = ["brief.1.1", "nice.ng158"]
_WELLS_FINDINGS = frozenset(WELLS_FINDINGS)


rule("scores.wells_active_cancer", yes("history.active_cancer"),
     title="Wells: active cancer (+1)", sources=_WELLS, layer=Layer.SCORE_ITEMS, wells="active_cancer")
rule("scores.wells_paralysis_or_cast", yes("history.leg_immobilized"),
     title="Wells: paralysis, paresis or recent cast (+1)", sources=_WELLS, layer=Layer.SCORE_ITEMS, wells="paralysis_or_cast")
rule("scores.wells_bedridden", ge("history.bedridden_days", 3),
     title="Wells: bedridden 3 days or more (+1)", sources=_WELLS, layer=Layer.SCORE_ITEMS, wells="bedridden_or_surgery")
rule("scores.wells_recent_surgery", any_of(le("history.surgery_weeks_ago", 12), yes("history.recent_major_surgery")),
     title="Wells: major surgery within 12 weeks (+1)", sources=_WELLS, layer=Layer.SCORE_ITEMS, wells="bedridden_or_surgery")
rule("scores.wells_deep_vein_tenderness", yes("signs.tender_along_deep_veins"),
     title="Wells: localised tenderness along the deep veins (+1)", sources=_WELLS, layer=Layer.SCORE_ITEMS,
     wells="deep_vein_tenderness")
rule("scores.wells_entire_leg_swollen", is_("signs.swelling", "entire_leg"),
     title="Wells: entire leg swollen (+1)", sources=_WELLS, layer=Layer.SCORE_ITEMS, wells="entire_leg_swollen")
rule("scores.wells_calf_swelling_3cm", ge("signs.calf_swelling_difference_cm", 3),
     title="Wells: calf swelling 3 cm or more than the other side (+1)", sources=_WELLS, layer=Layer.SCORE_ITEMS,
     wells="calf_swelling_3cm")
rule("scores.wells_pitting_edema", yes("signs.pitting_edema"),
     title="Wells: pitting oedema in the symptomatic leg (+1)", sources=_WELLS, layer=Layer.SCORE_ITEMS, wells="pitting_edema")
rule("scores.wells_collateral_veins", yes("signs.collateral_superficial_veins"),
     title="Wells: collateral superficial veins (+1)", sources=_WELLS, layer=Layer.SCORE_ITEMS, wells="collateral_veins")
rule("scores.wells_previous_dvt", yes("history.previous_dvt_or_pe"),
     title="Wells: previously documented DVT (+1)", sources=_WELLS, layer=Layer.SCORE_ITEMS, wells="previous_dvt")
rule("scores.wells_alternative_diagnosis",
     fact(Alternative(), "the rules found a clear alternative diagnosis"),
     title="Wells: an alternative diagnosis at least as likely as DVT (-2)",
     sources=[*_WELLS, "brief.0"], layer=Layer.SCORE_ITEMS, wells="alternative_diagnosis")


@custom_rule("scores.wells_total",
             fact(OR(SignsFinding(name=P(lambda name: isinstance(name, str) and name in _WELLS_FINDINGS)),
                     HistoryFinding(name=P(lambda name: isinstance(name, str) and name in _WELLS_FINDINGS))),
                  "a finding that a Wells item reads is known"),
             fact(NOT(WellsScore()), "no Wells score yet"),
             title="Add up the Wells items that scored (reported whenever any Wells item is known)",
             sources=_WELLS, layer=Layer.SCORE_TOTAL, concludes=["wells_score"])
def wells_total(engine: Any) -> None:
    # Every item rule sits in a higher layer, so all the items are in working memory now.
    facts = engine.facts_of(WellsItem)
    engine.note_read(facts)
    # Two rules score the item "bedridden 3 days or more, or major surgery within 12 weeks" (one
    # per finding); it is one Wells item and scores its point once, however many rules found it.
    items = sorted({f["item"] for f in facts})
    points = sum(WELLS_ITEMS[item].points for item in items)
    known = {f["name"]: f["value"] for f in engine.facts.values() if isinstance(f, Finding)}
    unknown = wells_unknown_items(known, set(items))
    # The most the score could reach if every unknown item scored: a partial score is only a lower bound.
    reachable = points + sum(WELLS_ITEMS[item].points for item in unknown)
    engine.declare(WellsScore(points=points, counted=tuple(items), reachable=reachable, unknown=tuple(unknown)))


rule("scores.wells_dvt_likely", fact(WellsScore(points=P(lambda p: p >= 2)), "Wells score 2 or more", WELLS_FINDINGS),
     title="Wells 2 or more: DVT likely (NICE two-level)", sources=_WELLS, layer=Layer.SCORE_USE,
     evidence={"dvt": 0.6})

_COMPLETE_UNLIKELY = fact(WellsScore(points=P(lambda p: p <= 1), unknown=P(lambda u: not u)),
                          "Wells score 1 or less with every item known (a partial score never argues against DVT)",
                          WELLS_FINDINGS)
_NO_BAKER = (not_(yes("signs.lump_behind_knee")), not_(yes("signs.crescent_bruise_below_ankle")))

rule("scores.d_dimer_negative_wells_unlikely", is_("measurements.d_dimer", "negative"), _COMPLETE_UNLIKELY, *_NO_BAKER,
     title="Negative D-dimer with DVT unlikely on a Wells score whose items are known: DVT is effectively excluded "
           "(not with a possible Baker's cyst, which only ultrasound separates from a DVT)",
     sources=[*_WELLS, "brief.4.5"], layer=Layer.SCORE_USE, evidence={"dvt": -0.8})

rule("scores.ultrasound_negative_wells_unlikely", is_("measurements.dvt_ultrasound", "negative"), _COMPLETE_UNLIKELY,
     title="Negative ultrasound with DVT unlikely on a complete Wells score: DVT is excluded (NICE NG158)",
     sources=_WELLS, layer=Layer.SCORE_USE, evidence={"dvt": -0.9})
rule("scores.ultrasound_and_d_dimer_negative", is_("measurements.dvt_ultrasound", "negative"),
     is_("measurements.d_dimer", "negative"),
     title="Negative proximal ultrasound and negative D-dimer: DVT is excluded whatever the Wells score (NICE NG158)",
     sources=_WELLS, layer=Layer.SCORE_USE, evidence={"dvt": -0.9})
rule("scores.ultrasound_negative_not_enough", is_("measurements.dvt_ultrasound", "negative"),
     not_(is_("measurements.d_dimer", "positive")), not_(is_("measurements.d_dimer", "negative")), not_(_COMPLETE_UNLIKELY),
     title="One negative proximal ultrasound with DVT likely, or with a partial Wells score, lowers but does not exclude a "
           "DVT: a D-dimer is needed, and a proximal scan does not image the calf veins",
     sources=_WELLS, layer=Layer.SCORE_USE, evidence={"dvt": -0.4})
rule("scores.ultrasound_negative_d_dimer_positive", is_("measurements.dvt_ultrasound", "negative"),
     is_("measurements.d_dimer", "positive"),
     title="Negative proximal ultrasound with a positive D-dimer: a DVT is not excluded, the scan is repeated 6-8 days "
           "later (NICE NG158)",
     sources=_WELLS, layer=Layer.SCORE_USE, evidence={"dvt": -0.1})
