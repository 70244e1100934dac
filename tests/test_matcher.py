"""calfexpert's matcher against experta's own ``ReteMatcher`` (the oracle): same rule preparation,
same firings, same explanations.

Sizes: the generated-case differential runs 60 x ``budget(50)`` = 3,000 cases on the full budget,
each compared on firings, final facts and core explanation, in sixty tests of about 1.5-2.5 s each
(the stock matcher costs about 10-16 ms a case, drawing a case about 2 ms, building two explanations
about 2 ms), so that no test runs over a few seconds even on the slowest Python; the toy rule base
runs ``budget(500)`` trials in six parts.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from conftest import all_case_files, budget

from calfexpert._experta import AND, AS, MATCH, NOT, OR, TEST, Fact, InitialFact, L, P, ReteMatcher, Rule, prepare_rule
from calfexpert._json import dumps
from calfexpert.case import check_case, load_case
from calfexpert.engine import TracingEngine
from calfexpert.explanation import build_core, build_explanation
from calfexpert.facts import case_to_facts
from calfexpert.matcher import NEG, POS, TST, FastMatcher, UnsupportedRule, branches
from calfexpert.rules import REGISTRY, CalfEngine


class StockCalfEngine(CalfEngine):  # type: ignore[misc,valid-type]
    """The same rules, strategy and trace on experta's stock matcher."""

    __matcher__ = ReteMatcher


def _experta_branches(rule: Rule) -> list[list[tuple[str, Any]]]:
    """experta's prepared rule in the same shape as :func:`branches`."""
    prepared = prepare_rule(rule)
    alternatives = list(prepared[0]) if len(prepared) == 1 and isinstance(prepared[0], OR) else [prepared]

    def element(ce: Any) -> tuple[str, Any]:
        if isinstance(ce, NOT):
            return (NEG, ce[0])
        if isinstance(ce, TEST):
            return (TST, ce[0])
        return (POS, ce)

    out = []
    for alt in alternatives:
        items = list(alt) if isinstance(alt, (AND, Rule)) else [alt]
        out.append([element(ce) for ce in items])
    return out


def test_rule_preparation_equals_experta_on_every_rule() -> None:
    assert len(REGISTRY.rules) > 100
    for rule_id, rule in REGISTRY.rules.items():
        assert branches(rule) == _experta_branches(rule), rule_id


# --- the case rules, both matchers -----------------------------------------------------------

_engines: dict[type, Any] = {}


def _run(engine_class: type, case: dict[str, Any]):
    engine = _engines.get(engine_class) or _engines.setdefault(engine_class, engine_class())
    return engine.run_facts(case_to_facts(case))


@pytest.mark.parametrize("path", all_case_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_same_firings_and_explanation_on_every_case_file(path: Path) -> None:
    case = load_case(path)
    fast, stock = _run(CalfEngine, case), _run(StockCalfEngine, case)
    assert [f.rule for f in fast.trace] == [f.rule for f in stock.trace]
    assert fast.trace == stock.trace
    assert dumps(build_explanation(case, fast)) == dumps(build_explanation(case, stock))


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(101, 161))
def test_same_firings_on_generated_cases(seed: int) -> None:
    """Same firing sequence (rule, matched facts, bindings, facts asserted and retracted), same
    final facts, same explanation: 3,000 generated cases in 60 parts of 50, so no single test runs long.

    The explanation compared is its core (everything the run decides); why-not and what-would-change are then
    computed from the same case and the same final facts, and are compared whole on every case file above."""
    from calfexpert.coverage import generated_cases

    cases = generated_cases(budget(50), seed=seed)
    assert len(cases) == budget(50)
    for number, raw in enumerate(cases):
        case = check_case(raw, "<generated>")
        fast, stock = _run(CalfEngine, case), _run(StockCalfEngine, case)
        assert fast.trace == stock.trace, (seed, number, raw)
        assert fast.facts == stock.facts, (seed, number, raw)
        assert dumps(build_core(case, fast)) == dumps(build_core(case, stock)), (seed, number, raw)


