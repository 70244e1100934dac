"""The state of one consultation: the case as answered so far, the findings answered "don't know", what was
asked; saving and resuming it; and replaying an interview from a case file."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._atomic import write_text_atomically
from ..api import explain
from ..case import CaseSource, check_case, load_case, parse_case_bytes
from ..errors import InvalidCaseError
from ..knowledge.questions import GATES
from ..result import Explanation
from .questions import DONT_KNOW, FIELDS, Question, make_question
from .reach import can_change


def get_path(case: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted path (``None`` when absent)."""
    node: Any = case
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def _set(case: dict[str, Any], path: str, value: Any) -> None:
    *sections, name = path.split(".")
    node = case
    for part in sections:
        node = node.setdefault(part, {})
    node[name] = value


@dataclass(frozen=True)
class Asked:
    """One question asked, and the answer given (path -> value, ``None`` for don't know)."""

    question: Question
    answer: dict[str, Any]


class Interview:
    """A consultation, independent of any terminal.

    ``case`` is a partial case to continue (already known findings are not asked);
    ``dont_know`` the paths already answered "don't know".  Loop on :meth:`next_question`
    and :meth:`answer` until :meth:`next_question` returns ``None``; then :meth:`result`
    is the explanation and :meth:`document` the case to save.  The choice of the next
    question is :func:`calfexpert.interview.policy.next_question`.
    """

    def __init__(self, case: Mapping[str, Any] | None = None, dont_know: Iterable[str] = ()) -> None:
        self.case: dict[str, Any] = check_case(dict(case or {}), "<interview>")
        self.dont_know: set[str] = {p for p in dont_know if p in FIELDS and get_path(self.case, p) is None}
        self.asked: list[str] = []
        """The paths asked in this session, in order (every item of a checklist)."""
        self.history: list[Asked] = []
        """The questions asked in this session, with their answers."""
        self.gates: dict[str, list[str] | None] = {}
        """The gate questions answered (gate id -> the numbers of the options ticked, or ``None`` for don't know)."""
        self._result: Explanation | None = None
        self._changes: tuple[frozenset[str], list[dict[str, Any]], Reach] | None = None

    def is_open(self, path: str) -> bool:
        """Whether ``path`` is a finding still unknown and not yet answered "don't know"."""
        return path in FIELDS and path not in self.dont_know and get_path(self.case, path) is None

    def known(self) -> dict[str, Any]:
        """The known findings, dotted path -> value."""
        return {p: v for p in FIELDS if (v := get_path(self.case, p)) is not None}

    def next_question(self) -> Question | None:
        """The next question to ask, or ``None`` when nothing unknown could still change the answer."""
        from .policy import next_question

        return next_question(self)

    def answer(self, question: Question | str, value: Any) -> None:
        """Record an answer: a case value, or ``None`` (:data:`DONT_KNOW`); for a checklist, path -> value for its
        items.  ``ValueError`` if the case format refuses it (nothing is recorded then)."""
        if isinstance(question, str):
            if question not in FIELDS:
                raise ValueError(f"no finding {question!r} in the case format")
            question = make_question(question)
        if question.kind == "gate":
            self._answer_gate(question, value)
            return
        if question.kind == "checklist":
            if value is DONT_KNOW:  # don't know, for every item
                value = {p: DONT_KNOW for p in question.paths}
            if not isinstance(value, Mapping) or set(value) != set(question.paths):
                raise ValueError(question.hint())
            values = dict(value)
        else:
            if question.path not in FIELDS:
                raise ValueError(f"no finding {question.path!r} in the case format")
            values = {question.path: value}
        candidate = copy.deepcopy(self.case)
        changed = False
        for path, given in values.items():
            if given is not DONT_KNOW:
                _set(candidate, path, given)
                changed = True
        if changed:
            try:
                candidate = check_case(candidate, "<interview>")
            except InvalidCaseError as exc:
                hint = question.hint()
                raise ValueError(f"{exc.problems[0].message}: {hint}" if exc.problems else hint) from None
            self.case = candidate
            self._result = self._changes = None
        for path, given in values.items():
            if given is DONT_KNOW:
                self.dont_know.add(path)
            else:
                self.dont_know.discard(path)
            self.asked.append(path)
        self.history.append(Asked(question, values))

    def _answer_gate(self, question: Question, value: Any) -> None:
        """``value``: the options ticked (their numbers as text, "1" for the first), or ``None`` for don't know."""
        gate = next(g for g in GATES if g.id == question.path)
        numbers = [str(i) for i in range(1, len(gate.options) + 1)]
        if value is not DONT_KNOW and (not isinstance(value, (list, tuple, set)) or not set(value) <= set(numbers)):
            raise ValueError(question.hint())
        ticked = set() if value is DONT_KNOW else set(value)
        unticked = dict(gate.unticked) if value is not DONT_KNOW else {}
        candidate = copy.deepcopy(self.case)
        for number, (_, paths) in zip(numbers, gate.options, strict=True):
            if number not in ticked:  # not had: its value for "none" where there is one, else "don't know"
                for path in (p for p in paths if self.is_open(p)):
                    if path in unticked:
                        _set(candidate, path, unticked[path])
                    else:
                        self.dont_know.add(path)
        if candidate != self.case:
            self.case = check_case(candidate, "<interview>")
            self._result = self._changes = None
        self.gates[gate.id] = None if value is DONT_KNOW else sorted(ticked, key=int)
        self.history.append(Asked(question, {gate.id: self.gates[gate.id]}))

    def changes(self) -> list[dict[str, Any]]:
        """What could still change the answer (:func:`calfexpert.api.what_would_change`, listed whole), without what
        only "don't know" answers could decide."""
        return self._state()[1]

    def _state(self) -> tuple[frozenset[str], list[dict[str, Any]], Reach]:
        dont_know = frozenset(self.dont_know)
        if self._changes is None or self._changes[0] != dont_know:
            changes, reach = _changes_and_reach(self.case, dont_know)
            self._changes = (dont_know, changes, reach)
        return self._changes

    def can_change(self, path: str, entry: Mapping[str, Any]) -> bool:
        """Whether some answer to ``path`` could still bring about the change of ``entry`` (an entry of
        :meth:`changes`), given every answer so far (:func:`calfexpert.interview.reach.can_change`): ``False`` when
        the report names ``path`` only through conditions the answers so far (a "no", a "don't know") have closed."""
        from ..knowledge.questions import applies

        reach = self._state()[2]
        key = (path, tuple(entry["rules"]))
        if key not in reach.memo:
            known = self.known()
            open_ = {p for p in entry["findings"] if self.is_open(p) and applies(p, known)}
            reach.memo[key] = can_change(path, entry["rules"], reach.values, open_, reach.signs, reach.suspected)
        return reach.memo[key]

    def result(self) -> Explanation:
        """The explanation of the case as answered so far (through the public :func:`calfexpert.explain`)."""
        if self._result is None:
            self._result = explain(self.case)
        return self._result

    def document(self) -> dict[str, Any]:
        """The case to save: the answers, and ``null`` for every "don't know" (so a resumed interview skips it)."""
        doc = copy.deepcopy(self.case)
        for path in sorted(self.dont_know):
            _set(doc, path, None)
        return doc


