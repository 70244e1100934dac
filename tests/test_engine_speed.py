"""The engine's shortcuts keep experta's behaviour: DefFacts, watchers, per-run snapshots."""

from __future__ import annotations

import logging
from typing import Any

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


def test_activations_and_facts_are_logged_when_those_watchers_are_on(caplog) -> None:
    """The run loop and declare skip experta's logging steps only while its ACTIVATIONS and FACTS watchers are off."""
    engine = _engine(False)
    for name, expected in (("ACTIVATIONS", " ==> "), ("FACTS", " ==> ")):
        watcher = logging.getLogger(f"experta.watchers.{name}")
        level = watcher.level
        try:
            watcher.setLevel(logging.INFO)
            with caplog.at_level(logging.INFO, logger=f"experta.watchers.{name}"):
                run = engine.run_facts([Item(n=1)])
            assert [f.rule for f in run.trace] == ["<lambda>"] and len(run.facts) == 2
            assert sum(expected in r.getMessage() for r in caplog.records) >= (1 if name == "ACTIVATIONS" else 3), name
        finally:
            watcher.setLevel(level)
        caplog.clear()


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
    for ours, theirs in ((Belief(**fields), Plain(**fields)), (PainFinding(*values), Plain(*values))):
        assert dict(ours) == dict(theirs) and ours._Fact__defaults == theirs._Fact__defaults == {}  # (fields alone too)
        assert hash(ours) == hash(theirs) and ours._hash == theirs._hash  # the hash kept as experta keeps it
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


# --- the faster fact list and declare path, against experta's own -------------------------------

class Typed(Fact):
    from calfexpert._experta import Field

    n = Field(int, mandatory=True)


def _fact_list_state(facts) -> tuple:
    """Everything a fact list holds; identities as the count each fact's identity has (each list has its own form)."""
    counts = sorted(facts.reference_counter[facts._get_fact_id(f)] for f in facts.values())
    return ([(idx, type(f), dict(f)) for idx, f in facts.items()], facts.last_index, counts, len(facts.reference_counter),
            [dict(f) for f in facts.added], [dict(f) for f in facts.removed])


def _fact_list_ops() -> list:
    """Declarations and retractions that cover experta's cases: duplicates (equal values of other types too),
    positional and container values, a fact with a field schema (valid and not), re-declaring after a retraction."""
    from calfexpert.facts import Belief, Evidence, PainFinding

    return [("declare", lambda: Evidence(condition="dvt", cf=0.5, by="a.b")),
            ("declare", lambda: Evidence(condition="dvt", cf=0.5, by="a.b")),
            ("declare", lambda: Evidence(by="a.b", cf=0.5, condition="dvt")),
            ("declare", lambda: PainFinding(name="pain.onset", value=True)),
            ("declare", lambda: PainFinding(name="pain.onset", value=1)),
            ("declare", lambda: Belief("x", 2, counted=["a", "b"], extra={"k": [1]})),
            ("declare", lambda: Item(n=1)), ("declare", lambda: Item(1)), ("declare", lambda: Item(n=1.0)),
            ("declare", lambda: Typed(n=3)), ("declare", lambda: Typed(n=3)), ("declare", lambda: Typed(n="x")),
            ("retract", 1), ("declare", lambda: Evidence(condition="dvt", cf=0.5, by="a.b")), ("retract", 0),
            ("declare", lambda: Evidence(condition="dvt", cf=0.5, by="a.b")), ("retract", 99)]


@pytest.mark.parametrize("duplication", [False, True])
def test_the_fact_list_declares_and_retracts_as_experta_does(duplication: bool) -> None:
    """``_FactList`` (the engine's fact list) against experta's ``FactList``: the same answers, errors, ids,
    identity counts and pending changes after every step."""
    from calfexpert._experta import FactList
    from calfexpert.engine import _FactList

    ours, theirs = _FactList(), FactList()
    ours.duplication = theirs.duplication = duplication
    for op, arg in _fact_list_ops():
        outcomes = []
        for facts in (ours, theirs):
            try:
                if op == "declare":
                    result = facts.declare(arg())
                    outcomes.append(("ok", None if result is None else (type(result), dict(result))))
                else:
                    outcomes.append(("ok", facts.retract(arg)))
            except Exception as exc:  # the same exception, or none, from both
                outcomes.append((type(exc), str(exc).split(" for fact")[0]))
        assert outcomes[0] == outcomes[1], (op, outcomes)
        assert _fact_list_state(ours) == _fact_list_state(theirs)
    assert len(ours) > 3
    special = Item(5, n=[1], __bind__="x")  # a key named like experta's own (__bind__) is not part of the identity
    assert ours._get_fact_id(special) == theirs._get_fact_id(special) == frozenset({Item, (0, 5), ("n", (1,))})


