"""Why not, and what would change: judging rules that did not fire.

Every rule condition carries a plain-Python, three-valued check (see
:class:`calfexpert.rules.base.Cond`).  Against a finished run this says, for
each rule, whether it fired, which of its conditions failed and which were
unknown; and, for rules that only lack unknown findings (a partial match, as
CLIPS shows them), what their conclusion would do to the answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .certainty import certainty, combine
from .engine import RunResult
from .facts import Suspected
from .knowledge import CONDITIONS, RED_FLAGS, WELLS_ITEMS, triage_rank
from .rules import REGISTRY, RuleSpec
from .rules.base import MISSING, Cond


@dataclass
class CaseEnv:
    """The finished case, as the rule checks see it."""

    run: RunResult
    values: dict[str, Any] = field(default_factory=dict)
    signs: set[str] = field(default_factory=set)
    facts: set[tuple[str, str]] = field(default_factory=set)
    _sign_cache: dict[str, bool | None] = field(default_factory=dict)
    _states: dict[int, tuple[Cond, bool | None]] = field(default_factory=dict)
    _missing: dict[int, tuple[Cond, tuple[str, ...]]] = field(default_factory=dict)
    _deriving: int = 0

    def __post_init__(self) -> None:
        lists: dict[str, set[Any]] = {}
        for record in self.run.inputs:
            name, value = record.data["name"], record.data["value"]
            if name in ("pain.location", "pain.quality"):
                lists.setdefault(name, set()).add(value)
            else:
                self.values[name] = value
        self.values.update({k: frozenset(v) for k, v in lists.items()})
        for record in self.run.facts:
            if record.type == "Sign":
                self.signs.add(record.data["name"])
            elif record.type == "Suspected":
                self.facts.add(("suspected", record.data["condition"]))
            elif record.type == "Factor":
                self.facts.add(("factor", record.data["factor"]))
            elif record.type == "Triage":
                self.facts.add(("triage", record.data["level"]))

    def value(self, path: str) -> Any:
        return self.values.get(path, MISSING)

    def fact(self, kind: str, key: str) -> bool:
        return (kind, key) in self.facts

    def sign(self, name: str) -> bool | None:
        if name in self.signs:
            return True
        if name not in self._sign_cache:
            self._sign_cache[name] = False  # guards against cycles
            self._deriving += 1
            try:
                states = [_spec_state(spec, self) for spec in REGISTRY.specs.values() if name in spec.signs]
            finally:
                self._deriving -= 1
            self._sign_cache[name] = None if any(s is None for s in states) else any(bool(s) for s in states)
        return self._sign_cache[name]

    def state(self, cond: Cond) -> bool | None:
        """``cond.check(self)`` (``None`` for a condition not judged here), computed once per case.

        (Not kept while a derived sign is being worked out, when the cycle guard may answer for it.)"""
        known = self._states.get(id(cond))
        if known is not None and known[0] is cond:
            return known[1]
        result = cond.check(self) if cond.check else None
        if not self._deriving:
            self._states[id(cond)] = (cond, result)
        return result

    def missing_paths(self, cond: Cond) -> list[str]:
        """The unknown findings behind a condition judged unknown (through signs too)."""
        known = self._missing.get(id(cond))
        if known is not None and known[0] is cond:
            return list(known[1])
        paths = [p for p in cond.uses if self.value(p) is MISSING]
        for name in cond.signs:
            if self.sign(name) is None:
                for spec in REGISTRY.specs.values():
                    if name in spec.signs:
                        for inner in spec.conds:
                            if inner.check and self.state(inner) is None:
                                paths += self.missing_paths(inner)
        result = sorted(dict.fromkeys(paths))
        if not self._deriving:
            self._missing[id(cond)] = (cond, tuple(result))
        return result


def _spec_state(spec: RuleSpec, env: CaseEnv) -> bool | None:
    results = [env.state(c) for c in spec.conds]
    if any(r is False for r in results):
        return False
    return None if any(r is None for r in results) else True


def _finding_values(cond: Cond, env: CaseEnv) -> list[dict[str, Any]]:
    out = []
    for path in cond.uses:
        value = env.value(path)
        if isinstance(value, frozenset):
            value = sorted(value)
        out.append({"finding": path, "value": None if value is MISSING else value})
    return out


def rule_report(spec: RuleSpec, env: CaseEnv, fired: set[str]) -> dict[str, Any]:
    """A rule's state in this case, condition by condition."""
    conditions = []
    failed, unknown, missing = [], [], []
    for cond in spec.conds:
        result = env.state(cond)
        state = "not judged" if cond.check is None else {True: "met", False: "not met", None: "unknown"}[result]
        if state == "not met":
            failed.append(cond.text)
        elif state == "unknown":
            unknown.append(cond.text)
            missing += env.missing_paths(cond)
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


