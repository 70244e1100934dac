"""The explanation as one self-contained HTML page: no script, no external assets, all case and knowledge text escaped.

The page a runner reads first and takes to the doctor: the triage in a banner (in words, not only colour), the
case in plain words, what to do and not to do, the safety-net, then the pictures (the differential as a certainty
bar chart, the Wells score item by item, the derivation as a graph), each with a text alternative.  A print
stylesheet makes it one column on A4 or Letter without cutting tables.  The date at the foot is a parameter: the
library leaves it out unless given one, so the same case always gives the same page.
"""

from __future__ import annotations

import datetime
from html import escape
from typing import Any

from .common import (
    answer_words,
    change_words,
    check_detail,
    condition_names,
    finding_question,
    findings_words,
    first_sentence,
    insufficient,
    later_words,
    level_scale_words,
    names_in_text,
    safe_text,
    split_withheld,
    wells_headline,
    withheld_groups,
    withheld_reasons,
)

BANNER_TEXT = "#ffffff"
COLOURS = {"emergency": "#b00020", "urgent": "#a84300", "see_doctor": "#7a5100", "self_care": "#1b6e2c"}
"""Triage banner backgrounds; white text on each has a WCAG contrast ratio of at least 4.5:1 (AA for body text),
which tests/test_report_pictures.py computes."""
SYMBOLS = {"emergency": "!!", "urgent": "!", "see_doctor": "i", "self_care": "✓"}
NEVER_MISS = "#b00020"
BAR = "#2f5597"

_STYLE = """
:root{color-scheme:light}
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;color:#1b1b1b;
background:#fff;line-height:1.45}
.banner{color:#fff;padding:1rem 1.25rem;border-radius:.5rem;margin-bottom:1rem}
.banner h1{margin:0;font-size:1.8rem}.banner p{margin:.4rem 0 0;font-size:1.1rem}.banner .scale{font-size:.95rem}
.badge{display:inline-block;min-width:1.6em;text-align:center;border:2px solid #fff;border-radius:.3em;margin-right:.4em}
.disclaimer{border-left:4px solid #555;padding:.5rem .75rem;background:#f3f3f3}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.35rem;text-align:left;vertical-align:top}
.for{color:#1e5f2d}.against{color:#8a1c1c}.muted{color:#595959;font-size:.9rem}
.hint{color:#595959;font-size:.8rem;font-family:ui-monospace,monospace}
details{margin:.25rem 0}code{background:#f3f3f3;padding:0 .2rem}
figure{margin:1rem 0}figcaption{font-size:.9rem;color:#444}
svg.chart{width:100%;height:auto;max-width:44rem}
.scroll{overflow-x:auto;border:1px solid #ddd;border-radius:.3rem}
svg.derivation{display:block}
.print-only{display:none}
.summary{margin:0;font-size:.92rem}
.summary div{display:flex;gap:.75rem;justify-content:space-between;border-bottom:1px solid #e3e3e3;padding:.15rem 0;break-inside:avoid}
.summary dt{flex:1 1 auto}.summary dd{margin:0;font-weight:600;text-align:right;flex:0 1 40%}
@media (min-width:56rem){.summary{columns:2;column-gap:2rem}}
footer{margin-top:2rem;border-top:1px solid #ccc;padding-top:.5rem}
@media (max-width:40rem){body{padding:.5rem}.hint{display:none}.banner h1{font-size:1.45rem}td,th{padding:.25rem}}
@page{margin:14mm}
@media print{
.summary{columns:1}
body{max-width:none;padding:0;font-size:10.5pt;line-height:1.35}
.banner,.badge,svg{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.banner{border:2px solid #000}
h2,h3{break-after:avoid}
tr,li,figure.chart-fig,.banner,.disclaimer{break-inside:avoid}
thead{display:table-header-group}
.scroll{overflow:visible;border:0}
svg.derivation{width:100%;height:auto}
details>summary{list-style:none}
.screen-only{display:none}
.print-only{display:block;font-size:9pt}
}
"""


def _e(text: Any) -> str:
    return escape(safe_text(str(text)), quote=True)


def _after_first_sentence(text: str) -> str:
    return text.split(". ", 1)[1] if ". " in text else text


def _date_words(date: datetime.date | str | None) -> str:
    if date is None:
        return ""
    return date.isoformat() if isinstance(date, datetime.date) else str(date)


