"""How a rule is written: its id, title, sources and conclusions, declared once.

A rule is ``rule(id, *conditions, title=..., sources=..., <effects>)``.  The
conditions are small helpers (``yes("signs.warmth")``,
``ge("signs.calf_swelling_difference_cm", 3)``, ``unknown(...)``, ``sign(...)``)
that declare a condition once, as a small tree (:class:`Cond`: an op, a path,
operands); the experta pattern, the compiled three-valued check and the
plain-words description are all generated from it, so the engine, the catalog,
the docs and the "why not" answers cannot drift apart.
The effects (``evidence``, ``red_flag``, ``factor``, ``advise`` ...) say what
the rule asserts; a rule whose conclusion needs computing (a running total)
is written with :func:`custom_rule` and a function body.

Salience is a :class:`Layer`: evaluation is stratified so that every fact a
layer reads has been settled by the layers above it.
"""

from __future__ import annotations

import functools
import inspect
import operator
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, NamedTuple, Protocol

from .._experta import AND, NOT, OR, TEST, Fact, P, Rule
from ..engine import PreparedFact, prepare_fact
from ..facts import (
    RULE_CONCLUSIONS,
    Advice,
    Alternative,
    CalfFact,
    Evidence,
    Factor,
    Held,
    RedFlag,
    TriageDemand,
    WellsItem,
    Withhold,
    concluded_by_rule,
    finding,
    record_type,
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
    """What a condition's compiled three-valued check asks about a finished case (for "why not", "what would change")."""

    values: Mapping[str, Any]
    """Every known finding's value (a frozenset for list fields); an unknown finding is absent."""

    def sign(self, name: str) -> bool | None:
        """Whether a derived sign holds (``None`` when it depends on unknown findings)."""

    def fact(self, kind: str, key: str) -> bool:
        """Whether a concluded fact holds (kind ``suspected``: the condition ``key`` is suspected)."""

    def records(self, type_name: str) -> Sequence[Mapping[str, Any]]:
        """The data of every fact of that record type left in working memory at the end of the run
        (asked only by conditions on concluded facts, :func:`fact`)."""


MISSING: Any = object()
"""The value of a finding the case leaves unknown."""

Check = Callable[[Env], "bool | None"]

_CASE_OPS = frozenset({"yes", "no", "is", "cmp", "unknown", "sign", "suspected", "not", "any", "all"})


@dataclass(frozen=True, eq=False)
class Cond:
    """One condition of a rule, declared once as a small tree: ``op`` (``yes``, ``no``, ``is``, ``cmp``,
    ``unknown``, ``sign``, ``suspected``, ``not``, ``any``, ``all``, ``fact``, ``test``), the finding
    ``path`` (or the sign's name, the condition's id) and its ``operands`` (the allowed values, the
    comparison and its bound, the inner conditions, a :func:`fact` pattern or a :func:`test` function).

    Both evaluators are generated from that tree, once, when the rule is declared, so they cannot
    drift apart: :attr:`pattern`, experta's pattern, which the engine matches; and :attr:`evaluate`,
    the same condition compiled to plain Python and three-valued (true, false, or ``None`` for
    unknown) over a finished case (:class:`Env`), for explaining rules that did not fire.
    :attr:`check` is :attr:`evaluate` where the condition is judged from the case's findings, signs
    and suspicions alone, and ``None`` where it reads other concluded facts from working memory
    (a score, an alternative diagnosis; such a condition is "not judged" in an explanation) or
    bound variables (:func:`test`, rules' own joins: no evaluator at all)."""

    op: str
    text: str
    path: str = ""
    operands: tuple[Any, ...] = ()
    uses: tuple[str, ...] = ()
    signs: tuple[str, ...] = ()
    pattern: Any = field(init=False, repr=False)
    evaluate: Check | None = field(init=False, repr=False)
    check: Check | None = field(init=False, repr=False)
    value_test: Callable[[Any], bool] | None = field(init=False, repr=False)
    """For a condition on one finding's value (``yes``, ``no``, ``is``, ``cmp``): the test the value must pass,
    one function, which the pattern's predicate and the compiled check both call."""
    key: Hashable = field(init=False, repr=False)
    """Equal for conditions declared alike (``yes("signs.warmth")`` in two rules), so their state is worked out once
    per case (a :func:`fact` or :func:`test` condition is only equal to itself)."""

    def __post_init__(self) -> None:
        if self.op in ("not", "any", "all"):
            key: Hashable = (self.op, tuple(c.key for c in self.operands))
        elif self.op in ("fact", "test"):
            key = (self.op, id(self))
        else:
            key = (self.op, self.path, tuple((type(v), v) for v in self.operands))
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "value_test", _value_test(self) if self.op in ("yes", "no", "is", "cmp") else None)
        object.__setattr__(self, "pattern", _pattern(self))
        evaluate = _compile(self)
        object.__setattr__(self, "evaluate", evaluate)
        object.__setattr__(self, "check", evaluate if self.judged_from_case() else None)

    def judged_from_case(self) -> bool:
        """Whether every leaf is about findings, signs or suspicions (not about other concluded facts)."""
        if self.op in ("not", "any", "all"):
            return all(c.judged_from_case() for c in self.operands)
        return self.op in _CASE_OPS


