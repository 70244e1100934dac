"""The terminal report: triage first in plain words, then the differential,
what to do, what not to do and why, the safety-net, and the reasoning."""

from __future__ import annotations

import textwrap
from typing import Any

from .common import (
    change_words,
    check_detail,
    condition_names,
    findings_words,
    first_sentence,
    insufficient,
    later_words,
    level_words,
    names_in_text,
    safe_text,
    split_withheld,
    value_words,
    wells_headline,
    withheld_groups,
    withheld_reasons,
)

WIDTH = 100
BRIEF_WIDTH = 80
BRIEF_LINES = 40
"""The brief report fits one 80 x 40 terminal."""


def _wrap(text: str, indent: str = "", hang: str | None = None) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=hang if hang is not None else indent) or [indent]


def render_text(doc: dict[str, Any], detail: str = "standard") -> str:
    """The terminal report at a level of detail (``brief``, ``standard`` or ``full``; see :data:`~.common.DETAILS`)."""
    if check_detail(detail) == "brief":
        return render_brief(doc)
    out: list[str] = []
    triage = doc["triage"]
    out.append(f"TRIAGE: {triage['label'].upper()} ({triage['level']})")
    out += _wrap(triage["action"], "  ")
    out.append("  Why:")
    for reason in triage["reasons"]:
        line = f"- {reason['text']}"
        if reason["findings"]:
            line += f" [{findings_words(reason['findings'])}]"
        out += _wrap(line, "    ", "      ")
    out.append("")
    info = insufficient(doc)
    if info:
        out.append("NOT ENOUGH INFORMATION")
        out += _wrap(info["text"], "  ")
        out.append("  The questions that matter most:")
        for q in info["questions"]:
            out += _wrap(f"- {q['question']} ({q['why']})", "    ", "      ")
        out.append("")
    out.append("This is decision support, not a diagnosis.")
    if doc.get("case_id"):
        out.append(f"Case: {safe_text(doc['case_id'])}")
    if doc.get("notes"):
        out += _wrap(f"Notes (not interpreted): {safe_text(doc['notes'])}")
    out.append("")

    out.append("WHAT COULD BE CAUSING IT (most likely first)")
    if not doc["diagnoses"]:
        out += _wrap("No condition reached positive certainty from the findings given; add what you know "
                     "(see the unknown findings in the JSON output).", "  ")
    for i, dx in enumerate(doc["diagnoses"], 1):
        tag = " [never miss]" if dx["dangerous"] else ""
        out.append(f"  {i}. {dx['name']}: {dx['likelihood']} (certainty {dx['certainty']:.2f}){tag}")
        for ev in dx["evidence_for"]:
            out += _wrap(f"+ {ev['title']}" + (f" [{findings_words(ev['findings'])}]" if ev["findings"] else ""),
                         "       ", "         ")
        for ev in dx["evidence_against"]:
            out += _wrap(f"- {ev['title']}" + (f" [{findings_words(ev['findings'])}]" if ev["findings"] else ""),
                         "       ", "         ")
    if doc["lowered"]:
        out += _wrap("Considered and set aside: " + ", ".join(f"{x['name']} ({x['certainty']:.2f})" for x in doc["lowered"]), "  ")
    out.append("")

    if doc["red_flags"]:
        out.append("RED FLAGS")
        for flag in doc["red_flags"]:
            out += _wrap(f"- {flag['text']} (at least {level_words(flag['level'])})", "  ", "    ")
        out.append("")

    if doc["contributing_factors"]:
        out.append("CONTRIBUTING FACTORS")
        for factor in doc["contributing_factors"]:
            findings = [f for ev in factor["evidence"] for f in ev["findings"]]
            out += _wrap(f"- {factor['name']}: {factor['summary']} [{findings_words(findings)}]", "  ", "    ")
        out.append("")

    safety = [r for r in doc["recommendations"] if r["kind"] == "safety-net"]
    todo = [r for r in doc["recommendations"] if r["kind"] != "safety-net"]
    out.append("WHAT TO DO")
    for rec in todo:
        out += _wrap(f"- {rec['name']} ({rec['kind']}): {rec['text']}", "  ", "    ")
    out.append("")
    if doc["withheld"]:
        unsafe, later = split_withheld(doc)
        out.append("WHAT NOT TO DO, AND WHY")
        for item in unsafe:
            out += _wrap(f"- {item['name']}: not now. {withheld_reasons(item)}", "  ", "    ")
        if later:
            out += _wrap(f"- {later_words(later)}", "  ", "    ")
        out.append("")
    out.append("SAFETY-NET: WHEN TO SEEK CARE")
    for rec in safety:
        out += _wrap(rec["text"], "  ")
    out.append("")

    if doc["what_would_change"]:
        out.append("WHAT WOULD CHANGE THE ANSWER (questions not yet answered, most important first)")
        names = condition_names(doc)
        for change in doc["what_would_change"]:
            questions, effects = change_words(change, names)
            if len(questions) == 1:
                out += _wrap(f"- {questions[0]} The answer {effects}. [{change['findings'][0]}]", "  ", "    ")
            else:
                out += _wrap("- The answers to these together " + effects + ":", "  ", "    ")
                for question, path in zip(questions, change["findings"], strict=True):
                    out += _wrap(f"{question} [{path}]", "      ", "        ")
        out.append("")

    wells = doc["scores"].get("wells_dvt")
    if wells:
        out += _wrap(f"WELLS DVT SCORE: {wells_headline(wells)}; three-level band: {wells['three_level']['band']}"
                     + (" at least" if wells.get("partial") else ""), "", "  ")
        for item in wells["items"]:
            if item["scored"]:
                out += _wrap(f"{item['points']:+d} {item['text']}", "  ", "     ")
        unknown = [item["text"] for item in wells["items"] if item.get("unknown")]
        if unknown:
            out += _wrap("Unknown (a clinician must check): " + "; ".join(unknown), "  ", "    ")
        for alt in wells["alternative"]:
            out += _wrap(f"(alternative diagnosis at least as likely: {alt['name']})", "  ")
        out.append("")

    if detail == "full":
        out += _reasoning(doc)
    else:
        out += _wrap(f"The reasoning ({len(doc['trace'])} rule firings) is in --detail full and in the JSON.")
        out.append("")
    out += _wrap(doc["disclaimer"])
    return "\n".join(out) + "\n"


