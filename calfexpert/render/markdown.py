"""The explanation as a Markdown document (for issue trackers, notes and docs)."""

from __future__ import annotations

import html
from typing import Any

from .common import (
    change_words,
    check_detail,
    condition_names,
    findings_words,
    first_sentence,
    insufficient,
    later_words,
    names_in_text,
    safe_text,
    split_withheld,
    wells_headline,
    wells_mark,
    withheld_groups,
    withheld_reasons,
)
from .text import _fact_words


def _md(text: str) -> str:
    """Case or knowledge text made inert in Markdown: HTML escaped, Markdown punctuation backslashed."""
    text = html.escape(safe_text(text), quote=False)
    for ch in "\\`*_{}[]()#+!|<>":
        text = text.replace(ch, "\\" + ch) if ch not in "<>" else text
    return text.replace("\n", " ")


def render_markdown(doc: dict[str, Any], detail: str = "standard") -> str:
    """The report as Markdown at a level of detail (``brief``, ``standard`` or ``full``; see :data:`~.common.DETAILS`)."""
    brief = check_detail(detail) == "brief"
    t = doc["triage"]
    out = [f"# Triage: {t['label']} (`{t['level']}`)", "", f"**{_md(t['action'])}**", "",
           "> calfexpert is decision support, not a diagnosis.", ""]
    if doc.get("case_id"):
        out += [f"Case: {_md(doc['case_id'])}", ""]
    if doc.get("notes"):
        out += [f"Notes (not interpreted): {_md(doc['notes'])}", ""]
    out += ["## Why this level", ""]
    for r in t["reasons"]:
        out.append(f"- {_md(r['text'])}" + (f" ({_md(findings_words(r['findings']))})" if r["findings"] else "") + f" — `{r['rule']}`")
    info = insufficient(doc)
    if info:
        out += ["", "## Not enough information", "", _md(info["text"]), "", "The questions that matter most:", ""]
        out += [f"1. {_md(q['question'])} ({_md(q['why'])})" for q in info["questions"]]
    out += ["", "## Differential", ""]
    if brief:
        for i, d in enumerate(doc["diagnoses"][:3], 1):
            out.append(f"{i}. {_md(d['name'])}: {d['likelihood']}" + (" (never miss)" if d["dangerous"] else ""))
        if not doc["diagnoses"]:
            out.append("No condition reached positive certainty.")
    elif doc["diagnoses"]:
        out += ["| # | Condition | Certainty | Likelihood | Never miss |", "|---|---|---|---|---|"]
        for i, d in enumerate(doc["diagnoses"], 1):
            out.append(f"| {i} | {_md(d['name'])} | {d['certainty']:.2f} | {d['likelihood']} | {'yes' if d['dangerous'] else ''} |")
        for d in doc["diagnoses"]:
            out += ["", f"### {_md(d['name'])}", ""]
            for ev in d["evidence_for"]:
                out.append(f"- for ({ev['cf']:+.2f}): {_md(ev['title'])} — {_md(findings_words(ev['findings']))}")
            for ev in d["evidence_against"]:
                out.append(f"- against ({ev['cf']:+.2f}): {_md(ev['title'])} — {_md(findings_words(ev['findings']))}")
    else:
        out.append("No condition reached positive certainty.")
    if doc["contributing_factors"] and not brief:
        out += ["", "## Contributing factors", ""]
        for f in doc["contributing_factors"]:
            out.append(f"- **{_md(f['name'])}**: {_md(f['summary'])}")
    out += ["", "## What to do", ""]
    for r in doc["recommendations"]:
        if r["kind"] != "safety-net" and not (brief and r["kind"] == "prevention"):
            out.append(f"- **{_md(r['name'])}** (*{r['kind']}*): {_md(first_sentence(r['text']) if brief else r['text'])}")
    if doc["withheld"]:
        out += ["", "## What not to do, and why", ""]
        unsafe, later = split_withheld(doc)
        if brief:
            for because, names in withheld_groups(doc):
                out.append(f"- Not now, because of {_md(because[:1].lower() + because[1:])}: {_md(names_in_text(names))}")
        for w in [] if brief else unsafe:
            out.append(f"- **{_md(w['name'])}**: not now. {_md(withheld_reasons(w))}")
        if later:
            out.append(f"- {_md(later_words(later))}")
    out += ["", "## Safety-net", ""]
    for r in doc["recommendations"]:
        if r["kind"] == "safety-net":
            out.append(f"- {_md(r['text'])}")
    if doc["what_would_change"] and not brief:
        out += ["", "## What would change the answer", "", "Questions not yet answered, most important first:", ""]
        names = condition_names(doc)
        for change in doc["what_would_change"]:
            questions, effects = change_words(change, names)
            hints = ", ".join(f"`{p}`" for p in change["findings"])
            if len(questions) == 1:
                out.append(f"- {_md(questions[0])} The answer {_md(effects)}. ({hints})")
            else:
                out.append(f"- The answers to these together {_md(effects)}: " + "; ".join(_md(q) for q in questions)
                           + f" ({hints})")
    wells = doc["scores"].get("wells_dvt")
    if wells and not brief:
        out += ["", f"## Wells DVT score: {_md(wells_headline(wells))}", ""]
        for item in wells["items"]:
            out.append(f"- [{wells_mark(item)}] {item['points']:+d} {_md(item['text'])}" + (" (unknown)" if item.get("unknown") else ""))
    if detail == "full":
        out += ["", f"## Reasoning ({len(doc['trace'])} firings)", "", "| # | Rule | Title | From | Concluded |",
                "|---|---|---|---|---|"]
        for f in doc["trace"]:
            basis = ", ".join(f"{m['data']['name']} = {m['data']['value']}" for m in f["matched"] if m["type"] == "Finding")
            if f["from_firings"]:
                basis = ", ".join(filter(None, [basis, "firings " + ", ".join(f"#{n}" for n in f["from_firings"])]))
            concluded = ", ".join(_fact_words(a) for a in f["asserted"]) or "nothing new"
            out.append(f"| {f['firing']} | `{f['rule']}` | {_md(f['title'])} | {_md(basis)} | {_md(concluded)} |")
    elif doc["trace"]:
        out += ["", f"*The reasoning ({len(doc['trace'])} rule firings) is in `--detail full` and in the JSON.*"]
    out += ["", f"*{_md(doc['disclaimer'])}*", ""]
    return "\n".join(out)

