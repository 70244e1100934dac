"""Whether an answer can still change anything (calfexpert/interview/reach.py): the check that keeps the interview from
asking a question the report names only through conditions already closed, checked against the engine itself."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from conftest import FACTS

import calfexpert
from calfexpert.api import fire
from calfexpert.interview import Interview, replay
from calfexpert.interview.policy import iter_candidates
from calfexpert.interview.reach import answers, can_change
from calfexpert.interview.session import answer_from_case
from calfexpert.knowledge.questions import CHECKLIST_OF, GATE_OF, applies

RED_FLAG = ["triage.red_flag_compartment"]
"""Fires on a tense compartment, on pain on passive stretch, on pain out of proportion that does not settle, or on
numbness with severe pain (7/10 or more) at rest that comes neither from the back nor from a blocked artery."""

NUMBNESS_BRANCH = {"signs.weak_foot_pulse": False, "signs.cold_or_pale_foot": False,
                   "pain.radiates_from_back_or_buttock": False, "history.lower_back_pain": False}


def test_answers_try_each_value_and_both_sides_of_each_threshold() -> None:
    assert answers("signs.warmth") == (True, False)
    assert "rapidly_worsening" in (answers("pain.trend") or ())
    severity = answers("pain.severity")
    assert severity is not None and {3, 4, 5, 6, 7, 8, 9} <= set(severity) and all(0 <= v <= 10 for v in severity)
    location = answers("pain.location")
    assert location is not None and frozenset({"calf_belly"}) in location
    assert answers("case_id") is None  # not a finding


def test_a_pain_score_cannot_fire_a_branch_that_numbness_has_closed() -> None:
    """The report names the pain score for the compartment red flag; once numbness is "no" (or "don't know"), no
    score fires it: the other branches need findings already answered."""
    closed = {**NUMBNESS_BRANCH, "signs.numbness_or_tingling": False, "pain.persists_at_rest": True}
    assert not can_change("pain.severity", RED_FLAG, closed, ["pain.severity"])
    dont_know = {k: v for k, v in closed.items() if k != "signs.numbness_or_tingling"}  # unknown and not open: never
    assert not can_change("pain.severity", RED_FLAG, dont_know, ["pain.severity"])


def test_a_pain_score_can_fire_the_branch_while_it_is_open() -> None:
    live = {**NUMBNESS_BRANCH, "signs.numbness_or_tingling": True, "pain.persists_at_rest": True}
    assert can_change("pain.severity", RED_FLAG, live, ["pain.severity"])
    # With numbness still to be asked, the pair can fire it: the score matters.
    assert can_change("pain.severity", RED_FLAG, {**NUMBNESS_BRANCH, "pain.persists_at_rest": True},
                      ["pain.severity", "signs.numbness_or_tingling"])


def test_a_finding_only_ever_negated_cannot_make_a_rule_fire_that_waits_on_nothing_else() -> None:
    """Low back pain only blocks the numbness branch ("not from the back"): with every other finding settled, "no" is
    what the rule already assumes, "yes" can only keep it from firing."""
    settled = {"signs.numbness_or_tingling": False, "signs.weak_foot_pulse": False, "signs.cold_or_pale_foot": False,
               "pain.radiates_from_back_or_buttock": False}
    assert not can_change("history.lower_back_pain", ["triage.red_flag_limb_ischaemia"], settled, ["history.lower_back_pain"])


def test_when_it_cannot_tell_it_says_yes() -> None:
    """A rule that waits on a condition to become suspected, an unknown rule, a number without a threshold: the question
    stays askable."""
    assert can_change("pain.severity", ["no.such_rule"], {}, ["pain.severity"])
    waits = next(r for r in calfexpert.rules.REGISTRY.specs.values()
                 if any(type(c.pattern).__name__ == "Suspected" for c in r.conds) and not r.custom and r.triage)
    path = next(p for c in waits.conds for p in c.uses)
    assert can_change(path, [waits.id], {}, [path])


def _with(case: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    out = copy.deepcopy(case)
    *sections, name = path.split(".")
    node = out
    for part in sections:
        node = node.setdefault(part, {})
    node[name] = sorted(value) if isinstance(value, frozenset) else value
    return out


SAMPLE = sorted(FACTS.glob("*/*.json"))[::7]
"""A spread of the case files (every 7th), for the check against the engine, in :data:`PARTS` tests."""
PARTS = 4


def _ruled_out_checked_against_the_engine(path: Any) -> int:
    facts = calfexpert.load_case(path)
    interview = Interview()
    checked = 0
    while (question := interview.next_question()) is not None:
        known = interview.known()
        for entry in interview.changes():
            open_ = [p for p in entry["findings"] if interview.is_open(p) and applies(p, known)]
            if len(open_) != 1 or interview.can_change(open_[0], entry) or answers(open_[0]) is None:
                continue
            (finding,) = open_
            fired = {tuple(sorted(set(entry["rules"]) & set(fire(_with(interview.case, finding, v)).rules)))
                     for v in answers(finding) or ()}
            assert len(fired) == 1, (path.name, finding, entry["rules"], fired)
            checked += 1
        answer_from_case(interview, question, facts)
    return checked


@pytest.mark.parametrize("index", range(PARTS))
def test_what_it_rules_out_the_engine_never_fires(index: int) -> None:
    """At every step of a replay, for each change of the whole list waiting on one open finding that the check says no
    answer can bring about: the engine, given each answer in turn (all else as answered, "don't know" absent), fires
    the change's rules for all answers or for none."""
    checked = sum(_ruled_out_checked_against_the_engine(path) for path in SAMPLE[index::PARTS])
    assert checked > 0  # not empty: the report names findings that the answers have closed


def test_every_question_asked_could_change_something() -> None:
    """No question of its own is asked unless some answer could bring a change about, given the answers so far (or it
    completes a score: the Wells items, the AAOS and Pedowitz findings)."""
    interview = replay(FACTS / "examples" / "muscle_cramp.json")
    asked = [item.question.path for item in interview.history]
    assert "pain.severity" not in asked  # a cramp that eased with stretching and is improving: no score can matter
    assert interview.result().triage_level == calfexpert.explain(FACTS / "examples" / "muscle_cramp.json").triage_level
    probe = Interview()
    for path, _, stage in iter_candidates(probe):
        if path not in CHECKLIST_OF and path not in GATE_OF and stage == "could change the answer":
            assert any(probe.can_change(path, e) for e in probe.changes() if path in e["findings"]), path