def _reasoning(doc: dict[str, Any]) -> list[str]:
    out = [f"REASONING ({len(doc['trace'])} rule firings)"]
    for firing in doc["trace"]:
        matched = [m for m in firing["matched"] if m["type"] == "Finding"]
        basis = ", ".join(f"{m['data']['name']} = {value_words(m['data']['value'])}" for m in matched)
        asserted = ", ".join(_fact_words(a) for a in firing["asserted"]) or "nothing new"
        line = f"#{firing['firing']} {firing['rule']}: {firing['title']}"
        out += _wrap(line, "  ", "      ")
        if basis:
            out += _wrap(f"from {basis}", "      ")
        out += _wrap(f"=> {asserted}", "      ")
    out.append("")
    return out


def render_why_not(doc: dict[str, Any], condition: str) -> str:
    """Why a condition is, or is not, in the differential: its rules, and which conditions failed or were unknown."""
    out: list[str] = []
    entry = next((d for d in doc["diagnoses"] if d["condition"] == condition), None)
    if entry is not None:
        out.append(f"WHY NOT {condition}? It is in the differential: {entry['likelihood']} (certainty {entry['certainty']:.2f}).")
        rules = entry["rules_not_fired"]
        fired = [e["rule"] for e in entry["evidence_for"]]
        if fired:
            out += _wrap("Raised by: " + ", ".join(fired), "  ")
    else:
        info = next(w for w in doc["why_not"] if w["condition"] == condition)
        lowered = next((x for x in doc["lowered"] if x["condition"] == condition), None)
        state = (f"considered and set aside (certainty {lowered['certainty']:.2f})" if lowered
                 else "no rule found evidence for it")
        out.append(f"WHY NOT {condition}? {info['name']}: {state}.")
        rules = [r for r in info["rules"] if r["status"] != "fired"]
        if lowered:
            for ev in lowered["evidence_against"]:
                out += _wrap(f"- lowered by {ev['rule']}: {ev['title']} [{findings_words(ev['findings'])}]", "  ", "    ")
        if info["missing_findings"]:
            out += _wrap("Unknown findings its rules would use: " + ", ".join(info["missing_findings"]), "  ", "    ")
    for rule in rules:
        out += _wrap(f"- {rule['rule']} ({rule['status']}): {rule['title']}", "  ", "    ")
        for text in rule["failed"]:
            out += _wrap(f"not met: {text}", "      ", "        ")
        for text in rule["unknown"]:
            out += _wrap(f"unknown: {text}", "      ", "        ")
    return "\n".join(out) + "\n"


