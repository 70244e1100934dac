"""Questions as the interview asks them: the wording from :mod:`calfexpert.knowledge.questions`, the answers
each allows (from the case schema), and the parsing of what a person types."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..knowledge.questions import CHECKLISTS, GATES, INVERTED, UNTICKED, item_words, question_for, why_asked
from ..schemas import load_schema

DONT_KNOW: None = None
"""The answer "don't know": the finding stays unknown."""

_UNITS = {"_km": "km", "_cm": "cm", "_pct": "%", "_hours": "hours", "_days": "days", "days_since_onset": "days",
          "_weeks_ago": "weeks ago", "age": "years", "_mmhg": "mmHg", "_bpm": "beats a minute", "_per_min": "a minute",
          "temperature_c": "°C", "_u_per_l": "U/L"}
_YES, _NO = {"y", "yes", "true"}, {"n", "no", "false"}
_UNKNOWN = {"?", "dk", "don't know", "dont know", "unknown"}
_NONE = {"0", "none", "no", "n", "none of these", "nothing"}


def _leaves(node: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Mapping[str, Any]]]:
    for name, sub in node.get("properties", {}).items():
        path = f"{prefix}{name}"
        if "properties" in sub:
            yield from _leaves(sub, path + ".")
        elif prefix:  # top-level scalars (case_id, notes, schema_version) are not findings
            yield path, sub


FIELDS: dict[str, Mapping[str, Any]] = dict(_leaves(load_schema("case")))
"""Every finding a case can hold (dotted path to its schema)."""


@dataclass(frozen=True)
class Question:
    """One question: the case paths it fills, plain words, the answers it allows, and why it is asked.

    A single question fills one path (``path``); a checklist (``kind == "checklist"``) fills each of ``paths``
    at once: the items ticked are yes, the others no ("none" says no to all, "?" don't know to all).
    """

    path: str
    """The case path (a checklist: its id)."""
    text: str
    kind: str
    """``boolean``, ``choice`` (one of ``choices``), ``choices`` (one or more), ``integer``, ``number``, ``checklist``
    or ``gate`` (a yes/no question before the fields of a gate of :data:`calfexpert.knowledge.questions.GATES`)."""
    choices: tuple[tuple[str, str], ...] = ()
    """(value, plain words) for ``choice`` and ``choices``; (path, the finding in words) for a checklist (an item of
    :data:`calfexpert.knowledge.questions.INVERTED` says the opposite of its field: ticked means no)."""
    minimum: float | None = None
    maximum: float | None = None
    unit: str = ""
    why: str = ""
    stage: str = ""
    """``basics``, ``red flags``, ``scores`` or ``could change the answer``."""

    @property
    def paths(self) -> tuple[str, ...]:
        """The case paths the answer fills (a gate fills none itself)."""
        if self.kind == "gate":
            return ()
        if self.kind == "checklist":  # an item "field=value" answers a field that takes one of several values
            return tuple(dict.fromkeys(key.split("=", 1)[0] for key, _ in self.choices))
        return (self.path,)

    @property
    def hint_paths(self) -> str:
        """The field path(s), shown beside the question as a hint."""
        if self.kind in ("checklist", "gate"):
            return f"{self.kind} {self.path}"
        return self.path

    def answers(self) -> str:
        """The allowed answers, in words."""
        if self.kind == "boolean":
            return "y (yes), n (no) or ? (don't know)"
        if self.kind in ("checklist", "gate"):
            return "the numbers of those you have (1, 3), or 0 (none of these), or ? (don't know)"
        if self.kind in ("choice", "choices"):
            listed = "   ".join(f"{i} {words}" for i, (_, words) in enumerate(self.choices, 1))
            more = " (one or more, separated by commas)" if self.kind == "choices" else ""
            return f"{listed}   ? don't know{more}"
        whole = "a whole number" if self.kind == "integer" else "a number"
        unit = f" ({self.unit})" if self.unit else ""
        return f"{whole}{unit} from {_num(self.minimum)} to {_num(self.maximum)}, or ? (don't know)"

    def hint(self) -> str:
        """What to type, after an answer that was not understood."""
        if self.kind == "boolean":
            return "please answer y, n or ? (don't know)"
        if self.kind in ("checklist", "gate"):
            return (f"please answer the numbers of those you have (1 to {len(self.choices)}, separated by commas), "
                    "0 for none of these, or ? (don't know)")
        if self.kind in ("choice", "choices"):
            what = "one or more numbers or words, separated by commas" if self.kind == "choices" else "a number or a word"
            return f"please answer {what} from the list (1 to {len(self.choices)}), or ? (don't know)"
        return "please answer " + self.answers()

    def parse(self, text: str) -> Any:
        """The case value for a typed answer (``None`` for don't know; a checklist: path -> value for each item);
        ``ValueError`` with :meth:`hint` if not understood."""
        answer = " ".join(text.strip().lower().replace("’", "'").split())
        if answer in _UNKNOWN:
            return {p: DONT_KNOW for p in self.paths} if self.kind == "checklist" else DONT_KNOW
        if self.kind == "gate":  # the options ticked (their numbers, as text)
            if answer in _NONE:
                return []
            return sorted({self._choice(part.strip()) for part in answer.split(",") if part.strip()}, key=int)
        if self.kind == "checklist":
            ticked = set() if answer in _NONE else {self._choice(part.strip()) for part in answer.split(",") if part.strip()}
            if not ticked and answer not in _NONE:
                raise ValueError(self.hint())
            values: dict[str, Any] = {}
            for key, _ in self.choices:
                path, _, value = key.partition("=")
                if value:  # one of several values: the last ticked, else the value for none ticked
                    if key in ticked or path not in values:
                        values[path] = value if key in ticked else UNTICKED.get(path)
                    continue
                values[path] = (key in ticked) != (path in INVERTED)
            return values
        if self.kind == "boolean":
            if answer in _YES or answer in _NO:
                return answer in _YES
        elif self.kind == "choice":
            return self._choice(answer)
        elif self.kind == "choices" and answer:
            values = [self._choice(part.strip()) for part in answer.split(",") if part.strip()]
            return sorted(set(values))
        else:
            try:
                value = float(answer)
            except ValueError:
                raise ValueError(self.hint()) from None
            if self.kind == "integer" and value.is_integer():
                value = int(value)
            elif self.kind == "integer" or not (value == value and abs(value) != float("inf")):
                raise ValueError(self.hint())
            if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
                raise ValueError(f"{_num(value)} is out of range: " + self.hint())
            return int(value) if isinstance(value, float) and value.is_integer() else value
        raise ValueError(self.hint())

    def _choice(self, answer: str) -> str:
        if answer.isdigit() and 1 <= int(answer) <= len(self.choices):
            return self.choices[int(answer) - 1][0]
        for value, words in self.choices:
            if answer in (value, words.lower()):
                return value
        raise ValueError(self.hint())


def _num(value: float | None) -> str:
    return "?" if value is None else (str(int(value)) if float(value).is_integer() else str(value))


def make_question(path: str, why: str = "", stage: str = "") -> Question:
    """The question for one case path (a key of :data:`FIELDS`), worded from the shared question table."""
    schema = FIELDS[path]
    types = schema.get("type", [])
    types = [types] if isinstance(types, str) else list(types)
    options: list[Any] = list(schema.get("enum") or schema.get("items", {}).get("enum") or [])
    choices = tuple((str(v), str(v).replace("_", " ")) for v in options if v is not None)
    if "array" in types:
        kind = "choices"
    elif choices:
        kind = "choice"
    else:
        kind = next((k for k in ("boolean", "integer", "number") if k in types), "number")
    unit = next((u for suffix, u in _UNITS.items() if path.endswith(suffix)), "")
    return Question(path, question_for(path), kind, choices, schema.get("minimum"), schema.get("maximum"), unit,
                    why or _sentence(why_asked(path)), stage)


def make_checklist(checklist_id: str, paths: tuple[str, ...] | None = None, stage: str = "") -> Question:
    """The grouped question of a checklist of :data:`calfexpert.knowledge.questions.CHECKLISTS` (only ``paths``
    of its items, when given)."""
    group = next(g for g in CHECKLISTS if g.id == checklist_id)
    items: list[tuple[str, str]] = []
    for path in group.paths:
        if paths is None or path in paths:
            several = [(f"{path}={value}", words) for field, value, words in group.values if field == path]
            items += several or [(path, item_words(path))]
    return Question(group.id, group.text, "checklist", tuple(items), why=_sentence(group.why), stage=stage)


def make_gate(gate_id: str, stage: str = "") -> Question:
    """The gate question of :data:`calfexpert.knowledge.questions.GATES` ``gate_id``: tick the tests had."""
    gate = next(g for g in GATES if g.id == gate_id)
    return Question(gate.id, gate.text, "gate", tuple((str(i), words) for i, (words, _) in enumerate(gate.options, 1)),
                    why=_sentence(gate.why), stage=stage)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] if text else ""


__all__ = ["DONT_KNOW", "FIELDS", "Question", "make_checklist", "make_gate", "make_question"]
