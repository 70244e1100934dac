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
    """Why a piece of advice is withheld, as one sentence per reason."""
    return " ".join(f"{sentence(r['reason'])} ({r['because_words']})." for r in item["reasons"])
