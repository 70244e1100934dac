"""From evidence to a differential: once every piece of evidence is in, combine
each condition's evidence into one certainty (see :mod:`calfexpert.certainty`)
and mark the conditions that reach their suspicion threshold (lower for the
never-miss conditions)."""

from __future__ import annotations

from typing import Any

from .._experta import MATCH, NOT
from ..certainty import combine
from ..facts import Belief, Evidence, Suspected
from ..knowledge import CONDITIONS
from .base import Layer, custom_rule, fact


@custom_rule("differential.assess",
             fact(Evidence(condition=MATCH.condition), "evidence about a condition"),
             fact(NOT(Belief(condition=MATCH.condition)), "the condition is not assessed yet"),
             title="Combine all the evidence about a condition into its certainty; suspect it at its threshold",
             sources=["brief.0"], layer=Layer.BELIEF, concludes=["belief", "suspected"])
def assess(engine: Any, condition: str) -> None:
    # Every rule that gives evidence sits in a higher layer, so all of it is in working memory now.
    facts = [f for f in engine.facts_of(Evidence) if f["condition"] == condition]
    engine.note_read(facts)
    evidence = sorted((f["by"], f["cf"]) for f in facts)
    mb = md = cf = 0.0
    for _, value in evidence:
        mb, md, cf = combine(mb, md, value)
    engine.declare(Belief(condition=condition, cf=cf, mb=round(mb, 4), md=round(md, 4),
                          counted=tuple(rule for rule, _ in evidence)))
    if cf >= CONDITIONS[condition].suspect_at:
        engine.declare(Suspected(condition=condition))