def render_html(doc: dict[str, Any], detail: str = "standard", date: datetime.date | str | None = None) -> str:
    """The page at a level of detail (``brief``, ``standard`` or ``full``); ``date`` (a date or text) is printed at
    the foot beside the calfexpert version, and left out when ``None`` (the page is then the same on every day)."""
    check_detail(detail)
    brief, full = detail == "brief", detail == "full"
    t = doc["triage"]
    level = t["level"]
    colour = COLOURS[level]
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>calfexpert: {_e(t['label'])}</title><style>{_STYLE}</style></head><body>",
        f'<section class="banner" id="triage" style="background:{colour};color:{BANNER_TEXT}" aria-labelledby="triage-h">'
        f'<h1 id="triage-h"><span class="badge" aria-hidden="true">{SYMBOLS[level]}</span>{_e(t["label"])}</h1>'
        f"<p>{_e(t['action'])}</p><p class='scale'>{_e(level_scale_words(level))}</p></section>",
        f'<p class="disclaimer"><strong>Decision support, not a diagnosis.</strong> {_e(_after_first_sentence(doc["disclaimer"]))}</p>',
    ]
    parts += _summary(doc)
    parts.append('<h2 id="why">Why this level</h2><ul>')
    for r in t["reasons"]:
        hint = "" if brief else f" <span class='hint'>{_e(findings_words(r['findings']))} — {_e(r['rule'])}</span>"
        parts.append(f"<li>{_e(r['text'])}{hint}</li>")
    parts.append("</ul>")
    info = insufficient(doc)
    if info:
        parts.append(f'<h2 id="information">Not enough information</h2><p>{_e(info["text"])}</p><p>The questions that matter most:</p><ol>')
        parts += [f"<li>{_e(q['question'])} <span class='muted'>({_e(q['why'])})</span></li>" for q in info["questions"]]
        parts.append("</ol>")

    todo = [r for r in doc["recommendations"] if r["kind"] != "safety-net"]
    if brief:
        todo = [r for r in todo if r["kind"] != "prevention"]
    parts.append('<h2 id="todo">What to do now</h2><ul>')
    for r in todo:
        text = first_sentence(r["text"]) if brief else r["text"]
        parts.append(f"<li><strong>{_e(r['name'])}</strong> <span class='muted'>({_e(r['kind'])})</span>: {_e(text)}</li>")
    parts.append("</ul>")
    if doc["withheld"]:
        parts.append('<h2 id="not-now">What not to do, and why</h2><ul>')
        unsafe, later = split_withheld(doc)
        if brief:
            for because, names in withheld_groups(doc):
                parts.append(f"<li>Not now, because of {_e(because[:1].lower() + because[1:])}: {_e(names_in_text(names))}</li>")
        else:
            for w in unsafe:
                parts.append(f"<li><strong>{_e(w['name'])}</strong>: not now. {_e(withheld_reasons(w))}</li>")
        if later:
            parts.append(f"<li>{_e(later_words(later))}</li>")
        parts.append("</ul>")
    parts.append('<h2 id="safety-net">Safety-net: when to seek care</h2>')
    for r in doc["recommendations"]:
        if r["kind"] == "safety-net":
            parts.append(f"<p>{_e(r['text'])}</p>")

    parts.append('<h2 id="causes">What could be causing it</h2>')
    parts += _differential(doc, brief)
    if not brief:
        if doc["contributing_factors"]:
            parts.append('<h2 id="factors">What may have contributed</h2><ul>')
            for f in doc["contributing_factors"]:
                parts.append(f"<li><strong>{_e(f['name'])}</strong>: {_e(f['summary'])}</li>")
            parts.append("</ul>")
        parts += _changes(doc)
        parts += _wells(doc)
        parts += _derivation(doc)
    if full:
        parts += _trace(doc)
    elif doc["trace"]:
        parts.append(f"<p class='muted'>The reasoning ({len(doc['trace'])} rule firings) is in the full report "
                     "(<code>--detail full</code>) and in the JSON.</p>")
    when = _date_words(date)
    stamp = f"Made on {_e(when)} by calfexpert {_e(doc['generator']['version'])}." if when else \
        f"Made by calfexpert {_e(doc['generator']['version'])}."
    parts.append(f"<footer><p class='muted'>{stamp} {_e(doc['disclaimer'])}</p></footer></body></html>")
    return "\n".join(parts) + "\n"


def _summary(doc: dict[str, Any]) -> list[str]:
    """The case in plain words: each answer beside the question it answers (the field path as a small hint)."""
    out = []
    if doc.get("case_id"):
        out.append(f'<p class="muted">Case: {_e(doc["case_id"])}</p>')
    findings = doc.get("findings", [])
    if not findings and not doc.get("notes"):
        return out
    out.append('<h2 id="case">What was reported</h2>')
    if doc.get("notes"):
        out.append(f"<p>{_e(doc['notes'])} <span class='muted'>(notes, not interpreted)</span></p>")
    if findings:
        grouped: dict[str, list[Any]] = {}
        for f in findings:
            grouped.setdefault(f["finding"], []).append(f["value"])
        rows = "".join(f'<div title="{_e(path)}"><dt>{_e(finding_question(path))}</dt>'
                       f"<dd>{_e(answer_words(values[0] if len(values) == 1 else values))}</dd></div>"
                       for path, values in grouped.items())
        # On screen the answers are folded, so that what to do comes first on a phone; on paper, for the doctor,
        # they are printed whole at the top.
        out.append(f'<details class="screen-only"><summary>The {len(grouped)} answers given</summary>'
                   f'<dl class="summary">{rows}</dl></details><dl class="summary print-only">{rows}</dl>')
    return out