def _fmt(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _is_number(value: Any) -> bool:
    # experta's alpha network may test a value predicate before the name, so
    # every predicate must be safe on any finding's value.
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {"≥": operator.ge, ">": operator.gt, "≤": operator.le, "<": operator.lt}
_NUMBERS = frozenset({int, float})


def _value_test(cond: Cond) -> Callable[[Any], bool]:
    """The test a finding's value must pass (the same function in the pattern and in the check)."""
    if cond.op == "yes":
        return lambda v: v is True
    if cond.op == "no":
        return lambda v: v is False
    if cond.op == "is":
        return frozenset(cond.operands).__contains__  # (v in allowed, without a Python call: the matcher tests every finding of the path)
    symbol, bound = cond.operands
    compare = _COMPARE[symbol]
    # _is_number(v) and compare(v, bound), in one Python call for a plain int or float (a case's numbers): the matcher
    # tests every finding of the path with it
    return lambda v: (type(v) in _NUMBERS or _is_number(v)) and compare(v, bound)


def _pattern(cond: Cond) -> Any:
    """experta's pattern for a condition tree."""
    from ..facts import Sign, Suspected

    op = cond.op
    if op == "yes":
        return finding(cond.path, value=True)
    if op == "no":
        return finding(cond.path, value=False)
    if op == "is" and len(cond.operands) == 1:
        return finding(cond.path, value=cond.operands[0])
    if op in ("is", "cmp"):
        return finding(cond.path, value=P(cond.value_test))
    if op == "unknown":
        return NOT(finding(cond.path))
    if op == "not":
        return NOT(cond.operands[0].pattern)
    if op == "any":
        return OR(*(c.pattern for c in cond.operands))
    if op == "all":
        return AND(*(c.pattern for c in cond.operands))
    if op == "suspected":
        return Suspected(condition=cond.path)
    if op == "sign":
        return Sign(name=cond.path)
    if op == "fact":
        return cond.operands[0]
    if op == "test":
        return TEST(cond.operands[0])
    raise ValueError(f"unknown condition op {op!r}")


def _compile(cond: Cond) -> Check | None:
    """The condition tree as one plain-Python, three-valued function (``None``: it cannot be judged outside the engine)."""
    op, path = cond.op, cond.path
    if cond.value_test is not None:
        test = cond.value_test

        def on_value(env: Env) -> bool | None:
            return _value_state(env.values.get(path, MISSING), test)

        return on_value
    if op == "unknown":
        return lambda env: path not in env.values
    if op == "suspected":
        return lambda env: env.fact("suspected", path)
    if op == "sign":
        return lambda env: env.sign(path)
    if op == "not":
        inner_cond: Cond = cond.operands[0]
        if inner_cond.value_test is not None:
            return _negated_value(inner_cond.path, inner_cond.value_test)
        inner = inner_cond.evaluate
        if inner is None:
            return None

        def negation(env: Env) -> bool | None:
            # experta's NOT is satisfied when the finding is unknown; the check says so
            result = inner(env)
            return True if result is None else not result

        return negation
    if op in ("any", "all"):
        decisive = op == "any"  # OR: one true result decides; AND: one false decides
        if all(c.value_test is not None for c in cond.operands):
            return _value_group(tuple((c.path, c.value_test) for c in cond.operands), decisive)  # type: ignore[misc]
        parts = tuple(c.evaluate for c in cond.operands)

        def group(env: Env) -> bool | None:
            undecided = False
            for part in parts:
                result = part(env) if part is not None else None
                if result is decisive:
                    return decisive
                if result is None:
                    undecided = True
            return None if undecided else not decisive

        return group
    if op == "fact":
        return _compile_fact(cond.operands[0])
    return None  # test: an experta TEST over bound variables


def _value_state(value: Any, test: Callable[[Any], bool]) -> bool | None:
    """A condition on one finding's value, judged: ``None`` for an unknown finding, and a finding that holds several
    values (a list field) meets it when one of them does."""
    if value is MISSING:
        return None
    if type(value) is frozenset:
        return any(map(test, value))  # (no generator frame)
    return test(value)


def _negated_value(path: str, test: Callable[[Any], bool]) -> Check:
    """``not`` of a condition on one finding's value, as one function (the condition's own check, inlined)."""

    def negated_value(env: Env) -> bool | None:
        # experta's NOT is satisfied when the finding is unknown; the check says so
        result = _value_state(env.values.get(path, MISSING), test)
        return True if result is None else not result

    return negated_value


def _value_group(tests: tuple[tuple[str, Callable[[Any], bool]], ...], decisive: bool) -> Check:
    """``any`` (``decisive`` true) or ``all`` of conditions on findings' values, as one function (no call of each
    condition's own check)."""

    def value_group(env: Env) -> bool | None:
        values = env.values
        undecided = False
        for path, test in tests:
            result = _value_state(values.get(path, MISSING), test)
            if result is decisive:
                return decisive
            if result is None:
                undecided = True
        return None if undecided else not decisive

    return value_group


def _compile_fact(pattern: Any) -> Check | None:
    """A pattern on concluded facts, as a check over the facts left in working memory (``NOT`` and ``OR`` of
    patterns whose fields are literals or ``P`` predicates); ``None`` for one that binds variables."""
    from ..facts import FINDING_CLASSES, Finding

    if isinstance(pattern, NOT):
        inner = _compile_fact(pattern[0])
        return None if inner is None else (lambda env: not inner(env))
    if isinstance(pattern, OR):
        parts = [_compile_fact(p) for p in pattern]
        if any(p is None for p in parts):
            return None
        return lambda env: any(p(env) for p in parts)  # type: ignore[misc]
    if not isinstance(pattern, Fact) or isinstance(pattern, (AND, TEST)):
        return None
    tests: list[tuple[str, Callable[[Any], bool]]] = []
    for key, value in pattern.items():
        if not isinstance(key, str) or key.startswith("__") or getattr(value, "__bind__", None) is not None:
            return None
        if isinstance(value, P):
            tests.append((key, lambda v, fn=value.match: bool(fn(v))))
        elif isinstance(value, (str, int, float, bool)):
            tests.append((key, lambda v, expected=value: expected == v))
        else:
            return None
    kind = type(pattern)
    type_name = record_type(kind)
    section = next((s for s, c in FINDING_CLASSES.items() if c is kind), None)
    if section is None and issubclass(kind, Finding):
        return None  # the matcher dispatches findings by their section's class

    def holds(env: Env) -> bool:
        for data in env.records(type_name):
            if section is not None and str(data.get("name", "")).split(".", 1)[0] != section:
                continue
            if all(key in data and test(data[key]) for key, test in tests):
                return True
        return False

    return holds


def yes(path: str) -> Cond:
    """The finding at ``path`` is true."""
    return Cond("yes", f"{path} is yes", path, (), (path,))


def no(path: str) -> Cond:
    """The finding at ``path`` is known to be false (not merely unknown)."""
    return Cond("no", f"{path} is no", path, (), (path,))


def is_(path: str, *values: Any) -> Cond:
    """The finding at ``path`` is one of ``values`` (for list fields: contains one)."""
    text = f"{path} is {_fmt(values[0])}" if len(values) == 1 else f"{path} is one of {', '.join(map(_fmt, values))}"
    return Cond("is", text, path, tuple(values), (path,))


def _compare(path: str, symbol: str, bound: float) -> Cond:
    return Cond("cmp", f"{path} {symbol} {_fmt(bound)}", path, (symbol, bound), (path,))


def ge(path: str, bound: float) -> Cond:
    """The number at ``path`` is at least ``bound``."""
    return _compare(path, "≥", bound)


def gt(path: str, bound: float) -> Cond:
    """The number at ``path`` is more than ``bound``."""
    return _compare(path, ">", bound)


def le(path: str, bound: float) -> Cond:
    """The number at ``path`` is at most ``bound``."""
    return _compare(path, "≤", bound)


def lt(path: str, bound: float) -> Cond:
    """The number at ``path`` is less than ``bound``."""
    return _compare(path, "<", bound)


def not_(cond: Cond) -> Cond:
    """``cond`` does not hold: its finding is unknown or has another value.

    (experta's NOT is satisfied when the finding is unknown; the plain check says so.)"""
    return Cond("not", f"not ({cond.text})", "", (cond,), cond.uses, cond.signs)


def _group(op: str, conds: tuple[Cond, ...], words: str) -> Cond:
    return Cond(op, f"{words} (" + "; ".join(c.text for c in conds) + ")", "", conds,
                tuple(u for c in conds for u in c.uses), tuple(s for c in conds for s in c.signs))


def any_of(*conds: Cond) -> Cond:
    """At least one of ``conds`` holds (the rule fires once per branch that holds; its effects deduplicate)."""
    return _group("any", conds, "any of")


def all_of(*conds: Cond) -> Cond:
    """Every one of ``conds`` holds (for use inside :func:`any_of`)."""
    return _group("all", conds, "all of")


def unknown(path: str) -> Cond:
    """Nothing is known about the finding at ``path``."""
    return Cond("unknown", f"{path} is unknown", path, (), (path,))


def suspected(condition: str) -> Cond:
    """The condition has reached its suspicion threshold."""
    return Cond("suspected", f"{condition} is suspected", condition)


def sign(name: str) -> Cond:
    """A derived sign holds (asserted by a rule with ``signs=(name,)``)."""
    return Cond("sign", f"sign {name}", name, (), (), (name,))


def fact(pattern: Fact, text: str, uses: Sequence[str] = ()) -> Cond:
    """Any other pattern, with its description: judged in an explanation as "not judged", but compiled (where it
    binds no variable) to a check over the facts left in working memory, which the agreement test uses.

    ``uses`` names the case fields the pattern depends on (a score's items, say), for the unknown-findings lists."""
    return Cond("fact", text, "", (pattern,), tuple(uses))


def test(fn: Callable[..., bool], text: str) -> Cond:
    """An experta TEST over bound variables (not judged outside the engine)."""
    return Cond("test", text, "", (fn,))


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
    _condition_reads: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    def add(self, spec: RuleSpec, rule_obj: Rule) -> None:
        if spec.id in self.specs:
            raise ValueError(f"duplicate rule id {spec.id}")
        self.specs[spec.id] = spec
        self.rules[spec.id] = rule_obj
        self._by_condition = None
        self._reads = {}
        self._condition_reads = {}

    def condition_reads(self, condition: str) -> tuple[str, ...]:
        """Every case field the rules giving evidence about ``condition`` read (:meth:`reads`), sorted; worked out once."""
        known = self._condition_reads.get(condition)
        if known is None:
            known = tuple(sorted({u for spec, _ in self.evidence_for(condition) for u in self.reads(spec)}))
            self._condition_reads[condition] = known
        return known

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
    effects: dict[str, Any] = {
        "evidence": tuple(sorted((evidence or {}).items())), "signs": tuple(signs), "red_flag": red_flag,
        "factor": factor, "alternative": alternative, "wells": wells, "triage": triage, "advise": tuple(advise),
        "withhold": withheld_actions(withhold) if withhold else (),
    }
    spec = RuleSpec(
        id=rule_id, title=title, sources=tuple(sources), layer=layer, module=_module_of(rule_id),
        when=tuple(c.text for c in conds), uses=_uses(conds), **effects, withhold_table=withhold, because=because,
        conds=tuple(conds), concludes=_concludes(**effects),
    )

    advice, about = spec.advise, spec.because or ""
    fixed: list[_Fixed] = []  # worked out at the rule's first firing: at declaration, every start paid for all 259

    def rhs(engine: Any) -> None:
        # apply_effects, with the facts that do not depend on the run built from their fields worked out once
        if not fixed:
            fixed.append(_Fixed.of(spec))  # (two threads may both work it out: the same, and either one serves)
        effects, prepared = fixed[0]
        if effects:
            declare_prepared = getattr(engine, "declare_prepared", None) if prepared else None
            if declare_prepared is not None:
                declare_prepared(prepared)
            else:
                engine.declare(*[kind(**fields) for kind, fields in effects])
        if advice:
            _advise(FiringView(engine, rule_id), advice, about)

    rhs.__name__ = rule_id
    rhs.__qualname__ = rule_id
    rhs.__signature__ = _ENGINE_ONLY  # type: ignore[attr-defined]
    REGISTRY.add(spec, Rule(*(c.pattern for c in conds), salience=int(layer))(rhs))
    return spec


def _body(engine: Any) -> None:
    """The shape of every declarative rule's body (``rhs`` in :func:`rule`)."""


_ENGINE_ONLY = inspect.signature(_body)
"""The signature of every declarative rule's body, given to it so that experta, which asks for it once per rule
to know which bindings to pass, does not work it out with ``inspect`` 248 times at every start (~2 ms)."""


class _Fixed(NamedTuple):
    """A declarative rule's conclusions that do not depend on the run (:func:`_fixed_effects`), and the same facts
    prepared for :meth:`~calfexpert.engine.TracingEngine.declare_prepared` (``None`` if one cannot be)."""

    effects: tuple[tuple[type[Fact], dict[str, Any]], ...]
    prepared: tuple[PreparedFact, ...] | None

    @classmethod
    def of(cls, spec: RuleSpec) -> _Fixed:
        effects = _fixed_effects(spec)
        prepared = tuple(prepare_fact(kind, fields) for kind, fields in effects)
        return cls(effects, prepared if prepared and None not in prepared else None)  # type: ignore[arg-type]


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


def _concludes(evidence: tuple[tuple[str, float], ...], signs: tuple[str, ...], red_flag: str | None, factor: str | None,
               alternative: str | None, wells: str | None, triage: str | None, advise: tuple[str, ...],
               withhold: tuple[str, ...]) -> tuple[str, ...]:
    """What a declarative rule concludes, as ``kind:id`` entries (the catalog's and the coverage report's words)."""
    out: list[str] = [f"condition:{c}" for c, _ in evidence]
    out += [f"sign:{s}" for s in signs]
    if red_flag:
        out.append(f"red_flag:{red_flag}")
    if factor:
        out.append(f"factor:{factor}")
    if alternative:
        out.append(f"alternative:{alternative}")
    if wells:
        out.append(f"wells:{wells}")
    if triage:
        out.append(f"triage:{triage}")
    out += [f"advice:{a}" for a in advise]
    out += [f"withhold:{a}" for a in withhold]
    return tuple(out)


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
            if isinstance(one, RULE_CONCLUSIONS) and "by" not in one:  # (concluded_by_rule, inline)
                if isinstance(one, CalfFact) and "__factid__" not in one:
                    dict.__setitem__(one, "by", self.rule_id)  # what Fact.__setitem__ stores for a str (freeze keeps it)
                else:
                    one["by"] = self.rule_id
        return self.engine.declare(*facts)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)

    # what rule bodies ask most, without a failed lookup first (``__getattr__`` comes after one)
    @property
    def facts(self) -> Any:
        return self.engine.facts

    def facts_of(self, fact_type: type) -> list[Any]:
        return self.engine.facts_of(fact_type)  # type: ignore[no-any-return]

    def note_read(self, facts: list[Fact]) -> None:
        self.engine.note_read(facts)

    def withheld_actions(self) -> set[str]:
        return self.engine.withheld_actions()  # type: ignore[no-any-return]


