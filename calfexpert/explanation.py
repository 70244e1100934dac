"""From a run (final facts and trace) to the explanation document.

This module only reads what the engine left behind; it never re-runs rules.
Every conclusion in the document points back to the firings that produced it,
and every firing to the findings it rests on.
"""

from __future__ import annotations

import datetime
import json
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ._experta import EXPERTA_VERSION
from ._text import json_safe
from ._version import __version__
from .engine import FactRecord, Firing, RunResult
from .knowledge import (
    ACTION_ADVICE,
    ACTIONS,
    ADVICE,
    ADVICE_KINDS,
    CONDITIONS,
    FACTORS,
    RED_FLAGS,
    SITUATIONS,
    SOURCES,
    TRIAGE_LEVELS,
    WELLS_FINDINGS,
    WELLS_ITEMS,
    reasons_for,
    triage_rank,
)
from .knowledge.information import KEY_QUESTIONS, MIN_KEY_QUESTIONS_KNOWN, wells_unknown_items
from .rules import REGISTRY
from .whynot import CaseEnv, what_would_change, why_not

DISCLAIMER = (
    "calfexpert is decision support, not a diagnosis. It cannot examine you and it can be wrong. "
    "If you are worried, or anything gets worse, seek medical care; in an emergency call an ambulance."
)
EXPLANATION_SCHEMA_VERSION = "1"


def likelihood_words(certainty: float) -> str:
    """Plain words for a certainty in [0, 1]."""
    if certainty >= 0.8:
        return "very likely"
    if certainty >= 0.6:
        return "likely"
    if certainty >= 0.3:
        return "possible"
    return "less likely, but considered"


def source_refs(ids: Iterable[str]) -> list[dict[str, Any]]:
    out = []
    for sid in dict.fromkeys(ids):
        src = SOURCES[sid]
        out.append({"id": sid, "title": src.title, "urls": list(src.urls)})
    return out