def test_fact_identities_are_equal_exactly_when_expertas_are() -> None:
    """The fact list's identities (a tuple for facts whose names are text) are equal, and hash alike, exactly when
    experta's frozensets are: the same class and the same items, in any order, 1 == 1.0 == True, special keys left out."""
    from calfexpert._experta import FactList
    from calfexpert.engine import _FactList, _identity
    from calfexpert.facts import Evidence, PainFinding

    nan = float("nan")
    facts = [Evidence(condition="dvt", cf=0.5), Evidence(cf=0.5, condition="dvt"), Evidence(condition="dvt", cf=0.5, by="x"),
             Evidence(condition="dvt", cf=1), Evidence(condition="dvt", cf=1.0), Evidence(condition="dvt", cf=True),
             Evidence(condition="dvt"), PainFinding(condition="dvt", cf=0.5), Item(condition="dvt", cf=0.5),
             Item(1), Item(1.0), Item(1, n=2), Item(n=2), Item(n=2, __bind__="b"), Item(n=(1, 2)), Item(n=[1, 2]),
             Item(n=nan), Item(n=nan), Item(n=float("nan")), Item(**{"a__b": 1}), Item(**{"a__b": 1.0}), Item(), Evidence()]
    ours, theirs = _FactList._get_fact_id, FactList._get_fact_id
    for a in facts:
        for b in facts:
            assert (ours(a) == ours(b)) == (theirs(a) == theirs(b)), (a, b)
            if ours(a) == ours(b):
                assert hash(ours(a)) == hash(ours(b))
    assert type(ours(facts[0])) is tuple and type(ours(facts[9])) is frozenset
    fast = [f for f in facts if _identity(f) is not None]  # the declaration's shortcut: the same identity
    assert all(_identity(f) == ours(f) for f in fast) and {len(f) for f in fast} == {0, 1, 2, 3}


def test_the_engine_declares_as_experta_does() -> None:
    """``TracingEngine.declare`` against experta's ``KnowledgeEngine.declare``: the same facts, ids and errors (a
    pattern's constraint as a value, a nested accessor as a key), and the warning before any reset."""
    from calfexpert._experta import KnowledgeEngine, W
    from calfexpert.engine import _FactList

    class Theirs(KnowledgeEngine):
        pass

    ours, theirs = _engine(False), Theirs()
    assert type(ours.facts) is _FactList
    for engine in (ours, theirs):
        engine.reset()
    for make in (lambda: Item(n=5), lambda: Item(n=5), lambda: Item(n=W()), lambda: Item(**{"a__b": 1}),
                 lambda: Item(n=6, m=[1, 2]), lambda: Typed(n=1), lambda: Typed(n="no")):
        outcomes = []
        for engine in (ours, theirs):
            try:
                result = engine.declare(make())
                outcomes.append(None if result is None else (result["__factid__"], dict(result)))
            except Exception as exc:
                outcomes.append(type(exc))
        assert outcomes[0] == outcomes[1]
    assert [dict(f) for f in ours.facts.values()] == [dict(f) for f in theirs.facts.values()]
    assert len(ours.facts) == 4 and ours.agenda.activations == []


def test_facts_declared_again_after_a_reset_get_new_ids_as_in_experta(monkeypatch) -> None:
    """A fact declared in an earlier run carries its old ``__factid__``; experta takes it again (the id is left out of
    its identity and replaced): ours does the same without experta's checks (its ``__declare`` is never reached)."""
    from calfexpert._experta import KnowledgeEngine
    from calfexpert.facts import Evidence

    class Theirs(KnowledgeEngine):
        pass

    def made() -> list[Fact]:
        return [Item(n=1), Evidence(condition="dvt", cf=0.5, by="a.b"), Item(n=1), Item(n=6)]

    ours, theirs = _engine(False), Theirs()
    mine, their_facts = made(), made()
    outcomes: list[list] = [[], []]
    for round_ in range(3):
        if round_:  # once every fact carries an id, experta's own __declare is not needed for them
            monkeypatch.setattr(type(ours), "_KnowledgeEngine__declare", None)
        for side, (engine, facts) in enumerate(((ours, mine), (theirs, their_facts))):
            engine.reset()
            if round_ == 2:  # one at a time, as a rule's body declares
                outcomes[side].append([None if r is None else r["__factid__"] for r in map(engine.declare, facts)])
            else:  # together, as the inputs of a run are declared
                outcomes[side].append(engine.declare(*facts)["__factid__"])
            outcomes[side].append([(idx, dict(f)) for idx, f in engine.facts.items()])
    assert outcomes[0] == outcomes[1]
    assert [dict(f) for f in mine] == [dict(f) for f in their_facts] and mine[0]["__factid__"] == 1
    run = ours.run_facts(mine)  # the inputs of a run, declared again
    assert [(r.id, r.type, r.data) for r in run.inputs] == [(1, "Item", {"n": 1}), (2, "Evidence", {"by": "a.b", "cf": 0.5, "condition": "dvt"}),
                                                            (3, "Item", {"n": 6})]
    assert [f.rule for f in run.trace] == ["<lambda>"]


