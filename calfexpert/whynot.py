"""Why not, and what would change: judging rules that did not fire.

Every rule condition is declared once (:class:`calfexpert.rules.base.Cond`) and compiled, when the
rule is declared, both to experta's pattern and to a plain-Python, three-valued check.  Against a
finished run the checks say, for each rule, whether it fired, which of its conditions failed and
which were unknown; and, for rules that only lack unknown findings (a partial match, as CLIPS shows
them), what their conclusion would do to the answer.

Everything is worked out at most once per case (:class:`CaseEnv` memoises every condition's state,
every rule's state and unknown findings, every derived sign) and what the engine already knows is
not re-derived: a rule that fired had every condition met, a sign in working memory holds.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, NamedTuple

from .certainty import certainty, combine
from .engine import RunResult
from .knowledge import CONDITIONS, RED_FLAGS, WELLS_DVT_LIKELY_AT, WELLS_ITEMS, triage_rank
from .rules import REGISTRY, RuleSpec
from .rules.base import MISSING, Cond
from .rules.scores import WELLS_DVT_LIKELY
from .schemas import list_valued_fields


@dataclass(frozen=True)
class _Index:
    """What the explanations need from the registry, worked out once: which rules assert each sign,
    and whether signs depend on signs in a cycle (then a sign being derived may be answered by the cycle
    guard, and what is judged meanwhile is not kept)."""

    size: int
    """How many rules the registry held (rules are only ever added: a new one rebuilds the index)."""
    producers: dict[str, tuple[RuleSpec, ...]]
    cyclic: bool
    declarative: tuple[RuleSpec, ...]
    """The rules declared with their effects (not custom) that have conditions, in definition order."""


_INDEX: list[_Index] = []


def _index() -> _Index:
    if not _INDEX or len(REGISTRY.specs) != _INDEX[0].size:
        producers: dict[str, list[RuleSpec]] = {}
        for spec in REGISTRY.specs.values():
            for name in spec.signs:
                producers.setdefault(name, []).append(spec)
        needs = {name: {s for spec in specs for c in spec.conds for s in c.signs} for name, specs in producers.items()}
        _INDEX[:] = [_Index(len(REGISTRY.specs), {n: tuple(s) for n, s in producers.items()}, _has_cycle(needs),
                            tuple(s for s in REGISTRY.specs.values() if not s.custom and s.conds))]
    return _INDEX[0]


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
    _states: dict[Hashable, bool | None] = field(default_factory=dict)
    _missing: dict[Hashable, tuple[str, ...]] = field(default_factory=dict)
    _judged: dict[str, Judgement] = field(default_factory=dict)
    _alive: dict[tuple[str, frozenset[str]], bool] = field(default_factory=dict)
    _records: dict[str, list[dict[str, Any]]] | None = None
    _keep: bool = True

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
            self._keep = keeping and not _index().cyclic
            try:
                states = [self.spec_state(spec) for spec in _index().producers.get(name, ())]
            finally:
                self._keep = keeping
            cache[name] = None if any(s is None for s in states) else any(bool(s) for s in states)
        return cache[name]

    def state(self, cond: Cond) -> bool | None:
        """``cond.check(self)`` (``None`` for a condition not judged here), computed once per case."""
        states = self._states
        key = cond.key
        if key in states:
            return states[key]
        result = cond.check(self) if cond.check is not None else None
        if self._keep:
            states[key] = result
        return result

    def spec_state(self, spec: RuleSpec) -> bool | None:
        """Whether every condition of the rule is met (``None``: none fails, some are unknown or not judged).

        A rule with a condition not met is answered from the condition states alone, without its full judgement."""
        known = self._judged.get(spec.id)
        if known is not None:
            return known.state
        states = self._states
        for cond in spec.conds:
            if cond.check is not None:
                key = cond.key
                if (states[key] if key in states else self.state(cond)) is False:
                    return False
        return self.judge(spec).state

    def judge(self, spec: RuleSpec) -> Judgement:
        """The rule's conditions judged against this case (once per rule and case)."""
        known = self._judged.get(spec.id)
        if known is not None:
            return known
        state: bool | None = True
        failed: list[str] = []
        unknown: list[str] = []
        missing: list[tuple[str, ...]] = []
        open_: list[tuple[str, ...]] | None = []
        states = self._states
        for cond in spec.conds:
            if cond.check is None:
                if state is True:
                    state = None
                continue
            key = cond.key
            result = states[key] if key in states else self.state(cond)
            if result is True:
                continue
            if result is False:
                state = False
                failed.append(cond.text)
                if cond.op != "suspected":
                    open_ = None
            else:
                if state is True:
                    state = None
                unknown.append(cond.text)
                paths = self._missing_paths(cond)
                missing.append(paths)
                if open_ is not None and cond.op != "suspected":
                    open_.append(paths)
        if not missing:
            paths = ()
        elif len(missing) == 1:
            paths = missing[0]  # already sorted, without repeats
        else:
            paths = tuple(sorted({p for group in missing for p in group}))
        result_ = Judgement(state, tuple(failed), tuple(unknown), paths, None if open_ is None else tuple(open_))
        if self._keep:
            self._judged[spec.id] = result_
        return result_

    def missing_paths(self, cond: Cond) -> list[str]:
        """The unknown findings behind a condition judged unknown (through signs too)."""
        return list(self._missing_paths(cond))

    def _missing_paths(self, cond: Cond) -> tuple[str, ...]:
        known = self._missing.get(cond.key)
        if known is not None:
            return known
        values = self.values
        paths = [p for p in cond.uses if p not in values]
        for name in cond.signs:
            if self.sign(name) is None:
                for spec in _index().producers.get(name, ()):
                    for inner in spec.conds:
                        if inner.check is not None and self.state(inner) is None:
                            paths += self._missing_paths(inner)
        result = tuple(sorted(dict.fromkeys(paths)))
        if self._keep:
            self._missing[cond.key] = result
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