# --- a toy rule base: retract, TEST, AS, NOT(OR), NOT(AND), pattern-less rules ------------------

class A(Fact):
    pass


class B(Fact):
    pass


class C(Fact):
    pass


class Out(Fact):
    pass


def _toy_rules() -> dict[str, Rule]:
    def out(tag: str):
        def fire(engine: Any, **bindings: Any) -> None:
            values = {k: v for k, v in sorted(bindings.items()) if not isinstance(v, Fact)}
            engine.declare(Out(tag=tag, **{k: repr(v) for k, v in values.items()}))
        fire.__name__ = tag
        return fire

    def retract_a(engine: Any, f: Fact) -> None:
        engine.retract(f)

    def retract_c(engine: Any, c: Fact) -> None:
        engine.retract(c)

    retract_a.__name__ = "retract_a"
    retract_c.__name__ = "retract_c"
    return {
        "start": Rule(salience=10)(out("start")),  # pattern-less
        "not_first": Rule(NOT(C(x=3)))(out("not_first")),
        "retract_a": Rule(AS.f << A(x=MATCH.x), B(x=MATCH.x, kill=True), salience=5)(retract_a),
        "retract_c": Rule(AS.c << C(x=MATCH.x), A(x=MATCH.x, y=9), salience=4)(retract_c),
        "test": Rule(A(x=MATCH.x, y=MATCH.y), TEST(lambda x, y: x + y > 4))(out("test")),
        "test_only": Rule(TEST(lambda: True))(out("test_only")),
        "not_or": Rule(A(x=MATCH.x), NOT(OR(B(x=MATCH.x), C(x=MATCH.x))))(out("not_or")),
        "not_and": Rule(A(x=MATCH.x), NOT(AND(B(x=MATCH.x), C())))(out("not_and")),
        "or": Rule(OR(A(x=1), AND(B(x=MATCH.x), C(x=MATCH.x))), salience=-1)(out("or")),
        "join": Rule(A(x=MATCH.x), B(x=MATCH.x, y=P(lambda v: v >= 1)), NOT(Out(tag="stop")))(out("join")),
        "and_fc": Rule(A(x=MATCH.x, y=MATCH.y & P(lambda v: v > 0) & ~L(9)), salience=2)(out("and_fc")),
        "stop": Rule(Out(tag="join"), C(x=0), salience=-5)(out("stop")),
    }


def _toy_engines() -> tuple[TracingEngine, TracingEngine]:
    rules = _toy_rules()
    fast = type("ToyFast", (TracingEngine,), dict(rules))
    stock = type("ToyStock", (TracingEngine,), {**rules, "__matcher__": ReteMatcher})
    return fast(), stock()


def _toy_facts(rng: random.Random) -> list[Fact]:
    facts: list[Fact] = []
    for _ in range(rng.randint(0, 8)):
        kind = rng.choice("ABC")
        x = rng.randint(0, 3)
        if kind == "A":
            facts.append(A(x=x, y=rng.choice([0, 2, 9])))
        elif kind == "B":
            facts.append(B(x=x, y=rng.randint(0, 2), kill=rng.random() < 0.3))
        else:
            facts.append(C(x=x))
    return facts


@pytest.mark.slow
@pytest.mark.parametrize("part", range(6))
def test_toy_rule_base_same_firings_on_both_matchers(part: int) -> None:
    """3,000 random fact sets in six parts of 500; this test found a real bug while the matcher was written."""
    fast, stock = _toy_engines()
    rng = random.Random(20261127 + part)
    for trial in range(budget(500)):
        facts = _toy_facts(rng)
        a = fast.run_facts([f.copy() for f in facts])
        b = stock.run_facts([f.copy() for f in facts])
        assert a.trace == b.trace, (part, trial, facts)
        assert a.facts == b.facts, (part, trial, facts)