def test_declaring_before_any_reset_warns_as_experta_does(caplog) -> None:
    engine = _engine(False)
    engine.facts = type(engine.facts)()  # as after __init__, before reset()
    with caplog.at_level(logging.WARNING, logger="experta.watchers.ENGINE"):
        engine.declare(Item(n=1))
    assert any("before reset" in r.getMessage() for r in caplog.records)


def test_a_reset_with_deffacts_keeps_the_faster_fact_list() -> None:
    from calfexpert.engine import _FactList

    engine = _engine(True)
    engine.reset()
    assert type(engine.facts) is _FactList and [dict(f) for f in engine.facts.values()][1] == {"n": 1, "__factid__": 1}


class _Recorder:
    """Stands for the engine in a rule's body: records what it declares (class, fields in order)."""

    def __init__(self, withheld: set[str]) -> None:
        self.declared: list[tuple[type, list]] = []
        self.withheld = withheld

    def declare(self, *facts: Fact) -> None:
        self.declared += [(type(f), list(f.items())) for f in facts]

    def withheld_actions(self) -> set[str]:
        return self.withheld


def _effects_as_written(engine, spec) -> None:
    """What a declarative rule declares, written out one effect at a time (the engine stamps ``by``)."""
    from calfexpert.facts import Advice, Alternative, Evidence, Factor, Held, RedFlag, Sign, TriageDemand, WellsItem, Withhold
    from calfexpert.knowledge import ADVICE, RED_FLAGS, WELLS_ITEMS, withheld_actions

    for name in spec.signs:
        engine.declare(Sign(name=name))
    for condition, cf in spec.evidence:
        engine.declare(Evidence(condition=condition, cf=cf))
    if spec.red_flag:
        engine.declare(RedFlag(flag=spec.red_flag))
        engine.declare(TriageDemand(level=RED_FLAGS[spec.red_flag].level))
    if spec.factor:
        engine.declare(Factor(factor=spec.factor))
    if spec.alternative:
        engine.declare(Alternative(condition=spec.alternative))
    if spec.wells:
        engine.declare(WellsItem(item=spec.wells, points=WELLS_ITEMS[spec.wells].points))
    if spec.triage:
        engine.declare(TriageDemand(level=spec.triage))
    if spec.withhold_table:
        for action in withheld_actions(spec.withhold_table):
            engine.declare(Withhold(action=action, because=spec.because or spec.withhold_table, table=spec.withhold_table))
    withheld = engine.withheld_actions()
    for advice in spec.advise:
        about = spec.because or ""
        engine.declare(Held(advice=advice, about=about) if ADVICE[advice].involves & withheld else Advice(advice=advice, about=about))


def test_a_declarative_rule_declares_what_its_effects_say() -> None:
    """A declarative rule's firing builds the facts that do not depend on the run from fields worked out once
    (``_fixed_effects``): the same facts, in the same order, with the same fields in the same order, as its
    effects written out and declared through the rule's view of the engine (which stamps ``by``)."""
    from calfexpert.knowledge import ADVICE
    from calfexpert.rules import REGISTRY
    from calfexpert.rules.base import FiringView, apply_effects

    everything = {a for advice in ADVICE.values() for a in advice.involves}
    declarative = [s for s in REGISTRY.specs.values() if not s.custom]
    assert len(declarative) > 100 and any(s.advise for s in declarative) and any(s.withhold_table for s in declarative)
    for spec in declarative:
        for withheld in (set(), everything):
            fired, written, applied = _Recorder(withheld), _Recorder(withheld), _Recorder(withheld)
            REGISTRY.rules[spec.id]._wrapped(fired)
            _effects_as_written(FiringView(written, spec.id), spec)
            apply_effects(FiringView(applied, spec.id), spec)
            assert fired.declared == written.declared == applied.declared, spec.id
            assert fired.declared or not spec.concludes, spec.id


