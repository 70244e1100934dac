"""Why not, and what would change: judging rules that did not fire.

Every rule condition is declared once (:class:`calfexpert.rules.base.Cond`) and compiled, when the
rule is declared, both to experta's pattern and to a plain-Python, three-valued check.  Against a
finished run the checks say, for each rule, whether it fired, which of its conditions failed and
which were unknown; and, for rules that only lack unknown findings (a partial match, as CLIPS shows
them), what their conclusion would do to the answer.

Everything is worked out at most once per case (:class:`CaseEnv` memoises every condition's state,
every rule's state and unknown findings, every derived sign) and what the engine already knows is
not re-derived: a rule that fired had every condition met, a sign in working memory holds.  What
only depends on the rules is worked out once per registry (:func:`_index`: each rule's conditions
as a plan over numbered state slots, the rules raising each condition in the order why-not lists
them, what each rule's conclusion can do), and what-would-change weighs only the groups of rules
that could still reach the entries it keeps.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import filterfalse
from operator import itemgetter
from types import MappingProxyType
from typing import Any, ClassVar, NamedTuple

from .certainty import SLACK, add, certainty, unrounded
from .engine import RunResult
from .knowledge import CONDITIONS, RED_FLAGS, WELLS_DVT_LIKELY_AT, WELLS_ITEMS, triage_rank
from .rules import REGISTRY, RuleSpec
from .rules.base import MISSING, Cond
from .rules.scores import WELLS_DVT_LIKELY
from .schemas import list_valued_fields


class _Plan(NamedTuple):
    """A rule's conditions as :meth:`CaseEnv.judge` walks them, worked out once per registry."""

    judged: tuple[tuple[int, Cond, str, bool, tuple[str, ...] | None], ...]
    """For each condition with a check: its state's slot (shared by the conditions declared alike), the condition,
    its text, whether it is not a suspicion (one not met means answers can no longer make the rule fire), and for a
    condition on one finding's value, that finding (the one finding behind it when it is unknown)."""
    unjudged: bool
    """Whether a condition has no check (then the rule is at best ``None``)."""
    one: tuple[int, Cond, str, bool, tuple[str, ...] | None] | None
    """The only condition, for a rule with one condition and a check for it (the walks' short way)."""


class _Gain(NamedTuple):
    """What a rule's conclusion does to the answer, as what-would-change weighs it."""

    rank: int
    """The highest triage rank its red flag or triage demand asks for (-1: none)."""
    level: str | None
    """That triage level."""
    wells: int | None
    """The points of the Wells item it scores (``None``: none)."""
    changes: bool
    """Whether it changes a condition's certainty (it gives evidence or scores a Wells item)."""
    single: tuple[str, float] | None
    """Its one piece of evidence, when it gives one and scores no Wells item."""
    could: int
    """The highest triage rank it could raise the answer to: its own level's, or that of a condition it gives
    evidence about (-1: none)."""


@dataclass(frozen=True)
class _Index:
    """What the explanations need from the registry, worked out once: which rules assert each sign,
    and whether signs depend on signs in a cycle (then a sign being derived may be answered by the cycle
    guard, and what is judged meanwhile is not kept)."""

    specs: dict[str, RuleSpec]
    """The registry's rules it was built from (rules are only ever added: a new one rebuilds the index)."""
    size: int
    """How many rules the registry held."""
    producers: dict[str, tuple[RuleSpec, ...]]
    cyclic: bool
    declarative: tuple[RuleSpec, ...]
    """The rules declared with their effects (not custom) that have conditions, in definition order."""
    slots: dict[Cond, int]
    """Every rule condition's state slot; conditions declared alike share one."""
    width: int
    """How many slots there are."""
    uses: tuple[tuple[str, ...], ...]
    """The findings each slot's condition reads, sorted, without repeats."""
    plans: dict[int, _Plan]
    """Each rule's plan, by the rule's ``id()`` (the index holds the rules, so no id is reused meanwhile)."""
    raising: dict[str, tuple[tuple[str, str, float, RuleSpec, _Plan], ...]]
    """For each condition, the rules giving evidence for it (certainty factor above 0), highest factor first, then
    by id: the order why-not lists them in within a status.  Each as its id, title, certainty factor, the rule and
    its plan (why-not's loop reads them without attribute look-ups)."""
    declarative_gains: tuple[tuple[RuleSpec, _Gain, _Plan], ...]
    """The declarative rules, each with what its conclusion does and its plan."""
    members: tuple[tuple[str, tuple[RuleSpec, _Gain], RuleSpec, _Plan], ...]
    """:attr:`declarative_gains` as what-would-change's loop reads them: each rule's id, the (rule, gain) pair its
    group holds, the rule and its plan (made once, so the loop neither reads attributes nor builds the pairs)."""
    chains: tuple[tuple[str, RuleSpec, int, tuple[str, ...]], ...]
    """The rules that demand a triage level once a condition is suspected, in definition order: each with its id,
    the rank of the level it demands and the conditions it needs suspected."""
    blank: tuple[Any, ...]
    """Each slot's state in a case that knows none of the findings its condition reads, for a condition on findings
    alone (their values, or whether they are known); :data:`_UNSET` for the others."""
    touched: dict[str, tuple[int, ...]]
    """For each finding, the slots of the conditions on findings alone that read it (their state is worked out as
    asked in a case that knows it)."""
    blank_missing: dict[int, tuple[str, ...]]
    """The unknown findings behind each of those conditions in a case that knows none of them: all it reads."""


_INDEX: list[_Index] = []

_UNSET: Any = object()
"""A state not worked out yet."""