def _fixed_effects(spec: RuleSpec) -> tuple[tuple[type[Fact], dict[str, Any]], ...]:
    """What a declarative rule concludes before its advice, in the order it declares it, as ``(class, fields)``;
    the fields of a fact that names the rule concluding it end with ``by`` (as :class:`FiringView` stamps it).

    Only the advice depends on the run (on what is withheld by then); everything else is known from the
    declaration, so a firing builds these facts from their fields instead of working them out again."""
    from ..facts import Sign

    effects: list[tuple[type[Fact], dict[str, Any]]] = [(Sign, {"name": name}) for name in spec.signs]
    effects += [(Evidence, {"condition": condition, "cf": cf}) for condition, cf in spec.evidence]
    if spec.red_flag:
        effects.append((RedFlag, {"flag": spec.red_flag}))
        effects.append((TriageDemand, {"level": RED_FLAGS[spec.red_flag].level}))
    if spec.factor:
        effects.append((Factor, {"factor": spec.factor}))
    if spec.alternative:
        effects.append((Alternative, {"condition": spec.alternative}))
    if spec.wells:
        effects.append((WellsItem, {"item": spec.wells, "points": WELLS_ITEMS[spec.wells].points}))
    if spec.triage:
        effects.append((TriageDemand, {"level": spec.triage}))
    if spec.withhold_table:
        because = spec.because or spec.withhold_table
        effects += [(Withhold, {"action": action, "because": because, "table": spec.withhold_table})
                    for action in withheld_actions(spec.withhold_table)]
    for kind, fields in effects:
        if concluded_by_rule(kind(**fields)):
            fields["by"] = spec.id
    return tuple(effects)