def test_facts_of_reads_the_fact_lists_index_as_a_scan_would() -> None:
    """``facts_of`` reads ``_FactList.by_type`` (kept by every declare and retract, experta's own paths included):
    the same facts, oldest first, as scanning working memory for the class."""
    import random

    from calfexpert.facts import Evidence, PainFinding

    engine = _engine(False)
    engine.reset()
    draw = random.Random(7)
    kinds = (Item, Typed, Evidence, PainFinding)
    for step in range(400):
        declared = [f for f in engine.facts.values() if type(f) in kinds]
        if declared and draw.random() < 0.3:
            victim = draw.choice(declared)
            engine.retract(victim if step % 2 else victim["__factid__"])
        else:
            kind = draw.choice(kinds)
            engine.declare(kind(n=draw.randrange(20)) if kind in (Item, Typed) else kind(name=f"pain.x{draw.randrange(9)}", value=1))
        for kind in kinds:
            assert engine.facts_of(kind) == [f for f in engine.facts.values() if type(f) is kind]
    assert all(engine.facts_of(kind) for kind in kinds)


def test_prepared_conclusions_trace_as_declared_ones() -> None:
    """A declarative rule's conclusions, and any rule's withheld actions and advice (``withhold``, ``advise``), go
    through ``declare_prepared`` (identity and snapshot worked out once); an engine without it declares them one by
    one: the same firings, snapshots and final facts on every case file, duplicates and held-back advice included."""
    from conftest import all_case_files

    from calfexpert.case import load_case
    from calfexpert.facts import case_to_facts
    from calfexpert.rules import REGISTRY, CalfEngine

    plain = type("PlainCalfEngine", (CalfEngine,), {"declare_prepared": None})()
    engine = CalfEngine()
    duplicates = custom_withheld = held = custom_advice = 0
    for path in all_case_files():
        case = load_case(path)
        ours, theirs = engine.run_facts(case_to_facts(case)), plain.run_facts(case_to_facts(case))
        assert ours.trace == theirs.trace and ours.facts == theirs.facts and ours.inputs == theirs.inputs, path
        duplicates += sum(len(f.duplicates) for f in ours.trace if not REGISTRY.specs[f.rule].custom)
        custom_withheld += sum(len(f.asserted) + len(f.duplicates) for f in ours.trace
                               if REGISTRY.specs[f.rule].custom and f.rule.startswith("care.withhold"))
        held += sum(r.type == "Held" for f in ours.trace for r in f.asserted)
        custom_advice += sum(r.type == "Advice" for f in ours.trace if REGISTRY.specs[f.rule].custom for r in f.asserted)
    assert duplicates > 0  # a declarative rule's conclusion refused as a duplicate is traced the same way too
    assert custom_withheld > 0 and held > 0 and custom_advice > 0


def test_field_defaults_still_fill_per_fact() -> None:
    """Facts of a class without Fields share one empty defaults cache (experta's Fact.__missing__ never reads it for
    them); a CalfFact class with a Field default gets its own per fact, as experta's Fact does."""
    from calfexpert._experta import Field
    from calfexpert.facts import CalfFact, Evidence

    class WithDefault(CalfFact):
        seen = Field(list, default=list)

    a, b = WithDefault(n=1), WithDefault(n=2)
    a["seen"].append("x")  # experta's default: built once per fact, kept in that fact's cache
    assert a["seen"] == ["x"] and b["seen"] == [] and vars(a) != vars(b)
    with pytest.raises(KeyError):
        Evidence(condition="dvt")["cf"]
    evidence = Evidence(condition="dvt")
    assert vars(evidence) == {} and evidence._Fact__defaults == {} and evidence._Fact__defaults is Evidence(cf=1)._Fact__defaults


def test_declarative_rule_bodies_carry_the_signature_inspect_works_out() -> None:
    """A declarative rule's body is given its signature (experta asks for it once per rule, at every start): it must be
    the one ``inspect`` works out, since experta passes a body only the bindings its signature names."""
    import inspect

    from calfexpert.rules import REGISTRY

    given = 0
    for rule_id, rule_obj in REGISTRY.rules.items():
        body = rule_obj._wrapped
        signature = body.__dict__.get("__signature__")
        if signature is None:
            assert REGISTRY.specs[rule_id].custom, rule_id  # a custom rule's body keeps its function's own
            continue
        given += 1
        del body.__signature__
        try:
            assert inspect.signature(body) == signature, rule_id
        finally:
            body.__signature__ = signature
        assert rule_obj._wrapped_args == {"engine"}, rule_id
    assert given == sum(not spec.custom for spec in REGISTRY.specs.values()) > 200


