"""One condition representation, two evaluators: a rule's three-valued checks (why-not, what would
change) agree with the engine (experta's patterns through our matcher).

Every condition of a rule is declared once (``calfexpert.rules.base``) and gives both the experta
pattern and the plain-Python check.  Over generated cases (``budget(3000)``, in twenty parts,
every part its own seed): for every rule whose conditions are all judged outside the engine,
"its checks say met" if and only if "it fired"; for the others (aggregations, scores read from
working memory), a rule that fired has no condition its checks call not met.
"""

from __future__ import annotations

import pytest
from conftest import budget

from calfexpert.case import check_case
from calfexpert.coverage import generated_cases
from calfexpert.engine import engine_for_this_thread
from calfexpert.facts import case_to_facts
from calfexpert.rules import REGISTRY, CalfEngine
from calfexpert.whynot import CaseEnv

PARTS = 20
JUDGED = [s for s in REGISTRY.specs.values() if not s.custom and s.conds and all(c.check for c in s.conds)]
PARTLY = [s for s in REGISTRY.specs.values() if s not in JUDGED and any(c.check for c in s.conds)]


def test_most_rules_are_judged_whole() -> None:
    # the iff below covers nearly every rule; the rest are the aggregating and score-reading ones
    assert len(JUDGED) >= 0.9 * len(REGISTRY.specs), [s.id for s in REGISTRY.specs.values() if s not in JUDGED]


@pytest.mark.slow
@pytest.mark.parametrize("part", range(PARTS))
def test_checks_say_met_iff_the_rule_fired(part: int) -> None:
    engine = engine_for_this_thread(CalfEngine)
    disagreements = []
    for raw in generated_cases(budget(3000) // PARTS, seed=1500 + part):
        case = check_case(raw, "<generated>")
        run = engine.run_facts(case_to_facts(case))
        fired = {f.rule for f in run.trace}
        env = CaseEnv(run)
        for spec in JUDGED:
            states = [env.state(c) for c in spec.conds]
            met = all(s is True for s in states)
            if met != (spec.id in fired):
                disagreements.append((spec.id, "fired" if spec.id in fired else "did not fire", states, raw))
        for spec in PARTLY:
            if spec.id in fired and any(env.state(c) is False for c in spec.conds if c.check):
                disagreements.append((spec.id, "fired with a condition not met", None, raw))
    assert not disagreements, disagreements[:3]