def test_toy_rule_base_exercises_every_construct() -> None:
    """Every toy rule (retract, TEST, AS, NOT(OR), NOT(AND), pattern-less ...) fires on the first 300 fact sets,
    so the comparisons above test each construct, not just accept it."""
    fast, _ = _toy_engines()
    rng = random.Random(20261127)
    fired: set[str] = set()
    for _ in range(300):
        fired.update(f.rule for f in fast.run_facts(_toy_facts(rng)).trace)
    assert fired == set(_toy_rules()), set(_toy_rules()) - fired


def test_toy_rule_preparation_equals_experta() -> None:
    for name, rule in _toy_rules().items():
        assert branches(rule) == _experta_branches(rule), name
    assert branches(Rule()(lambda engine: None))[0] == [(POS, InitialFact())]


@pytest.mark.parametrize("lhs", [
    lambda: Rule(A(x=P(lambda v: v > 1) | P(lambda v: v < 3))),
    lambda: Rule(A(x=~MATCH.x), B(x=MATCH.x)),
    lambda: Rule(OR(TEST(lambda: True), A())),
])
def test_unsupported_constructs_are_refused_when_the_network_is_built(lhs) -> None:
    def body(engine: Any) -> None:
        pass

    namespace = {"r": lhs()(body)}
    with pytest.raises(UnsupportedRule, match="rule body"):
        type("Bad", (TracingEngine,), namespace)()


def test_matcher_is_installed() -> None:
    assert CalfEngine.__matcher__ is FastMatcher


class D(Fact):
    pass


class _EqualToAll:
    """A value equal to everything, with a hash of its own: a dict lookup would not find what == finds."""

    def __eq__(self, other: object) -> bool:
        return True

    def __hash__(self) -> int:
        return 7


def test_a_fact_matches_the_patterns_its_checks_pass_whatever_its_values() -> None:
    """The matcher finds a fact's candidate patterns by its class and a field's value (one dict lookup) and checks a
    candidate with one literal test inline: the patterns it matches are, in their order, exactly those among its
    candidates whose own check passes (``AlphaPattern.match``), for equal values of other types, NaN, a missing or
    unhashable value and a value that equals everything."""
    from decimal import Decimal

    def body(engine: Any) -> None:
        pass

    nan = float("nan")
    patterns = [D(kind="k", v=1), D(kind="k", v=True), D(kind="k", v=1.0), D(kind="k", v="1"), D(kind="k", v=nan),
                D(kind="k", v=None), D(kind="k", w=2), D(kind="k", v=P(lambda x: x == 1)), D(v=1), D(kind="j", v=2),
                D(kind="k", v=MATCH.v), D(kind="k", v=0, w=0), D(kind="k", v=-0.0), D(kind="j", w=2), D(v=2), D(kind="k")]
    rules = {f"r{i}": Rule(pattern)(body) for i, pattern in enumerate(patterns)}
    matcher = type("PlanToy", (TracingEngine,), rules)().matcher
    matcher.reset()
    values = [1, True, 1.0, "1", nan, None, 2, 0, 0.0, -0.0, False, [1], (1,), Decimal(1), _EqualToAll(), "x"]
    facts = [D(kind=kind, v=v) for kind in ("k", "j", "z") for v in values]
    facts += [D(kind="k"), D(v=1), D(kind=["k"], v=1), D(kind="k", w=2), D(kind="k", v=0, w=0), D()]
    seen = 0
    for fid, fact in enumerate(facts):
        dict.__setitem__(fact, "__factid__", fid)
        matcher._declare(fact)
        expected = [alpha for alpha in matcher._candidates(fact) if alpha.match(fact) is not None]
        assert [alpha for alpha, _ in matcher._facts.get(fid, [])] == expected, fact
        seen += len(expected)
    assert seen > 60