def test_an_activation_key_from_the_branchs_binding_names_is_the_key_from_its_context() -> None:
    """Our matcher's activations carry their branch's binding names (``BranchActivation``); the strategy's key made
    from them is the key it makes, filtering and sorting the context, for experta's plain ``Activation`` of the same
    rule, facts and bindings: on every case file and every rule (with and without bindings); and it holds what experta's
    own ``Activation`` holds."""
    from conftest import all_case_files

    from calfexpert._experta import Activation
    from calfexpert.case import load_case
    from calfexpert.engine import StableStrategy
    from calfexpert.facts import case_to_facts
    from calfexpert.matcher import BranchActivation
    from calfexpert.rules import CalfEngine

    seen: list = []

    class Checking(StableStrategy):
        def get_key(self, activation):
            key = super().get_key(activation)
            assert type(activation) is BranchActivation
            plain = Activation(activation.rule, activation.facts, activation.context)
            assert key == super().get_key(plain), activation.rule.__name__
            # what experta's own constructor sets, alike (BranchActivation does not call it; its set of facts is built
            # when asked for, from the facts as matched)
            assert (activation.rule, activation.key, activation.context) == (plain.rule, plain.key, plain.context)
            assert activation.facts == plain.facts == set(activation.matched) and type(activation.facts) is set
            seen.append(key)
            return key

    engine = type("Checked", (CalfEngine,), {"__strategy__": Checking})()
    for path in all_case_files():
        engine.run_facts(case_to_facts(load_case(path)))
    assert any(key[3] for key in seen) and any(not key[3] for key in seen)


def test_a_fact_two_patterns_match_is_traced_once_as_with_the_stock_matcher() -> None:
    """A match holds a fact twice when two patterns match it; experta's set of an activation's facts holds it once.
    The strategy's key and the trace, taken from the facts as matched (``BranchActivation.matched``), count it once too:
    the same agenda order and trace as experta's stock matcher."""
    from calfexpert._experta import MATCH, ReteMatcher, W

    class Seen(Fact):
        pass

    def rule(name: str, *patterns: Any, salience: int = 0) -> Rule:
        def body(engine, **bindings):
            engine.declare(Seen(by=name, bindings=sorted(bindings.items()), count=len(engine.facts)))

        body.__name__ = name
        return Rule(*patterns, salience=salience)(body)

    namespace = {"both": rule("both", Item(n=1), Item(n=W()), salience=5),
                 "pair": rule("pair", Item(n=MATCH.n), Item(n=MATCH.n), Item(n=2)),
                 "single": rule("single", Item(n=2))}
    ours = type("Ours", (TracingEngine,), dict(namespace))()
    stock = type("Stock", (TracingEngine,), {**namespace, "__matcher__": ReteMatcher})()
    runs = [engine.run_facts([Item(n=1), Item(n=2)]) for engine in (ours, stock)]
    assert runs[0].trace == runs[1].trace and runs[0].facts == runs[1].facts
    assert sorted(len(f.matched) for f in runs[0].trace if f.rule == "both") == [1, 2]  # Item(n=1) with itself: once
    assert sorted(len(f.matched) for f in runs[0].trace if f.rule == "pair") == [1, 2]


def test_a_snapshot_holds_values_as_experta_unfreezes_them() -> None:
    """``FactRecord.of`` turns a plain tuple into a list without asking experta's ``unfreeze`` (which gives a tuple back as
    it is); every value holds what ``unfreeze`` (then a tuple as a list) gives, frozen containers included."""
    from calfexpert._experta import unfreeze
    from calfexpert.engine import FactRecord
    from calfexpert.facts import Belief

    values = {"a": ("x", "y"), "b": (("n", 1), ("m", (2, 3))), "c": ["p", ["q"]], "d": {"k": [1, (2,)]}, "e": (),
              "f": "s", "g": 1.5, "h": None, "i": frozenset({1})}
    fact = Belief(**values)
    dict.__setitem__(fact, "__factid__", 4)

    def expected(value):
        value = unfreeze(value)
        return list(value) if isinstance(value, tuple) else value

    record = FactRecord.of(fact)
    assert record.data == {k: expected(fact[k]) for k in sorted(values)} and record.id == 4
    assert [type(v) for v in record.data.values()] == [type(expected(fact[k])) for k in sorted(values)]


