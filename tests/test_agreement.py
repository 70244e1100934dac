"""One condition representation, two evaluators: a rule's three-valued checks (why-not, what would
change) agree with the engine (experta's patterns through our matcher).

Every condition of a rule is declared once (``calfexpert.rules.base.Cond``, an op/path/operands tree)
and both the experta pattern and the compiled three-valued check are generated from it.  Over
generated cases (``budget(3000)``, in twenty parts, every part its own seed):

- for every rule whose conditions are all judged from the case (findings, signs, suspicions),
  "its checks say met" if and only if "it fired";
- for every other declarative rule whose conditions all compile (conditions on concluded facts such
  as the Wells score or an alternative diagnosis, judged against the facts left in working memory),
  the same "met iff fired";
- a rule that fired has every judged condition met (why-not reports a fired rule without judging it
  again, on the strength of this);
- for the remaining rules (aggregations with their own joins), a rule that fired has no condition its
  checks call not met.
"""

from __future__ import annotations

import pytest
from conftest import budget

from calfexpert._experta import NOT, OR, P
from calfexpert.case import check_case
from calfexpert.coverage import generated_cases
from calfexpert.engine import engine_for_this_thread
from calfexpert.facts import WellsScore, case_to_facts, finding
from calfexpert.rules import REGISTRY, CalfEngine
from calfexpert.rules.base import MISSING, all_of, any_of, fact, ge, is_, no, not_, sign, suspected, unknown, yes
from calfexpert.whynot import CaseEnv

PARTS = 20
JUDGED = [s for s in REGISTRY.specs.values() if not s.custom and s.conds and all(c.check for c in s.conds)]
COMPILED = [s for s in REGISTRY.specs.values()
            if not s.custom and s.conds and s not in JUDGED and all(c.evaluate for c in s.conds)]
PARTLY = [s for s in REGISTRY.specs.values() if s not in JUDGED and s not in COMPILED and any(c.check for c in s.conds)]


def test_most_rules_are_judged_whole() -> None:
    # the iff below covers nearly every rule; the rest are the aggregating and score-reading ones
    assert len(JUDGED) >= 0.9 * len(REGISTRY.specs), [s.id for s in REGISTRY.specs.values() if s not in JUDGED]


def test_every_declarative_rule_compiles_whole() -> None:
    # every rule declared with its effects has a compiled evaluator for every condition (only custom rules,
    # which join on bound variables, keep conditions that cannot be judged outside the engine)
    assert not [s.id for s in REGISTRY.specs.values() if not s.custom and s not in JUDGED and s not in COMPILED]
    assert {s.id for s in COMPILED} >= {"scores.wells_dvt_likely", "scores.wells_alternative_diagnosis"}


def _ok(spec, states, fired: set[str]) -> bool:
    met = all(s is True for s in states)
    return met == (spec.id in fired)


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
            if not _ok(spec, states, fired):
                disagreements.append((spec.id, "fired" if spec.id in fired else "did not fire", states, raw))
        for spec in COMPILED:
            states = [c.evaluate(env) for c in spec.conds]
            if not _ok(spec, states, fired):
                disagreements.append((spec.id, "fired" if spec.id in fired else "did not fire", states, raw))
        for spec in REGISTRY.specs.values():
            if spec.id in fired and any(env.state(c) is not True for c in spec.conds if c.check):
                disagreements.append((spec.id, "fired with a judged condition not met", None, raw))
    assert not disagreements, disagreements[:3]


# --- the declaration gives the patterns it always gave, and the checks their three values -------------


def test_patterns_are_generated_from_the_declaration() -> None:
    assert yes("signs.warmth").pattern == finding("signs.warmth", value=True)
    assert no("signs.warmth").pattern == finding("signs.warmth", value=False)
    assert is_("pain.onset", "sudden").pattern == finding("pain.onset", value="sudden")
    assert unknown("signs.warmth").pattern == NOT(finding("signs.warmth"))
    assert not_(yes("signs.warmth")).pattern == NOT(finding("signs.warmth", value=True))
    both = all_of(yes("signs.warmth"), no("signs.redness"))
    assert any_of(both, sign("unilateral")).pattern[0] == both.pattern
    assert type(suspected("dvt").pattern).__name__ == "Suspected" and suspected("dvt").pattern["condition"] == "dvt"
    several, at_least = is_("pain.onset", "sudden", "gradual"), ge("signs.calf_swelling_difference_cm", 3)
    for cond, accepts, refuses in ((several, ["sudden", "gradual"], ["other", 3]), (at_least, [3, 4.5], [2.9, True, "3"])):
        predicate = cond.pattern["value"]
        assert isinstance(predicate, P) and predicate.match is cond.value_test  # one test, for the matcher and the check
        assert all(predicate.match(v) for v in accepts) and not any(predicate.match(v) for v in refuses)


class _Env:
    def __init__(self, values=None, signs=(), suspected=(), records=None) -> None:
        self.values = values or {}
        self._signs, self._suspected, self._records = dict(signs), set(suspected), records or {}

    def sign(self, name):
        return self._signs.get(name, False)

    def fact(self, kind, key):
        return key in self._suspected

    def records(self, type_name):
        return self._records.get(type_name, [])


def test_checks_are_three_valued() -> None:
    warm = yes("signs.warmth")
    assert [warm.check(_Env({"signs.warmth": v})) for v in (True, False, 1)] == [True, False, False]
    assert warm.check(_Env()) is None and not_(warm).check(_Env()) is True and unknown("signs.warmth").check(_Env())
    either = any_of(yes("signs.warmth"), yes("signs.redness"))
    assert either.check(_Env({"signs.warmth": False})) is None
    assert either.check(_Env({"signs.warmth": False, "signs.redness": True})) is True
    assert all_of(yes("signs.warmth"), yes("signs.redness")).check(_Env({"signs.redness": False})) is False
    assert is_("pain.location", "calf").check(_Env({"pain.location": frozenset({"calf", "ankle"})})) is True
    assert sign("unilateral").check(_Env(signs={"unilateral": None})) is None
    assert suspected("dvt").check(_Env(suspected={"dvt"})) is True
    assert MISSING is not None


def test_conditions_on_concluded_facts_compile_to_a_check_on_working_memory() -> None:
    likely = fact(WellsScore(points=P(lambda p: p >= 2)), "Wells score 2 or more")
    assert likely.check is None  # "not judged" in an explanation: it reads a concluded fact
    assert likely.evaluate(_Env(records={"WellsScore": [{"points": 2}]})) is True
    assert likely.evaluate(_Env(records={"WellsScore": [{"points": 1}]})) is False
    none_yet = fact(NOT(WellsScore()), "no Wells score yet")
    assert none_yet.evaluate(_Env()) is True and none_yet.evaluate(_Env(records={"WellsScore": [{"points": 0}]})) is False
    either = fact(OR(WellsScore(points=3), WellsScore(points=4)), "3 or 4")
    assert either.evaluate(_Env(records={"WellsScore": [{"points": 4}]})) is True
    assert not_(likely).check is None and not_(likely).evaluate(_Env()) is True


def test_conditions_declared_alike_share_one_state() -> None:
    assert yes("signs.warmth").key == yes("signs.warmth").key != no("signs.warmth").key
    assert is_("pain.onset", True).key != is_("pain.onset", 1).key
    assert ge("signs.calf_swelling_difference_cm", 3).key != ge("signs.calf_swelling_difference_cm", 4).key
    assert fact(WellsScore(), "x").key != fact(WellsScore(), "x").key