def apply_effects(engine: FiringView, spec: RuleSpec) -> None:
    """Assert what a declarative rule concludes (``engine`` stamps each conclusion with the rule's id).

    A declarative rule's firing does the same with the facts of :func:`_fixed_effects` worked out once."""
    for kind, fields in _fixed_effects(spec):
        engine.declare(kind(**fields))
    if spec.advise:
        advise(engine, spec.advise, spec.because or "")


def withhold(engine: FiringView, because: str, table: str) -> None:
    """Withhold every action the unsafe-advice table lists under ``table`` (and the conditions it implies).

    The facts are the same at every firing of one rule with the same ``because`` and ``table``: worked out once
    (:func:`~calfexpert.engine.prepare_fact`, stamped with the rule's id as the view stamps it) and declared through
    ``declare_prepared`` when the engine has it."""
    view = _prepared_view(engine)
    if view is not None:
        rule_id, declare_prepared = view
        key = (rule_id, because, table)
        if key not in _WITHHOLDS:
            facts = tuple(prepare_fact(Withhold, {"action": action, "because": because, "table": table, "by": rule_id})
                          for action in withheld_actions(table))
            _WITHHOLDS[key] = None if None in facts else facts  # type: ignore[assignment]
        prepared = _WITHHOLDS[key]
        if prepared is not None:
            declare_prepared(prepared)
            return
    engine.declare(*[Withhold(action=action, because=because, table=table) for action in withheld_actions(table)])


