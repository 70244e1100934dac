"""The engine's shortcuts keep experta's behaviour: DefFacts, watchers, per-run snapshots."""

from __future__ import annotations

import logging

import pytest

from calfexpert._experta import DefFacts, Fact, Rule
from calfexpert.engine import TracingEngine


class Item(Fact):
    pass


def _engine(with_deffacts: bool) -> TracingEngine:
    namespace: dict = {"seen": Rule(Item(n=1))(lambda engine: engine.declare(Item(n=2)))}
    if with_deffacts:
        def start(self):
            yield Item(n=1)

        namespace["start"] = DefFacts()(start)
    return type("E", (TracingEngine,), namespace)()


def test_reset_declares_own_deffacts_and_starts_ids_again() -> None:
    for with_deffacts in (False, True):
        engine = _engine(with_deffacts)
        for _ in range(2):
            run = engine.run_facts([] if with_deffacts else [Item(n=1)])
            assert [(r.id, r.data["n"]) for r in run.facts] == [(1, 1), (2, 2)]
            assert [f.rule for f in run.trace] == ["<lambda>"]


def test_firings_are_logged_when_experta_watchers_are_on(caplog) -> None:
    engine = _engine(False)
    watcher = logging.getLogger("experta.watchers.RULES")
    level = watcher.level
    try:
        watcher.setLevel(logging.INFO)
        with caplog.at_level(logging.INFO, logger="experta.watchers.RULES"):
            engine.run_facts([Item(n=1)])
        assert any("FIRE 1" in r.getMessage() for r in caplog.records)
    finally:
        watcher.setLevel(level)
    caplog.clear()
    parent = logging.getLogger("experta")
    level = parent.level
    try:  # a host that turns on experta's loggers as a whole gets the firings too
        parent.setLevel(logging.DEBUG)
        with caplog.at_level(logging.DEBUG, logger="experta"):
            engine.run_facts([Item(n=1)])
        assert any("FIRE 1" in r.getMessage() for r in caplog.records)
    finally:
        parent.setLevel(level)
    caplog.clear()
    engine.run_facts([Item(n=1)])
    assert not caplog.records


def test_snapshots_are_taken_again_after_a_plain_reset() -> None:
    engine = _engine(False)
    engine.run_facts([Item(n=1)])
    engine.reset()
    engine.declare(Item(n=7))
    engine.run()
    assert [(r.id, r.data["n"]) for r in engine.run_facts([Item(n=5)]).facts] == [(1, 5)]


def test_untraced_run_has_the_same_facts_and_firing_order() -> None:
    from conftest import all_case_files

    from calfexpert.case import load_case
    from calfexpert.facts import case_to_facts
    from calfexpert.rules import CalfEngine

    engine = CalfEngine()
    for path in all_case_files():
        case = load_case(path)
        traced = engine.run_facts(case_to_facts(case))
        untraced = engine.run_facts(case_to_facts(case), trace=False)
        assert untraced.facts == traced.facts
        assert [(f.number, f.rule) for f in untraced.trace] == [(f.number, f.rule) for f in traced.trace]
        assert all(not f.matched and not f.asserted for f in untraced.trace)


def test_a_run_for_a_few_kinds_of_fact_keeps_those_and_no_inputs() -> None:
    from conftest import all_case_files

    from calfexpert.case import load_case
    from calfexpert.facts import case_to_facts
    from calfexpert.rules import CalfEngine

    engine = CalfEngine()
    only = frozenset({"Triage", "Suspected", "Finding"})
    for path in all_case_files()[::7]:
        case = load_case(path)
        whole = engine.run_facts(case_to_facts(case), trace=False)
        some = engine.run_facts(case_to_facts(case), trace=False, only=only)
        assert some.facts == [f for f in whole.facts if f.type in only] and some.inputs == []
        assert [f.rule for f in some.trace] == [f.rule for f in whole.trace]


_VALUES = [("sudden", 3, 2.5, True, None), (["a", ["b"]], {"x": [1, {"y": 2}]}, frozenset({1}), (1, 2)),
           (-(2**70), 0.0, "", False, 10**20)]


@pytest.mark.parametrize("values", _VALUES, ids=["plain", "containers", "edges"])
def test_calfexpert_facts_hold_what_experta_would_store(values) -> None:
    """``CalfFact.update`` stores plain values directly: every fact holds what experta's own ``Fact`` stores (the
    same keys, values of the same types, the same hash), containers frozen as experta freezes them."""
    from calfexpert._experta import P, W
    from calfexpert.facts import Belief, PainFinding

    class Plain(Fact):
        pass

    fields = {f"f{i}": v for i, v in enumerate(values)} | {"name": "pain.onset"}
    for ours in (Belief(*values, **fields), PainFinding(*values, **fields)):
        theirs = Plain(*values, **fields)
        assert dict(ours) == dict(theirs)
        assert [type(v) for v in ours.values()] == [type(v) for v in theirs.values()]
        assert hash(ours) == hash(theirs)
    pattern = PainFinding(name="pain.onset", value=P(lambda v: v == "sudden"), seen=W())
    assert pattern.has_field_constraints() and Plain(value=W()).has_field_constraints()


def test_a_declared_calfexpert_fact_still_cannot_change() -> None:
    from calfexpert.facts import Belief

    engine = _engine(False)
    engine.reset()
    fact = engine.declare(Belief(condition="dvt", cf=0.5))
    with pytest.raises(RuntimeError, match="can't be modified"):
        fact.update({"cf": 0.9})
    with pytest.raises(RuntimeError, match="can't be modified"):
        fact["cf"] = 0.9
    assert fact["cf"] == 0.5
