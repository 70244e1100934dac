"""Which question next: the one whose answer can change the answer most.

The policy reads the explanation of the case as answered so far (:func:`calfexpert.explain`): its triage,
its differential, its Wells score (``scores.wells_dvt``: the items still unknown) and its whole
``what_would_change`` list (unknown findings whose answer could raise the triage or change the most likely
cause, most important first; :meth:`Interview.changes`).  That list is an estimate that names a finding as soon
as a condition of a rule names it, so a finding counts only when some answer to it could still bring the
change about given every answer so far (:meth:`Interview.can_change`, :mod:`calfexpert.interview.reach`):
the pain score is not asked for the numbness branch of the compartment red flag once numbness is ruled out.
In order:

1. the basics of the story (:data:`BASICS`): without them almost nothing can be judged;
2. the emergency checklist (chest pain, breathlessness, coughing blood, collapse, dark urine, a cold foot,
   saddle numbness): one grouped question, so a runner with none answers in one step;
3. every finding that could **raise the triage** (``what_would_change`` entries with a triage effect);
4. every Wells item still unknown as soon as a DVT is among the three most likely causes (the score
   decides the triage of a suspected clot and what test comes next);
5. every finding that could **change the most likely cause** (the rest of ``what_would_change``: Pedowitz
   pressures, the AAOS rupture criteria and the other findings that separate the top diagnoses).

A finding that belongs to a checklist of :data:`calfexpert.knowledge.questions.CHECKLISTS` is asked with its
checklist (the items still open).  A question that cannot apply to the story so far
(:data:`calfexpert.knowledge.questions.NOT_ASKED_WHEN`, e.g. an exertional pattern for a pain that began
at rest) is not asked, and one answered "don't know" is never asked again.  The interview stops when
nothing is left; :func:`remaining` then says which findings of ``what_would_change`` are still unknown
and why they were not asked (answered "don't know", not fitting the story, closed by the other answers, or
needing several more questions), so the interview's last words and the report's list agree.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ..knowledge import CONDITIONS, TRIAGE_LEVELS
from ..knowledge.information import WELLS_ITEM_FINDINGS
from ..knowledge.questions import CHECKLIST_OF, CLOT_STORY, GATE_OF, SCORE_FIELDS, applies
from .questions import Question, make_checklist, make_gate, make_question

if TYPE_CHECKING:  # the session asks the policy for its next question; the policy only reads the session
    from .session import Interview

BASICS: tuple[str, ...] = ("pain.side", "pain.location", "pain.onset", "pain.started")
"""Asked first, in this order: which leg, where, and how and when it began."""

EMERGENCY_CHECKLIST = "emergency_signs"
"""The checklist asked right after the basics, whatever the story: the signs that need emergency care."""

DVT = "dvt"
"""The condition whose score (Wells) is completed as soon as it is among the top three."""

MAX_QUESTIONS_PER_CHANGE = 2
"""A change of the answer that would need more questions than this (its findings spread over more questions) is
not pursued: no single answer, nor a pair, could bring it about."""

CLOT_HISTORY: tuple[str, ...] = ("history.long_travel_hours", "history.surgery_weeks_ago", "history.bedridden_days")
"""The numbers of a clot's history (how long a journey, how many weeks since surgery, how many days in bed): asked
once a clot is in play (among the top three, or a story of a clot), not for every change they could join."""

_LEVEL_LABELS = {level.id: level.label for level in TRIAGE_LEVELS}


def _effect_words(effects: list[Mapping[str, Any]]) -> str:
    parts = []
    for effect in effects:
        if effect["kind"] == "triage":
            parts.append(f"raise the triage to {_LEVEL_LABELS.get(effect['to'], effect['to'])}")
        elif effect["kind"] == "top_diagnosis":
            condition = CONDITIONS.get(effect["to"])
            parts.append(f"make {condition.name if condition else effect['to']} the most likely cause")
    return "Your answer could " + " and ".join(parts) + "." if parts else ""


def _raised_to(entry: Mapping[str, Any]) -> str:
    return next((str(x["to"]) for x in entry["effects"] if x["kind"] == "triage"), "")


def _askable(interview: Interview, path: str, known: Mapping[str, Any]) -> bool:
    return interview.is_open(path) and applies(path, dict(known))


def candidates(interview: Interview) -> list[tuple[str, str, str]]:
    """The findings worth asking now, most important first: (path, why, stage) (:func:`iter_candidates`, whole)."""
    return list(iter_candidates(interview))


def _question_of(path: str) -> str:
    """The question that asks about ``path``: its checklist, else the path itself."""
    return CHECKLIST_OF[path].id if path in CHECKLIST_OF else path


def iter_candidates(interview: Interview) -> Iterator[tuple[str, str, str]]:
    """The findings worth asking now, most important first: (path, why, stage), worked out only as far as read.

    First every finding that could raise the triage to urgent or emergency care, then the Wells items when a clot is
    in play and the findings of a score deciding a condition among the three most likely, then the findings that could
    raise the triage otherwise, then those that could change the most likely cause: each from an entry of the whole
    "what would change" list (:meth:`Interview.changes`) that at most :data:`MAX_QUESTIONS_PER_CHANGE` questions can
    settle.  A question of its own whose every answer leaves the entry's change out of reach, given the answers so
    far, does not count (:meth:`Interview.can_change`): the list names it only through conditions already closed.
    """
    result = interview.result()
    known = interview.known()

    def raises(entry: Mapping[str, Any]) -> bool:
        return any(x["kind"] == "triage" for x in entry["effects"])

    top3 = result.conditions[:3]
    clot_in_play = DVT in top3 or any(known.get(field) in values for field, values in CLOT_STORY)

    def decidable(entry: Mapping[str, Any]) -> list[tuple[str, str, str]]:
        """The entry's open findings, when at most :data:`MAX_QUESTIONS_PER_CHANGE` questions can settle them."""
        open_ = [p for p in entry["findings"] if _askable(interview, p, known)]
        if not clot_in_play and set(open_) & set(CLOT_HISTORY):
            return []  # the history of a clot is asked in full once a clot is in play
        open_ = [p for p in open_ if interview.can_change(p, entry)]
        groups = {_question_of(p) for p in open_}
        if not open_ or len(groups) > MAX_QUESTIONS_PER_CHANGE:
            return []
        return [(p, _effect_words(entry["effects"]), "could change the answer") for p in open_]

    def steps() -> Iterator[list[tuple[str, str, str]]]:
        whole = interview.changes()
        urgent = {"emergency", "urgent"}
        for entry in (e for e in whole if raises(e) and _raised_to(e) in urgent):
            yield decidable(entry)
        if clot_in_play:
            wells = result.data["scores"].get("wells_dvt")
            items = wells["items_unknown"] if wells else list(WELLS_ITEM_FINDINGS)
            why = "It completes the Wells score for a clot, which decides how soon a scan is needed (brief §1.1)."
            yield [(p, why, "scores") for item in items for p in WELLS_ITEM_FINDINGS.get(item, ())]
        for condition in (c for c in SCORE_FIELDS if c in top3 or (c == DVT and any(known.get(f) in v for f, v in CLOT_STORY))):
            name = CONDITIONS[condition].name if condition in CONDITIONS else condition
            yield [(p, f"It completes what decides whether this is {name} (brief §1).", "scores") for p in SCORE_FIELDS[condition]]
        for entry in (e for e in whole if raises(e) and _raised_to(e) not in urgent):
            yield decidable(entry)
        for entry in (e for e in whole if not raises(e)):
            yield decidable(entry)

    seen: set[str] = set()
    for step in steps():
        for path, why, stage in step:
            if path not in seen and _askable(interview, path, known):
                seen.add(path)
                yield path, why, stage


