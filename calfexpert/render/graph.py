"""The derivation as a graph (Mermaid or Graphviz DOT): case findings -> rule firings -> conclusions.

Only firings that conclude something a person reads (evidence, signs, red flags, scores,
suspicions, triage, factors, withheld advice) are drawn; advice firings are left out to keep
the picture legible.
"""

from __future__ import annotations

from typing import Any

from .common import answer_words

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
                nodes[nid] = f"{fact['data']['name']} = {answer_words(fact['data']['value'])}"
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
    lines = ["flowchart LR", f"  %% calfexpert derivation: triage {doc['triage']['level']}. Decision support, not a diagnosis."]
    for nid, label in nodes:
        shape = ('(["', '"])') if nid.startswith("f_") else (('{{"', '"}}') if nid.startswith("c") else ('["', '"]'))
        lines.append(f"  {nid}{shape[0]}{_label(label)}{shape[1]}")
    lines += [f"  {a} --> {b}" for a, b in edges]
    return "\n".join(lines) + "\n"


def render_dot(doc: dict[str, Any]) -> str:
    nodes, edges = _graph(doc)
    lines = ["digraph calfexpert {", "  rankdir=LR;", "  node [fontname=Helvetica];",
             f'  label="calfexpert derivation: triage {doc["triage"]["level"]}. Decision support, not a diagnosis.";']
    for nid, label in nodes:
        shape = "ellipse" if nid.startswith("f_") else ("hexagon" if nid.startswith("c") else "box")
        lines.append(f'  {nid} [shape={shape}, label="{_label(label)}"];')
    lines += [f"  {a} -> {b};" for a, b in edges]
    lines.append("}")
    return "\n".join(lines) + "\n"


# --- The derivation as an inline SVG picture, laid out here (no Graphviz needed). ----------------------------------

_NODE_W, _NODE_H, _GAP_X, _GAP_Y, _PAD = 200, 30, 48, 10, 8
_FONT = 11
_CHARS = 31  # what fits in a node at 11 px


def _short(text: str) -> str:
    return text if len(text) <= _CHARS else text[:_CHARS - 1] + "…"


def layout(doc: dict[str, Any]) -> tuple[list[dict[str, Any]], list[tuple[str, str]], int, int]:
    """The derivation graph laid out in columns, left to right (findings, then each firing after everything it
    used, then what it concluded): nodes with their kind, label and box; edges; and the picture's width and height.

    A node's column is its longest path from a finding; within a column nodes are ordered by the mean position of
    their neighbours (sweeps left to right and back, keeping the order with the fewest crossings), which keeps most
    edges short and uncrossed.
    """
    nodes, edges = _graph(doc)
    label = dict(nodes)
    preds: dict[str, list[str]] = {nid: [] for nid, _ in nodes}
    for a, b in edges:
        preds[b].append(a)
    column: dict[str, int] = {}

    def col(nid: str, seen: frozenset[str] = frozenset()) -> int:
        if nid not in column:
            column[nid] = 0 if not preds[nid] or nid in seen else 1 + max(col(p, seen | {nid}) for p in preds[nid])
        return column[nid]

    for nid, _ in nodes:
        col(nid)
    columns: dict[int, list[str]] = {}
    for nid, _ in nodes:
        columns.setdefault(column[nid], []).append(nid)
    succs: dict[str, list[str]] = {nid: [] for nid, _ in nodes}
    for a, b in edges:
        succs[a].append(b)
    order = _order(columns, preds, succs, edges, column)
    columns = order
    tallest = max((len(ids) for ids in columns.values()), default=0)
    height = _PAD * 2 + tallest * (_NODE_H + _GAP_Y) - _GAP_Y
    width = _PAD * 2 + len(columns) * (_NODE_W + _GAP_X) - _GAP_X
    boxes = []
    for c in sorted(columns):
        ids = columns[c]
        offset = (tallest - len(ids)) * (_NODE_H + _GAP_Y) / 2  # centre each column
        for i, nid in enumerate(ids):
            kind = "finding" if nid.startswith("f_") else "conclusion" if nid.startswith("c") else "rule"
            boxes.append({"id": nid, "kind": kind, "label": label[nid], "x": _PAD + c * (_NODE_W + _GAP_X),
                          "y": round(_PAD + offset + i * (_NODE_H + _GAP_Y), 1), "w": _NODE_W, "h": _NODE_H})
    return boxes, edges, max(width, 0), max(height, 0)


