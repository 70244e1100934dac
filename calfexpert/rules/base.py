"""How a rule is written: its id, title, sources and conclusions, declared once.

A rule is ``rule(id, *conditions, title=..., sources=..., <effects>)``.  The
conditions are small helpers (``yes("signs.warmth")``,
``ge("signs.calf_swelling_difference_cm", 3)``, ``unknown(...)``, ``sign(...)``)
that carry both the experta pattern and a plain-words description, so the
catalog, the docs and the "why not" answers come from the same declaration.
The effects (``evidence``, ``red_flag``, ``factor``, ``advise`` ...) say what
the rule asserts; a rule whose conclusion needs computing (a running total)
is written with :func:`custom_rule` and a function body.

Salience is a :class:`Layer`: evaluation is stratified so that every fact a
layer reads has been settled by the layers above it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, Protocol

from .._experta import AND, NOT, OR, TEST, Fact, P, Rule
from ..facts import (
    Advice,
    Alternative,
    Evidence,
    Factor,
    Held,
    RedFlag,
    TriageDemand,
    WellsItem,
    Withhold,
    concluded_by_rule,
    finding,
)
from ..knowledge import ADVICE, RED_FLAGS, WELLS_ITEMS, withheld_actions


class Layer(IntEnum):
    """Salience layers, from first to last."""

    SIGNS = 90      #: findings -> signs and red flags
    EVIDENCE = 80   #: signs and findings -> evidence for conditions, factors, alternatives
    SCORE_ITEMS = 70  #: Wells items
    SCORE_TOTAL = 60  #: Wells total
    SCORE_USE = 55    #: what the Wells total and test results mean
    BELIEF = 50     #: evidence -> combined certainty
    SUSPECT = 40    #: certainty -> suspected conditions
    DEMAND = 35     #: suspected conditions and red flags -> triage demands
    INFORMATION = 33  #: no demand at all -> is enough known to say self-care?
    TRIAGE = 30     #: demands -> the triage level
    WITHHOLD = 20   #: suspected conditions -> unsafe advice
    ADVICE = 10     #: suspected conditions, factors -> advice
    SAFETY = 0      #: triage -> referral and safety-net


class Env(Protocol):
    """What a condition's plain-Python check can ask about a finished case (for "why not" and "what would change")."""

    def value(self, path: str) -> Any:
        """The finding's value (a frozenset for list fields), or :data:`MISSING`."""

    def sign(self, name: str) -> bool | None:
        """Whether a derived sign holds (``None`` when it depends on unknown findings)."""

    def fact(self, kind: str, key: str) -> bool:
        """Whether a concluded fact holds (kind ``suspected``: the condition ``key`` is suspected)."""


MISSING: Any = object()
"""The value of a finding the case leaves unknown."""

Check = Callable[[Env], "bool | None"]


@dataclass(frozen=True)
class Cond:
    """One condition of a rule: the experta pattern, what it means in words, and the same test in
    plain Python, three-valued (true, false, or ``None`` for unknown), for explaining rules that
    did not fire.  ``check`` is ``None`` where the condition cannot be judged outside the engine."""

    pattern: Any
    text: str
    uses: tuple[str, ...] = ()
    signs: tuple[str, ...] = ()
    check: Check | None = None


