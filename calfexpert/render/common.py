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


# --- Levels of detail and plain words for the reader. ------------------------------------------------------------

DETAILS: tuple[str, ...] = ("brief", "standard", "full")
"""Levels of detail of the text, Markdown and HTML reports (JSON always carries everything):
``brief`` the triage with its reasons, what to do now, what not to do, the safety-net and the top three causes;
``standard`` (the default) adds the evidence, factors, scores and what would change the answer;
``full`` adds the reasoning trace, firing by firing."""


def check_detail(detail: str) -> str:
    if detail not in DETAILS:
        raise ValueError(f"unknown detail {detail!r}; expected one of {', '.join(DETAILS)}")
    return detail


def finding_question(path: str) -> str:
    """The question a person is asked about the case field ``path``, in plain words ("Is your foot cold ...?").

    The one place every report turns a field path into words: it reads the question table the interview asks
    from (:func:`calfexpert.knowledge.questions.question_for`); a path the table does not know is said in words
    made from its last part.  The path itself stays a hint beside the words, and in the JSON.
    """
    return _question(path)


def _question(path: str) -> str:
    text = _QUESTIONS.get(path)
    if text is None:
        from ..knowledge.questions import question_for

        text = question_for(path)
        _QUESTIONS[path] = text
    return text


_QUESTIONS: dict[str, str] = {}


def answer_words(value: Any) -> str:
    """A case value in plain words: yes/no, words for enum values, lists joined."""
    if isinstance(value, list):
        return ", ".join(answer_words(v) for v in value) or "none"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value_words(value).replace("_", " ") if isinstance(value, (str, bool)) else str(value)


def effect_words(effect: dict[str, Any], names: dict[str, str] | None = None) -> str:
    """One effect of a what-would-change entry in words ("could raise the triage to emergency")."""
    if effect["kind"] == "triage":
        return f"could raise the triage to {level_words(effect['to'])}"
    name = (names or {}).get(effect["to"]) or effect["to"].replace("_", " ")
    return f"could make {name} the most likely cause"


def condition_names(doc: dict[str, Any]) -> dict[str, str]:
    """Condition id -> name for every condition the document names (differential, set aside, why-not)."""
    names: dict[str, str] = {}
    for key in ("diagnoses", "lowered", "why_not"):
        for entry in doc.get(key, []):
            if entry.get("name"):
                names[entry["condition"]] = entry["name"]
    return names


def change_words(change: dict[str, Any], names: dict[str, str] | None = None) -> tuple[list[str], str]:
    """A what-would-change entry as (the questions whose answers matter, what the answers could do)."""
    questions = [finding_question(path) for path in change["findings"]]
    effects = " and ".join(effect_words(e, names) for e in change["effects"])
    return questions, effects


def first_sentence(text: str) -> str:
    cut = text.find(". ")
    return text if cut < 0 else text[:cut + 1]


LEVEL_ORDER: tuple[str, ...] = ("emergency", "urgent", "see_doctor", "self_care")


def level_scale_words(level: str) -> str:
    """Where the level stands, in words (so that it never rests on colour alone)."""
    rank = LEVEL_ORDER.index(level) + 1 if level in LEVEL_ORDER else 0
    return f"Triage level {rank} of {len(LEVEL_ORDER)} (1 emergency, 2 urgent, 3 see a doctor, 4 self-care)"


def withheld_groups(doc: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """Withheld advice grouped by what it is withheld for, in the order met: (because words, advice names)."""
    groups: dict[str, list[str]] = {}
    for item in doc["withheld"]:
        if item.get("actions") == ["later"]:
            continue
        own = [r for r in item["reasons"] if r.get("actions") != ["later"]] or item["reasons"]
        because = own[0]["because_words"]
        groups.setdefault(because, []).append(item["name"])
    return list(groups.items())


def names_in_text(names: list[str], first: bool = False) -> str:
    """Advice names as one list in running text: a capital only where a sentence starts (``first``)."""
    return ", ".join(n if first and i == 0 else n[:1].lower() + n[1:] for i, n in enumerate(names))
