"""Whether an answer can still change anything: the check behind "a question whose every answer leaves the answer
unchanged is not asked".

The report's ``what_would_change`` list (:func:`calfexpert.api.what_would_change`) is an estimate: it groups the
rules that did not fire by the unknown findings they name, and a finding counts as soon as some condition of a
rule names it, even when it sits in a branch of the condition that the answers so far have already closed.  The
acute-compartment red flag, for instance, fires on a tense compartment, on pain on passive stretch, on pain out of
proportion, **or** on numbness together with severe pain at rest: once the runner has said "no" (or "don't know")
to numbness, no pain score can fire that branch any more, yet the list still names the pain score.

:func:`can_change` settles this for one finding of one entry, exactly, over the rules of the entry: it tries every
answer to the finding against every combination of answers to the other findings the rules still wait on (a
finding answered "don't know", or one that does not fit the story, stays unknown for good: a test on it never
holds, as in the engine), and says whether some answer makes a rule fire where another answer does not.  Numbers
are tried on both sides of each threshold the rules use.  Where it cannot decide (a rule that waits on a condition
to become suspected, a number without a known threshold, too many combinations) it says yes: it never keeps a
question that could matter from being asked.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from ..facts import Suspected
from ..rules import REGISTRY, RuleSpec
from ..rules.base import MISSING, Cond
from ..schemas import list_valued_fields
from .questions import FIELDS

MAX_COMBINATIONS = 256
"""More combinations of answers than this for one finding and one rule: the finding is taken to matter."""

_NEVER: Any = object()
"""The value of a finding that will stay unknown (answered "don't know", or not asked in this story): no test on it
holds, as no pattern matches an absent fact in the engine."""



def _walk(cond: Cond) -> Iterable[Cond]:
    """The condition and every condition inside it (those of ``not_``, ``any_of`` and ``all_of``)."""
    yield cond
    if cond.op in ("not", "any", "all"):
        for inner in cond.operands:
            yield from _walk(inner)


@cache
def _producers() -> dict[str, tuple[RuleSpec, ...]]:
    """Each derived sign, with the rules that assert it."""
    out: dict[str, list[RuleSpec]] = {}
    for spec in REGISTRY.specs.values():
        for name in spec.signs:
            out.setdefault(name, []).append(spec)
    return {name: tuple(specs) for name, specs in out.items()}


@cache
def _thresholds() -> dict[str, tuple[float, ...]]:
    """The numbers each numeric finding is compared with in some rule (read from the conditions' declarations)."""
    found: dict[str, set[float]] = {}
    for spec in REGISTRY.specs.values():
        for cond in (c for top in spec.conds for c in _walk(top)):
            if cond.op == "cmp":
                found.setdefault(cond.path, set()).add(float(cond.operands[1]))
    return {path: tuple(sorted(values)) for path, values in found.items()}


@cache
def answers(path: str) -> tuple[Any, ...] | None:
    """The answers worth trying for ``path``: every value it can take, or for a number, one on each side of and at
    each threshold the rules compare it with (``None`` when no such list can be made)."""
    schema = FIELDS.get(path)
    if schema is None:
        return None
    types = schema.get("type", [])
    types = [types] if isinstance(types, str) else list(types)
    options = [v for v in (schema.get("enum") or schema.get("items", {}).get("enum") or []) if v is not None]
    if path in list_valued_fields():
        if not options:
            return None
        return (*(frozenset([v]) for v in options), frozenset(options))
    if options:
        return tuple(options)
    if "boolean" in types:
        return (True, False)
    bounds = _thresholds().get(path)
    if not bounds or not {"integer", "number"} & set(types):
        return None
    step = 1 if "integer" in types else 0.001
    low, high = schema.get("minimum"), schema.get("maximum")
    values = sorted({v for t in bounds for v in (t - step, t, t + step)
                     if (low is None or v >= low) and (high is None or v <= high)})
    return tuple(int(v) if "integer" in types and float(v).is_integer() else v for v in values)


class _Supposed:
    """The case as answered so far, with some answers supposed (an :class:`calfexpert.rules.base.Env`)."""

    def __init__(self, values: Mapping[str, Any], signs: frozenset[str], suspected: frozenset[str]) -> None:
        self.values = values
        self.signs = signs
        self.suspected = suspected
        self._signs: dict[str, bool | None] = {}

    def value(self, path: str) -> Any:
        return self.values.get(path, MISSING)

    def fact(self, kind: str, key: str) -> bool | None:
        # A condition not suspected now could become so with other answers: unknown, not false.
        return True if kind == "suspected" and key in self.suspected else None

    def sign(self, name: str) -> bool | None:
        if name in self.signs:
            return True
        if name not in self._signs:
            self._signs[name] = False  # guards against cycles
            states = [_state(spec, self) for spec in _producers().get(name, ()) if spec.conds]
            if any(s is True for s in states):
                self._signs[name] = True
            elif any(s is None for s in states) or any(not spec.conds for spec in _producers().get(name, ())):
                self._signs[name] = None
            else:
                self._signs[name] = False
        return self._signs[name]


def _state(spec: RuleSpec, env: Any) -> bool | None:
    results = [c.check(env) if c.check else None for c in spec.conds]
    if any(r is False for r in results):
        return False
    return None if any(r is None for r in results) else True


def _waits_on_suspicion(spec: RuleSpec, suspected: frozenset[str]) -> bool:
    return any(isinstance(c.pattern, Suspected) and c.pattern["condition"] not in suspected for c in spec.conds)


def _uses(cond: Cond) -> set[str]:
    """The findings a condition reads, through the signs it needs too."""
    seen: set[str] = set()
    out: set[str] = set(cond.uses)
    todo = list(cond.signs)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for spec in _producers().get(name, ()):
            for inner in spec.conds:
                out.update(inner.uses)
                todo.extend(inner.signs)
    return out


def can_change(path: str, rules: Iterable[str], values: Mapping[str, Any], open_: Iterable[str],
               signs: frozenset[str] = frozenset(), suspected: frozenset[str] = frozenset()) -> bool:
    """Whether some answer to ``path`` can decide whether one of ``rules`` (rule ids) fires, where another answer
    cannot: ``values`` are the findings known (dotted path -> value, a frozenset for a list field), ``open_`` the
    findings that may still be answered (any other unknown finding stays unknown for good), ``signs`` the derived signs
    that hold and ``suspected`` the conditions suspected now."""
    choices = answers(path)
    if choices is None:
        return True
    open_set = set(open_) | {path}
    for rule_id in rules:
        spec = REGISTRY.specs.get(rule_id)
        if spec is None or spec.custom or not spec.conds or _waits_on_suspicion(spec, suspected):
            return True
        if any(c.op == "unknown" for top in spec.conds for c in _walk(top)):  # a test on "unknown" is not on a value
            return True
        reads = set().union(*(_uses(c) for c in spec.conds))
        if path not in reads:
            continue
        others = sorted(p for p in reads & open_set if p != path and p not in values)
        domains: list[tuple[Any, ...]] = []
        size = len(choices)
        for other in others:
            domain = answers(other)
            if domain is None:
                return True
            domains.append(domain)
            size *= len(domain)
        if size > MAX_COMBINATIONS:
            return True
        base = dict(values)
        for p in reads - open_set - set(values):
            base[p] = _NEVER
        for combination in itertools.product(*domains):
            supposed = dict(base)
            supposed.update(zip(others, combination, strict=True))
            outcomes = set()
            for choice in choices:
                supposed[path] = choice
                outcomes.add(_state(spec, _Supposed(supposed, signs, suspected)) is not False)
                if len(outcomes) > 1:
                    return True
    return False


__all__ = ["MAX_COMBINATIONS", "answers", "can_change"]
