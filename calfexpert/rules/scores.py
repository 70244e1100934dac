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
from ..knowledge import THRESHOLDS, WELLS_DVT_LIKELY_AT, WELLS_FINDINGS, WELLS_ITEMS
from ..knowledge.information import wells_unknown_items
from .base import Layer, any_of, custom_rule, fact, ge, is_, le, not_, rule, yes

_WELLS = ["brief.1.1", "nice.ng158"]
_WELLS_FINDINGS = frozenset(WELLS_FINDINGS)


def _item(rule_id: str, *conds: Any, words: str, item: str, sources: list[str] = _WELLS) -> None:
    """A rule that scores one Wells item; its title says the item's points from the Wells table."""
    rule(rule_id, *conds, title=f"Wells: {words} ({WELLS_ITEMS[item].points:+d})", sources=sources, layer=Layer.SCORE_ITEMS,
         wells=item)


_item("scores.wells_active_cancer", yes("history.active_cancer"), words="active cancer", item="active_cancer")
_item("scores.wells_paralysis_or_cast", yes("history.leg_immobilized"), words="paralysis, paresis or recent cast",
      item="paralysis_or_cast")
_item("scores.wells_bedridden", ge(*THRESHOLDS["bedridden"].at), words=f"bedridden {THRESHOLDS['bedridden']} days or more",
      item="bedridden_or_surgery")
_item("scores.wells_recent_surgery", any_of(le(*THRESHOLDS["recent_surgery"].at), yes("history.recent_major_surgery")),
      words=f"major surgery within {THRESHOLDS['recent_surgery']} weeks", item="bedridden_or_surgery")
_item("scores.wells_deep_vein_tenderness", yes("signs.tender_along_deep_veins"),
      words="localised tenderness along the deep veins", item="deep_vein_tenderness")
_item("scores.wells_entire_leg_swollen", is_("signs.swelling", "entire_leg"), words="entire leg swollen",
      item="entire_leg_swollen")
_item("scores.wells_calf_swelling_3cm", ge(*THRESHOLDS["wells_calf_swelling"].at),
      words=f"calf swelling {THRESHOLDS['wells_calf_swelling']} cm or more than the other side", item="calf_swelling_3cm")
_item("scores.wells_pitting_edema", yes("signs.pitting_edema"), words="pitting oedema in the symptomatic leg",
      item="pitting_edema")
_item("scores.wells_collateral_veins", yes("signs.collateral_superficial_veins"), words="collateral superficial veins",
      item="collateral_veins")
_item("scores.wells_previous_dvt", yes("history.previous_dvt_or_pe"), words="previously documented DVT", item="previous_dvt")
_item("scores.wells_alternative_diagnosis", fact(Alternative(), "the rules found a clear alternative diagnosis"),
      words="an alternative diagnosis at least as likely as DVT", item="alternative_diagnosis", sources=[*_WELLS, "brief.0"])


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


WELLS_DVT_LIKELY = rule(
    "scores.wells_dvt_likely",
    fact(WellsScore(points=P(lambda p: p >= WELLS_DVT_LIKELY_AT)), f"Wells score {WELLS_DVT_LIKELY_AT} or more", WELLS_FINDINGS),
    title=f"Wells {WELLS_DVT_LIKELY_AT} or more: DVT likely (NICE two-level)", sources=_WELLS, layer=Layer.SCORE_USE,
    evidence={"dvt": 0.6})
"""The rule a Wells total reaching the two-level threshold fires (what-would-change follows it)."""

_COMPLETE_UNLIKELY = fact(WellsScore(points=P(lambda p: p < WELLS_DVT_LIKELY_AT), unknown=P(lambda u: not u)),
                          f"Wells score {WELLS_DVT_LIKELY_AT - 1} or less with every item known (a partial score never "
                          "argues against DVT)", WELLS_FINDINGS)
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