_WITHHOLDS: dict[tuple[str, str, str], tuple[PreparedFact, ...] | None] = {}
"""The prepared Withhold facts of each (rule, because, table) a custom rule withheld (``None``: not preparable)."""


def _prepared_view(engine: FiringView) -> tuple[str, Callable[[tuple[PreparedFact, ...]], None]] | None:
    """The firing rule's id and the engine's ``declare_prepared``, when there are both: a rule's conclusions, the
    same at each of its firings, can then be prepared once and declared as declarative rules' are."""
    rule_id = getattr(engine, "rule_id", None)
    declare_prepared = getattr(engine, "declare_prepared", None)
    return None if rule_id is None or declare_prepared is None else (rule_id, declare_prepared)


def advise(engine: FiringView, advice_ids: Iterable[str], about: str) -> None:
    """Declare each piece of advice unless it involves a withheld action (withholding rules sit in a higher layer);
    advice that is held back is recorded as such, so the explanation can say what was not given and why."""
    advice_ids = tuple(advice_ids)  # (read twice when a fact cannot be prepared)
    withheld = engine.withheld_actions()
    view = _prepared_view(engine)
    if view is not None:  # each fact prepared once per rule, advice, subject and held or not (see withhold)
        rule_id, declare_prepared = view
        prepared = []
        for advice in advice_ids:
            held = bool(ADVICE[advice].involves & withheld)
            key = (rule_id, advice, about, held)
            one = _ADVICE_FACTS.get(key)
            if one is None:
                one = _ADVICE_FACTS[key] = prepare_fact(Held if held else Advice, {"advice": advice, "about": about, "by": rule_id})
            prepared.append(one)
        if None not in prepared:
            declare_prepared(tuple(prepared))
            return
    engine.declare(*[Held(advice=advice, about=about) if ADVICE[advice].involves & withheld else Advice(advice=advice, about=about)
                     for advice in advice_ids])


_ADVICE_FACTS: dict[tuple[str, str, str, bool], PreparedFact | None] = {}
"""The prepared Advice (or Held) fact of each (rule, advice, subject, held) a rule advised."""


_advise = advise  # for rule(), whose own parameter is called ``advise``
