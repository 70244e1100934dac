"""The engine's contract: a correct, deterministic agenda, a complete trace,
and a firing budget that turns a looping rule into an error, not a hang."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from calfexpert import InternalError
from calfexpert._experta import MATCH, NOT, Agenda, Fact, Rule, Strategy
from calfexpert.engine import StableStrategy, TracingEngine


class Symptom(Fact):
    pass


class Block(Fact):
    pass


def _blocking_engine(n: int, base: type = TracingEngine) -> type:
    """n rules of equal salience on one fact, each blockable by NOT(Block(rule=i)).

    ``z_blocker`` (the highest name, so it wins the tie under our strategy) blocks all the others.
    """
    namespace = {}

    def blocker(self):
        for j in range(n - 1):
            self.declare(Block(rule=j))

    blocker.__name__ = "z_blocker"
    namespace["z_blocker"] = Rule(Symptom(name="fever"))(blocker)
    for i in range(n - 1):
        def fire(self, i=i):
            self.declare(Fact(fired=i))
        fire.__name__ = f"rule_{i:02d}"
        namespace[fire.__name__] = Rule(Symptom(name="fever"), NOT(Block(rule=i)))(fire)
    return type(f"Blocking{n}", (base,), namespace)


@pytest.mark.parametrize("n", [4, 5, 8, 12, 20])
def test_rule_blocked_by_not_never_fires_with_many_ties(n: int) -> None:
    """experta's DepthStrategy lets blocked rules fire when 4+ activations tie (its issues #3, #7, #10):
    with our strategy the blocker wins the tie and nothing it blocks ever fires."""
    engine_class = _blocking_engine(n)
    for _ in range(5):
        result = engine_class().run_facts([Symptom(name="fever")])
        assert [f.rule for f in result.trace] == ["z_blocker"]


def _tied_engine(n: int, base: type = TracingEngine) -> type:
    """n rules of equal salience on one fact, rule i blocked by NOT(Block(rule=i))."""
    namespace = {}
    for i in range(n):
        def fire(self, i=i):
            self.declare(Fact(fired=i))
        fire.__name__ = f"rule_{i:02d}"
        namespace[fire.__name__] = Rule(Symptom(name="fever"), NOT(Block(rule=i)))(fire)
    return type(f"Tied{n}", (base,), namespace)


def _blocked_firings(base: type) -> int:
    """How often a rule fired although its Block fact was declared before the run."""
    bad = 0
    for n in (4, 5, 6, 10):
        engine_class = _tied_engine(n, base)
        for k in range(n):
            engine = engine_class()
            engine.reset()
            engine.declare(Symptom(name="fever"))  # n tied activations on the agenda
            engine.declare(Block(rule=k))  # must remove one of them
            engine.run()
            bad += any(f.get("fired") == k for f in engine.facts.values())
    return bad


def test_blocked_rule_never_fires_when_blocked_before_the_run() -> None:
    assert _blocked_firings(TracingEngine) == 0


class _NamedRule:
    """Just what a strategy reads of a rule: its salience and its name (hashable, as experta's rules are)."""

    salience = 0

    def __init__(self, name: str) -> None:
        self.__name__ = name


def _left_on_agenda(strategy: Strategy, n: int, blocked: int) -> list[str]:
    """Put n tied activations (same salience, same fact) on an agenda in a fixed order, then remove one."""
    from experta.activation import Activation  # experta is loaded (through calfexpert._experta) by now

    rules = [_NamedRule(f"rule_{i:02d}") for i in range(n)]
    fever = Fact(name="fever")
    fever["__factid__"] = 1
    agenda = Agenda()
    strategy.update_agenda(agenda, [Activation(rule, [fever]) for rule in rules], [])
    strategy.update_agenda(agenda, [], [Activation(rules[blocked], [fever])])
    return sorted(a.rule.__name__ for a in agenda.activations)


@pytest.mark.parametrize("n", [4, 5, 6, 10])
def test_the_agenda_regression_is_real_and_our_strategy_fixes_it(n: int) -> None:
    """The same removal, driven deterministically: experta's DepthStrategy looks only at the insertion point and its
    two neighbours, so a tied activation away from the ends stays on the agenda (and fires, although a NOT blocked it).
    This shows that the engine-level checks above can fail; our StableStrategy removes every one."""
    from experta.strategies import DepthStrategy

    stuck = [k for k in range(n) if f"rule_{k:02d}" in _left_on_agenda(DepthStrategy(), n, k)]
    assert stuck == list(range(2, n - 1))
    for k in range(n):
        left = _left_on_agenda(StableStrategy(), n, k)
        assert left == sorted(f"rule_{i:02d}" for i in range(n) if i != k)


_ORDER_SCRIPT = """
import json, calfexpert
from calfexpert.api import explain
r = explain({"pain": {"side": "left", "location": ["calf_belly"], "onset": "sudden", "started": "during_run",
             "quality": ["sharp"], "pop_or_kick_sensation": True},
             "signs": {"swelling": "whole_calf", "tender_muscle": True, "warmth": True},
             "history": {"long_travel_hours": 8, "new_speed_or_hill_work": True}})
print(json.dumps([f["rule"] for f in r.data["trace"]]))
print(r.json)
"""


def test_two_processes_give_the_same_firing_order_and_bytes() -> None:
    outputs = []
    for seed in ("1", "2", "random"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run([sys.executable, "-c", textwrap.dedent(_ORDER_SCRIPT)], capture_output=True, text=True,
                                env=env, timeout=120)
        assert result.returncode == 0, result.stderr
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1] == outputs[2]


class Counter(Fact):
    pass


class Looping(TracingEngine):
    @Rule(Counter(n=MATCH.n))
    def again(self, n):
        self.declare(Counter(n=n + 1))


def test_looping_rule_hits_the_budget_and_is_an_internal_error() -> None:
    engine = Looping(budget=200)
    with pytest.raises(InternalError, match="did not settle within 200 firings"):
        engine.run_facts([Counter(n=0)])
    assert engine.running is False
    # The engine is still usable afterwards.
    with pytest.raises(InternalError):
        engine.run_facts([Counter(n=0)])


class Failing(TracingEngine):
    @Rule(Counter(n=MATCH.n))
    def boom(self, n):
        raise ValueError("boom")


def test_a_failing_rule_is_an_internal_error_naming_the_rule() -> None:
    engine = Failing()
    with pytest.raises(InternalError, match="rule boom failed: ValueError: boom"):
        engine.run_facts([Counter(n=1)])
    assert engine.running is False


def test_trace_records_matched_asserted_and_retracted_facts() -> None:
    class Modifying(TracingEngine):
        @Rule(Counter(n=MATCH.n), salience=1)
        def bump(self, n):
            if n < 2:
                self.modify(next(f for f in self.facts.values() if isinstance(f, Counter)), n=n + 1)

    result = Modifying().run_facts([Counter(n=0)])
    first = result.trace[0]
    assert first.rule == "bump"
    assert [r.data for r in first.matched] == [{"n": 0}]
    assert [r.data for r in first.retracted] == [{"n": 0}]
    assert [r.data for r in first.asserted] == [{"n": 1}]
    assert len(result.trace) == 3