@dataclass
class Reach:
    """What the rules saw in one run of the case as answered so far: for :meth:`Interview.can_change`."""

    values: dict[str, Any]
    signs: frozenset[str]
    suspected: frozenset[str]
    memo: dict[tuple[str, tuple[str, ...]], bool] = field(default_factory=dict)


def _changes_and_reach(case: Mapping[str, Any], dont_know: frozenset[str]) -> tuple[list[dict[str, Any]], Reach]:
    """:func:`calfexpert.api.what_would_change` of a checked case, and the run it came from (one run for both)."""
    from ..engine import engine_for_this_thread
    from ..explanation import build_core
    from ..facts import case_to_facts
    from ..rules import CalfEngine
    from ..whynot import CaseEnv
    from ..whynot import what_would_change as changes_of

    run = engine_for_this_thread(CalfEngine).run_facts(case_to_facts(case))
    core = build_core(case, run)
    env = CaseEnv(run)
    changes = changes_of(env, {f.rule for f in run.trace}, core["triage"]["level"], core["diagnoses"],
                         limit=len(run.trace) + 10_000, dont_know=dont_know)
    return changes, Reach(dict(env.values), frozenset(env.signs), frozenset(k for kind, k in env.facts if kind == "suspected"))


def _null_paths(value: Any, prefix: str = "") -> Iterator[str]:
    if isinstance(value, Mapping):
        for key, child in value.items():
            yield from _null_paths(child, f"{prefix}{key}.")
    elif value is None and prefix:
        yield prefix[:-1]


def load_partial(path: str | os.PathLike[str]) -> Interview:
    """An interview continuing a saved case; its ``null`` findings count as answered "don't know"."""
    case = load_case(path)  # reports every problem in the file
    raw = parse_case_bytes(Path(path).read_bytes(), str(path))
    return Interview(case, dont_know=_null_paths(raw))


def save_case(document: Mapping[str, Any], target: str | os.PathLike[str]) -> None:
    """Write a case (YAML for .yaml/.yml, else JSON) via a temporary file in the same folder, so it is never half-written."""
    target = Path(target)
    if target.suffix.lower() in (".yaml", ".yml"):
        import yaml

        text = yaml.safe_dump(dict(document), sort_keys=False, allow_unicode=True)
    else:
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    write_text_atomically(target, text)


def replay(truth: CaseSource) -> Interview:
    """A whole interview answered from a case: its value for each question, "don't know" where it is unknown."""
    facts = check_case(truth) if isinstance(truth, Mapping) else load_case(truth)
    interview = Interview()
    while (question := interview.next_question()) is not None:
        answer_from_case(interview, question, facts)
    return interview


def answer_from_case(interview: Interview, question: Question, facts: Mapping[str, Any]) -> None:
    """Answer ``question`` as the person with the case ``facts`` would: its value, "don't know" where it is unknown."""
    if question.kind == "gate":
        interview.answer(question, gate_ticks(question.path, facts))
    elif question.kind == "checklist":
        interview.answer(question, {p: get_path(facts, p) for p in question.paths})
    else:
        interview.answer(question, get_path(facts, question.path))


def gate_ticks(gate_id: str, facts: Mapping[str, Any]) -> list[str]:
    """The options of a gate question a person with the case ``facts`` ticks (their numbers as text)."""
    gate = next(g for g in GATES if g.id == gate_id)
    least = dict(gate.had_when)

    def had(path: str) -> bool:
        value = get_path(facts, path)
        return value is not None and (path not in least or value >= least[path])

    return [str(i) for i, (_, paths) in enumerate(gate.options, 1) if any(had(p) for p in paths)]


def questions_needed(truth: CaseSource) -> int:
    """How many questions the interview asks when answered from the case ``truth`` (a checklist counts once)."""
    return len(replay(truth).history)


__all__ = ["Asked", "Interview", "gate_ticks", "get_path", "load_partial", "questions_needed", "replay", "save_case"]