def _brief_report(spec: RuleSpec, env: CaseEnv, fired: set[str], cf: float) -> dict[str, Any]:
    """:func:`rule_report` without the condition list, with the rule's certainty factor ``cf``.  A rule that
    fired had every condition met (the engine matched them; the agreement test proves the checks say so), so
    it is not judged again."""
    if spec.id in fired:
        return {"rule": spec.id, "title": spec.title, "status": "fired", "failed": [], "unknown": [],
                "unknown_findings": [], "cf": cf}
    judged = env.judge(spec)
    status = "blocked" if judged.failed else "waiting on unknown findings" if judged.unknown else "not judged"
    return {"rule": spec.id, "title": spec.title, "status": status, "failed": list(judged.failed),
            "unknown": list(judged.unknown), "unknown_findings": list(judged.missing), "cf": cf}


def why_not(condition: str, env: CaseEnv, fired: set[str]) -> dict[str, Any]:
    """Why a condition is not (or is only weakly) in the differential: the state of every rule that raises it."""
    rules = [_brief_report(spec, env, fired, cf) for spec, cf in REGISTRY.evidence_for(condition) if cf > 0]
    rules.sort(key=lambda r: (r["status"] != "fired", r["status"] != "waiting on unknown findings", -r["cf"], r["rule"]))
    missing = sorted({p for r in rules if r["status"] != "blocked" for p in r["unknown_findings"]})
    return {"condition": condition, "name": CONDITIONS[condition].name, "rules": rules, "missing_findings": missing}


def _beliefs(run: RunResult) -> dict[str, tuple[float, float, float]]:
    return {r.data["condition"]: (r.data["mb"], r.data["md"], r.data["cf"]) for r in run.of_type("Belief")}


def _rank_key(condition: str, value: float) -> tuple[float, bool, str]:
    return (-value, not CONDITIONS[condition].dangerous, condition)


@dataclass
class _Standing:
    """The answer as it stands, worked out once per case for every group of rules what-would-change weighs."""

    beliefs: dict[str, tuple[float, float, float]]
    base: dict[str, float]
    wells: int
    levels: tuple[tuple[str, str], ...]
    """(condition, triage level) of the conditions whose certainty as it stands reaches their suspicion threshold
    while their belief does not."""
    order: list[tuple[tuple[float, bool, str], str]]
    """The conditions with positive certainty, best first (as the differential ranks them)."""

    @classmethod
    def of(cls, run: RunResult) -> _Standing:
        beliefs = _beliefs(run)
        base = {c: certainty(mb, md) for c, (mb, md, _) in beliefs.items()}
        wells = next((r.data["points"] for r in run.of_type("WellsScore")), 0)
        levels = tuple((c, CONDITIONS[c].triage) for c, v in base.items()
                       if v >= CONDITIONS[c].suspect_at > beliefs.get(c, (0.0, 0.0, 0.0))[2])
        order = sorted((_rank_key(c, v), c) for c, v in base.items() if v > 0)
        return cls(beliefs, base, wells, levels, order)


