"""From evidence to a differential: once every piece of evidence is in, combine
each condition's evidence into one certainty (see :mod:`calfexpert.certainty`)
and mark the conditions that reach their suspicion threshold (lower for the
never-miss conditions)."""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from .._experta import MATCH, NOT
from ..certainty import add, certainty
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
    facts = []
    evidence = []
    for f in engine.facts_of(Evidence):
        if f["condition"] == condition:
            facts.append(f)
            evidence.append((f["by"], f["cf"]))
    engine.note_read(facts)
    evidence.sort()
    mb = md = 0.0
    for _, value in evidence:
        mb, md = add(mb, md, value)
    cf = certainty(mb, md) if evidence else 0.0  # (what combine gives with the last piece of evidence)
    engine.declare(Belief(condition=condition, cf=cf, mb=round(mb, 4), md=round(md, 4),
                          counted=tuple(map(itemgetter(0), evidence))))
    if cf >= CONDITIONS[condition].suspect_at:
        engine.declare(Suspected(condition=condition))
