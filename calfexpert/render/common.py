"""Small helpers shared by the renderers."""

from __future__ import annotations

from typing import Any

from .._text import printable


def safe_text(text: str) -> str:
    """Case text made safe for a terminal, HTML or Markdown: control characters (escape sequences, NUL), bidi
    overrides and line separators shown as escapes, not obeyed; tabs and newlines kept."""
    return printable(text, newlines=True)


def value_words(value: Any) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)


def findings_words(findings: list[dict[str, Any]]) -> str:
    return ", ".join(f"{f['finding']} = {value_words(f['value'])}" for f in findings)


def level_words(level: str) -> str:
    return level.replace("_", " ")


def sentence(text: str) -> str:
    """The text with its first letter in capitals."""
    return text[:1].upper() + text[1:]


def withheld_reasons(item: dict[str, Any]) -> str:
    """Why a piece of advice is withheld, one sentence per distinct reason with everything it is because of.

    When the advice is unsafe for a reason of its own, the generic "only first aid in an emergency" is left out.
    """
    reasons = item["reasons"]
    own = [r for r in reasons if r.get("actions") != ["later"]]
    grouped: dict[str, list[str]] = {}
    for r in own or reasons:
        because = grouped.setdefault(r["reason"], [])
        if r["because_words"] not in because:
            because.append(r["because_words"])
    return " ".join(f"{sentence(reason)} ({'; '.join(because)})." for reason, because in grouped.items())


def wells_headline(wells: dict[str, Any]) -> str:
    """The Wells score in words, saying when it is partial (points counted, items unknown, the range it could reach)."""
    if wells.get("partial"):
        rng = wells["range"]
        return (f"{wells['points']} points counted, partial: {len(wells['items_unknown'])} items unknown, "
                f"could be {rng['min']} to {rng['max']} ({wells['interpretation']})")
    return f"{wells['points']} ({wells['interpretation']})"


def wells_mark(item: dict[str, Any]) -> str:
    """scored, unknown or not scored."""
    return "x" if item["scored"] else "?" if item.get("unknown") else " "


def insufficient(doc: dict[str, Any]) -> dict[str, Any] | None:
    """The information block when too little is known (older documents have none)."""
    info = doc.get("information")
    return info if info and not info["sufficient"] else None


def split_withheld(doc: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Withheld advice that is unsafe here, and advice only deferred until after assessment (an emergency's
    "first aid only"), which reports list on one line."""
    unsafe, later = [], []
    for item in doc["withheld"]:
        (later if item.get("actions") == ["later"] else unsafe).append(item)
    return unsafe, later


def later_words(later: list[dict[str, Any]]) -> str:
    reason = later[0]["reasons"][0]["reason"]
    return f"{sentence(reason)}: " + ", ".join(item["name"] for item in later) + "."