def next_question(interview: Interview) -> Question | None:
    """The next question for ``interview``, or ``None`` when nothing left to ask could change the answer."""
    known = interview.known()
    for path in BASICS:
        if _askable(interview, path, known):
            return make_question(path, stage="basics")
    emergency = [p for p in _checklist_paths(EMERGENCY_CHECKLIST) if _askable(interview, p, known)]
    if emergency:
        return make_checklist(EMERGENCY_CHECKLIST, tuple(emergency), stage="red flags")
    had = [p for gate_id, ticked in interview.gates.items() for p in _gate_results(gate_id, ticked)
           if _askable(interview, p, known)]
    if had:
        group = CHECKLIST_OF.get(had[0])
        if group is not None:
            return make_checklist(group.id, tuple(p for p in group.paths if p in had), stage="scores")
        return make_question(had[0], stage="scores")
    first = next(iter_candidates(interview), None)
    if first is None:
        return None
    path, why, stage = first
    gate = GATE_OF.get(path)
    if gate is not None and gate.id not in interview.gates:
        return make_gate(gate.id, stage=stage)
    group = CHECKLIST_OF.get(path)
    if group is not None:
        items = tuple(p for p in group.paths if _askable(interview, p, known))
        return make_checklist(group.id, items, stage=stage)
    return make_question(path, why=why, stage=stage)


