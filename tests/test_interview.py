"""The interactive consultation (`calfexpert ask`): the question order, plain-words questions from the shared
table, checklists, "don't know", the replay targets of issue 13 over every case file, the stop that agrees
with the report, the click command (--save, --resume, --replay, end of input, Ctrl-C) and one whole interview
in a real terminal under tmux."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import FACTS

import calfexpert
from calfexpert import interview as iv
from calfexpert.interview import BASICS, FIELDS, Interview, Question, make_question, replay
from calfexpert.interview import command as ask_module
from calfexpert.interview.command import ask_command
from calfexpert.interview.policy import NOT_ON_ITS_OWN, remaining
from calfexpert.interview.session import gate_ticks
from calfexpert.knowledge.information import WELLS_ITEM_FINDINGS
from calfexpert.knowledge.questions import CHECKLIST_OF, INVERTED, QUESTIONS

ALL_CASES = sorted(FACTS.glob("*/*.json"))
PARTS = 12


@cache
def _replayed(path: Path) -> Interview:
    return replay(path)


def _dont_know(question: Question) -> Any:
    return {p: None for p in question.paths} if question.kind == "checklist" else None


def _typed(value: Any) -> str:
    """What a user would type for a case value."""
    if value is None:
        return "?"
    if isinstance(value, bool):
        return "y" if value else "n"
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)


def _truth(case: dict[str, Any], path: str) -> Any:
    node: Any = case
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _typed_answer(question: Question, truth: dict[str, Any]) -> str:
    """What a user would type to answer ``question`` as the case ``truth`` says."""
    if question.kind == "gate":
        return ", ".join(gate_ticks(question.path, truth)) or "0"
    if question.kind == "checklist":  # an item of INVERTED is ticked for a finding that is false
        values = [_truth(truth, p) for p in question.paths]
        ticked = []
        for i, (key, _) in enumerate(question.choices, 1):
            path, _, value = key.partition("=")
            v = _truth(truth, path)
            if (value and v == value) or (not value and v is not None and v != (path in INVERTED)):
                ticked.append(str(i))
        if ticked:
            return ", ".join(ticked)
        return "0" if values and all(v is not None for v in values) else "?"
    return _typed(_truth(truth, question.path))


# --- Questions. -----------------------------------------------------------------------------------------------


def test_question_texts_come_from_the_shared_table() -> None:
    assert make_question("signs.cold_or_pale_foot").text == QUESTIONS["signs.cold_or_pale_foot"].text
    assert make_question("signs.cold_or_pale_foot").why == ("A cold, pale foot at rest means the blood supply may be "
                                                            "blocked: an emergency (brief §4.6, §5).")
    for path in FIELDS:
        text = make_question(path).text
        assert "_" not in text and "Omit or null" not in text and "?" in text, (path, text)


def test_a_checklist_is_answered_in_one_step() -> None:
    question = iv.make_checklist("emergency_signs")
    assert question.kind == "checklist" and len(question.paths) >= 7
    assert question.parse("none") == question.parse("0") == {p: False for p in question.paths}
    assert question.parse("?") == {p: None for p in question.paths}
    ticked = question.parse("1, 3")
    assert [p for p, v in ticked.items() if v] == [question.paths[0], question.paths[2]]
    with pytest.raises(ValueError, match="0 for none of these"):
        question.parse("99")
    warning = iv.make_checklist("warning_signs")  # "you cannot put your weight on the leg": ticked means no
    index = warning.paths.index("signs.can_bear_weight") + 1
    assert warning.parse(str(index))["signs.can_bear_weight"] is False and warning.parse("0")["signs.can_bear_weight"] is True
    interview = Interview()
    interview.answer(question, question.parse("none"))
    assert calfexpert.load_case(interview.document())["signs"]["chest_pain"] is False and len(interview.history) == 1


def test_answers_are_parsed_and_bad_ones_get_a_hint() -> None:
    boolean = make_question("signs.dark_urine")
    assert (boolean.parse("y"), boolean.parse(" No "), boolean.parse("?"), boolean.parse("don't know")) == (True, False, None, None)
    with pytest.raises(ValueError, match=re.escape("please answer y, n or ? (don't know)")):
        boolean.parse("maybe")
    with pytest.raises(ValueError):
        boolean.parse("")
    side = make_question("pain.side")
    assert side.kind == "choice" and ("left", "left") in side.choices
    assert (side.parse("2"), side.parse("both")) == ("right", "both")
    with pytest.raises(ValueError, match="1 to 3"):
        side.parse("4")
    started = make_question("pain.started")
    assert started.parse("day after run") == started.parse("day_after_run") == "day_after_run"
    location = make_question("pain.location")
    assert location.parse("1, shin") == ["calf_belly", "shin"]
    severity = make_question("pain.severity")
    assert severity.kind == "integer" and severity.parse("7") == 7
    with pytest.raises(ValueError, match="out of range: please answer a whole number from 0 to 10"):
        severity.parse("11")
    with pytest.raises(ValueError, match="whole number"):
        severity.parse("7.5")
    days = make_question("pain.days_since_onset")
    assert days.parse("2.5") == 2.5 and days.unit == "days"
    for bad in ("nan", "inf", "-1", "3651", "two"):
        with pytest.raises(ValueError, match="0 to 3650"):
            days.parse(bad)


def test_the_interview_refuses_a_value_outside_the_case_format() -> None:
    interview = Interview()
    with pytest.raises(ValueError, match="0 to 10"):
        interview.answer("pain.severity", 42)
    with pytest.raises(ValueError):
        interview.answer("pain.nonsense", True)
    assert interview.case == {} and interview.asked == []


# --- Order and "don't know". ----------------------------------------------------------------------------------


def test_basics_then_the_emergency_checklist() -> None:
    interview = Interview()
    order = []
    for _ in range(len(BASICS) + 1):
        question = interview.next_question()
        assert question is not None
        order.append(question)
        interview.answer(question, _dont_know(question))
    assert [q.path for q in order[: len(BASICS)]] == list(BASICS)
    assert all(q.stage == "basics" for q in order[: len(BASICS)])
    emergency = order[-1]
    assert emergency.kind == "checklist" and emergency.stage == "red flags"
    assert {"signs.chest_pain", "signs.short_of_breath", "signs.coughing_blood", "signs.dark_urine"} <= set(emergency.paths)
    assert "a clot in the lungs" in emergency.why


def test_exertional_pattern_questions_are_not_asked_about_a_pain_that_began_at_rest() -> None:
    path = FACTS / "examples" / "dvt_after_flight.json"
    interview = _replayed(path)
    assert calfexpert.load_case(path)["pain"]["started"] == "at_rest"
    assert not {"pain.same_point_each_run", "pain.eases_within_minutes_of_stopping",
                "signs.foot_cold_or_numb_after_running"} & set(interview.asked)
    # ... and every Wells item is asked for this story of a clot (the complaint).
    for item, paths in WELLS_ITEM_FINDINGS.items():  # asked, or settled by a gate ("no bed rest" is 0 days)
        assert set(paths) & (set(interview.asked) | set(interview.known()) | interview.dont_know), item
    assert "clot_history" in interview.gates
    assert interview.result().triage_level == "urgent" and interview.result().top_diagnosis == "dvt"


def test_dont_know_is_recorded_never_asked_again_and_saved_as_null() -> None:
    interview = Interview({"pain": {"side": "left"}})
    first = interview.next_question()
    assert first is not None and first.path == "pain.location"  # the known side is not asked
    interview.answer(first, None)
    assert interview.next_question().path == "pain.onset"
    while (question := interview.next_question()) is not None:
        interview.answer(question, _dont_know(question))
    asked = interview.asked
    assert asked.count("pain.location") == 1 and len(asked) == len(set(asked))
    assert len(interview.history) <= 30  # answering don't know to everything (issue 13)
    document = interview.document()
    assert document["pain"]["location"] is None and document["pain"]["side"] == "left"
    assert calfexpert.load_case(document) == {"pain": {"side": "left"}}  # null is unknown


# --- Replaying every case file: the targets of issue 13. ------------------------------------------------------


def _agrees(interview: Interview) -> None:
    """The stop keeps its word: every entry of the report's what-would-change list is one the interview could not
    settle with one more question (a finding answered don't know, one that does not fit the story, one whose
    change also needs a don't-know answer, or one that could change the answer only with several other answers)."""
    assert interview.next_question() is None
    left = remaining(interview)
    for entry in left:
        open_ = [p for p, why in entry["reasons"].items() if why == NOT_ON_ITS_OWN]
        groups = {CHECKLIST_OF[p].id if p in CHECKLIST_OF else p for p in open_}
        assert not open_ or len(groups) > 1, entry
    assert len(ask_module.closing_words(interview)) == (1 if not left else 2 + len(left))


@cache
def _part(index: int) -> list[tuple[Path, Interview]]:
    return [(path, _replayed(path)) for path in ALL_CASES[index::PARTS]]


@pytest.mark.parametrize("index", range(PARTS))
def test_replay_targets_per_case(index: int) -> None:
    """Over every case file, in parts: at most 25 questions, never one twice, every Wells item asked when a DVT
    ends in the top three, and a stop that agrees with the report."""
    for path, interview in _part(index):
        got = interview.result()
        assert len(interview.history) <= 25, (path.name, len(interview.history))
        assert len(interview.asked) == len(set(interview.asked)), path.name
        if "dvt" in got.conditions[:3]:
            wells = got.data["scores"].get("wells_dvt") or {"items_unknown": list(WELLS_ITEM_FINDINGS)}
            assert not [p for i in wells["items_unknown"] for p in WELLS_ITEM_FINDINGS[i] if interview.is_open(p)], path.name
        _agrees(interview)


@pytest.mark.parametrize("index", range(PARTS))
def test_replay_triage_equals_the_full_case(index: int) -> None:
    misses = [(p.name, i.result().triage_level, calfexpert.explain(p).triage_level) for p, i in _part(index)
              if i.result().triage_level != calfexpert.explain(p).triage_level]
    assert misses == [], misses


@pytest.mark.slow
def test_replay_figures_over_every_case_file() -> None:
    rows = [(p, i) for index in range(PARTS) for p, i in _part(index)]
    assert len(rows) == len(ALL_CASES) >= 100
    counts = sorted(len(i.history) for _, i in rows)
    top = sum(i.result().top_diagnosis == calfexpert.explain(p).top_diagnosis for p, i in rows) / len(rows)
    median = (counts[(len(counts) - 1) // 2] + counts[len(counts) // 2]) / 2
    print(f"\nreplay: top diagnosis equal {top:.1%}, questions median {median}, max {counts[-1]}")
    assert counts[-1] <= 25
    assert top >= TOP_EQUAL_REACHED and median <= MEDIAN_REACHED


TOP_EQUAL_REACHED = 0.98
"""The top-diagnosis agreement reached (target 0.95: docs/interview.md gives the figures): a floor against regressions."""
MEDIAN_REACHED = 12
"""The median number of questions reached (target 12; docs/interview.md gives the figures): a ceiling against
regressions."""


def test_questions_needed_counts_the_replay() -> None:
    path = FACTS / "examples" / "compartment_syndrome_acute.json"
    assert iv.questions_needed(path) == len(_replayed(path).history)


def test_replay_command_prints_the_questions_and_both_answers() -> None:
    path = FACTS / "examples" / "dvt_after_flight.json"
    result = CliRunner().invoke(ask_command, ["--replay", str(path)])
    assert result.exit_code == 0, result.output
    count = len(_replayed(path).history)
    assert f"Questions asked: {count}" in result.output and f"({count}) " in result.output
    assert re.search(r"^triage\s+urgent\s+urgent\s+same$", result.output, flags=re.M)
    assert re.search(r"^top diagnosis\s+dvt\s+dvt\s+same$", result.output, flags=re.M)
    data = json.loads(CliRunner().invoke(ask_command, ["--replay", str(path), "--format", "json"]).output)
    assert data["questions_asked"] == count == len(data["questions"])
    assert data["interview"]["triage"] == data["full_case"]["triage"] == "urgent" and data["same_top_diagnosis"] is True
    bad = CliRunner().invoke(ask_command, ["--replay", str(FACTS / "nope.json")])
    assert bad.exit_code == 2 and "Traceback" not in bad.output
    mixed = CliRunner().invoke(ask_command, ["--replay", str(path), "--save", "x.json"])
    assert mixed.exit_code == 2


# --- The command. -------------------------------------------------------------------------------------------------


def _answers_for(path: Path) -> str:
    truth = calfexpert.load_case(path)
    return "".join(_typed_answer(item.question, truth) + "\n" for item in _replayed(path).history)


def test_help_explains_with_an_example() -> None:
    result = CliRunner().invoke(ask_command, ["--help"])
    assert result.exit_code == 0
    assert "Example" in result.output and "calfexpert ask --save" in result.output


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_a_whole_interview_saves_a_case_explain_accepts(tmp_path: Path, suffix: str) -> None:
    truth = FACTS / "examples" / "dvt_after_flight.json"
    target = tmp_path / f"case{suffix}"
    result = CliRunner().invoke(ask_command, ["--save", str(target)], input=_answers_for(truth))
    assert result.exit_code == 0, result.output
    assert "TRIAGE: URGENT" in result.output
    assert "[signs.dark_urine]" in result.output and "Why we ask:" in result.output
    assert "no question left could change the answer" in result.output
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left
    saved = calfexpert.explain(target)
    assert saved.triage_level == calfexpert.explain(truth).triage_level == "urgent"
    assert saved.top_diagnosis == "dvt"
    if suffix == ".json":
        assert json.loads(target.read_text())["signs"]["saddle_numbness_or_bladder_change"] is None  # don't know


def test_resume_asks_only_what_is_still_unknown(tmp_path: Path) -> None:
    partial = tmp_path / "partial.yaml"
    partial.write_text("pain:\n  side: left\n  location: [calf_belly]\n  onset: sudden\n  started: during_run\n"
                       "  days_since_onset: 2\n  severity: 6\n  trend: stable\nsigns:\n  chest_pain: false\n  dark_urine: null\n")
    result = CliRunner().invoke(ask_command, ["--resume", str(partial), "--save", str(partial)], input="0\n" + "?\n" * 200)
    assert result.exit_code == 0, result.output
    asked = re.findall(r"^\(\d+\) .*\[(?:checklist |gate )?([\w.]+)\]$", result.output, flags=re.M)
    assert asked and not set(asked) & {*BASICS, "signs.chest_pain", "signs.dark_urine"}
    assert asked[0] == "emergency_signs"
    first = result.output[result.output.index("(1) "):result.output.index("(2) ")]
    assert "[signs.short_of_breath]" in first and "[signs.chest_pain]" not in first and "[signs.dark_urine]" not in first
    resumed = calfexpert.load_case(partial)
    assert resumed["pain"]["severity"] == 6 and resumed["signs"]["short_of_breath"] is False
    assert "dark_urine: null" in partial.read_text()


def test_end_of_input_mid_interview_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "case.json"
    result = CliRunner().invoke(ask_command, ["--save", str(target)], input="maybe\nleft\n1\n")
    assert result.exit_code == 2
    assert "please answer a number or a word from the list (1 to 3)" in result.output
    assert "(3) Did the pain come on suddenly, or gradually?" in result.output
    assert "no answer given" in result.output and "nothing was saved" in result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_exits_130_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = iter(["left\n", "shin\n"])

    def read_line(prompt: str) -> str:
        try:
            return next(answers)
        except StopIteration:
            raise KeyboardInterrupt from None

    monkeypatch.setattr(ask_module, "_read_line", read_line)
    target = tmp_path / "case.json"
    result = CliRunner().invoke(ask_command, ["--save", str(target)])
    assert result.exit_code == 130
    assert "interrupted" in result.output and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_bad_resume_file_and_missing_save_folder_are_invalid_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"signs": {"chest_pian": true}}')
    result = CliRunner().invoke(ask_command, ["--resume", str(bad)], input="?\n")
    assert result.exit_code == 2 and "chest_pain" in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(ask_command, ["--save", str(tmp_path / "nope" / "case.json")], input="?\n")
    assert result.exit_code == 2 and "does not exist" in result.output
    assert "(1)" not in result.output


# --- A real terminal. ---------------------------------------------------------------------------------------------


def test_a_whole_interview_in_a_real_terminal(tmp_path: Path) -> None:
    tmux = shutil.which("tmux")
    if tmux is None:
        pytest.skip("tmux is not installed: the real-terminal interview is not tested")
    truth_path = FACTS / "examples" / "compartment_syndrome_acute.json"
    truth = calfexpert.load_case(truth_path)
    target = tmp_path / "case.yaml"
    code = "from calfexpert.interview.command import ask_command; ask_command()"
    command = f"{shlex.quote(sys.executable)} -c {shlex.quote(code)} --save {shlex.quote(str(target))}; echo EXIT=$?; sleep 60"
    socket = f"calfexpert-test-{uuid.uuid4().hex[:8]}"
    base = [tmux, "-L", socket, "-f", "/dev/null"]

    def pane() -> str:
        return subprocess.run([*base, "capture-pane", "-p", "-J", "-S", "-", "-t", "ask"], capture_output=True, text=True,
                              check=True).stdout

    subprocess.run([*base, "new-session", "-d", "-s", "ask", "-x", "200", "-y", "50", command], check=True, cwd=tmp_path)
    try:
        answered, deadline = 0, time.monotonic() + 60
        while time.monotonic() < deadline:
            screen = pane()
            if "EXIT=" in screen:
                break
            questions = re.findall(r"^\((\d+)\) .*\[(?:checklist |gate )?([\w.]+)\]$", screen, flags=re.M)
            lines = [line for line in screen.splitlines() if line.strip()]
            if questions and int(questions[-1][0]) > answered and lines[-1].rstrip() == ">":
                number, _ = questions[-1]
                question = _replayed(truth_path).history[int(number) - 1].question
                subprocess.run([*base, "send-keys", "-t", "ask", "-l", _typed_answer(question, truth)], check=True)
                subprocess.run([*base, "send-keys", "-t", "ask", "Enter"], check=True)
                answered = int(number)
            time.sleep(0.05)
        screen = pane()
    finally:
        subprocess.run([*base, "kill-server"], capture_output=True)
    assert "EXIT=0" in screen, screen[-2000:]
    assert "TRIAGE: EMERGENCY" in screen and "Traceback" not in screen
    assert answered == len(_replayed(truth_path).history)
    assert "no question left could change the answer" in screen
    assert calfexpert.explain(target).triage_level == calfexpert.explain(truth_path).triage_level == "emergency"