def _index() -> _Index:
    specs = REGISTRY.specs
    if not _INDEX or _INDEX[0].specs is not specs or len(specs) != _INDEX[0].size:
        _INDEX[:] = [_build_index(specs)]
    return _INDEX[0]


def _build_index(specs: dict[str, RuleSpec]) -> _Index:
    all_specs = tuple(specs.values())
    producers: dict[str, list[RuleSpec]] = {}
    for spec in all_specs:
        for name in spec.signs:
            producers.setdefault(name, []).append(spec)
    needs = {name: {s for spec in specs_ for c in spec.conds for s in c.signs} for name, specs_ in producers.items()}
    by_key: dict[Hashable, int] = {}
    slots: dict[Cond, int] = {}
    for spec in all_specs:
        for cond in spec.conds:
            slots[cond] = by_key.setdefault(cond.key, len(by_key))
    uses = [()] * len(by_key)
    for cond, slot in slots.items():
        uses[slot] = tuple(sorted(set(cond.uses)))  # conditions declared alike read the same findings
    plans = {id(spec): _plan(spec, slots.__getitem__) for spec in all_specs}
    raising: dict[str, list[tuple[str, str, float, RuleSpec, _Plan]]] = {}
    for spec in all_specs:
        for condition, cf in spec.evidence:
            if cf > 0:
                raising.setdefault(condition, []).append((spec.id, spec.title, cf, spec, plans[id(spec)]))
    declarative = tuple(s for s in all_specs if not s.custom and s.conds)
    gains = tuple((spec, _gain(spec), plans[id(spec)]) for spec in declarative)
    chains = tuple((s.id, s, triage_rank(s.triage), tuple(c.path for c in s.conds if c.op == "suspected"))
                   for s in all_specs if s.triage and any(c.op == "suspected" for c in s.conds))
    blank: list[Any] = [_UNSET] * len(by_key)
    touched: dict[str, list[int]] = {}
    for cond, slot in slots.items():
        paths = _findings_read(cond)
        if paths is not None and cond.check is not None:
            blank[slot] = cond.check(_NOTHING_KNOWN)
            for path in paths.union(cond.uses):
                touched.setdefault(path, []).append(slot)
    return _Index(specs, len(all_specs), {n: tuple(s) for n, s in producers.items()}, _has_cycle(needs), declarative,
                  slots, len(by_key), tuple(uses), plans,
                  {c: tuple(sorted(r, key=lambda x: (-x[2], x[0]))) for c, r in raising.items()},
                  gains, tuple((spec.id, (spec, gain), spec, plan) for spec, gain, plan in gains), chains,
                  tuple(blank), {path: tuple(dict.fromkeys(s)) for path, s in touched.items()},
                  {slot: uses[slot] for slot, state in enumerate(blank) if state is not _UNSET})


class _NothingKnown:
    """A case that knows no finding, as the checks of conditions on findings alone see it."""

    values: Mapping[str, Any] = MappingProxyType({})


_NOTHING_KNOWN = _NothingKnown()
_ON_FINDINGS = frozenset({"yes", "no", "is", "cmp", "unknown"})


def _findings_read(cond: Cond) -> set[str] | None:
    """The findings a condition on findings alone reads (every leaf a value test or ``unknown``); ``None`` for any
    other condition."""
    if cond.op in _ON_FINDINGS:
        return {cond.path}
    if cond.op in ("not", "any", "all"):
        paths: set[str] = set()
        for inner in cond.operands:
            read = _findings_read(inner)
            if read is None:
                return None
            paths |= read
        return paths
    return None


def _plan(spec: RuleSpec, slot: Callable[[Cond], int]) -> _Plan:
    # a condition on one finding's value is unknown only when that finding is (its check says so)
    judged = tuple((slot(c), c, c.text, c.op != "suspected", (c.path,) if c.value_test is not None else None)
                   for c in spec.conds if c.check is not None)
    unjudged = any(c.check is None for c in spec.conds)
    return _Plan(judged, unjudged, judged[0] if len(judged) == 1 and not unjudged else None)


def _gain(spec: RuleSpec) -> _Gain:
    rank, level = -1, None
    for asked in (RED_FLAGS[spec.red_flag].level if spec.red_flag else None, spec.triage):
        if asked and triage_rank(asked) > rank:
            rank, level = triage_rank(asked), asked
    about = spec.conditions + (WELLS_DVT_LIKELY.conditions if spec.wells else ())
    return _Gain(rank, level, WELLS_ITEMS[spec.wells].points if spec.wells else None, bool(spec.evidence or spec.wells),
                 spec.evidence[0] if len(spec.evidence) == 1 and not spec.wells else None,
                 max([rank, *(triage_rank(CONDITIONS[c].triage) for c in about)]))


def _has_cycle(needs: Mapping[str, set[str]]) -> bool:
    open_, done = set(), set()

    def visit(name: str) -> bool:
        if name in open_:
            return True
        if name in done:
            return False
        open_.add(name)
        if any(visit(n) for n in needs.get(name, ())):
            return True
        open_.discard(name)
        done.add(name)
        return False

    return any(visit(n) for n in needs)


_LIST_FIELDS: list[frozenset[str]] = []



class Judgement(NamedTuple):
    """A rule's conditions judged against a finished case."""

    state: bool | None
    """True: every condition met; False: one is not met; None: none fails, some are unknown or not judged."""
    failed: tuple[str, ...]
    """The conditions not met (their texts)."""
    unknown: tuple[str, ...]
    """The conditions judged unknown (their texts)."""
    missing: tuple[str, ...]
    """The unknown findings behind them, sorted."""
    open: tuple[tuple[str, ...], ...] | None
    """For each unknown condition that is not a suspicion, the unknown findings behind it; ``None`` when a
    condition that is not a suspicion is not met (answers can no longer make the rule fire)."""


