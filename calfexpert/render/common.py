"""Small helpers shared by the renderers."""

from __future__ import annotations

import re
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe_text(text: str) -> str:
    """Case text made safe for a terminal: control characters (escape sequences) shown, not obeyed."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


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
