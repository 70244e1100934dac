"""From a run (final facts and trace) to the explanation document.

This module reads what the engine left behind and does not run the engine again; why-not and
what-would-change (:mod:`calfexpert.whynot`) re-evaluate the rules' plain-Python, three-valued
checks against the finished case when they are asked for.
Every conclusion in the document points back to the firings that produced it,
and every firing to the findings it rests on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, Protocol

from ._experta import EXPERTA_VERSION, InitialFact
from ._json import written_alike
from ._version import __version__
from .engine import FactRecord, Firing, RunResult
from .facts import CalfFact, record_type
from .knowledge import (
    ACTION_ADVICE,
    ACTIONS,
    ADVICE,
    ADVICE_KINDS,
    CONDITIONS,
    DISCLAIMER,
    FACTORS,
    LIKELIHOOD_WORDS,
    RED_FLAGS,
    SITUATIONS,
    SOURCES,
    TRIAGE_LEVELS,
    UNSAFE,
    WELLS_DVT_LIKELY_AT,
    WELLS_FINDINGS,
    WELLS_ITEMS,
    WELLS_MODEL,
    WELLS_NOT_SCORED_RISKS,
    WELLS_READINGS,
    WELLS_THREE_LEVEL,
    WELLS_THREE_LEVEL_NOTE,
    WELLS_UNLIKELY_PARTIAL_NOTE,
    Unsafe,
    reasons_for,
    triage_rank,
    wells_band,
)
from .knowledge.information import (
    INSUFFICIENT_REASON,
    KEY_QUESTIONS,
    MIN_KEY_QUESTIONS_KNOWN,
    KeyQuestion,
    wells_unknown_items,
)
from .rules import REGISTRY, Layer
from .schemas import case_fields
from .whynot import WORDS, CaseEnv, what_would_change, why_not

EXPLANATION_SCHEMA_VERSION = "1"


def likelihood_words(certainty: float) -> str:
    """Plain words for a certainty in [0, 1] (:data:`~calfexpert.knowledge.LIKELIHOOD_WORDS`)."""
    return next(words for at_least, words in LIKELIHOOD_WORDS if certainty >= at_least)


def source_refs(ids: Iterable[str]) -> list[dict[str, Any]]:
    if type(ids) is tuple and len(ids) == 1:  # (most cite one source: no dict of the ids to drop repeats)
        sid = ids[0]
        src = SOURCES[sid]
        return [{"id": sid, "title": src.title, "urls": list(src.urls)}]
    out = []
    for sid in dict.fromkeys(ids):
        src = SOURCES[sid]
        out.append({"id": sid, "title": src.title, "urls": list(src.urls)})
    return out


class _Facts(Protocol):
    def of_type(self, name: str) -> Sequence[FactRecord]: ...


_NONE: tuple[FactRecord, ...] = ()

_Support = tuple[tuple[str, str, Any], ...]
"""Findings as (name, value as JSON, value): the JSON text tells values apart and orders them, worked out once."""


@dataclass
class _Derivation:
    """Which firing produced each fact, and which findings each fact rests on; the facts left, by type."""

    run: RunResult
    producer: dict[int, Firing] = field(default_factory=dict)
    inputs: dict[int, FactRecord] = field(default_factory=dict)
    kinds: dict[str, list[FactRecord]] = field(default_factory=dict)
    """The facts left in working memory by type (``run.of_type`` without a pass over every fact per type)."""
    _support: dict[int, _Support] = field(default_factory=dict)
    _collected: dict[int, _Support] = field(default_factory=dict)
    """The findings behind each firing (by number): a firing that asserts several facts is asked once per fact."""

    def __post_init__(self) -> None:
        producer = self.producer
        for firing in self.run.trace:
            for record in firing.asserted:
                producer.setdefault(record.id, firing)
        for record in self.run.inputs:
            self.inputs[record.id] = record
        kinds = self.kinds
        for record in self.run.facts:
            kind = kinds.get(record.type)
            if kind is None:
                kinds[record.type] = [record]
            else:
                kind.append(record)

    def of_type(self, name: str) -> Sequence[FactRecord]:
        """The facts of that type left in working memory, in their order (as ``run.of_type``; not to be changed)."""
        return self.kinds.get(name, _NONE)

    def findings_of_firing(self, firing: Firing) -> list[dict[str, Any]]:
        """The case findings a firing rests on, directly or through the facts it matched."""
        findings = []
        for name, _, value in self._collect(firing):  # (a loop: a comprehension is a frame more in Python 3.11)
            findings.append({"finding": name, "value": value})
        return findings

    def _collect(self, firing: Firing) -> _Support:
        known = self._collected.get(firing.number)
        if known is not None:
            return known
        collected: dict[tuple[str, str], tuple[str, str, Any]] = {}
        for records in (firing.matched, firing.read):
            for record in records:
                for finding in self.support(record.id):
                    collected.setdefault(finding[:2], finding)
        result = self._collected[firing.number] = tuple(map(collected.__getitem__, sorted(collected)))
        return result

    def support(self, fid: int) -> _Support:
        if fid in self._support:
            return self._support[fid]
        self._support[fid] = ()  # guards against cycles
        if fid in self.inputs:
            value = self.inputs[fid].data["value"]
            result: _Support = ((self.inputs[fid].data["name"], _json_text(value), value),)
        else:
            firing = self.producer.get(fid)
            result = self._collect(firing) if firing is not None else ()
        self._support[fid] = result
        return result

    def firing_of(self, record: FactRecord) -> Firing | None:
        return self.producer.get(record.id)


_ascii_json_string = json.encoder.encode_basestring_ascii  # (what json.dumps writes a string with)


def _json_text(value: Any) -> str:
    """``json.dumps(value)``, without its encoder's set-up for the plain values findings mostly hold."""
    kind = type(value)
    if kind is str:
        return _ascii_json_string(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    return json.dumps(value)


def _rule_and_firing(d: _Derivation, record: FactRecord) -> tuple[str, int]:
    """The rule behind a concluded fact and its firing's number (0: none), as :func:`_rule_ref` gives them."""
    firing = d.firing_of(record)
    return record.data.get("by") or (firing.rule if firing else ""), firing.number if firing else 0


def _rule_ref(d: _Derivation, record: FactRecord) -> dict[str, Any]:
    """The rule behind a concluded fact: id, title, firing number and findings."""
    firing = d.producer.get(record.id)
    rule_id = record.data.get("by") or (firing.rule if firing else "")
    spec = REGISTRY.specs.get(rule_id)
    return {
        "rule": rule_id,
        "title": spec.title if spec else rule_id,
        "firing": firing.number if firing else 0,
        "findings": d.findings_of_firing(firing) if firing else [],
    }


def _evidence_ref(d: _Derivation, record: FactRecord) -> dict[str, Any]:
    """:func:`_rule_ref` of an evidence fact, with its certainty factor."""
    ref = _rule_ref(d, record)
    ref["cf"] = record.data["cf"]
    return ref


def _diagnoses(d: _Derivation, run: RunResult, known: set[str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    evidence_by_condition: dict[str, list[FactRecord]] = {}
    for record in d.of_type("Evidence"):
        evidence_by_condition.setdefault(record.data["condition"], []).append(record)
    suspected = {r.data["condition"] for r in d.of_type("Suspected")}
    diagnoses: list[dict[str, Any]] = []
    lowered: list[dict[str, Any]] = []
    for belief in d.of_type("Belief"):
        cid = belief.data["condition"]
        condition = CONDITIONS[cid]
        firing = d.firing_of(belief)
        numbers = {firing.number} if firing else set()
        for_: list[dict[str, Any]] = []
        against: list[dict[str, Any]] = []
        for record in sorted(evidence_by_condition.get(cid, _NONE), key=lambda r: (-abs(r.data["cf"]), r.data["by"])):
            cf = record.data["cf"]  # (one pass: evidence for, against, and their firings)
            if cf > 0:
                for_.append(ref := _evidence_ref(d, record))
            elif cf < 0:
                against.append(ref := _evidence_ref(d, record))
            else:
                continue
            numbers.add(ref["firing"])
        firings = sorted(numbers)
        if not belief.data["cf"] > 0:  # lowered: only these parts are shown
            lowered.append({"condition": cid, "name": condition.name, "evidence_against": against,
                            "evidence_for": for_, "firings": firings, "certainty": belief.data["cf"]})
            continue
        uses = REGISTRY.condition_reads(cid)
        diagnoses.append({
            "condition": cid,
            "name": condition.name,
            "certainty": max(0.0, belief.data["cf"]),
            "likelihood": likelihood_words(max(0.0, belief.data["cf"])),
            "suspected": cid in suspected,
            "dangerous": condition.dangerous,
            "triage": condition.triage,
            "summary": condition.summary,
            "evidence_for": for_,
            "evidence_against": against,
            "unknown": [u for u in uses if u not in known],
            "firings": firings,
            "sources": source_refs(condition.sources),
        })
    diagnoses.sort(key=lambda e: (-e["certainty"], not e["dangerous"], e["condition"]))
    lowered.sort(key=lambda e: (e["certainty"], e["condition"]))
    return diagnoses, lowered


_TRIAGE_REASON_KINDS = ("red_flag", "condition", "rule", "default")
_DEFAULT_TRIAGE_TEXT = "No red flag and no condition needing a doctor was found: self-care, with the safety-net below."


def _demand_text(cid: str, level: str) -> str:
    """Why a suspected condition demands a triage level, in words."""
    need = "it can be managed with self-care" if level == "self_care" else f"it needs at least: {level.replace('_', ' ')}"
    return f"{CONDITIONS[cid].name} is suspected; {need}."


def _triage(d: _Derivation, run: RunResult) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    (decision,) = d.of_type("Triage")
    level = decision.data["level"]
    info = next(t for t in TRIAGE_LEVELS if t.id == level)
    demands = sorted(d.of_type("TriageDemand"), key=lambda r: (-triage_rank(r.data["level"]), r.id))
    flags = {r.data["by"]: r for r in d.of_type("RedFlag")}
    reasons, others = [], []
    for record in demands:
        ref = _rule_ref(d, record)
        if record.data["by"] in flags:
            flag = flags[record.data["by"]].data["flag"]
            ref["kind"], ref["about"], ref["text"] = "red_flag", flag, RED_FLAGS[flag].text
        elif record.data.get("about"):
            cid = record.data["about"]
            ref["kind"], ref["about"], ref["text"] = "condition", cid, _demand_text(cid, record.data["level"])
        elif _says_too_little_known(record):
            ref["kind"], ref["about"], ref["text"] = "rule", "", INSUFFICIENT_REASON
        else:
            ref["kind"], ref["about"], ref["text"] = "rule", "", ref["title"]
        ref["level"] = record.data["level"]
        (reasons if record.data["level"] == level else others).append(ref)
    if not reasons:
        firing = d.firing_of(decision)
        # the rule that decided the level (in an untraced run: the one rule of the triage layer)
        decider = firing.rule if firing else next(s.id for s in REGISTRY.specs.values() if s.layer is Layer.TRIAGE)
        reasons.append({"rule": decider, "title": REGISTRY.specs[decider].title,
                        "firing": firing.number if firing else 0, "findings": [], "kind": "default", "about": "",
                        "level": level, "text": _DEFAULT_TRIAGE_TEXT})
    red_flags = []
    for record in sorted(d.of_type("RedFlag"), key=lambda r: (-triage_rank(RED_FLAGS[r.data["flag"]].level), r.data["flag"])):
        flag = RED_FLAGS[record.data["flag"]]
        red_flags.append({"flag": flag.id, "text": flag.text, "level": flag.level, **_rule_ref(d, record),
                          "sources": source_refs(flag.sources)})
    triage = {"level": level, "label": info.label, "action": info.action, "reasons": reasons, "lower_demands": others}
    return triage, red_flags


def _factors(d: _Derivation, run: RunResult) -> list[dict[str, Any]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for record in d.of_type("Factor"):
        grouped.setdefault(record.data["factor"], []).append(_rule_ref(d, record))
    out = []
    for fid in FACTORS:
        if fid in grouped:
            factor = FACTORS[fid]
            out.append({"factor": fid, "name": factor.name, "summary": factor.summary,
                        "evidence": sorted(grouped[fid], key=lambda e: e["firing"]),
                        "sources": source_refs(factor.sources)})
    return out


def _about_words(about: str) -> str:
    if about in CONDITIONS:
        return CONDITIONS[about].name
    if about in FACTORS:
        return FACTORS[about].name
    if about in SITUATIONS:
        return SITUATIONS[about]
    if about in RED_FLAGS:
        return f"danger sign: {RED_FLAGS[about].text.split(':')[0].rstrip('.')}"
    if any(t.id == about for t in TRIAGE_LEVELS):
        return f"triage: {about.replace('_', ' ')}"
    return about.replace("_", " ")


def _recommendations(d: _Derivation, run: RunResult, withheld_ids: set[str], level: str) -> list[dict[str, Any]]:
    withheld_actions = {r.data["action"] for r in d.of_type("Withhold")}
    grouped: dict[str, list[FactRecord]] = {}
    for record in d.of_type("Advice"):
        aid = record.data["advice"]
        if aid in withheld_ids or ADVICE[aid].involves & withheld_actions:  # never both given and withheld
            continue
        grouped.setdefault(aid, []).append(record)
    order = list(ADVICE)  # (an item's place found in C: cheaper than a table of all for the few items given)
    now_first = level in ("emergency", "urgent")  # what to do now leads: the referral and first aid

    def key(aid: str) -> tuple[int, int, int, int]:
        advice = ADVICE[aid]
        return (advice.kind == "safety-net", now_first and not advice.now, ADVICE_KINDS.index(advice.kind),
                order.index(aid))

    out = []
    producer = d.producer
    for aid in sorted(grouped, key=key):
        advice = ADVICE[aid]
        abouts: set[str] = set()
        rules: set[str] = set()
        firings: set[int] = set()
        for record in grouped[aid]:  # (one pass; mostly one record)
            data = record.data
            if data.get("about"):
                abouts.add(data["about"])
            rules.add(data["by"])
            firing = producer.get(record.id)
            if firing is not None:
                firings.add(firing.number)
        out.append({
            "id": aid, "name": advice.name, "kind": advice.kind, "text": advice.text,
            "for": sorted(abouts),
            "for_words": sorted(set(map(_about_words, abouts))),
            "rules": sorted(rules),
            "firings": sorted(firings),
            "sources": source_refs(advice.sources),
            "actions": list(advice.actions),
            "now": advice.now,
        })
    return out


def _withheld_ids(run: _Facts) -> list[str]:
    """The advice withheld in a run, in the advice table's order: every item proposed and held back, and the item
    standing for each action a condition, danger sign or situation withholds, where it involves a withheld action."""
    withholds = run.of_type("Withhold")
    actions = {r.data["action"] for r in withholds}
    levels = {t.id for t in TRIAGE_LEVELS}
    items = {r.data["advice"] for r in run.of_type("Held")}
    items |= {ACTION_ADVICE[r.data["action"]] for r in withholds
              if r.data["table"] not in levels and r.data["action"] in ACTION_ADVICE}
    return [aid for aid in ADVICE if aid in items and ADVICE[aid].involves & actions]


def _says_too_little_known(demand: FactRecord) -> bool:
    """Whether a triage demand is the "too little is known" answer (its rule is marked so in the registry)."""
    spec = REGISTRY.specs.get(demand.data["by"])
    return spec is not None and spec.insufficient_information


def _information_sufficient(run: _Facts) -> bool:
    return not any(_says_too_little_known(r) for r in run.of_type("TriageDemand"))


def _withheld(d: _Derivation, run: RunResult) -> list[dict[str, Any]]:
    """Every piece of advice that involves a withheld action and was proposed, plus the advice standing for each
    action a condition, danger sign or situation withholds; each with every reason that applies."""
    withholds = [(r, r.data["action"], r.data["table"], r.data["because"])
                 for r in sorted(d.of_type("Withhold"), key=lambda r: (r.data["because"], r.id))]
    if not withholds:  # (then nothing is withheld)
        return []
    first_reasons: dict[tuple[str, str], Unsafe] = {}  # by (table, action): asked once per document
    words: dict[str, str] = {}  # what withholds, in words, by its id: worked out once per document
    out = []
    for aid in _withheld_ids(d):
        advice = ADVICE[aid]
        involves = advice.involves
        grouped: dict[tuple[str, str], dict[str, Any]] = {}
        withheld_actions: set[str] = set()
        for record, action, table, because in withholds:
            if action not in involves:
                continue
            withheld_actions.add(action)
            unsafe = first_reasons.get((table, action))
            if unsafe is None:
                unsafe = first_reasons[(table, action)] = reasons_for(table, action)[0]
            entry = grouped.get((because, unsafe.reason))
            if entry is None:
                rule_id, number = _rule_and_firing(d, record)
                because_words = words.get(because)
                if because_words is None:
                    because_words = words[because] = _about_words(because)
                entry = grouped[(because, unsafe.reason)] = {
                    "because": because, "because_words": because_words, "reason": unsafe.reason,
                    "rule": rule_id, "firing": number, "sources": source_refs(unsafe.sources), "actions": []}
            if action not in entry["actions"]:
                entry["actions"].append(action)
        if not grouped:
            continue
        out.append({"advice": aid, "name": advice.name, "kind": advice.kind, "text": advice.text,
                    "actions": sorted(withheld_actions, key=list(ACTIONS).index), "reasons": list(grouped.values())})
    return out


def _wells_band_note(partial: bool) -> str:
    """What the three-level band of a Wells score is, and with unknown items that it is only a lower bound."""
    return WELLS_THREE_LEVEL_NOTE + (" With unknown items the band is only a lower bound." if partial else "")


def _wells(d: _Derivation, run: RunResult, known: set[str]) -> dict[str, Any] | None:
    scores = d.of_type("WellsScore")
    if not scores:
        return None
    (score,) = scores
    points = score.data["points"]
    counted = set(score.data["counted"])
    item_records = {r.data["item"]: r for r in d.of_type("WellsItem")}
    items = []
    for wid, item in WELLS_ITEMS.items():
        entry: dict[str, Any] = {"item": wid, "text": item.text, "points": item.points, "scored": wid in counted}
        if wid in item_records:
            entry |= {"rule": item_records[wid].data["by"], "findings": _rule_ref(d, item_records[wid])["findings"]}
        items.append(entry)
    alternatives = [
        {"condition": r.data["condition"], "name": CONDITIONS[r.data["condition"]].name, **_rule_ref(d, r)}
        for r in sorted(d.of_type("Alternative"), key=lambda r: r.data["condition"])
    ]
    band = wells_band(points)
    known_values = {r.data["name"]: r.data["value"] for r in run.inputs}
    unknown_items = wells_unknown_items(known_values, counted)
    reachable = points + sum(WELLS_ITEMS[i].points for i in unknown_items)
    partial = bool(unknown_items)
    for entry in items:
        entry["unknown"] = entry["item"] in unknown_items
    reading = "likely" if points >= WELLS_DVT_LIKELY_AT else "partial" if reachable >= WELLS_DVT_LIKELY_AT else "unlikely"
    words = {"points": points, "unknown": len(unknown_items), "reachable": reachable, "likely_at": WELLS_DVT_LIKELY_AT}
    meaning = WELLS_READINGS[reading].meaning.format(**words)
    if reading == "unlikely" and partial:
        meaning += WELLS_UNLIKELY_PARTIAL_NOTE.format(**words)
    return {
        "model": WELLS_MODEL,
        "points": points,
        "interpretation": WELLS_READINGS[reading].interpretation,
        "meaning": meaning,
        "partial": partial,
        "items_unknown": unknown_items,
        "range": {"min": points, "max": reachable},
        "three_level": {"band": band.id, "prevalence_in_1997_cohort": band.prevalence,
                        "note": _wells_band_note(partial)},
        "items": items,
        "scored": sorted(counted),
        "alternative": alternatives,
        "unknown_items": sorted(f for f in WELLS_FINDINGS if f not in known),
        "not_scored_risks": WELLS_NOT_SCORED_RISKS,
        "sources": source_refs(["brief.1.1"]),
    }


def _information_text(answered: int, too_little: bool) -> str:
    """How many key questions are answered, in words; with too little known, what to do."""
    if too_little:
        return (f"Too little information: only {answered} of the {len(KEY_QUESTIONS)} key questions are answered, "
                "and nothing found so far says home care is safe. See a doctor, or answer the questions below first.")
    return f"{answered} of the {len(KEY_QUESTIONS)} key questions are answered."


def _information(run: _Facts, known: set[str]) -> dict[str, Any]:
    """How much of what matters most is known; with too little known and nothing found, the answer says so."""
    fired = not _information_sufficient(run)
    answered: list[KeyQuestion] = []
    open_questions: list[KeyQuestion] = []  # the others (one pass: no dataclass comparisons)
    for q in KEY_QUESTIONS:
        (open_questions if known.isdisjoint(q.findings) else answered).append(q)
    return {
        "sufficient": not fired,
        "key_questions_answered": len(answered),
        "key_questions": len(KEY_QUESTIONS),
        "needed": MIN_KEY_QUESTIONS_KNOWN,
        "text": _information_text(len(answered), fired),
        "questions": [{"id": q.id, "question": q.question, "why": q.why, "findings": list(q.findings)} for q in open_questions],
    }


def _trace(d: _Derivation, run: RunResult) -> list[dict[str, Any]]:
    out = []
    specs = REGISTRY.specs
    producer = d.producer
    names = _FACT_NAMES
    # plain loops: in Python 3.11 each comprehension (or call) per list is a frame of its own, and a firing's lists
    # hold one or two facts, or none
    for firing in run.trace:
        spec = specs[firing.rule]
        matched, read = firing.matched, firing.read
        sources = set()
        for record in (matched + read if read else matched):
            source = producer.get(record.id)
            if source is not None:
                sources.add(source.number)
        shown = []  # the facts matched, read, asserted and retracted, as the trace shows them
        for records in (matched, read, firing.asserted, firing.retracted):
            facts = []
            for record in records:
                facts.append({"fact": names[record.id], "type": record.type, "data": record.data})
            shown.append(facts)
        out.append({
            "firing": firing.number,
            "rule": firing.rule,
            "title": spec.title,
            "module": spec.module,
            "salience": firing.salience,
            "sources": list(spec.sources),
            "from_firings": sorted(sources),
            "matched": shown[0],
            "bindings": dict(firing.bindings),
            "read": shown[1],
            "asserted": shown[2],
            "retracted": shown[3],
        })
    return out


class _FactNames(dict[int, str]):
    """A fact's name in an explanation (``f-`` and its id), by its id, each written once."""

    def __missing__(self, fid: int) -> str:
        name = self[fid] = f"f-{fid}"
        return name


_FACT_NAMES = _FactNames()


def build_core(case: Mapping[str, Any], run: RunResult) -> dict[str, Any]:
    """The explanation document without the parts that re-evaluate every rule: ``why_not`` and
    ``what_would_change`` are empty and the diagnoses have no ``rules_not_fired`` yet
    (:func:`complete` adds them)."""
    d = _Derivation(run)
    known = {r.data["name"] for r in run.inputs}
    withheld = _withheld(d, run)
    withheld_ids = {w["advice"] for w in withheld}
    diagnoses, lowered = _diagnoses(d, run, known)
    triage, red_flags = _triage(d, run)
    doc: dict[str, Any] = {
        "schema_version": EXPLANATION_SCHEMA_VERSION,
        "generator": {"name": "calfexpert", "version": __version__, "experta": EXPERTA_VERSION},
        "disclaimer": DISCLAIMER,
    }
    if "case_id" in case:
        doc["case_id"] = case["case_id"]
    if "notes" in case:
        doc["notes"] = case["notes"]
    doc |= {
        "triage": triage,
        "red_flags": red_flags,
        "diagnoses": diagnoses,
        "lowered": lowered,
        "contributing_factors": _factors(d, run),
        "recommendations": _recommendations(d, run, withheld_ids, triage["level"]),
        "withheld": withheld,
        "information": _information(d, known),
        "scores": {},
        "why_not": [],
        "what_would_change": [],
        "findings": [{"finding": r.data["name"], "value": r.data["value"], "fact": _FACT_NAMES[r.id]} for r in run.inputs],
        "trace": _trace(d, run),
    }
    wells = _wells(d, run, known)
    if wells is not None:
        doc["scores"]["wells_dvt"] = wells
    return doc


def complete(core: Mapping[str, Any], run: RunResult) -> dict[str, Any]:
    """The full document: ``core`` (left unchanged) plus why-not and what-would-change."""
    doc = dict(core)
    fired = {f.rule for f in run.trace}
    env = CaseEnv(run, fired)
    diagnoses = [dict(entry) for entry in core["diagnoses"]]
    in_differential = {x["condition"] for x in diagnoses}
    doc["why_not"] = [why_not(cid, env, fired) for cid in CONDITIONS if cid not in in_differential]
    for entry in diagnoses:
        report = why_not(entry["condition"], env, fired)
        entry["rules_not_fired"] = [r for r in report["rules"] if r["status"] != "fired"]
    doc["diagnoses"] = diagnoses
    doc["what_would_change"] = what_would_change(env, fired, core["triage"]["level"], diagnoses)
    return doc


# The JSON text of an explanation is orjson's where orjson writes what the stdlib would (:mod:`calfexpert._json`
# walks the document to prove it).  Most of the document is written from the knowledge base alone: that part is
# proven once per registry, and only the parts that can hold what the case says are walked.

_KNOWN_PARTS = frozenset({"schema_version", "generator", "disclaimer", "why_not", "what_would_change", "withheld",
                          "recommendations", "information", "diagnoses", "lowered", "triage", "red_flags",
                          "contributing_factors", "trace", "findings", "scores"})
"""The top-level parts written from the knowledge base alone, or from it and the case's findings (whose values are
walked where the ``findings`` part shows them): all but the case's id and notes, and in part the diagnoses, lowered
conditions, scores, trace and findings."""
_WELLS_CASE_PARTS = itemgetter("points", "meaning", "range")
"""What the Wells score shows besides knowledge values and findings: its total, what it means (with its counts) and
the range it could reach.  The rest is the Wells tables' (model, items, their points and texts, interpretations, bands,
notes, the risks it does not score, sources), whether each item is scored or unknown, and the evidence of its items
and of an alternative diagnosis (rules, certainty factors, findings)."""
_VALUE = itemgetter("value")
"""All that a finding shows besides its name (a case field's) and its fact's id: its value."""
_CERTAINTY = itemgetter("certainty")
"""All that a diagnosis or a lowered condition shows besides the knowledge base's and the findings': its certainty
(computed). The rest is the condition's (id, name, summary, triage level, whether dangerous, sources), words for the
certainty, whether suspected, firing numbers, unknown findings, the rules that did not fire, and the evidence: each
rule's id, title, certainty factor and firing number, with the findings (names and values) it rests on."""
_TRACE_FACT_LISTS = ("matched", "read", "asserted", "retracted")
"""The facts a trace firing shows (from the case, or concluded from it), each as its id (``f-`` and a counter), type
(a fact class's) and data; besides them a firing shows its bindings, and the rest is the rule's (id, title, module,
salience, sources) and firing numbers."""
_KNOWLEDGE_FACTS = frozenset({"Evidence", "Suspected", "TriageDemand", "Triage", "RedFlag", "Factor", "Advice", "Held",
                               "Withhold", "Alternative", "Sign", "Finding"})
"""The fact classes whose data the rules write from the knowledge base alone (condition, factor, red flag, sign,
advice, action and rule ids, triage levels, what a withholding is about and its table, the rules' certainty factors),
and the findings (their names and values, which the ``findings`` part shows): the trace shows their data unwalked.
A belief (its certainties are computed) and the Wells facts (points) are walked."""


def knowledge_values() -> list[Any]:
    """Every value the knowledge base alone writes into an explanation: the why-not, what-would-change and withheld
    lists, each diagnosis's ``rules_not_fired``, sources and unknown findings, the rule side of each trace firing
    (condition ids, names, summaries, triage levels and whether dangerous; rule ids, titles, modules, saliences,
    sources, condition texts, findings, certainty factors, signs and triage levels; the red flags' ids, texts and
    levels; the factors' ids, names and summaries; words for a certainty; rule statuses and effect kinds; the fact
    classes' names), the recommendations (advice ids, names, kinds, texts, actions and whether it is for now; what
    the advice is for, in words, and the rules that proposed it; the sources' ids, titles and addresses), what withholds
    advice, in words, and why (the unsafe-advice table's reasons), the key questions (their ids, texts and findings;
    how many are answered, in words and figures), the triage levels and reasons, the case fields (the findings' names),
    the schema version, generator and disclaimer, and the Wells tables (model, items, interpretations, bands, notes).
    Firing numbers are counters and fact ids are ``f-`` and a counter."""
    values: list[Any] = [*WORDS, ""]  # (the rule of a withholding without one)
    for aid, advice in ADVICE.items():
        values += (aid, advice.name, advice.kind, advice.text, *advice.actions, advice.now)
    values += ACTIONS
    for sid, source in SOURCES.items():
        values += (sid, source.title, *source.urls)
    values += (unsafe.reason for unsafes in UNSAFE.values() for unsafe in unsafes)
    for question in KEY_QUESTIONS:
        values += (question.id, question.question, question.why, *question.findings)
    for answered in range(len(KEY_QUESTIONS) + 1):  # (the counts of key questions, and their words)
        values += (answered, _information_text(answered, True), _information_text(answered, False))
    values += (MIN_KEY_QUESTIONS_KNOWN, EXPLANATION_SCHEMA_VERSION, "calfexpert", __version__, EXPERTA_VERSION, DISCLAIMER)
    values += (WELLS_MODEL, WELLS_NOT_SCORED_RISKS, _wells_band_note(False), _wells_band_note(True))
    values += (reading.interpretation for reading in WELLS_READINGS.values())
    for wid, item in WELLS_ITEMS.items():
        values += (wid, item.text, item.points)
    for band in WELLS_THREE_LEVEL:
        values += (band.id, band.prevalence)
    values += case_fields()  # (the findings' names)
    for level in TRIAGE_LEVELS:
        values += (level.id, level.label, level.action)
    values += (*_TRIAGE_REASON_KINDS, _DEFAULT_TRIAGE_TEXT, INSUFFICIENT_REASON)
    for cid, condition in CONDITIONS.items():
        values += (cid, condition.name, condition.summary, condition.triage, condition.dangerous)
        values += (_demand_text(cid, level.id) for level in TRIAGE_LEVELS)
    values += (words for _, words in LIKELIHOOD_WORDS)
    values += (False, True)  # (whether suspected)
    for fid, factor in FACTORS.items():
        values += (fid, factor.name, factor.summary)
    for flag in RED_FLAGS.values():
        values += (flag.id, flag.text, flag.level)
    for about in (*CONDITIONS, *FACTORS, *SITUATIONS, *RED_FLAGS, *(t.id for t in TRIAGE_LEVELS)):
        values += (about, _about_words(about))
    kinds = [CalfFact, InitialFact]
    for kind in kinds:  # every fact class's name in the trace
        values.append(record_type(kind))
        kinds += kind.__subclasses__()
    for spec in REGISTRY.specs.values():
        values += (spec.id, spec.title, spec.module, *spec.sources, *(cf for _, cf in spec.evidence), *spec.signs)
        if spec.triage:
            values.append(spec.triage)
        if spec.because:  # (what its advice is for, or why it withholds: in words too)
            values += (spec.because, _about_words(spec.because))
        if spec.red_flag:
            values.append(RED_FLAGS[spec.red_flag].level)
        for cond in spec.conds:
            values += (cond.text, cond.path, *cond.uses)
    values += (rule.salience for rule in REGISTRY.rules.values())
    return values


_PROVEN: list[tuple[object, tuple[int, ...], bool]] = []
"""(the registry's rules; their count and those of the tables of conditions, factors, situations, red flags, advice,
sources, unsafe advice and key questions; whether :func:`knowledge_values` are written alike), as last proven (rules
and entries are only ever added)."""


def _knowledge_written_alike() -> bool:
    specs = REGISTRY.specs
    sizes = (len(specs), len(CONDITIONS), len(FACTORS), len(SITUATIONS), len(RED_FLAGS), len(ADVICE), len(SOURCES),
             len(UNSAFE), len(KEY_QUESTIONS))
    if not _PROVEN or _PROVEN[0][0] is not specs or _PROVEN[0][1] != sizes:
        _PROVEN[:] = [(specs, sizes, written_alike(knowledge_values()))]
    return _PROVEN[0][2]


def case_parts(document: Mapping[str, Any]) -> list[Any] | None:
    """The parts of a document built by :func:`complete` that can hold what the case says (its values, or values
    concluded from them), for :func:`calfexpert._json.dumps` to walk; the rest is :func:`knowledge_values` (and
    counters).  ``None`` (walk the whole document) when a knowledge value is not written alike."""
    if not _knowledge_written_alike():
        return None
    parts = [value for key, value in document.items() if key not in _KNOWN_PARTS]
    parts += map(_VALUE, document["findings"])
    scores = document["scores"]
    if scores:
        parts += (value for key, value in scores.items() if key != "wells_dvt")  # (any other score, whole)
        if "wells_dvt" in scores:
            parts += _WELLS_CASE_PARTS(scores["wells_dvt"])
    parts += map(_CERTAINTY, document["diagnoses"])
    parts += map(_CERTAINTY, document["lowered"])
    # of a firing, only the data of the facts it shows is walked (its bindings are condition, factor, red flag ids
    # and triage levels, or findings; a fact's id is ``f-`` and a counter, its type a fact class's), and only if their
    # class is not one of _KNOWLEDGE_FACTS (nine in ten facts shown are); the data of a fact shown in several firings is
    # walked each time (cheaper than finding the repeats)
    parts += [record["data"] for firing in document["trace"] for key in _TRACE_FACT_LISTS for record in firing[key]
              if record["type"] not in _KNOWLEDGE_FACTS]
    return parts


SUMMARY_RECORDS = frozenset({"Belief", "RedFlag", "Triage", "Withhold", "Held", "TriageDemand"})
"""The kinds of fact :func:`summarise_run` reads: a run for a summary keeps only these (``run_facts(only=...)``)."""


def summarise_run(case: Mapping[str, Any], run: RunResult) -> dict[str, Any]:
    """The short form of an explanation (triage, differential, red flags, withheld advice, whether enough was
    known), read from the run directly: no explanation document is built.  Equal to ``batch.summary(document)``."""
    conditions = []
    for belief in run.of_type("Belief"):
        cf = belief.data["cf"]
        if cf > 0:
            cid = belief.data["condition"]
            conditions.append((-max(0.0, cf), not CONDITIONS[cid].dangerous, cid, max(0.0, cf)))
    conditions.sort(key=lambda c: c[:3])
    flags = sorted((r.data["flag"] for r in run.of_type("RedFlag")),
                   key=lambda f: (-triage_rank(RED_FLAGS[f].level), f))
    (decision,) = run.of_type("Triage")
    return {
        "case_id": case.get("case_id"),
        "triage": decision.data["level"],
        "diagnoses": [{"condition": cid, "certainty": certainty} for _, _, cid, certainty in conditions],
        "red_flags": flags,
        "withheld": _withheld_ids(run),
        "enough_information": _information_sufficient(run),
    }


def build_explanation(case: Mapping[str, Any], run: RunResult) -> dict[str, Any]:
    """The explanation document (a JSON-ready dict) for a normalised case and its run."""
    return complete(build_core(case, run), run)