_new_tuple = tuple.__new__

_Walked = tuple[bool | None, list[str], list[str], tuple[str, ...], list[tuple[str, ...]] | None]
"""A rule walked (:meth:`CaseEnv._walk`): :class:`Judgement`'s fields, its lists not yet tuples."""


def _merged(missing: list[tuple[str, ...]]) -> tuple[str, ...]:
    """The sorted union of two or more sorted tuples of findings (each without repeats).  For two, one of them a
    single finding (the most common cases: a rule's condition on a finding the case does not know, beside another),
    that finding is put in its place in the other, without a set and a list."""
    if not missing[2:]:  # two of them
        one, other = missing
        if len(one) != 1:
            one, other = other, one
        if len(one) == 1:
            finding = one[0]
            if len(other) == 1:
                b = other[0]
                return one if finding == b else (finding, b) if finding < b else (b, finding)
            if finding in other:
                return other
            at = bisect.bisect(other, finding)
            return (*other[:at], finding, *other[at:])
    return tuple(sorted(set().union(*missing)))


@dataclass
class CaseEnv:
    """The finished case, as the rule checks see it; every answer is computed once per case.

    ``fired``: the rules that fired (read from the run's trace when not given)."""

    run: RunResult
    fired: set[str] | None = None
    values: dict[str, Any] = field(default_factory=dict)
    signs: set[str] = field(default_factory=set)
    facts: set[tuple[str, str]] = field(default_factory=set)
    memo: bool = field(init=False, default=True)
    """Whether what is computed is kept (:attr:`MEMOISE`)."""
    MEMOISE: ClassVar[bool] = True
    """Turned off only by the test that proves the memos change nothing."""
    _sign_cache: dict[str, bool | None] = field(default_factory=dict)
    _foreign: dict[Hashable, int] = field(default_factory=dict)
    """The state slots of conditions of no registered rule, by their key."""
    _missing: dict[int, tuple[str, ...]] = field(default_factory=dict)
    _judged: dict[str, Judgement] = field(default_factory=dict)
    _outcomes: dict[str, _Walked] = field(default_factory=dict)
    """Each rule walked: what :meth:`_walk` gave (why-not copies its lists for a rule it lists again)."""
    _alive: dict[tuple[str, frozenset[str]], bool] = field(default_factory=dict)
    _records: dict[str, list[dict[str, Any]]] | None = None
    _keep: bool = True
    _ix: _Index = field(init=False, repr=False)
    _slots: list[Any] = field(init=False, repr=False)
    """Each registry condition's state by its slot (:data:`_UNSET` until worked out)."""

    def __post_init__(self) -> None:
        if not _LIST_FIELDS:
            _LIST_FIELDS.append(list_valued_fields())
        list_fields = _LIST_FIELDS[0]
        lists: dict[str, set[Any]] = {}
        values = self.values
        for record in self.run.inputs:
            name, value = record.data["name"], record.data["value"]
            if name in list_fields:
                lists.setdefault(name, set()).add(value)
            else:
                values[name] = value
        values.update({k: frozenset(v) for k, v in lists.items()})
        for record in self.run.facts:
            if record.type == "Sign":
                self.signs.add(record.data["name"])
            elif record.type == "Suspected":
                self.facts.add(("suspected", record.data["condition"]))
        if self.fired is None:
            self.fired = {f.rule for f in self.run.trace}
        self.memo = self._keep = type(self).MEMOISE
        ix = self._ix = _index()
        if self._keep:
            # a condition on findings the case does not know has the state it has when nothing is known (most do)
            slots = list(ix.blank)
            missing = self._missing = ix.blank_missing.copy()
            touched = ix.touched
            for name in values:
                for slot in touched.get(name, ()):
                    slots[slot] = _UNSET
                    missing.pop(slot, None)
            self._slots = slots
        else:
            self._slots = [_UNSET] * ix.width

    def value(self, path: str) -> Any:
        return self.values.get(path, MISSING)

    def fact(self, kind: str, key: str) -> bool:
        return (kind, key) in self.facts

    def records(self, type_name: str) -> list[dict[str, Any]]:
        if self._records is None:
            by_type: dict[str, list[dict[str, Any]]] = {}
            for record in self.run.facts:
                by_type.setdefault(record.type, []).append(record.data)
            self._records = by_type
        return self._records.get(type_name, [])

    def sign(self, name: str) -> bool | None:
        if name in self.signs:
            return True
        cache = self._sign_cache
        if name not in cache or not self.memo:
            cache[name] = False  # guards against cycles
            keeping = self._keep
            # with signs that depend on signs in a cycle, what is judged while the guard may answer is not kept
            self._keep = keeping and not self._ix.cyclic
            # every producer is judged (no short cut); unknown if one is, else whether one holds (a loop: no
            # comprehension or generator frames, signs are judged often)
            result: bool | None = False
            try:
                for spec in self._ix.producers.get(name, ()):
                    state = self.spec_state(spec)
                    if state is None:
                        result = None
                    elif state and result is False:
                        result = True
            finally:
                self._keep = keeping
            cache[name] = result
        return cache[name]

    def state(self, cond: Cond) -> bool | None:
        """``cond.check(self)`` (``None`` for a condition not judged here), computed once per case."""
        slot = self._slot(cond)
        result = self._slots[slot]
        return self._state(slot, cond) if result is _UNSET else result

    def _slot(self, cond: Cond) -> int:
        """The condition's state slot: the registry's, or (for a condition of no registered rule) one of this case's."""
        slot = self._ix.slots.get(cond)
        if slot is None:
            slot = self._foreign.get(cond.key)
            if slot is None:
                slot = self._foreign[cond.key] = len(self._slots)
                self._slots.append(_UNSET)
        return slot

    def _state(self, slot: int, cond: Cond) -> bool | None:
        """The state of a slot not worked out yet (its callers read the slot first), worked out and kept."""
        check = cond.check
        result = check(self) if check is not None else None
        if self._keep:
            self._slots[slot] = result
        return result

    def _plan(self, spec: RuleSpec) -> _Plan:
        plan = self._ix.plans.get(id(spec))
        return plan if plan is not None else _plan(spec, self._slot)

    def spec_state(self, spec: RuleSpec) -> bool | None:
        """Whether every condition of the rule is met (``None``: none fails, some are unknown or not judged).

        A rule with a condition not met is answered from the condition states alone, without its full judgement."""
        known = self._outcomes.get(spec.id)
        if known is not None:
            return known[0]
        if self._blocked(spec):
            return False
        return self._walk(spec)[0]

    def _blocked(self, spec: RuleSpec) -> bool:
        """Whether a condition of the rule is not met."""
        slots = self._slots
        for slot, cond, _, _, _ in self._plan(spec).judged:
            result = slots[slot]
            if result is _UNSET:
                result = self._state(slot, cond)
            if result is False:
                return True
        return False

    def _waiting(self, spec: RuleSpec, plan: _Plan | None = None) -> tuple[str, ...] | None:
        """For a rule none of whose conditions fails, and not all are met: its judgement's ``missing`` (the unknown
        findings behind its unknown conditions, sorted); ``None`` for a rule blocked or met.  Without the judgement's
        texts, for what-would-change, which groups the rules by what they wait on."""
        slots = self._slots
        plan = plan or self._ix.plans.get(id(spec)) or self._plan(spec)
        one = plan.one
        if one is not None:  # the rule's only condition decides
            slot, cond, _, _, paths = one
            result = slots[slot]
            if result is _UNSET:
                result = self._state(slot, cond)
            if result is not None:
                return None
            if paths is None:
                paths = self._missing.get(slot)
                if paths is None:
                    paths = self._missing_at(slot, cond)
            return paths
        known_missing = self._missing
        missing = []  # one loop (an unknown condition before one not met has its findings worked out: kept anyway)
        for slot, cond, _, _, paths in plan.judged:
            result = slots[slot]
            if result is _UNSET:
                result = self._state(slot, cond)
            if result is False:
                return None
            if result is None:
                if paths is None:
                    paths = known_missing.get(slot)
                    if paths is None:
                        paths = self._missing_at(slot, cond)
                missing.append(paths)
        if not missing:
            return () if plan.unjudged else None
        if len(missing) == 1:
            return missing[0]
        return _merged(missing)

    def judge(self, spec: RuleSpec) -> Judgement:
        """The rule's conditions judged against this case (once per rule and case)."""
        known = self._judged.get(spec.id)
        if known is not None:
            return known
        state, failed, unknown, missing, open_ = self._walk(spec)
        result: Judgement = _new_tuple(Judgement, (state, tuple(failed), tuple(unknown), missing,
                                                   None if open_ is None else tuple(open_)))  # without its __new__
        if self._keep:
            self._judged[spec.id] = result
        return result

    def _walk(self, spec: RuleSpec, plan: _Plan | None = None) -> _Walked:
        """:meth:`judge`'s fields, worked out (its lists not yet tuples); ``plan``: the rule's, when known."""
        plan = plan or self._ix.plans.get(id(spec)) or self._plan(spec)
        slots = self._slots
        one = plan.one
        if one is not None:  # the rule's only condition decides (here, not in a method of its own: one call less)
            slot, cond, text, opens, paths = one
            result = slots[slot]
            if result is _UNSET:
                result = self._state(slot, cond)
            walked: _Walked
            if result is True:
                walked = (True, [], [], (), [])
            elif result is False:
                walked = (False, [text], [], (), None if opens else [])
            else:
                if paths is None:
                    paths = self._missing.get(slot)
                    if paths is None:
                        paths = self._missing_at(slot, cond)
                walked = (None, [], [text], paths, [paths] if opens else [])
            if self._keep:
                self._outcomes[spec.id] = walked
            return walked
        failed: list[str] = []
        unknown: list[str] = []
        missing: list[tuple[str, ...]] = []
        open_: list[tuple[str, ...]] | None = []
        for slot, cond, text, opens, paths in plan.judged:
            result = slots[slot]
            if result is _UNSET:
                result = self._state(slot, cond)
            if result is True:
                continue
            if result is False:
                failed.append(text)
                if opens:
                    open_ = None
                continue
            unknown.append(text)
            if paths is None:
                paths = self._missing.get(slot)
                if paths is None:
                    paths = self._missing_at(slot, cond)
            missing.append(paths)
            if opens and open_ is not None:
                open_.append(paths)
        state = False if failed else None if unknown or plan.unjudged else True
        if not missing:
            paths = ()
        elif len(missing) == 1:
            paths = missing[0]  # already sorted, without repeats
        else:
            paths = _merged(missing)
        walked = (state, failed, unknown, paths, open_)
        if self._keep:
            self._outcomes[spec.id] = walked
        return walked

    def _unknown_paths(self, spec: RuleSpec) -> list[tuple[str, ...]]:
        """For each of the rule's judged conditions that is unknown, in order, the unknown findings behind it."""
        slots = self._slots
        out = []
        for slot, cond, _, _, finding in (self._ix.plans.get(id(spec)) or self._plan(spec)).judged:
            result = slots[slot]
            if result is _UNSET:
                result = self._state(slot, cond)
            if result is None:
                if finding is None:
                    finding = self._missing.get(slot)
                    if finding is None:
                        finding = self._missing_at(slot, cond)
                out.append(finding)
        return out

    def missing_paths(self, cond: Cond) -> list[str]:
        """The unknown findings behind a condition judged unknown (through signs too)."""
        return list(self._missing_paths(cond))

    def _missing_paths(self, cond: Cond) -> tuple[str, ...]:
        slot = self._slot(cond)
        known = self._missing.get(slot)
        return known if known is not None else self._missing_at(slot, cond)

    def _missing_at(self, slot: int, cond: Cond) -> tuple[str, ...]:
        values = self.values
        if not cond.signs:
            # the condition's findings, sorted and without repeats, that the case leaves unknown
            uses = self._ix.uses[slot] if slot < self._ix.width else tuple(sorted(set(cond.uses)))
            result = tuple(filterfalse(values.__contains__, uses))
        else:
            paths = list(filterfalse(values.__contains__, cond.uses))  # (no comprehension frame)
            for name in cond.signs:
                if self.sign(name) is None:
                    for spec in self._ix.producers.get(name, ()):
                        for inner in self._unknown_paths(spec):
                            paths += inner
            result = tuple(sorted(set(paths)))
        if self._keep:
            self._missing[slot] = result
        return result

    def waiting_on(self, spec: RuleSpec) -> tuple[str, ...]:
        """The unknown findings behind the rule's judged conditions that are unknown, sorted."""
        return self.judge(spec).missing