def what_would_change(env: CaseEnv, fired: set[str], triage: str, diagnoses: list[Mapping[str, Any]],
                      limit: int = 8, dont_know: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """Unknown findings whose answer could raise the triage level or change the top diagnosis, most important first.

    Rules that did not fire only because some of their findings are unknown (a partial match) are
    grouped by the findings they wait on; a group's effect is what all its rules' conclusions
    together would do to the current answer.  This is an estimate: rules further down a chain
    (a new sign feeding another rule) are not followed.
    """
    groups: dict[tuple[str, ...], list[RuleSpec]] = {}
    judged = env._judged
    for spec in _index().declarative:
        if spec.id in fired:
            continue
        judgement = judged.get(spec.id)
        if judgement is None:
            if env.spec_state(spec) is False:
                continue
            judgement = env.judge(spec)
        if judgement.state is None and judgement.missing:
            groups.setdefault(judgement.missing, []).append(spec)
    standing = _Standing.of(env.run)
    top = diagnoses[0]["condition"] if diagnoses else None
    ranked = []
    for missing, specs in groups.items():
        effects = _effects(specs, standing, triage, top)
        if effects:
            ranked.append({"findings": list(missing), "effects": effects, "rules": sorted(s.id for s in specs)})
    ranked += _chained(env, fired, triage, dont_know)
    ranked = [e for e in ranked if any(alive(REGISTRY.specs[r], env, dont_know) for r in e["rules"])]
    ranked.sort(key=_importance)
    return ranked[:limit]


def alive(spec: RuleSpec, env: CaseEnv, dont_know: frozenset[str] = frozenset()) -> bool:
    """Whether answers could still make the rule fire: none of its conditions (suspicions aside) is known false,
    and none is left undecided only by findings answered "don't know"."""
    key = (spec.id, dont_know)
    known = env._alive.get(key) if env.memo else None
    if known is None:
        open_ = env.judge(spec).open
        known = open_ is not None and not any(all(p in dont_know for p in paths) for paths in open_)
        env._alive[key] = known
    return known


def _chained(env: CaseEnv, fired: set[str], level: str, dont_know: frozenset[str]) -> list[dict[str, Any]]:
    """One step further than the partial matches: a rule that would raise the triage once a condition is suspected
    (a recurrent strain, a stress fracture that cannot bear weight ...) waits on its own unknown findings, then on
    those that could still raise that condition."""

    def waiting_on(spec: RuleSpec) -> list[str]:
        return [p for c in spec.conds if c.check is not None and env.state(c) is None
                for p in env._missing_paths(c) if p not in dont_know]

    def raising(condition: str) -> list[str]:
        return [p for e, cf in REGISTRY.evidence_for(condition)
                if cf > 0 and e.id not in fired and alive(e, env, dont_know) for p in waiting_on(e)]

    out = []
    rank = triage_rank(level)
    for spec in REGISTRY.specs.values():
        if not spec.triage or spec.id in fired or triage_rank(spec.triage) <= rank:
            continue
        needs = [c.path for c in spec.conds if c.op == "suspected" and not env.fact("suspected", c.path)]
        if not needs:
            continue
        if alive(spec, env, dont_know) and (found := sorted({p for x in needs for p in raising(x)})):
            out.append({"findings": list(dict.fromkeys(waiting_on(spec) + found)), "effects": [{"kind": "triage", "to": spec.triage}],
                        "rules": [spec.id]})
    return out


def _importance(entry: Mapping[str, Any]) -> tuple[Any, ...]:
    raise_to = max((triage_rank(e["to"]) for e in entry["effects"] if e["kind"] == "triage"), default=-1)
    changes_top = any(e["kind"] == "top_diagnosis" for e in entry["effects"])
    return (-raise_to, not changes_top, len(entry["findings"]), entry["findings"])


def _effects(specs: Sequence[RuleSpec], standing: _Standing, triage: str, top: str | None) -> list[dict[str, str]]:
    """What a group of rules' conclusions together would do: the triage level it would raise the answer to, and
    the new most likely condition.  Only the conditions the group changes are recomputed (the rest of the answer
    is ``standing``)."""
    beliefs = standing.beliefs
    levels: list[str] = []
    state: dict[str, tuple[float, float]] = {}  # only the conditions this group changes
    points = standing.wells
    for spec in specs:
        if spec.red_flag:
            levels.append(RED_FLAGS[spec.red_flag].level)
        if spec.triage:
            levels.append(spec.triage)
        evidence = spec.evidence
        if spec.wells:
            before, points = points, points + WELLS_ITEMS[spec.wells].points
            if before < WELLS_DVT_LIKELY_AT <= points:
                evidence = evidence + WELLS_DVT_LIKELY.evidence
        for condition, cf in evidence:
            if condition in state:
                mb, md = state[condition]
            else:
                mb, md = beliefs[condition][:2] if condition in beliefs else (0.0, 0.0)
            mb, md, _ = combine(mb, md, cf)
            state[condition] = (mb, md)
    # the conditions the group leaves alone keep their standing level and rank
    levels += [level for condition, level in standing.levels if condition not in state]
    best: tuple[tuple[float, bool, str], str] | None = next(((k, c) for k, c in standing.order if c not in state), None)
    for condition, (mb, md) in state.items():
        value = certainty(mb, md)
        if value >= CONDITIONS[condition].suspect_at > beliefs.get(condition, (0.0, 0.0, 0.0))[2]:
            levels.append(CONDITIONS[condition].triage)
        if value > 0:
            candidate = (_rank_key(condition, value), condition)
            if best is None or candidate < best:
                best = candidate
    effects = []
    if levels:
        level = max(levels, key=triage_rank)
        if triage_rank(level) > triage_rank(triage):
            effects.append({"kind": "triage", "to": level})  # the most urgent level is what the answer would become
    new_top = best[1] if best is not None else None
    if new_top is not None and new_top != top:
        effects.append({"kind": "top_diagnosis", "to": new_top})
    return effects


__all__ = ["CaseEnv", "alive", "rule_report", "what_would_change", "why_not"]
