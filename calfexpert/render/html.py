"""The explanation as one self-contained HTML page: no external assets, all case and knowledge text escaped."""

from __future__ import annotations

from html import escape
from typing import Any

from ..knowledge import DISCLAIMER_HEADLINE
from .common import findings_words, insufficient, later_words, level_words, safe_text, split_withheld, wells_headline, withheld_reasons

_COLOURS = {"emergency": "#b00020", "urgent": "#d35400", "see_doctor": "#946200", "self_care": "#1e7d32"}

_STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;color:#1b1b1b;line-height:1.45}
.banner{color:#fff;padding:1rem 1.25rem;border-radius:.5rem;margin-bottom:1rem}
.banner h1{margin:0;font-size:1.8rem}.banner p{margin:.4rem 0 0;font-size:1.1rem}
.disclaimer{border-left:4px solid #555;padding:.5rem .75rem;background:#f3f3f3}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.35rem;text-align:left;vertical-align:top}
.for{color:#1e5f2d}.against{color:#8a1c1c}.muted{color:#666;font-size:.9rem}
details{margin:.25rem 0}code{background:#f3f3f3;padding:0 .2rem}
"""


def _e(text: Any) -> str:
    return escape(safe_text(str(text)), quote=True)


def _after_first_sentence(text: str) -> str:
    return text.split(". ", 1)[1] if ". " in text else text


def render_html(doc: dict[str, Any]) -> str:
    t = doc["triage"]
    colour = _COLOURS[t["level"]]
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>calfexpert: {_e(t['label'])}</title><style>{_STYLE}</style></head><body>",
        f'<section class="banner" id="triage" style="background:{colour}"><h1>{_e(t["label"])}</h1>'
        f"<p>{_e(t['action'])}</p></section>",
        f'<p class="disclaimer"><strong>{DISCLAIMER_HEADLINE}</strong> {_e(_after_first_sentence(doc["disclaimer"]))}</p>',
    ]
    if doc.get("case_id"):
        parts.append(f'<p class="muted">Case: {_e(doc["case_id"])}</p>')
    if doc.get("notes"):
        parts.append(f'<p class="muted">Notes (not interpreted): {_e(doc["notes"])}</p>')
    parts.append("<h2>Why this level</h2><ul>")
    for r in t["reasons"]:
        parts.append(f"<li>{_e(r['text'])} <span class='muted'>{_e(findings_words(r['findings']))} — <code>{_e(r['rule'])}</code></span></li>")
    parts.append("</ul>")
    info = insufficient(doc)
    if info:
        parts.append(f'<h2 id="information">Not enough information</h2><p>{_e(info["text"])}</p><p>The questions that matter most:</p><ol>')
        parts += [f"<li>{_e(q['question'])} <span class='muted'>({_e(q['why'])})</span></li>" for q in info["questions"]]
        parts.append("</ol>")

    todo = [r for r in doc["recommendations"] if r["kind"] != "safety-net"]
    parts.append("<h2>What to do now</h2><ul>")
    for r in todo:
        parts.append(f"<li><strong>{_e(r['name'])}</strong> <span class='muted'>({_e(r['kind'])})</span>: {_e(r['text'])}</li>")
    parts.append("</ul>")
    if doc["withheld"]:
        parts.append("<h2>What not to do, and why</h2><ul>")
        unsafe, later = split_withheld(doc)
        for w in unsafe:
            parts.append(f"<li><strong>{_e(w['name'])}</strong>: not now. {_e(withheld_reasons(w))}</li>")
        if later:
            parts.append(f"<li>{_e(later_words(later))}</li>")
        parts.append("</ul>")
    parts.append("<h2>Safety-net</h2>")
    for r in doc["recommendations"]:
        if r["kind"] == "safety-net":
            parts.append(f"<p>{_e(r['text'])}</p>")

    parts.append("<h2>What could be causing it</h2>")
    if doc["diagnoses"]:
        parts.append("<table><tr><th>#</th><th>Condition</th><th>Certainty</th><th>Evidence</th></tr>")
        for i, d in enumerate(doc["diagnoses"], 1):
            evidence = "".join(f"<div class='for'>+ {_e(ev['title'])}</div>" for ev in d["evidence_for"])
            evidence += "".join(f"<div class='against'>− {_e(ev['title'])}</div>" for ev in d["evidence_against"])
            never = " <span class='muted'>(never miss)</span>" if d["dangerous"] else ""
            parts.append(f"<tr><td>{i}</td><td>{_e(d['name'])}{never}</td><td>{d['certainty']:.2f} ({_e(d['likelihood'])})</td>"
                         f"<td>{evidence}</td></tr>")
        parts.append("</table>")
    else:
        parts.append("<p>No condition reached positive certainty.</p>")
    if doc["what_would_change"]:
        parts.append("<h2>What would change the answer</h2><ul>")
        for c in doc["what_would_change"]:
            effects = "; ".join(f"triage to {level_words(e['to'])}" if e["kind"] == "triage" else f"{e['to']} most likely"
                                for e in c["effects"])
            parts.append(f"<li><code>{_e(', '.join(c['findings']))}</code>: {_e(effects)}</li>")
        parts.append("</ul>")
    wells = doc["scores"].get("wells_dvt")
    if wells:
        parts.append(f"<h2>Wells DVT score: {_e(wells_headline(wells))}</h2><ul>")
        for item in wells["items"]:
            mark = "☑" if item["scored"] else "?" if item.get("unknown") else "☐"
            parts.append(f"<li>{mark} {item['points']:+d} {_e(item['text'])}" + (" (unknown)" if item.get("unknown") else "") + "</li>")
        parts.append("</ul>")
    parts.append(f"<h2>Reasoning</h2><details><summary>{len(doc['trace'])} rule firings</summary><ol>")
    for f in doc["trace"]:
        parts.append(f"<li><code>{_e(f['rule'])}</code> {_e(f['title'])}</li>")
    parts.append("</ol></details>")
    parts.append(f"<p class='muted'>calfexpert {_e(doc['generator']['version'])}. {_e(doc['disclaimer'])}</p></body></html>")
    return "\n".join(parts) + "\n"