def _finding_values(cond: Cond, env: CaseEnv) -> list[dict[str, Any]]:
    out = []
    for path in cond.uses:
        value = env.value(path)
        if isinstance(value, frozenset):
            value = sorted(value)
        out.append({"finding": path, "value": None if value is MISSING else value})
    return out


_STATE_WORDS = {True: "met", False: "not met", None: "unknown"}


def rule_report(spec: RuleSpec, env: CaseEnv, fired: set[str]) -> dict[str, Any]:
    """A rule's state in this case, condition by condition."""
    conditions = []
    failed, unknown, missing = [], [], []
    for cond in spec.conds:
        result = env.state(cond)
        state = "not judged" if cond.check is None else _STATE_WORDS[result]
        if state == "not met":
            failed.append(cond.text)
        elif state == "unknown":
            unknown.append(cond.text)
            missing += env._missing_paths(cond)
        conditions.append({"text": cond.text, "state": state, "findings": _finding_values(cond, env)})
    if spec.id in fired:
        status = "fired"
    elif failed:
        status = "blocked"
    elif unknown:
        status = "waiting on unknown findings"
    else:
        status = "not judged"
    return {"rule": spec.id, "title": spec.title, "status": status, "failed": failed, "unknown": unknown,
            "unknown_findings": sorted(dict.fromkeys(missing)), "conditions": conditions}