def _crossings(columns: dict[int, list[str]], edges: list[tuple[str, str]], column: dict[str, int]) -> int:
    """Crossings between edges that join the same two columns (the ones the ordering can change)."""
    rank = {nid: i for ids in columns.values() for i, nid in enumerate(ids)}
    by_gap: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for a, b in edges:
        by_gap.setdefault((column[a], column[b]), []).append((rank[a], rank[b]))
    count = 0
    for pairs in by_gap.values():
        for i, (a1, b1) in enumerate(pairs):
            count += sum(1 for a2, b2 in pairs[i + 1:] if (a1 - a2) * (b1 - b2) < 0)
    return count


def _order(columns: dict[int, list[str]], preds: dict[str, list[str]], succs: dict[str, list[str]],
           edges: list[tuple[str, str]], column: dict[str, int]) -> dict[int, list[str]]:
    """Nodes ordered within their columns by the barycentre heuristic: alternate sweeps, the best order kept."""
    current = {c: list(ids) for c, ids in sorted(columns.items())}
    best, fewest = {c: list(ids) for c, ids in current.items()}, _crossings(current, edges, column)
    for sweep in range(6):
        forward = sweep % 2 == 0
        keys = sorted(current) if forward else sorted(current, reverse=True)
        for c in keys[1:]:
            rank = {nid: i for ids in current.values() for i, nid in enumerate(ids)}
            near = preds if forward else succs

            def centre(nid: str, near: dict[str, list[str]] = near, rank: dict[str, int] = rank) -> tuple[float, str]:
                linked = [rank[n] for n in near[nid] if n in rank]
                return (sum(linked) / len(linked) if linked else rank[nid], nid)

            current[c].sort(key=centre)
        count = _crossings(current, edges, column)
        if count < fewest:
            best, fewest = {k: list(v) for k, v in current.items()}, count
    return best


_SVG_STYLE = {"finding": ('fill="#eef3fb" stroke="#2f5597"', 'rx="15"'),
              "rule": ('fill="#ffffff" stroke="#444444"', 'rx="2"'),
              "conclusion": ('fill="#fff4e0" stroke="#8a4b00" stroke-width="2"', 'rx="8"')}


def render_svg(doc: dict[str, Any], title_id: str = "derivation-title", desc_id: str = "derivation-desc") -> str:
    """The derivation as one inline SVG element (no script, no external reference): findings (rounded, blue),
    rule firings (square) and conclusions (orange, bold border), with arrows from what was used to what it gave.
    Every node's full label is in its ``<title>``; ``title_id``/``desc_id`` name the SVG's own title and description."""
    from html import escape

    boxes, edges, width, height = layout(doc)
    at = {b["id"]: b for b in boxes}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="derivation" role="img" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" aria-labelledby="{title_id} {desc_id}" font-family="system-ui,sans-serif" '
           f'font-size="{_FONT}">',
           f'<title id="{title_id}">How the answer was reached: case findings, the rules they fired, and what those '
           'rules concluded</title>',
           f'<desc id="{desc_id}">{len(boxes)} boxes and {len(edges)} arrows, read from left to right. '
           'The same derivation is listed as text below the picture.</desc>',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" '
           'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#666666"/></marker></defs>',
           '<g fill="none" stroke="#8c8c8c" stroke-width="1">']
    for a, b in edges:
        s, t = at[a], at[b]
        x1, y1 = s["x"] + s["w"], s["y"] + s["h"] / 2
        x2, y2 = t["x"], t["y"] + t["h"] / 2
        mid = (x1 + x2) / 2
        out.append(f'<path d="M{x1},{y1} C{mid},{y1} {mid},{y2} {x2},{y2}" marker-end="url(#arrow)"/>')
    out.append("</g>")
    for b in boxes:
        paint, corner = _SVG_STYLE[b["kind"]]
        text = escape(_label(b["label"]), quote=True)
        out.append(f'<g><title>{text}</title><rect x="{b["x"]}" y="{b["y"]}" width="{b["w"]}" height="{b["h"]}" {corner} '
                   f'{paint}/><text x="{b["x"] + 8}" y="{b["y"] + b["h"] / 2 + 4}" fill="#1b1b1b">'
                   f"{escape(_short(_label(b['label'])), quote=True)}</text></g>")
    out.append("</svg>")
    return "".join(out)