def _fact_words(fact: dict[str, Any]) -> str:
    data = fact["data"]
    kind = fact["type"]
    if kind == "Evidence":
        return f"evidence {data['condition']} {data['cf']:+.2f}"
    if kind == "Belief":
        return f"certainty {data['condition']} {data['cf']:.2f}"
    if kind == "Suspected":
        return f"suspected {data['condition']}"
    if kind == "Sign":
        return f"sign {data['name']}"
    if kind == "RedFlag":
        return f"red flag {data['flag']}"
    if kind == "TriageDemand":
        return f"triage at least {level_words(data['level'])}"
    if kind == "Triage":
        return f"triage {level_words(data['level'])}"
    if kind == "Factor":
        return f"factor {data['factor']}"
    if kind == "Advice":
        return f"advise {data['advice']}"
    if kind == "Withhold":
        return f"withhold {data['action']} ({data['because']})"
    if kind == "Held":
        return f"hold back {data['advice']}"
    if kind == "WellsItem":
        return f"Wells {data['item']} {data['points']:+d}"
    if kind == "WellsScore":
        return f"Wells total {data['points']}"
    if kind == "Alternative":
        return f"alternative to DVT: {data['condition']}"
    return kind


def render_brief(doc: dict[str, Any]) -> str:
    """The brief report: the triage with its reasons, what to do now, what not to do, the safety-net and the top
    three causes, in at most :data:`BRIEF_LINES` lines of :data:`BRIEF_WIDTH` characters.  Made more compact step
    by step (shorter advice, fewer reasons) until it fits; the safety-net is never shortened."""
    for compact in range(4):
        lines = _brief(doc, compact)
        if len(lines) <= BRIEF_LINES:
            return "\n".join(lines) + "\n"
    more = "(more: --detail standard)"
    return "\n".join([*lines[:BRIEF_LINES - 2], more, lines[-1]]) + "\n"


def _bwrap(text: str, indent: str = "", hang: str | None = None) -> list[str]:
    text = safe_text(text)
    return textwrap.wrap(text, BRIEF_WIDTH, initial_indent=indent, subsequent_indent=hang if hang is not None else indent,
                         break_on_hyphens=False) or [indent]


def _brief(doc: dict[str, Any], compact: int) -> list[str]:
    triage = doc["triage"]
    out = _bwrap(f"{triage['label'].upper()}: {triage['action']}", "", "  ")
    reasons = list(dict.fromkeys(r["text"] for r in triage["reasons"]))
    keep = (4, 3, 2, 1)[compact]
    out.append("Why:")
    for text in reasons[:keep]:
        out += _bwrap(f"- {text}", "  ", "    ")
    if len(reasons) > keep:
        out.append(f"  (and {len(reasons) - keep} more)")
    info = insufficient(doc)
    if info:
        questions = [q["question"] for q in info["questions"][:(3, 3, 2, 1)[compact]]]
        out += _bwrap("Not enough information. Answer first: " + " ".join(questions), "", "  ")
    todo = [r for r in doc["recommendations"] if r["kind"] not in ("safety-net", "prevention")]
    out.append("What to do now:")
    if compact == 0:
        for rec in todo:
            out += _bwrap(f"- {rec['name']}: {first_sentence(rec['text'])}", "  ", "    ")
    else:
        out += _bwrap(f"- {todo[0]['name']}: {first_sentence(todo[0]['text'])}", "  ", "    ") if todo else []
        if len(todo) > 1:
            out += _bwrap("- Also: " + names_in_text([r["name"] for r in todo[1:]]) + ".", "  ", "    ")
    unsafe, later = split_withheld(doc)
    if unsafe or later:
        out.append("Not now:")
        for because, names in withheld_groups(doc):
            out += _bwrap(f"- {names_in_text(names, first=True)} (because of {because[:1].lower() + because[1:]})", "  ", "    ")
        if later:
            out += _bwrap(f"- {later_words(later)}", "  ", "    ")
    out.append("Safety-net, when to seek care:")
    for rec in doc["recommendations"]:
        if rec["kind"] == "safety-net":
            out += _bwrap(rec["text"], "  ")
    out.append("Most likely causes:" if doc["diagnoses"] else "Most likely causes: none reached positive certainty.")
    for i, dx in enumerate(doc["diagnoses"][:3], 1):
        tag = " [never miss]" if dx["dangerous"] else ""
        out += _bwrap(f"{i}. {dx['name']}: {dx['likelihood']}{tag}", "  ", "     ")
    out.append("Decision support, not a diagnosis. More: --detail standard or full.")
    return out