def _gate_results(gate_id: str, ticked: list[str] | None) -> list[str]:
    gate = next(g for g in GATE_OF.values() if g.id == gate_id)
    return [p for i, (_, paths) in enumerate(gate.options, 1) if str(i) in (ticked or []) for p in paths]


def _checklist_paths(checklist_id: str) -> tuple[str, ...]:
    return next(group.paths for group in {g.id: g for g in CHECKLIST_OF.values()}.values() if group.id == checklist_id)


NOT_ON_ITS_OWN = "not asked: it could change the answer only together with other unknown answers"
"""Why a finding of the report's "what would change" list was not asked although it is open."""


SETTLED_BY_DONT_KNOW = "not asked: what it would change also needs an answer you did not know"
"""Why a finding of the report's list was not asked: the rules it feeds wait on a finding answered "don't know"."""


CANNOT_CHANGE = "not asked: given your other answers, no answer to it could bring this change about"
"""Why a finding of the report's list was not asked: it is named only through conditions that the answers so far (a
"no", a "don't know") have already closed (:meth:`Interview.can_change`)."""


def remaining(interview: Interview) -> list[dict[str, Any]]:
    """What the report still lists as able to change the answer: each ``what_would_change`` entry of the
    explanation, with why each of its findings is still unknown: ``"you did not know"``, ``"does not fit the
    story"``, :data:`SETTLED_BY_DONT_KNOW`, :data:`CANNOT_CHANGE` (no answer to it could bring the change about,
    given the others) or :data:`NOT_ON_ITS_OWN` (the policy pursues a change only when at most
    :data:`MAX_QUESTIONS_PER_CHANGE` questions can settle it)."""
    data = interview.result().data
    known = interview.known()
    alive = {rule for entry in interview.changes() for rule in entry["rules"]}
    out = []
    for entry in data["what_would_change"]:
        reasons = {}
        settled = not set(entry["rules"]) & alive
        for path in entry["findings"]:
            if path in interview.dont_know:
                reasons[path] = "you did not know"
            elif not applies(path, dict(known)):
                reasons[path] = "does not fit the story"
            elif settled:
                reasons[path] = SETTLED_BY_DONT_KNOW
            elif not interview.can_change(path, entry):
                reasons[path] = CANNOT_CHANGE
            else:
                reasons[path] = NOT_ON_ITS_OWN
        out.append({"findings": list(entry["findings"]), "effects": entry["effects"], "reasons": reasons,
                    "effect_words": _effect_words(entry["effects"])})
    return out


__all__ = ["BASICS", "CANNOT_CHANGE", "EMERGENCY_CHECKLIST", "NOT_ON_ITS_OWN", "SETTLED_BY_DONT_KNOW", "candidates",
           "iter_candidates", "next_question", "remaining"]