def why_not(condition: str, env: CaseEnv, fired: set[str]) -> dict[str, Any]:
    """Why a condition is not (or is only weakly) in the differential: the state of every rule that raises it."""
    rules = []
    for spec, cf in REGISTRY.evidence_for(condition):
        if cf > 0:
            report = rule_report(spec, env, fired)
            rules.append({**{k: report[k] for k in ("rule", "title", "status", "failed", "unknown", "unknown_findings")},
                          "cf": cf})
    rules.sort(key=lambda r: (r["status"] != "fired", r["status"] != "waiting on unknown findings", -r["cf"], r["rule"]))
    missing = sorted({p for r in rules if r["status"] != "blocked" for p in r["unknown_findings"]})
    return {"condition": condition, "name": CONDITIONS[condition].name, "rules": rules, "missing_findings": missing}


def _beliefs(run: RunResult) -> dict[str, tuple[float, float, float]]:
    return {r.data["condition"]: (r.data["mb"], r.data["md"], r.data["cf"]) for r in run.of_type("Belief")}


def what_would_change(env: CaseEnv, fired: set[str], triage: str, diagnoses: list[Mapping[str, Any]],
                      limit: int = 8, dont_know: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """Unknown findings whose answer could raise the triage level or change the top diagnosis, most important first.

    Rules that did not fire only because some of their findings are unknown (a partial match) are
    grouped by the findings they wait on; a group's effect is what all its rules' conclusions
    together would do to the current answer.  This is an estimate: rules further down a chain
    (a new sign feeding another rule) are not followed.
    """
    groups: dict[tuple[str, ...], list[RuleSpec]] = {}
    for spec in REGISTRY.specs.values():
        if spec.id in fired or spec.custom or not spec.conds or _spec_state(spec, env) is not None:
            continue
        missing = tuple(sorted({p for c in spec.conds if c.check and env.state(c) is None for p in env.missing_paths(c)}))
        if missing:
            groups.setdefault(missing, []).append(spec)
    beliefs = _beliefs(env.run)
    base = {c: certainty(mb, md) for c, (mb, md, _) in beliefs.items()}
    wells = next((r.data["points"] for r in env.run.of_type("WellsScore")), 0)
    ranked = []
    for missing, specs in groups.items():
        effects = _group_effects(specs, beliefs, triage, diagnoses, wells, base)
        if effects:
            ranked.append({"findings": list(missing), "effects": effects, "rules": sorted(s.id for s in specs)})
    ranked += _chained(env, fired, triage, dont_know)
    ranked = [e for e in ranked if any(alive(REGISTRY.specs[r], env, dont_know) for r in e["rules"])]
    ranked.sort(key=_importance)
    return ranked[:limit]


def _open_missing(cond: Cond, env: CaseEnv, dont_know: frozenset[str]) -> list[str]:
    return [p for p in env.missing_paths(cond) if p not in dont_know]


def alive(spec: RuleSpec, env: CaseEnv, dont_know: frozenset[str] = frozenset()) -> bool:
    """Whether answers could still make the rule fire: none of its conditions (suspicions aside) is known false,
    and none is left undecided only by findings answered "don't know"."""
    for cond in spec.conds:
        if cond.check is not None and not isinstance(cond.pattern, Suspected):
            state = env.state(cond)
            if state is False or (state is None and not _open_missing(cond, env, dont_know)):
                return False
    return True


def _chained(env: CaseEnv, fired: set[str], level: str, dont_know: frozenset[str]) -> list[dict[str, Any]]:
    """One step further than the partial matches: a rule that would raise the triage once a condition is suspected
    (a recurrent strain, a stress fracture that cannot bear weight ...) waits on its own unknown findings, then on
    those that could still raise that condition."""

    def waiting_on(spec: RuleSpec) -> list[str]:
        return [p for c in spec.conds if c.check is not None and env.state(c) is None for p in _open_missing(c, env, dont_know)]

    def raising(condition: str) -> list[str]:
        return [p for e, cf in REGISTRY.evidence_for(condition)
                if cf > 0 and e.id not in fired and alive(e, env, dont_know) for p in waiting_on(e)]

    out = []
    for spec in REGISTRY.specs.values():
        needs = [c.pattern["condition"] for c in spec.conds
                 if isinstance(c.pattern, Suspected) and not env.fact("suspected", c.pattern["condition"])]
        if not needs or spec.id in fired or not spec.triage or triage_rank(spec.triage) <= triage_rank(level):
            continue
        if alive(spec, env, dont_know) and (found := sorted({p for x in needs for p in raising(x)})):
            out.append({"findings": list(dict.fromkeys(waiting_on(spec) + found)), "effects": [{"kind": "triage", "to": spec.triage}],
                        "rules": [spec.id]})
    return out


def _importance(entry: Mapping[str, Any]) -> tuple[Any, ...]:
    raise_to = max((triage_rank(e["to"]) for e in entry["effects"] if e["kind"] == "triage"), default=-1)
    changes_top = any(e["kind"] == "top_diagnosis" for e in entry["effects"])
    return (-raise_to, not changes_top, len(entry["findings"]), entry["findings"])


def _group_effects(specs: list[RuleSpec], beliefs: Mapping[str, tuple[float, float, float]], triage: str,
                   diagnoses: list[Mapping[str, Any]], wells: int,
                   base: Mapping[str, float] | None = None) -> list[dict[str, str]]:
    """``base``: the certainty of every condition in ``beliefs`` as it stands (computed once per case)."""
    levels: list[str] = []
    if base is None:
        base = {c: certainty(mb, md) for c, (mb, md, _) in beliefs.items()}
    state: dict[str, tuple[float, float]] = {}  # only the conditions this group changes
    points = wells
    for spec in specs:
        if spec.red_flag:
            levels.append(RED_FLAGS[spec.red_flag].level)
        if spec.triage:
            levels.append(spec.triage)
        evidence = list(spec.evidence)
        if spec.wells:
            before, points = points, points + WELLS_ITEMS[spec.wells].points
            if before < 2 <= points:
                evidence += REGISTRY.specs["scores.wells_dvt_likely"].evidence
        for condition, cf in evidence:
            if condition in state:
                mb, md = state[condition]
            else:
                mb, md = beliefs[condition][:2] if condition in beliefs else (0.0, 0.0)
            mb, md, _ = combine(mb, md, cf)
            state[condition] = (mb, md)
    after = dict(base)
    after.update({c: certainty(mb, md) for c, (mb, md) in state.items()})
    for condition, value in after.items():
        was = beliefs.get(condition, (0.0, 0.0, 0.0))[2]
        if value >= CONDITIONS[condition].suspect_at > was:
            levels.append(CONDITIONS[condition].triage)
    effects = []
    for level in sorted(set(levels), key=triage_rank, reverse=True):
        if triage_rank(level) > triage_rank(triage):
            effects.append({"kind": "triage", "to": level})
            break  # the most urgent level is what the answer would become
    top = diagnoses[0]["condition"] if diagnoses else None
    ranking = sorted(((v, not CONDITIONS[c].dangerous, c) for c, v in after.items() if v > 0), key=lambda t: (-t[0], t[1], t[2]))
    new_top = ranking[0][2] if ranking else None
    if new_top is not None and new_top != top:
        effects.append({"kind": "top_diagnosis", "to": new_top})
    return effects


__all__ = ["CaseEnv", "alive", "rule_report", "what_would_change", "why_not"]