def test_assess_folds_evidence_with_add_then_one_certainty_as_combine_does() -> None:
    """``differential.assess`` adds every factor with ``add`` and works out the certainty once; ``combine`` (which
    works it out after every factor) gives the same final ``(mb, md, cf)`` for any sequence of factors."""
    import random

    from calfexpert.certainty import add, certainty, combine

    draw = random.Random(11)
    for _ in range(3000):
        factors = [draw.choice([-1.0, 1.0, 0.0, round(draw.uniform(-1, 1), draw.randrange(1, 5))])
                   for _ in range(draw.randrange(1, 9))]
        mb = md = cf = 0.0
        for value in factors:
            mb, md, cf = combine(mb, md, value)
        folded_mb = folded_md = 0.0
        for value in factors:
            folded_mb, folded_md = add(folded_mb, folded_md, value)
        assert (folded_mb, folded_md, certainty(folded_mb, folded_md)) == (mb, md, cf), factors


def _facts_alike(ours: list[Fact], theirs: list[Fact]) -> bool:
    """The same facts in the same order: class, keys in their order, values of the same types, instance attributes."""
    return ([(type(f), list(f.items()), [type(v) for v in f.values()], vars(f)) for f in ours]
            == [(type(f), list(f.items()), [type(v) for v in f.values()], vars(f)) for f in theirs])


def test_case_to_facts_builds_the_findings_iter_findings_names() -> None:
    """``case_to_facts`` fills each section in one pass (plain values without ``__init__``): the same facts, in the same
    order, as one ``finding(path, value=value)`` per item of ``iter_findings``, on every case file and odd shapes."""
    import glob

    from calfexpert.case import load_case
    from calfexpert.facts import case_to_facts, finding, iter_findings

    def expected(case: dict[str, Any]) -> list[Fact]:
        return [finding(path, value=value) for path, value in iter_findings(case)]

    paths = sorted(glob.glob("facts/**/*.json", recursive=True))
    assert len(paths) > 100
    for path in paths:
        case = load_case(path)
        assert _facts_alike(case_to_facts(case), expected(case)), path
    odd = {"notes": "x", "case_id": "c", "pain": {"location": ("b", "a"), "onset": None, "x": {"y": [2, 1.5, True], "z": {"w": "v"}},
                                                 "q": [{"a": [1]}, {"a": [0]}][:1], "t": (3, "s")[:1], "n": 2**70, "f": 1e-7}}
    assert _facts_alike(case_to_facts(odd), expected(odd))
    assert len(case_to_facts(odd)) == 10 and case_to_facts({}) == []
    with pytest.raises(KeyError):  # a value outside any section: refused as finding() refuses it
        case_to_facts({"unknown": 1})


def test_a_comparison_condition_tests_values_as_is_number_and_the_comparison_do() -> None:
    """A ``ge``/``gt``/``le``/``lt`` condition's value test (the matcher's predicate and why-not's check) takes a plain
    int or float without calling ``_is_number``: the same answer for every kind of value."""
    import enum
    import operator

    from calfexpert.rules.base import _is_number, ge, gt, le, lt

    class Level(enum.IntEnum):
        HIGH = 3

    class Ratio(float):
        pass

    values = [2, 3, 4, 2.5, 3.0, True, False, Level.HIGH, Ratio(3.5), "3", None, float("nan"), float("inf"), 10**20, -0.0, [3]]
    for make, compare in ((ge, operator.ge), (gt, operator.gt), (le, operator.le), (lt, operator.lt)):
        test = make("vitals.heart_rate", 3).value_test
        for value in values:
            assert test(value) == (_is_number(value) and compare(value, 3)), (make, value)


def test_an_is_condition_tests_values_as_membership_does() -> None:
    """An ``is_`` condition of several values tests a value as ``value in allowed`` does (``frozenset.__contains__``, no
    Python call), an unhashable value refused alike; one value is a literal in the pattern."""
    from calfexpert.rules.base import is_

    test = is_("pain.onset", "sudden", "gradual", 1).value_test
    for value in ("sudden", "gradual", "other", 1, 1.0, True, None, ("sudden",)):
        assert test(value) is (value in {"sudden", "gradual", 1})
    with pytest.raises(TypeError):
        test(["sudden"])