@dataclass
class _Derivation:
    """Which firing produced each fact, and which findings each fact rests on."""

    run: RunResult
    producer: dict[int, Firing] = field(default_factory=dict)
    inputs: dict[int, FactRecord] = field(default_factory=dict)
    _support: dict[int, tuple[tuple[str, Any], ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for firing in self.run.trace:
            for record in firing.asserted:
                self.producer.setdefault(record.id, firing)
        for record in self.run.inputs:
            self.inputs[record.id] = record

    def findings_of_firing(self, firing: Firing) -> list[dict[str, Any]]:
        """The case findings a firing rests on, directly or through the facts it matched."""
        return [{"finding": name, "value": value} for name, value in self._collect(firing)]

    def _collect(self, firing: Firing) -> tuple[tuple[str, Any], ...]:
        collected: dict[tuple[str, str], tuple[str, Any]] = {}
        for record in [*firing.matched, *firing.read]:
            for name, value in self.support(record.id):
                collected.setdefault((name, json.dumps(value)), (name, value))
        return tuple(collected[k] for k in sorted(collected))

    def support(self, fid: int) -> tuple[tuple[str, Any], ...]:
        if fid in self._support:
            return self._support[fid]
        self._support[fid] = ()  # guards against cycles
        if fid in self.inputs:
            record = self.inputs[fid]
            result: tuple[tuple[str, Any], ...] = ((record.data["name"], record.data["value"]),)
        else:
            firing = self.producer.get(fid)
            result = self._collect(firing) if firing is not None else ()
        self._support[fid] = result
        return result

    def firing_of(self, record: FactRecord) -> Firing | None:
        return self.producer.get(record.id)


def _rule_ref(d: _Derivation, record: FactRecord) -> dict[str, Any]:
    """The rule behind a concluded fact: id, title, firing number and findings."""
    firing = d.firing_of(record)
    rule_id = record.data.get("by") or (firing.rule if firing else "")
    spec = REGISTRY.specs.get(rule_id)
    return {
        "rule": rule_id,
        "title": spec.title if spec else rule_id,
        "firing": firing.number if firing else 0,
        "findings": d.findings_of_firing(firing) if firing else [],
    }


def _diagnoses(d: _Derivation, run: RunResult, known: set[str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    evidence_by_condition: dict[str, list[FactRecord]] = {}
    for record in run.of_type("Evidence"):
        evidence_by_condition.setdefault(record.data["condition"], []).append(record)
    suspected = {r.data["condition"] for r in run.of_type("Suspected")}
    diagnoses: list[dict[str, Any]] = []
    lowered: list[dict[str, Any]] = []
    for belief in run.of_type("Belief"):
        cid = belief.data["condition"]
        condition = CONDITIONS[cid]
        records = sorted(evidence_by_condition.get(cid, []), key=lambda r: (-abs(r.data["cf"]), r.data["by"]))
        for_ = [{**_rule_ref(d, r), "cf": r.data["cf"]} for r in records if r.data["cf"] > 0]
        against = [{**_rule_ref(d, r), "cf": r.data["cf"]} for r in records if r.data["cf"] < 0]
        uses = sorted({u for spec, _ in REGISTRY.evidence_for(cid) for u in REGISTRY.reads(spec)})
        firing = d.firing_of(belief)
        entry = {
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
            "firings": sorted({x["firing"] for x in for_ + against} | ({firing.number} if firing else set())),
            "sources": source_refs(condition.sources),
        }
        if belief.data["cf"] > 0:
            diagnoses.append(entry)
        else:
            lowered.append({k: entry[k] for k in ("condition", "name", "evidence_against", "evidence_for", "firings")}
                           | {"certainty": belief.data["cf"]})
    diagnoses.sort(key=lambda e: (-e["certainty"], not e["dangerous"], e["condition"]))
    lowered.sort(key=lambda e: (e["certainty"], e["condition"]))
    return diagnoses, lowered


def _triage(d: _Derivation, run: RunResult) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    (decision,) = run.of_type("Triage")
    level = decision.data["level"]
    info = next(t for t in TRIAGE_LEVELS if t.id == level)
    demands = sorted(run.of_type("TriageDemand"), key=lambda r: (-triage_rank(r.data["level"]), r.id))
    flags = {r.data["by"]: r for r in run.of_type("RedFlag")}
    reasons, others = [], []
    for record in demands:
        ref = _rule_ref(d, record)
        if record.data["by"] in flags:
            flag = flags[record.data["by"]].data["flag"]
            ref |= {"kind": "red_flag", "about": flag, "text": RED_FLAGS[flag].text}
        elif record.data.get("about"):
            cid = record.data["about"]
            need = ("it can be managed with self-care" if record.data["level"] == "self_care"
                    else f"it needs at least: {record.data['level'].replace('_', ' ')}")
            ref |= {"kind": "condition", "about": cid, "text": f"{CONDITIONS[cid].name} is suspected; {need}."}
        elif record.data["by"] == "triage.insufficient_information":
            ref |= {"kind": "rule", "about": "",
                    "text": "Too little is known to say home care is safe: fewer than "
                            f"{MIN_KEY_QUESTIONS_KNOWN} of the {len(KEY_QUESTIONS)} questions that matter most are answered "
                            "and nothing was found. See a doctor, or answer those questions (listed below) first."}
        else:
            ref |= {"kind": "rule", "about": "", "text": ref["title"]}
        ref["level"] = record.data["level"]
        (reasons if record.data["level"] == level else others).append(ref)
    if not reasons:
        firing = d.firing_of(decision)
        reasons.append({"rule": "triage.decide", "title": REGISTRY.specs["triage.decide"].title,
                        "firing": firing.number if firing else 0, "findings": [], "kind": "default", "about": "",
                        "level": level,
                        "text": "No red flag and no condition needing a doctor was found: self-care, with the safety-net below."})
    red_flags = []
    for record in sorted(run.of_type("RedFlag"), key=lambda r: (-triage_rank(RED_FLAGS[r.data["flag"]].level), r.data["flag"])):
        flag = RED_FLAGS[record.data["flag"]]
        red_flags.append({"flag": flag.id, "text": flag.text, "level": flag.level, **_rule_ref(d, record),
                          "sources": source_refs(flag.sources)})
    triage = {"level": level, "label": info.label, "action": info.action, "reasons": reasons, "lower_demands": others}
    return triage, red_flags


def _factors(d: _Derivation, run: RunResult) -> list[dict[str, Any]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for record in run.of_type("Factor"):
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
    withheld_actions = {r.data["action"] for r in run.of_type("Withhold")}
    grouped: dict[str, list[FactRecord]] = {}
    for record in run.of_type("Advice"):
        aid = record.data["advice"]
        if aid in withheld_ids or ADVICE[aid].involves & withheld_actions:  # never both given and withheld
            continue
        grouped.setdefault(aid, []).append(record)
    order = {aid: i for i, aid in enumerate(ADVICE)}
    now_first = level in ("emergency", "urgent")  # what to do now leads: the referral and first aid

    def key(aid: str) -> tuple[int, int, int, int]:
        advice = ADVICE[aid]
        return (advice.kind == "safety-net", now_first and not advice.now, ADVICE_KINDS.index(advice.kind), order[aid])

    out = []
    for aid in sorted(grouped, key=key):
        advice = ADVICE[aid]
        records = grouped[aid]
        out.append({
            "id": aid, "name": advice.name, "kind": advice.kind, "text": advice.text,
            "for": sorted({r.data["about"] for r in records if r.data.get("about")}),
            "for_words": sorted({_about_words(r.data["about"]) for r in records if r.data.get("about")}),
            "rules": sorted({r.data["by"] for r in records}),
            "firings": sorted({firing.number for r in records if (firing := d.firing_of(r)) is not None}),
            "sources": source_refs(advice.sources),
            "actions": list(advice.actions),
            "now": advice.now,
        })
    return out


def _withheld_ids(run: RunResult) -> list[str]:
    """The advice withheld in a run, in the advice table's order: every item proposed and held back, and the item
    standing for each action a condition, danger sign or situation withholds, where it involves a withheld action."""
    withholds = run.of_type("Withhold")
    actions = {r.data["action"] for r in withholds}
    levels = {t.id for t in TRIAGE_LEVELS}
    items = {r.data["advice"] for r in run.of_type("Held")}
    items |= {ACTION_ADVICE[r.data["action"]] for r in withholds
              if r.data["table"] not in levels and r.data["action"] in ACTION_ADVICE}
    return [aid for aid in ADVICE if aid in items and ADVICE[aid].involves & actions]


def _information_sufficient(run: RunResult) -> bool:
    return not any(r.data["by"] == "triage.insufficient_information" for r in run.of_type("TriageDemand"))


def _withheld(d: _Derivation, run: RunResult) -> list[dict[str, Any]]:
    """Every piece of advice that involves a withheld action and was proposed, plus the advice standing for each
    action a condition, danger sign or situation withholds; each with every reason that applies."""
    withholds = run.of_type("Withhold")
    out = []
    for aid in _withheld_ids(run):
        advice = ADVICE[aid]
        grouped: dict[tuple[str, str], dict[str, Any]] = {}
        for record in sorted(withholds, key=lambda r: (r.data["because"], r.id)):
            action = record.data["action"]
            if action not in advice.involves:
                continue
            unsafe = reasons_for(record.data["table"], action)[0]
            because = record.data["because"]
            entry = grouped.get((because, unsafe.reason))
            if entry is None:
                ref = _rule_ref(d, record)
                entry = grouped[(because, unsafe.reason)] = {
                    "because": because, "because_words": _about_words(because), "reason": unsafe.reason,
                    "rule": ref["rule"], "firing": ref["firing"], "sources": source_refs(unsafe.sources), "actions": []}
            if action not in entry["actions"]:
                entry["actions"].append(action)
        reasons = list(grouped.values())
        if not reasons:
            continue
        actions = sorted({a for r in reasons for a in r["actions"]}, key=list(ACTIONS).index)
        out.append({"advice": aid, "name": advice.name, "kind": advice.kind, "text": advice.text,
                    "actions": actions, "reasons": reasons})
    return out


def _wells(d: _Derivation, run: RunResult, known: set[str]) -> dict[str, Any] | None:
    scores = run.of_type("WellsScore")
    if not scores:
        return None
    (score,) = scores
    points = score.data["points"]
    counted = set(score.data["counted"])
    item_records = {r.data["item"]: r for r in run.of_type("WellsItem")}
    items = []
    for wid, item in WELLS_ITEMS.items():
        entry: dict[str, Any] = {"item": wid, "text": item.text, "points": item.points, "scored": wid in counted}
        if wid in item_records:
            entry |= {"rule": item_records[wid].data["by"], "findings": _rule_ref(d, item_records[wid])["findings"]}
        items.append(entry)
    alternatives = [
        {"condition": r.data["condition"], "name": CONDITIONS[r.data["condition"]].name, **_rule_ref(d, r)}
        for r in sorted(run.of_type("Alternative"), key=lambda r: r.data["condition"])
    ]
    band = "high" if points >= 3 else "moderate" if points >= 1 else "low"
    known_values = {r.data["name"]: r.data["value"] for r in run.inputs}
    unknown_items = wells_unknown_items(known_values, counted)
    reachable = points + sum(WELLS_ITEMS[i].points for i in unknown_items)
    partial = bool(unknown_items)
    for entry in items:
        entry["unknown"] = entry["item"] in unknown_items
    if points >= 2:
        interpretation = "DVT likely"
        meaning = ("Two points or more: DVT likely. NICE: leg-vein ultrasound within 4 hours (or D-dimer and interim "
                   "anticoagulation with a scan within 24 hours).")
    elif reachable >= 2:
        interpretation = "DVT likelihood unknown (partial score)"
        meaning = (f"Partial score: {points} points counted, but {len(unknown_items)} items are unknown and the score could "
                   f"reach {reachable}. It cannot say DVT is unlikely: a clinician must score every item. "
                   "Other findings can still make DVT suspected.")
    else:
        interpretation = "DVT unlikely"
        meaning = ("One point or less: DVT unlikely. NICE: D-dimer within 4 hours, and ultrasound only if it is positive. "
                   "Unlikely is not excluded: other findings can still make DVT suspected."
                   + (f" The score is partial ({len(unknown_items)} items unknown) but could not reach 2; a negative "
                      "D-dimer is only used against DVT once a clinician has scored every item." if partial else ""))
    return {
        "model": "Wells 2003 two-level score as used by NICE NG158",
        "points": points,
        "interpretation": interpretation,
        "meaning": meaning,
        "partial": partial,
        "items_unknown": unknown_items,
        "range": {"min": points, "max": reachable},
        "three_level": {"band": band, "prevalence_in_1997_cohort": {"low": "about 3%", "moderate": "about 17%", "high": "about 75%"}[band],
                        "note": "Wells 1997 three-level bands (≤0 low, 1-2 moderate, ≥3 high); the 1997 model has no 'previous DVT' item."
                                + (" With unknown items the band is only a lower bound." if partial else "")},
        "items": items,
        "scored": sorted(counted),
        "alternative": alternatives,
        "unknown_items": sorted(f for f in WELLS_FINDINGS if f not in known),
        "not_scored_risks": "Travel, hormones, pregnancy and thrombophilia are not Wells items; they raise DVT in the differential instead.",
        "sources": source_refs(["brief.1.1"]),
    }


def _information(run: RunResult, known: set[str]) -> dict[str, Any]:
    """How much of what matters most is known; with too little known and nothing found, the answer says so."""
    fired = not _information_sufficient(run)
    answered = [q for q in KEY_QUESTIONS if any(p in known for p in q.findings)]
    open_questions = [q for q in KEY_QUESTIONS if q not in answered]
    if fired:
        text = (f"Too little information: only {len(answered)} of the {len(KEY_QUESTIONS)} key questions are answered, "
                "and nothing found so far says home care is safe. See a doctor, or answer the questions below first.")
    else:
        text = f"{len(answered)} of the {len(KEY_QUESTIONS)} key questions are answered."
    return {
        "sufficient": not fired,
        "key_questions_answered": len(answered),
        "key_questions": len(KEY_QUESTIONS),
        "needed": MIN_KEY_QUESTIONS_KNOWN,
        "text": text,
        "questions": [{"id": q.id, "question": q.question, "why": q.why, "findings": list(q.findings)} for q in open_questions],
    }


def _trace(d: _Derivation, run: RunResult) -> list[dict[str, Any]]:
    out = []
    for firing in run.trace:
        spec = REGISTRY.specs[firing.rule]
        sources = sorted({d.producer[r.id].number for r in (*firing.matched, *firing.read) if r.id in d.producer})
        out.append({
            "firing": firing.number,
            "rule": firing.rule,
            "title": spec.title,
            "module": spec.module,
            "salience": firing.salience,
            "sources": list(spec.sources),
            "from_firings": sources,
            "matched": [_fact(r) for r in firing.matched],
            "bindings": {k: v for k, v in firing.bindings.items()},
            "read": [_fact(r) for r in firing.read],
            "asserted": [_fact(r) for r in firing.asserted],
            "retracted": [_fact(r) for r in firing.retracted],
        })
    return out


def _fact(record: FactRecord) -> dict[str, Any]:
    return {"fact": f"f-{record.id}", "type": record.type, "data": record.data}


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
        "information": _information(run, known),
        "scores": {},
        "why_not": [],
        "what_would_change": [],
        "findings": [{"finding": r.data["name"], "value": r.data["value"], "fact": f"f-{r.id}"} for r in run.inputs],
        "trace": _trace(d, run),
    }
    wells = _wells(d, run, known)
    if wells is not None:
        doc["scores"]["wells_dvt"] = wells
    return doc


def complete(core: Mapping[str, Any], run: RunResult) -> dict[str, Any]:
    """The full document: ``core`` (left unchanged) plus why-not and what-would-change."""
    doc = dict(core)
    env = CaseEnv(run)
    fired = {f.rule for f in run.trace}
    diagnoses = [dict(entry) for entry in core["diagnoses"]]
    in_differential = {x["condition"] for x in diagnoses}
    doc["why_not"] = [why_not(cid, env, fired) for cid in CONDITIONS if cid not in in_differential]
    for entry in diagnoses:
        report = why_not(entry["condition"], env, fired)
        entry["rules_not_fired"] = [r for r in report["rules"] if r["status"] != "fired"]
    doc["diagnoses"] = diagnoses
    doc["what_would_change"] = what_would_change(env, fired, core["triage"]["level"], diagnoses)
    return doc


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


_MATERIALISE = threading.Lock()


def _orjson_writes_it_as_json_does(node: Any) -> bool:
    """Whether orjson's text of ``node`` is byte for byte the stdlib's: every key a string, every
    float one that both print alike (not NaN or infinite, not below 1e-4 or from 1e16 on, where
    Python switches to an exponent), every integer within 64 bits, nothing but JSON types."""
    kind = type(node)
    if kind is str or node is None or kind is bool:
        return True
    if kind is dict:
        for key, value in node.items():
            if type(key) is not str or not _orjson_writes_it_as_json_does(value):
                return False
        return True
    if kind is list or kind is tuple:
        for value in node:
            if not _orjson_writes_it_as_json_does(value):
                return False
        return True
    if kind is float:
        return node == 0.0 or 1e-4 <= abs(node) < 1e16
    if kind is int:
        return -(2**63) <= node < 2**63
    return False


def dumps(document: Mapping[str, Any]) -> str:
    """The canonical JSON text of a document: the same document always gives the same bytes.

    Written by orjson where its text is byte-identical to ``json.dumps(indent=2,
    ensure_ascii=False, allow_nan=False)``, by the stdlib otherwise (so NaN still raises); bidi
    overrides and line separators are then written as ``\\u`` escapes (the same JSON value, safe to print).
    """
    if _orjson_writes_it_as_json_does(document):
        import orjson

        return json_safe(orjson.dumps(document, option=orjson.OPT_INDENT_2).decode("utf-8")) + "\n"
    return json_safe(json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False)) + "\n"


def dumps_line(document: Any) -> str:
    """``document`` as one line of compact JSON, byte-identical to ``json.dumps(document,
    ensure_ascii=False, separators=(",", ":"))`` (orjson where that holds, else the stdlib)."""
    if _orjson_writes_it_as_json_does(document):
        import orjson

        return orjson.dumps(document).decode("utf-8")
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


class Explanation:
    """The answer for one case: the explanation document and ways to read it.

    ``data`` is the schema-valid document (a dict); :attr:`json` its canonical
    JSON text.  Treat ``data`` as read-only.  From :func:`calfexpert.explain`, the parts that
    re-evaluate every rule (why-not, what would change) are computed, and the whole document
    validated and its JSON text fixed, the first time ``data`` or ``json`` is read (a renderer
    reads them); :attr:`triage_level`, :attr:`top_diagnosis` and :attr:`conditions` do not
    need them.  Safe to share between threads.
    """

    __slots__ = ("_core", "_finish", "_full", "_json")

    def __init__(self, data: dict[str, Any]) -> None:
        object.__setattr__(self, "_core", data)
        object.__setattr__(self, "_finish", None)
        object.__setattr__(self, "_full", None)
        object.__setattr__(self, "_json", None)

    @classmethod
    def deferred(cls, core: dict[str, Any], finish: Callable[[dict[str, Any]], dict[str, Any]]) -> Explanation:
        """An explanation whose full document is ``finish(core)``, computed when first needed.

        ``finish`` must return a new, schema-valid document (or raise) and leave ``core`` unchanged.
        """
        obj = cls(core)
        object.__setattr__(obj, "_finish", finish)
        return obj

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"an Explanation is read-only (cannot set {name!r})")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Explanation) and self.data == other.data

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Explanation(triage_level={self.triage_level!r}, top_diagnosis={self.top_diagnosis!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled and copied as its full document (the JSON text follows from it, byte for byte)."""
        return (Explanation, (self.data,))

    def _materialise(self) -> tuple[dict[str, Any], str | None]:
        full = self._full
        if full is None:
            if self._finish is None:
                full = (self._core, None)
            else:
                document = self._finish(self._core)
                full = (document, dumps(document))  # fix the bytes now: callers may mutate .data later
            # two threads may both compute it; they compute the same, and the first one stays
            with _MATERIALISE:
                if self._full is None:
                    object.__setattr__(self, "_full", full)
                full = self._full
        return full

    @property
    def data(self) -> dict[str, Any]:
        """The full explanation document."""
        return self._materialise()[0]

    @property
    def json(self) -> str:
        """The canonical JSON text of :attr:`data`."""
        document, text = self._materialise()
        if text is None:
            text = self._json
            if text is None:
                text = dumps(document)
                object.__setattr__(self, "_json", text)
        return text

    @property
    def triage_level(self) -> str:
        """``emergency``, ``urgent``, ``see_doctor`` or ``self_care``."""
        return str(self._core["triage"]["level"])

    @property
    def top_diagnosis(self) -> str | None:
        """The most likely condition id, or ``None`` when no condition has positive certainty."""
        diagnoses = self._core["diagnoses"]
        return str(diagnoses[0]["condition"]) if diagnoses else None

    @property
    def conditions(self) -> list[str]:
        """Condition ids in the differential, most likely first."""
        return [str(d["condition"]) for d in self._core["diagnoses"]]

    def render(self, fmt: str = "text", detail: str = "standard", date: datetime.date | str | None = None) -> str:
        """The explanation as ``json``, ``text``, ``markdown``, ``html``, ``mermaid`` or ``dot``.

        ``detail`` (text, Markdown, HTML) is ``brief`` (the triage with its reasons, what to do and not to do, the
        safety-net, the top three causes; the text fits an 80 x 40 terminal), ``standard`` (the default: plus the
        evidence, factors, scores and what would change the answer) or ``full`` (plus the reasoning, firing by
        firing); JSON always carries everything.  ``date`` (a :class:`datetime.date` or text) is printed at the foot
        of the HTML page; without it the page carries no date, so the same case always gives the same page.
        """
        from .render import render

        return render(self, fmt, detail, date)