def _differential(doc: dict[str, Any], brief: bool) -> list[str]:
    diagnoses = doc["diagnoses"][:3] if brief else doc["diagnoses"]
    if not diagnoses:
        return ["<p>No condition reached positive certainty.</p>"]
    out = [_bar_chart(diagnoses)]
    out.append('<table id="differential-table"><caption class="muted">The chart as a table</caption><thead><tr>'
               '<th scope="col">#</th><th scope="col">Condition</th><th scope="col">Certainty</th>'
               + ("" if brief else '<th scope="col">Evidence</th>') + "</tr></thead><tbody>")
    for i, d in enumerate(diagnoses, 1):
        never = " <strong>(never miss)</strong>" if d["dangerous"] else ""
        row = f"<tr><td>{i}</td><td>{_e(d['name'])}{never}</td><td>{d['certainty']:.2f} ({_e(d['likelihood'])})</td>"
        if not brief:
            evidence = "".join(f"<div class='for'>+ {_e(ev['title'])}</div>" for ev in d["evidence_for"])
            evidence += "".join(f"<div class='against'>− {_e(ev['title'])}</div>" for ev in d["evidence_against"])
            row += f"<td>{evidence}</td>"
        out.append(row + "</tr>")
    out.append("</tbody></table>")
    if brief and len(doc["diagnoses"]) > 3:
        out.append(f"<p class='muted'>{len(doc['diagnoses']) - 3} more in the standard report.</p>")
    return out


def _bar_chart(diagnoses: list[dict[str, Any]]) -> str:
    """The differential as horizontal certainty bars (0 to 1), never-miss conditions in red with a marker and words."""
    row, label_h, bar_h, width, value_w = 44, 16, 16, 640, 150
    scale = width - value_w
    height = row * len(diagnoses) + 22
    alt = "; ".join(f"{d['name']}: certainty {d['certainty']:.2f}, {d['likelihood']}" + (", never miss" if d["dangerous"] else "")
                    for d in diagnoses)
    out = [f'<figure class="chart-fig"><svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
           f'aria-labelledby="chart-title chart-desc" font-family="system-ui,sans-serif" font-size="13">',
           '<title id="chart-title">Certainty of each possible cause, from 0 to 1</title>',
           f'<desc id="chart-desc">{_e(alt)}.</desc>']
    for tick in (0, 0.25, 0.5, 0.75, 1):
        x = round(tick * scale, 1)
        out.append(f'<line x1="{x}" y1="0" x2="{x}" y2="{height - 18}" stroke="#dddddd"/>'
                   f'<text x="{min(x, scale - 8)}" y="{height - 4}" fill="#595959" font-size="11">{tick:g}</text>')
    for i, d in enumerate(diagnoses):
        y = i * row
        colour = NEVER_MISS if d["dangerous"] else BAR
        w = max(2.0, round(d["certainty"] * scale, 1))
        name = _e(d["name"]) + (" — never miss" if d["dangerous"] else "")
        weight, mark = (' font-weight="bold"', "⚠ ") if d["dangerous"] else ("", "")
        out.append(f'<text x="0" y="{y + label_h - 3}" fill="#1b1b1b"{weight}>{mark}{name}</text>')
        pattern = ' stroke="#5c0010" stroke-width="2"' if d["dangerous"] else ""
        out.append(f'<rect x="0" y="{y + label_h + 2}" width="{w}" height="{bar_h}" rx="2" fill="{colour}"{pattern}/>')
        out.append(f'<text x="{w + 6}" y="{y + label_h + bar_h - 1}" fill="#1b1b1b">{d["certainty"]:.2f} {_e(d["likelihood"])}</text>')
    out.append("</svg><figcaption>Certainty from 0 (no support) to 1, from the rules' evidence. "
               "<span aria-hidden='true'>⚠</span> red bars are never-miss conditions: dangerous if missed, "
               "so ruled out first.</figcaption></figure>")
    return "".join(out)


