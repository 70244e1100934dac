"""The derivation as a graph (Mermaid or Graphviz DOT): case findings -> rule firings -> conclusions.

Only firings that conclude something a person reads (evidence, signs, red flags, scores,
suspicions, triage, factors, withheld advice) are drawn; advice firings are left out to keep
the picture legible.
"""

from __future__ import annotations

from typing import Any

from ..knowledge import DISCLAIMER_HEADLINE

_SHOWN = {"Sign", "RedFlag", "Evidence", "Belief", "Suspected", "Alternative", "WellsItem", "WellsScore", "Factor",
          "TriageDemand", "Triage", "Withhold"}


def _label(text: str) -> str:
    return text.replace('"', "'").replace("\\", "/").replace("\n", " ")


def _conclusion(fact: dict[str, Any]) -> str:
    data = fact["data"]
    kind = fact["type"]
    if kind == "Evidence":
        return f"{data['condition']} {data['cf']:+.2f}"
    if kind in ("Belief",):
        return f"{data['condition']} certainty {data['cf']:.2f}"
    if kind == "Suspected":
        return f"suspect {data['condition']}"
    if kind in ("TriageDemand", "Triage"):
        return f"triage {data['level']}"
    if kind == "Withhold":
        return f"withhold {data['action']}"
    if kind == "Held":
        return f"hold back {data['advice']}"
    key = next((k for k in ("name", "flag", "factor", "item", "condition", "points") if k in data), None)
    return f"{kind} {data[key]}" if key else kind


def _graph(doc: dict[str, Any]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str]] = []
    producer: dict[str, int] = {}
    for firing in doc["trace"]:
        for fact in firing["asserted"]:
            producer[fact["fact"]] = firing["firing"]
    shown = {f["firing"] for f in doc["trace"] if any(a["type"] in _SHOWN for a in f["asserted"])}
    for firing in doc["trace"]:
        if firing["firing"] not in shown:
            continue
        fid = f"r{firing['firing']}"
        nodes[fid] = f"#{firing['firing']} {firing['rule']}"
        for fact in (*firing["matched"], *firing.get("read", [])):
            if fact["type"] == "Finding":
                nid = "f_" + "".join(ch if ch.isalnum() else "_" for ch in f"{fact['data']['name']}_{fact['data']['value']}")
                nodes[nid] = f"{fact['data']['name']} = {fact['data']['value']}"
                edges.append((nid, fid))
            elif fact["fact"] in producer and producer[fact["fact"]] in shown:
                edges.append((f"r{producer[fact['fact']]}", fid))
        for fact in firing["asserted"]:
            if fact["type"] in ("Suspected", "Triage", "RedFlag", "Factor", "Withhold"):
                cid = "c" + fact["fact"].replace("-", "_")
                nodes[cid] = _conclusion(fact)
                edges.append((fid, cid))
    return list(nodes.items()), list(dict.fromkeys(edges))


def render_mermaid(doc: dict[str, Any]) -> str:
    nodes, edges = _graph(doc)
    lines = ["flowchart LR", f"  %% calfexpert derivation: triage {doc['triage']['level']}. {DISCLAIMER_HEADLINE}"]
    for nid, label in nodes:
        shape = ('(["', '"])') if nid.startswith("f_") else (('{{"', '"}}') if nid.startswith("c") else ('["', '"]'))
        lines.append(f"  {nid}{shape[0]}{_label(label)}{shape[1]}")
    lines += [f"  {a} --> {b}" for a, b in edges]
    return "\n".join(lines) + "\n"


def render_dot(doc: dict[str, Any]) -> str:
    nodes, edges = _graph(doc)
    lines = ["digraph calfexpert {", "  rankdir=LR;", "  node [fontname=Helvetica];",
             f'  label="calfexpert derivation: triage {doc["triage"]["level"]}. {DISCLAIMER_HEADLINE}";']
    for nid, label in nodes:
        shape = "ellipse" if nid.startswith("f_") else ("hexagon" if nid.startswith("c") else "box")
        lines.append(f'  {nid} [shape={shape}, label="{_label(label)}"];')
    lines += [f"  {a} -> {b};" for a, b in edges]
    lines.append("}")
    return "\n".join(lines) + "\n"