def _fmt(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _on_value(path: str, test: Callable[[Any], bool]) -> Check:
    def check(env: Env) -> bool | None:
        value = env.value(path)
        if value is MISSING:
            return None
        if isinstance(value, frozenset):
            return any(test(v) for v in value)
        return test(value)

    return check


def yes(path: str) -> Cond:
    """The finding at ``path`` is true."""
    return Cond(finding(path, value=True), f"{path} is yes", (path,), check=_on_value(path, lambda v: v is True))


def no(path: str) -> Cond:
    """The finding at ``path`` is known to be false (not merely unknown)."""
    return Cond(finding(path, value=False), f"{path} is no", (path,), check=_on_value(path, lambda v: v is False))


def is_(path: str, *values: Any) -> Cond:
    """The finding at ``path`` is one of ``values`` (for list fields: contains one)."""
    allowed = frozenset(values)
    check = _on_value(path, lambda v: v in allowed)
    if len(values) == 1:
        return Cond(finding(path, value=values[0]), f"{path} is {_fmt(values[0])}", (path,), check=check)
    return Cond(finding(path, value=P(lambda v: v in allowed)),
                f"{path} is one of {', '.join(map(_fmt, values))}", (path,), check=check)


def _is_number(value: Any) -> bool:
    # experta's alpha network may test a value predicate before the name, so
    # every predicate must be safe on any finding's value.
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _compare(path: str, symbol: str, test: Callable[[Any], bool], bound: float) -> Cond:
    def number_test(v: Any) -> bool:
        return _is_number(v) and test(v)

    return Cond(finding(path, value=P(number_test)), f"{path} {symbol} {_fmt(bound)}", (path,),
                check=_on_value(path, number_test))


def ge(path: str, bound: float) -> Cond:
    """The number at ``path`` is at least ``bound``."""
    return _compare(path, "≥", lambda v: v >= bound, bound)


def gt(path: str, bound: float) -> Cond:
    """The number at ``path`` is more than ``bound``."""
    return _compare(path, ">", lambda v: v > bound, bound)


def le(path: str, bound: float) -> Cond:
    """The number at ``path`` is at most ``bound``."""
    return _compare(path, "≤", lambda v: v <= bound, bound)


def lt(path: str, bound: float) -> Cond:
    """The number at ``path`` is less than ``bound``."""
    return _compare(path, "<", lambda v: v < bound, bound)


def not_(cond: Cond) -> Cond:
    """``cond`` does not hold: its finding is unknown or has another value.

    (experta's NOT is satisfied when the finding is unknown; the plain check says so.)"""

    def check(env: Env) -> bool | None:
        inner = cond.check(env) if cond.check else None
        return True if inner is None else not inner

    return Cond(NOT(cond.pattern), f"not ({cond.text})", cond.uses, cond.signs, check=check if cond.check else None)


def _group(conds: tuple[Cond, ...], element: Any, words: str, decisive: bool) -> Cond:
    """Conditions combined by experta's OR (``decisive=True``: one true result decides) or AND (one false decides)."""

    def check(env: Env) -> bool | None:
        results = [c.check(env) if c.check else None for c in conds]
        if any(r is decisive for r in results):
            return decisive
        return None if any(r is None for r in results) else not decisive

    return Cond(element(*(c.pattern for c in conds)), f"{words} (" + "; ".join(c.text for c in conds) + ")",
                tuple(u for c in conds for u in c.uses), tuple(s for c in conds for s in c.signs), check=check)


def any_of(*conds: Cond) -> Cond:
    """At least one of ``conds`` holds (the rule fires once per branch that holds; its effects deduplicate)."""
    return _group(conds, OR, "any of", decisive=True)


def all_of(*conds: Cond) -> Cond:
    """Every one of ``conds`` holds (for use inside :func:`any_of`)."""
    return _group(conds, AND, "all of", decisive=False)


def unknown(path: str) -> Cond:
    """Nothing is known about the finding at ``path``."""
    return Cond(NOT(finding(path)), f"{path} is unknown", (path,), check=lambda env: env.value(path) is MISSING)


def suspected(condition: str) -> Cond:
    """The condition has reached its suspicion threshold."""
    from ..facts import Suspected

    return Cond(Suspected(condition=condition), f"{condition} is suspected", check=lambda env: env.fact("suspected", condition))


def sign(name: str) -> Cond:
    """A derived sign holds (asserted by a rule with ``signs=(name,)``)."""
    from ..facts import Sign

    return Cond(Sign(name=name), f"sign {name}", (), (name,), check=lambda env: env.sign(name))


def fact(pattern: Fact, text: str, uses: Sequence[str] = ()) -> Cond:
    """Any other pattern, with its description (not judged outside the engine).

    ``uses`` names the case fields the pattern depends on (a score's items, say), for the unknown-findings lists."""
    return Cond(pattern, text, tuple(uses))


def test(fn: Callable[..., bool], text: str) -> Cond:
    """An experta TEST over bound variables (not judged outside the engine)."""
    return Cond(TEST(fn), text)


@dataclass(frozen=True)
class RuleSpec:
    """Everything known about one rule, in one place."""

    id: str
    title: str
    sources: tuple[str, ...]
    layer: Layer
    module: str
    when: tuple[str, ...]
    uses: tuple[str, ...]
    evidence: tuple[tuple[str, float], ...] = ()
    signs: tuple[str, ...] = ()
    red_flag: str | None = None
    factor: str | None = None
    alternative: str | None = None
    wells: str | None = None
    triage: str | None = None
    advise: tuple[str, ...] = ()
    withhold: tuple[str, ...] = ()
    """The actions the rule withholds (those of ``withhold_table`` in the unsafe-advice table)."""
    withhold_table: str | None = None
    because: str | None = None
    concludes: tuple[str, ...] = ()
    custom: bool = False
    insufficient_information: bool = False
    """The rule's triage demand means "too little is known to say self-care is safe" (not a finding of concern)."""
    conds: tuple[Cond, ...] = field(default=(), compare=False, repr=False)

    @property
    def conditions(self) -> tuple[str, ...]:
        """Condition ids this rule gives evidence for or against."""
        return tuple(c for c, _ in self.evidence)


@dataclass
class Registry:
    """Every rule, in definition order, with its experta :class:`Rule`."""

    specs: dict[str, RuleSpec] = field(default_factory=dict)
    rules: dict[str, Rule] = field(default_factory=dict)
    _by_condition: dict[str, tuple[tuple[RuleSpec, float], ...]] | None = field(default=None, repr=False)
    _reads: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    def add(self, spec: RuleSpec, rule_obj: Rule) -> None:
        if spec.id in self.specs:
            raise ValueError(f"duplicate rule id {spec.id}")
        self.specs[spec.id] = spec
        self.rules[spec.id] = rule_obj
        self._by_condition = None
        self._reads = {}

    def reads(self, spec: RuleSpec) -> tuple[str, ...]:
        """Every case field a rule depends on: its own, and those behind the derived signs it matches."""
        if spec.id not in self._reads:
            self._reads[spec.id] = ()  # guards against cycles
            paths = dict.fromkeys(spec.uses)
            for name in {s for cond in spec.conds for s in cond.signs}:
                for other in self.specs.values():
                    if name in other.signs:
                        paths.update(dict.fromkeys(self.reads(other)))
            self._reads[spec.id] = tuple(paths)
        return self._reads[spec.id]

    def evidence_for(self, condition: str) -> tuple[tuple[RuleSpec, float], ...]:
        """The rules that give evidence about ``condition`` (for or against), with their certainty factors.

        Built once from the declarations, so explaining a case does not rescan every rule per condition.
        """
        if self._by_condition is None:
            index: dict[str, list[tuple[RuleSpec, float]]] = {}
            for spec in self.specs.values():
                for cid, cf in spec.evidence:
                    index.setdefault(cid, []).append((spec, cf))
            self._by_condition = {cid: tuple(items) for cid, items in index.items()}
        return self._by_condition.get(condition, ())


REGISTRY = Registry()


def _module_of(rule_id: str) -> str:
    return rule_id.split(".", 1)[0]


def _check_id(rule_id: str) -> None:
    parts = rule_id.split(".")
    if len(parts) != 2 or not all(p.replace("_", "").isalnum() and p.islower() for p in parts):
        raise ValueError(f"rule id {rule_id!r} must look like 'module.name' in lower case")


def rule(
    rule_id: str,
    *conds: Cond,
    title: str,
    sources: Sequence[str],
    layer: Layer = Layer.EVIDENCE,
    evidence: dict[str, float] | None = None,
    signs: Sequence[str] = (),
    red_flag: str | None = None,
    factor: str | None = None,
    alternative: str | None = None,
    wells: str | None = None,
    triage: str | None = None,
    advise: Sequence[str] = (),
    withhold: str | None = None,
    because: str | None = None,
) -> RuleSpec:
    """Declare a rule whose effects are all in its declaration."""
    _check_id(rule_id)
    spec = RuleSpec(
        id=rule_id, title=title, sources=tuple(sources), layer=layer, module=_module_of(rule_id),
        when=tuple(c.text for c in conds), uses=_uses(conds),
        evidence=tuple(sorted((evidence or {}).items())), signs=tuple(signs), red_flag=red_flag,
        factor=factor, alternative=alternative, wells=wells, triage=triage, advise=tuple(advise),
        withhold=withheld_actions(withhold) if withhold else (), withhold_table=withhold, because=because,
        conds=tuple(conds),
    )
    spec = _with_concludes(spec)

    def rhs(engine: Any) -> None:
        apply_effects(FiringView(engine, rule_id), spec)

    rhs.__name__ = rule_id
    rhs.__qualname__ = rule_id
    REGISTRY.add(spec, Rule(*(c.pattern for c in conds), salience=int(layer))(rhs))
    return spec


def custom_rule(
    rule_id: str,
    *conds: Cond,
    title: str,
    sources: Sequence[str],
    layer: Layer,
    concludes: Sequence[str] = (),
    insufficient_information: bool = False,
) -> Callable[[Callable[..., None]], RuleSpec]:
    """Declare a rule whose conclusion is computed by the decorated function.

    The function receives the engine (a :class:`FiringView`: what it declares is stamped with
    this rule's id, so the body never names its own rule) and the bindings it names.
    """
    _check_id(rule_id)

    def decorate(fn: Callable[..., None]) -> RuleSpec:
        spec = RuleSpec(
            id=rule_id, title=title, sources=tuple(sources), layer=layer, module=_module_of(rule_id),
            when=tuple(c.text for c in conds), uses=_uses(conds), concludes=tuple(concludes), custom=True,
            insufficient_information=insufficient_information, conds=tuple(conds),
        )

        # functools.wraps keeps fn's signature (experta passes only the bindings it names)
        @functools.wraps(fn)
        def rhs(engine: Any, **bindings: Any) -> None:
            fn(FiringView(engine, rule_id), **bindings)

        rhs.__name__ = rule_id
        rhs.__qualname__ = rule_id
        REGISTRY.add(spec, Rule(*(c.pattern for c in conds), salience=int(layer))(rhs))
        return spec

    return decorate


def _uses(conds: Iterable[Cond]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for c in conds:
        for u in c.uses:
            seen.setdefault(u, None)
    return tuple(seen)


def _with_concludes(spec: RuleSpec) -> RuleSpec:
    out: list[str] = [f"condition:{c}" for c, _ in spec.evidence]
    out += [f"sign:{s}" for s in spec.signs]
    if spec.red_flag:
        out.append(f"red_flag:{spec.red_flag}")
    if spec.factor:
        out.append(f"factor:{spec.factor}")
    if spec.alternative:
        out.append(f"alternative:{spec.alternative}")
    if spec.wells:
        out.append(f"wells:{spec.wells}")
    if spec.triage:
        out.append(f"triage:{spec.triage}")
    out += [f"advice:{a}" for a in spec.advise]
    out += [f"withhold:{a}" for a in spec.withhold]
    from dataclasses import replace

    return replace(spec, concludes=tuple(out))


class FiringView:
    """The engine as the rule being fired sees it: ``declare`` stamps ``by`` (the rule's id) on every fact
    that names the rule concluding it (:func:`~calfexpert.facts.concluded_by_rule`); everything else is the
    engine's.  One view per firing, so nothing shared changes from one run or thread to another."""

    __slots__ = ("engine", "rule_id")

    def __init__(self, engine: Any, rule_id: str) -> None:
        self.engine = engine
        self.rule_id = rule_id

    def declare(self, *facts: Fact) -> Any:
        for one in facts:
            if concluded_by_rule(one) and "by" not in one:
                one["by"] = self.rule_id
        return self.engine.declare(*facts)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)


def apply_effects(engine: FiringView, spec: RuleSpec) -> None:
    """Assert what a declarative rule concludes (``engine`` stamps each conclusion with the rule's id)."""
    from ..facts import Sign

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
        withhold(engine, spec.because or spec.withhold_table, spec.withhold_table)
    if spec.advise:
        advise(engine, spec.advise, spec.because or "")


def withhold(engine: FiringView, because: str, table: str) -> None:
    """Withhold every action the unsafe-advice table lists under ``table`` (and the conditions it implies)."""
    for action in withheld_actions(table):
        engine.declare(Withhold(action=action, because=because, table=table))


def advise(engine: FiringView, advice_ids: Iterable[str], about: str) -> None:
    """Declare each piece of advice unless it involves a withheld action (withholding rules sit in a higher layer);
    advice that is held back is recorded as such, so the explanation can say what was not given and why."""
    withheld = engine.withheld_actions()
    for advice in advice_ids:
        if ADVICE[advice].involves & withheld:
            engine.declare(Held(advice=advice, about=about))
        else:
            engine.declare(Advice(advice=advice, about=about))