_BLOCKED, _WAITING, _NOT_JUDGED = "blocked", "waiting on unknown findings", "not judged"
WORDS = ("fired", _BLOCKED, _WAITING, _NOT_JUDGED, "triage", "top_diagnosis")
"""The values why-not and what-would-change write that are not the knowledge base's: rule statuses and effect kinds."""


def why_not(condition: str, env: CaseEnv, fired: set[str]) -> dict[str, Any]:
    """Why a condition is not (or is only weakly) in the differential: the state of every rule that raises it, each
    as :func:`rule_report` without the condition list, with the rule's certainty factor.  A rule that fired had every
    condition met (the engine matched them; the agreement test proves the checks say so), so it is not judged again.

    The rules are listed fired first, then those waiting on unknown findings, then the others; within each, by
    certainty factor (highest first), then id (the index keeps them in that order, so only the statuses sort them)."""
    ran: list[dict[str, Any]] = []
    waiting: list[dict[str, Any]] = []
    others: list[dict[str, Any]] = []
    missing: set[str] = set()
    outcomes = env._outcomes
    walk = env._walk
    for rid, title, cf, spec, plan in env._ix.raising.get(condition, ()):
        if rid in fired:
            ran.append({"rule": rid, "title": title, "status": "fired", "failed": [], "unknown": [],
                        "unknown_findings": [], "cf": cf})
            continue
        known = outcomes.get(rid)
        if known is None:
            _, failed, unknown, paths, _ = walk(spec, plan)  # the report's lists are the walk's own
        else:  # walked already (a sign's producer, a rule raising two conditions): its lists copied for this report
            _, failed, unknown, paths, _ = known
            failed, unknown = failed[:], unknown[:]
        if failed:
            status, to = _BLOCKED, others
        elif unknown:
            status, to = _WAITING, waiting
            missing.update(paths)
        else:
            status, to = _NOT_JUDGED, others
        to.append({"rule": rid, "title": title, "status": status, "failed": failed, "unknown": unknown,
                   "unknown_findings": [*paths], "cf": cf})
    ran += waiting
    ran += others
    return {"condition": condition, "name": CONDITIONS[condition].name, "rules": ran,
            "missing_findings": sorted(missing)}


_NO_BELIEF = (0.0, 0.0, 0.0)


