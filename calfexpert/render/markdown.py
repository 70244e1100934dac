"""The explanation as a Markdown document (for issue trackers, notes and docs)."""

from __future__ import annotations

import html
from typing import Any

from ..knowledge import DISCLAIMER_HEADLINE
from .common import findings_words, insufficient, later_words, safe_text, split_withheld, wells_headline, wells_mark, withheld_reasons


def _md(text: str) -> str:
    """Case or knowledge text made inert in Markdown: HTML escaped, Markdown punctuation backslashed."""
    text = html.escape(safe_text(text), quote=False)
    for ch in "\\`*_{}[]()#+!|<>":
        text = text.replace(ch, "\\" + ch) if ch not in "<>" else text
    return text.replace("\n", " ")


def render_markdown(doc: dict[str, Any]) -> str:
    t = doc["triage"]
    out = [f"# Triage: {t['label']} (`{t['level']}`)", "", f"**{_md(t['action'])}**", "",
           f"> {DISCLAIMER_HEADLINE}", ""]
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
    if doc["diagnoses"]:
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
    if doc["contributing_factors"]:
        out += ["", "## Contributing factors", ""]
        for f in doc["contributing_factors"]:
            out.append(f"- **{_md(f['name'])}**: {_md(f['summary'])}")
    out += ["", "## What to do", ""]
    for r in doc["recommendations"]:
        if r["kind"] != "safety-net":
            out.append(f"- **{_md(r['name'])}** (*{r['kind']}*): {_md(r['text'])}")
    if doc["withheld"]:
        out += ["", "## What not to do, and why", ""]
        unsafe, later = split_withheld(doc)
        for w in unsafe:
            out.append(f"- **{_md(w['name'])}**: not now. {_md(withheld_reasons(w))}")
        if later:
            out.append(f"- {_md(later_words(later))}")
    out += ["", "## Safety-net", ""]
    for r in doc["recommendations"]:
        if r["kind"] == "safety-net":
            out.append(f"- {_md(r['text'])}")
    wells = doc["scores"].get("wells_dvt")
    if wells:
        out += ["", f"## Wells DVT score: {_md(wells_headline(wells))}", ""]
        for item in wells["items"]:
            out.append(f"- [{wells_mark(item)}] {item['points']:+d} {_md(item['text'])}" + (" (unknown)" if item.get("unknown") else ""))
    out += ["", f"## Reasoning ({len(doc['trace'])} firings)", "", "| # | Rule | Title |", "|---|---|---|"]
    for f in doc["trace"]:
        out.append(f"| {f['firing']} | `{f['rule']}` | {_md(f['title'])} |")
    out += ["", f"*{_md(doc['disclaimer'])}*", ""]
    return "\n".join(out)