def _changes(doc: dict[str, Any]) -> list[str]:
    if not doc["what_would_change"]:
        return []
    out = ['<h2 id="what-would-change">What would change the answer</h2>',
           "<p>Questions not yet answered, most important first:</p><ul>"]
    names = condition_names(doc)
    for change in doc["what_would_change"]:
        questions, effects = change_words(change, names)
        hints = f" <span class='hint'>{_e(', '.join(change['findings']))}</span>"
        if len(questions) == 1:
            out.append(f"<li>{_e(questions[0])} The answer {_e(effects)}.{hints}</li>")
        else:
            items = "".join(f"<li>{_e(q)}</li>" for q in questions)
            out.append(f"<li>The answers to these together {_e(effects)}:<ul>{items}</ul>{hints}</li>")
    out.append("</ul>")
    return out


def _wells(doc: dict[str, Any]) -> list[str]:
    wells = doc["scores"].get("wells_dvt")
    if not wells:
        return []
    out = [f'<h2 id="wells">Wells score for a clot (DVT): {_e(wells_headline(wells))}</h2>', f"<p>{_e(wells['meaning'])}</p>",
           '<table class="wells"><thead><tr><th scope="col">Item</th><th scope="col">Points</th><th scope="col">Counted?</th>'
           "</tr></thead><tbody>"]
    for item in wells["items"]:
        if item["scored"]:
            state, points = "<strong>yes, counted</strong>", f"{item['points']:+d}"
        elif item.get("unknown"):
            state, points = "<em>unknown: a clinician must check</em>", f"({item['points']:+d})"
        else:
            state, points = "no", "0"
        out.append(f"<tr><td>{_e(item['text'])}</td><td>{points}</td><td>{state}</td></tr>")
    rng = wells["range"]
    total = f"{wells['points']}" + (f" counted; could be {rng['min']} to {rng['max']}" if wells.get("partial") else "")
    out.append(f"<tr><th scope='row'>Total</th><td>{_e(total)}</td><td>{_e(wells['interpretation'])}</td></tr></tbody></table>")
    for alt in wells["alternative"]:
        out.append(f"<p class='muted'>An alternative diagnosis at least as likely: {_e(alt['name'])} (−2 points).</p>")
    return out


def _derivation(doc: dict[str, Any]) -> list[str]:
    from .graph import _graph, render_svg

    nodes, edges = _graph(doc)
    if not nodes:
        return []
    label = dict(nodes)
    out = ['<h2 id="derivation">How the answer was reached</h2>',
           "<p class='muted screen-only'>Reported findings (blue, rounded) fire rules (square boxes), which conclude "
           "(orange): red flags, suspected conditions, triage and withheld advice.</p>",
           "<p class='muted print-only'>Each rule that fired, what it used and what it concluded.</p>",
           f'<figure><div class="scroll screen-only">{render_svg(doc)}</div>',
           "<figcaption>"]
    listed: list[str] = []
    into: dict[str, list[str]] = {}
    outof: dict[str, list[str]] = {}
    for a, b in edges:
        into.setdefault(b, []).append(label[a])
        outof.setdefault(a, []).append(label[b])
    for nid, text in nodes:
        if nid.startswith("r"):
            used = "; ".join(into.get(nid, [])) or "nothing"
            gave = "; ".join(outof.get(nid, [])) or "nothing drawn"
            listed.append(f"<li>{_e(text)}: from {_e(used)}; to {_e(gave)}</li>")
    items = "".join(listed)
    # On screen the list is folded under the picture; on paper, where the picture would be too small to read,
    # the list is printed instead.
    out.append(f'<details class="screen-only"><summary>The same graph as text</summary><ul>{items}</ul></details>'
               f'<ul class="print-only">{items}</ul></figcaption></figure>')
    return out


def _trace(doc: dict[str, Any]) -> list[str]:
    from .text import _fact_words

    out = [f'<h2 id="reasoning">Reasoning, firing by firing ({len(doc["trace"])} rule firings)</h2>',
           '<table class="trace"><thead><tr><th scope="col">#</th><th scope="col">Rule</th><th scope="col">From</th>'
           '<th scope="col">Concluded</th></tr></thead><tbody>']
    for f in doc["trace"]:
        basis = [f"{m['data']['name']} = {answer_words(m['data']['value'])}" for m in f["matched"] if m["type"] == "Finding"]
        if f["from_firings"]:
            basis.append("firings " + ", ".join(f"#{n}" for n in f["from_firings"]))
        concluded = ", ".join(_fact_words(a) for a in f["asserted"]) or "nothing new"
        out.append(f"<tr><td>{f['firing']}</td><td>{_e(f['title'])} <span class='hint'>{_e(f['rule'])}</span></td>"
                   f"<td>{_e('; '.join(basis))}</td><td>{_e(concluded)}</td></tr>")
    out.append("</tbody></table>")
    return out


__all__ = ["BANNER_TEXT", "COLOURS", "render_html"]