@dataclass
class _Standing:
    """The answer as it stands, worked out once per case for every group of rules what-would-change weighs."""

    beliefs: dict[str, tuple[float, float, float]]
    base: dict[str, float]
    wells: int
    levels: tuple[tuple[str, str, int], ...]
    """(condition, triage level, its rank) of the conditions whose certainty as it stands reaches their suspicion
    threshold while their belief does not."""
    order: list[tuple[tuple[float, bool, str], str]]
    """The conditions with positive certainty, best first (as the differential ranks them)."""

    @classmethod
    def of(cls, run: RunResult) -> _Standing:
        # one pass over the facts for both kinds, and loops rather than comprehensions (each a frame of its own)
        beliefs: dict[str, tuple[float, float, float]] = {}
        wells = None
        for record in run.facts:
            kind = record.type
            if kind == "Belief":
                data = record.data
                beliefs[data["condition"]] = (data["mb"], data["md"], data["cf"])
            elif kind == "WellsScore" and wells is None:
                wells = record.data["points"]
        base: dict[str, float] = {}
        levels: list[tuple[str, str, int]] = []
        order: list[tuple[tuple[float, bool, str], str]] = []
        for c, (mb, md, cf) in beliefs.items():
            value = base[c] = certainty(mb, md)
            known = CONDITIONS[c]
            if value >= known.suspect_at > cf:
                levels.append((c, known.triage, triage_rank(known.triage)))
            if value > 0:
                order.append(((-value, not known.dangerous, c), c))  # as the differential ranks them
        order.sort()
        return cls(beliefs, base, 0 if wells is None else wells, tuple(levels), order)


def what_would_change(env: CaseEnv, fired: set[str], triage: str, diagnoses: list[Mapping[str, Any]],
                      limit: int = 8, dont_know: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """Unknown findings whose answer could raise the triage level or change the top diagnosis, most important first.

    Rules that did not fire only because some of their findings are unknown (a partial match) are
    grouped by the findings they wait on; a group's effect is what all its rules' conclusions
    together would do to the current answer.  This is an estimate: rules further down a chain
    (a new sign feeding another rule) are not followed.
    """
    groups: dict[tuple[str, ...], list[tuple[RuleSpec, _Gain]]] = {}
    outcomes = env._outcomes
    waiting = env._waiting
    for rid, member, spec, plan in env._ix.members:
        if rid in fired:
            continue
        outcome = outcomes.get(rid)
        if outcome is None:
            missing = waiting(spec, plan)
        elif outcome[0] is None:
            missing = outcome[3]
        else:
            continue
        if missing:
            group = groups.get(missing)
            if group is None:
                groups[missing] = [member]
            else:
                group.append(member)
    at = triage_rank(triage)
    weigher = _Weigher(_Standing.of(env.run), at, diagnoses[0]["condition"] if diagnoses else None)
    # each entry's sort key (:func:`_importance`) with its place in the list before sorting (groups first, in the
    # order met, then the chained rules): sorted, they are in the order a stable sort of the entries gives
    kept: list[tuple[tuple[tuple[Any, ...], int], dict[str, Any]]] = []
    place = len(groups)
    for key, entry, specs in _chained(env, fired, triage, dont_know):
        for spec in specs:  # one of its rules alive (loops here and below: no generator frames)
            if alive(spec, env, dont_know):
                kept.append(((key, place), entry))
                break
        place += 1
    # Only the first ``limit`` entries are kept, so the groups are weighed in the order of the best key each could
    # have (the most urgent level it could raise the answer to, its findings' count, its findings): once ``limit``
    # entries sort before the best key the next group could have, it and the groups after it are not weighed.
    first = sorted(map(_first, kept))[:limit] if limit > 0 else []  # the first ``limit`` (key, place) so far
    for best, bucket in _buckets(groups, weigher):
        if len(first) == limit > 0 and first[-1][0][:3] < best:
            break
        if limit > 0:
            bucket.sort(key=_second)  # by findings (their order after the bucket's)
        for place, missing, members in bucket:
            if len(first) == limit > 0 and first[-1][0] < (*best, list(missing)):
                break
            weighed = weigher.weigh(missing, members)
            if weighed is None:
                continue
            ranked = (weighed[0], place)
            if len(first) == limit > 0 and first[-1] < ranked:
                continue  # after the first ``limit`` entries so far: it will not be shown (places differ: no ties)
            for spec, _ in members:
                if alive(spec, env, dont_know):
                    kept.append((ranked, weighed[1]))
                    if limit > 0:  # (it sorts before the last of ``first``, or ``first`` is not full)
                        bisect.insort(first, ranked)
                        del first[limit:]
                    break
        else:
            continue
        break
    kept.sort(key=_first)
    return list(map(_second, kept[:limit]))


_second = itemgetter(1)
"""A sort key: the second item (a C function: no Python call per item sorted)."""


def _buckets(groups: Mapping[tuple[str, ...], list[tuple[RuleSpec, _Gain]]], weigher: _Weigher,
             ) -> list[tuple[tuple[int, bool, int], list[tuple[int, tuple[str, ...], list[tuple[RuleSpec, _Gain]]]]]]:
    """The groups (each with its place among them) by the start of the best sort key their entry could have
    (:func:`_importance`: the most urgent level it could raise the answer to, a change of the top condition, its
    findings' count), best first.  For a group that changes no certainty that start is its key's.

    A group that can raise the answer to no level above ``at`` and changes no certainty while the top condition stays
    without a change has no entry (:meth:`_Weigher.weigh` finds no effect): it is left out."""
    idle_rank, at = weigher.idle_rank, weigher.at
    still = not (weigher.idle_top is not None and weigher.idle_top != weigher.top)  # the top stays without a change
    buckets: dict[tuple[int, bool, int], list[tuple[int, tuple[str, ...], list[tuple[RuleSpec, _Gain]]]]] = {}
    place = 0
    for missing, members in groups.items():
        if len(members) == 1:  # most groups
            gain = members[0][1]
            could = gain.could if gain.could > idle_rank else idle_rank
            changes = gain.changes
        else:
            could = idle_rank
            changes = False
            for _, gain in members:
                if gain.could > could:
                    could = gain.could
                changes = changes or gain.changes
        if could <= at and still and not changes:  # no effect
            place += 1
            continue
        best = (-could if could > at else 1, still and not changes, len(missing))
        bucket = buckets.get(best)
        if bucket is None:
            buckets[best] = [(place, missing, members)]
        else:
            bucket.append((place, missing, members))
        place += 1
    return sorted(buckets.items())


_first = itemgetter(0)
"""A sort key: the first item."""


def alive(spec: RuleSpec, env: CaseEnv, dont_know: frozenset[str] = frozenset()) -> bool:
    """Whether answers could still make the rule fire: none of its conditions (suspicions aside) is known false,
    and none is left undecided only by findings answered "don't know"."""
    if not dont_know:  # then only a condition undecided without any unknown finding is left undecided for good
        outcome = env._outcomes.get(spec.id)
        open_ = outcome[4] if outcome is not None else env._walk(spec)[4]
        return open_ is not None and all(open_)
    key = (spec.id, dont_know)
    known = env._alive.get(key) if env.memo else None
    if known is None:
        outcome = env._outcomes.get(spec.id)
        open_ = outcome[4] if outcome is not None else env._walk(spec)[4]
        known = open_ is not None and not any(all(p in dont_know for p in paths) for paths in open_)
        env._alive[key] = known
    return known


_Ranked = tuple[tuple[Any, ...], dict[str, Any], Sequence[RuleSpec]]
"""A what-would-change entry with its sort key (:func:`_importance`) and its rules."""


def _chained(env: CaseEnv, fired: set[str], level: str, dont_know: frozenset[str]) -> list[_Ranked]:
    """One step further than the partial matches: a rule that would raise the triage once a condition is suspected
    (a recurrent strain, a stress fracture that cannot bear weight ...) waits on its own unknown findings, then on
    those that could still raise that condition."""

    def waiting_on(spec: RuleSpec) -> list[str]:
        return [p for paths in env._unknown_paths(spec) for p in paths if p not in dont_know]

    raised: dict[str, set[str]] = {}  # by condition: several rules may wait on the same one
    outcomes = env._outcomes

    def raising(condition: str) -> set[str]:
        known = raised.get(condition)
        if known is None:
            known = raised[condition] = set()
            for rid, _, _, e, _ in env._ix.raising.get(condition, ()):
                if rid not in fired and alive(e, env, dont_know):
                    # only the set of findings counts here: the walk's sorted ``missing`` (known once why-not ran)
                    outcome = outcomes.get(rid)
                    paths = outcome[3] if outcome is not None else env._walk(e)[3]
                    known.update(filterfalse(dont_know.__contains__, paths) if dont_know else paths)
        return known

    out: list[_Ranked] = []
    rank = triage_rank(level)
    facts = env.facts
    for rid, spec, raise_to, suspicions in env._ix.chains:
        if rid in fired or raise_to <= rank:
            continue
        needs = [c for c in suspicions if ("suspected", c) not in facts]
        if not needs:
            continue
        if not alive(spec, env, dont_know):
            continue
        found: set[str] = set()
        for condition in needs:
            found |= raising(condition)
        if found:
            entry = {"findings": list(dict.fromkeys(waiting_on(spec) + sorted(found))),
                     "effects": [{"kind": "triage", "to": spec.triage}], "rules": [spec.id]}
            out.append((_importance(entry), entry, (spec,)))
    return out


def _importance(entry: Mapping[str, Any]) -> tuple[Any, ...]:
    """An entry's sort key: the most urgent level it raises the triage to (negated; 1 for none), whether it leaves the
    top diagnosis, its findings' count, its findings."""
    raise_to, changes_top = -1, False
    for effect in entry["effects"]:  # (a loop: no generator frames)
        if effect["kind"] == "triage":
            raise_to = max(raise_to, triage_rank(effect["to"]))
        elif effect["kind"] == "top_diagnosis":
            changes_top = True
    return (-raise_to, not changes_top, len(entry["findings"]), entry["findings"])


class _Weigher:
    """What each group of rules' conclusions together would do to the answer: the triage level it would raise it to
    (from rank ``at``), and the new most likely condition.  Only the conditions a group changes are recomputed (the
    rest of the answer is ``standing``)."""

    def __init__(self, standing: _Standing, at: int, top: str | None) -> None:
        self.standing = standing
        self.at = at
        self.top = top
        # what a group changing no condition finds: every standing level, and the standing most likely condition
        self.idle_rank, self.idle_level = -1, None
        for _, asked, asked_rank in standing.levels:
            if self.idle_level is None or asked_rank > self.idle_rank:
                self.idle_rank, self.idle_level = asked_rank, asked
        self.idle_top = standing.order[0][0][2] if standing.order else None
        self.abouts: dict[str, _About] = {}

    def weigh(self, missing: tuple[str, ...],
              members: Sequence[tuple[RuleSpec, _Gain]]) -> tuple[tuple[Any, ...], dict[str, Any]] | None:
        """The group's entry with its sort key (:func:`_importance`), ``None`` when it changes nothing."""
        # the most urgent level asked for, and its rank (the first asked of those equally urgent)
        rank, level = -1, None
        changes = False
        for _, gain in members:
            if gain.level is not None and (level is None or gain.rank > rank):
                rank, level = gain.rank, gain.level
            changes = changes or gain.changes
        if not changes:
            if self.idle_level is not None and (level is None or self.idle_rank > rank):
                rank, level = self.idle_rank, self.idle_level
            new_top = self.idle_top
        else:
            rank, level, new_top = _recompute(members, self.standing, rank, level, self.abouts)
        raises = level is not None and rank > self.at
        moves = new_top is not None and new_top != self.top
        if not (raises or moves):
            return None
        effects = [{"kind": "triage", "to": level}] if raises else []  # the most urgent level: the answer's
        if moves:
            effects.append({"kind": "top_diagnosis", "to": new_top})
        findings = list(missing)
        return ((-rank if raises else 1, not moves, len(findings), findings),
                {"findings": findings, "effects": effects, "rules": sorted([spec.id for spec, _ in members])})


class _About(NamedTuple):
    """A condition as what-would-change weighs it: its standing belief and what the knowledge says of it."""

    mb: float
    md: float
    cf: float
    """The belief's certainty factor (0 without a belief)."""
    suspect_at: float
    triage: str
    rank: int
    """The rank of its triage level."""
    benign: bool
    """Not dangerous (the differential ranks dangerous conditions first among equals)."""
    others_best: tuple[float, bool, str] | None
    """The standing rank key of the most likely other condition."""
    others_rank: int
    """The most urgent standing level of the other conditions (:attr:`_Standing.levels`), and its rank."""
    others_level: str | None


def _about(condition: str, standing: _Standing) -> _About:
    known = CONDITIONS[condition]
    belief = standing.beliefs.get(condition, _NO_BELIEF)
    best = None
    for key, other in standing.order:  # (a loop, not a generator: it stops at the first or second)
        if other != condition:
            best = key
            break
    rank, level = -1, None
    for other, asked, asked_rank in standing.levels:
        if other != condition and (level is None or asked_rank > rank):
            rank, level = asked_rank, asked
    return _new_tuple(_About, (belief[0], belief[1], belief[2], known.suspect_at, known.triage,  # without its __new__
                               triage_rank(known.triage), not known.dangerous, best, rank, level))


def _recompute(members: Sequence[tuple[RuleSpec, _Gain]], standing: _Standing, rank: int, level: str | None,
               abouts: dict[str, _About]) -> tuple[int, str | None, str | None]:
    """For a group that changes conditions: the most urgent level (from ``rank`` and ``level``, what its rules ask)
    and its rank, and the new most likely condition.  ``abouts``: each condition's :class:`_About`, filled as asked
    (once per what-would-change)."""
    changed: Iterable[tuple[str, tuple[float, float]]]
    best: tuple[float, bool, str] | None = None
    if len(members) == 1 and members[0][1].single is not None:
        condition, cf = members[0][1].single  # one rule, one piece of evidence: the common case
        about = abouts.get(condition) or abouts.setdefault(condition, _about(condition, standing))
        changed = ((condition, add(about.mb, about.md, cf)),)
        # the other conditions keep their standing level and rank
        if about.others_level is not None and (level is None or about.others_rank > rank):
            rank, level = about.others_rank, about.others_level
        best = about.others_best
    else:
        state: dict[str, tuple[float, float]] = {}  # only the conditions this group changes
        points = standing.wells
        for spec, gain in members:
            evidence = spec.evidence
            if gain.wells is not None:
                before, points = points, points + gain.wells
                if before < WELLS_DVT_LIKELY_AT <= points:
                    evidence = evidence + WELLS_DVT_LIKELY.evidence
            for condition, cf in evidence:
                if condition in state:
                    mb, md = state[condition]
                else:
                    about = abouts.get(condition) or abouts.setdefault(condition, _about(condition, standing))
                    mb, md = about.mb, about.md
                state[condition] = add(mb, md, cf)
        changed = state.items()
        # the conditions the group leaves alone keep their standing level and rank
        for condition, asked, asked_rank in standing.levels:
            if condition not in state and (level is None or asked_rank > rank):
                rank, level = asked_rank, asked
        for key, condition in standing.order:
            if condition not in state:
                best = key
                break
    unrounded_best: tuple[float, float] | None = None  # the (mb, md) of a best whose certainty is not rounded yet
    for condition, (mb, md) in changed:
        about = abouts[condition]
        if unrounded_best is not None and best is not None:  # compared again: rounded now (a best that no later
            best = (-certainty(*unrounded_best), best[1], best[2])  # condition meets never is: only its name counts)
            unrounded_best = None
        # the certainty is rounded (costly) only where rounding could change a comparison: its unrounded value is
        # within SLACK of the suspicion threshold, of 0 or of the best certainty so far
        value = unrounded(mb, md)
        if (abs(value - about.suspect_at) <= SLACK or abs(value) <= SLACK
                or (best is not None and abs(value + best[0]) <= SLACK)):
            value = certainty(mb, md)
        if value >= about.suspect_at > about.cf and (level is None or about.rank > rank):
            rank, level = about.rank, about.triage
        if value > 0:
            candidate = (-value, about.benign, condition)  # conditions differ, so keys never tie
            if best is None or candidate < best:
                best, unrounded_best = candidate, (mb, md)
    return rank, level, best[2] if best is not None else None


__all__ = ["WORDS", "CaseEnv", "alive", "rule_report", "what_would_change", "why_not"]
