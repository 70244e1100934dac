"""The interactive consultation (`calfexpert ask`): the question order, plain-words questions,
"don't know", replaying the example cases, the click command (--save, --resume, end of input,
Ctrl-C) and one whole interview in a real terminal under tmux."""

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
from calfexpert.interview import BASICS, FIELDS, Interview, ask_command, make_question, red_flag_paths, replay
from calfexpert.knowledge import RED_FLAGS, triage_rank
from calfexpert.rules import REGISTRY
from calfexpert.schemas import load_schema

EXAMPLES = sorted(p for p in (FACTS / "examples").glob("*.json"))


def _schema_fields(node: dict[str, Any]) -> int:
    """Every field of the case schema (sections' fields, nested ones counted by their leaves)."""
    return sum(_schema_fields(sub) if "properties" in sub else 1 for sub in node.get("properties", {}).values())


SCHEMA_FIELDS = _schema_fields(load_schema("case"))


@cache
def _replayed(path: Path) -> Interview:
    return replay(path)


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


# --- Questions. -----------------------------------------------------------------------------------------------


def test_question_texts_come_from_the_schema_descriptions() -> None:
    assert make_question("signs.dark_urine").text == "Dark urine: tea- or cola-coloured, or much reduced?"
    assert make_question("signs.chest_pain").text == "Sharp chest or upper-back pain, worse on breathing in?"
    assert make_question("signs.cold_or_pale_foot").text == "The foot is cold or pale at rest?"
    for path in FIELDS:
        text = make_question(path).text
        assert "_" not in text and "Omit or null" not in text and text.endswith("?"), (path, text)


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


def test_basics_then_every_red_flag_most_urgent_first() -> None:
    interview = Interview()
    order = []
    while (question := interview.next_question()) is not None and question.stage != "could change the answer":
        order.append((question.path, question.stage, question.why))
        interview.answer(question, None)
    paths = [p for p, _, _ in order]
    assert paths[: len(BASICS)] == list(BASICS)
    assert all(stage == "basics" for _, stage, _ in order[: len(BASICS)])
    # Every finding a red-flag rule reads is asked (pain.trend already among the basics), with the flag's text as the reason.
    read = {u for s in REGISTRY.specs.values() if s.red_flag for u in s.uses} | {"signs.chest_pain", "signs.short_of_breath",
                                                                                 "signs.coughing_blood"}
    assert read <= set(paths)
    red = [(p, why) for p, stage, why in order if stage == "red flags"]
    levels = [triage_rank(RED_FLAGS[dict(red_flag_paths())[p]].level) for p, _ in red]
    assert levels == sorted(levels, reverse=True)
    assert red[0][0] == "signs.chest_pain" and "pulmonary embolism" in red[0][1]
    assert len(paths) == len(set(paths))


def test_dont_know_is_recorded_never_asked_again_and_saved_as_null() -> None:
    interview = Interview({"pain": {"side": "left"}})
    first = interview.next_question()
    assert first is not None and first.path == "pain.location"  # the known side is not asked
    interview.answer(first, None)
    assert interview.next_question().path == "pain.onset"
    asked = []
    while (question := interview.next_question()) is not None:
        asked.append(question.path)
        interview.answer(question, None)
    assert "pain.location" not in asked and len(asked) == len(set(asked))
    document = interview.document()
    assert document["pain"]["location"] is None and document["pain"]["side"] == "left"
    assert calfexpert.load_case(document) == {"pain": {"side": "left"}}  # null is unknown


def test_later_questions_are_the_ones_that_could_change_the_answer() -> None:
    interview = replay(FACTS / "examples" / "dvt_after_flight.json")
    later = [p for p in interview.asked if p not in BASICS and p not in dict(red_flag_paths())]
    assert later, "the interview stopped after the red flags"
    assert interview.next_question() is None
    # What the explanation still lists as able to change the answer either was asked, or waits on a
    # finding answered "don't know" (so its rules cannot fire, whatever the other answers).
    entries = interview.result().data["what_would_change"]
    assert entries
    for entry in entries:
        if any(interview.is_open(p) for p in entry["findings"]):
            assert set(entry["findings"]) & interview.dont_know, entry


# --- Replaying the example cases. -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_replaying_an_example_gives_its_triage_with_fewer_questions(path: Path) -> None:
    interview = _replayed(path)
    full = calfexpert.explain(path)
    assert interview.result().triage_level == full.triage_level, interview.asked
    assert interview.result().top_diagnosis == full.top_diagnosis
    assert len(interview.asked) < SCHEMA_FIELDS
    assert len(interview.asked) == len(set(interview.asked))


def test_question_counts_per_example() -> None:
    rows = []
    for path in EXAMPLES:
        interview = _replayed(path)
        full = calfexpert.explain(path)
        assert interview.result().triage_level == full.triage_level
        rows.append((path.name, len(interview.asked), full.triage_level))
    print(f"\nquestions asked when answering from each example ({SCHEMA_FIELDS} fields in the case schema):")  # pytest -s shows them
    for name, count, level in rows:
        print(f"  {name:36} {count:3}  triage {level}")
    assert len(rows) >= 3


def test_questions_needed_counts_the_replay() -> None:
    path = FACTS / "examples" / "compartment_syndrome_acute.json"
    assert iv.questions_needed(path) == len(_replayed(path).asked)


# --- The command. -------------------------------------------------------------------------------------------------


def _answers_for(path: Path) -> str:
    truth = calfexpert.load_case(path)
    return "".join(_typed(_truth(truth, p)) + "\n" for p in _replayed(path).asked)


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
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left
    saved = calfexpert.explain(target)
    assert saved.triage_level == calfexpert.explain(truth).triage_level == "urgent"
    assert saved.top_diagnosis == "dvt"
    if suffix == ".json":
        assert json.loads(target.read_text())["signs"]["dark_urine"] is None  # "don't know" in the truth file


def test_resume_asks_only_what_is_still_unknown(tmp_path: Path) -> None:
    partial = tmp_path / "partial.yaml"
    partial.write_text("pain:\n  side: left\n  location: [calf_belly]\n  onset: sudden\n  started: during_run\n"
                       "  days_since_onset: 2\n  severity: 6\n  trend: stable\nsigns:\n  chest_pain: false\n  dark_urine: null\n")
    result = CliRunner().invoke(ask_command, ["--resume", str(partial), "--save", str(partial)], input="n\n" + "?\n" * 200)
    assert result.exit_code == 0, result.output
    asked = re.findall(r"^\(\d+\) .*\[([\w.]+)\]$", result.output, flags=re.M)
    assert asked and not set(asked) & {*BASICS, "signs.chest_pain", "signs.dark_urine"}
    assert asked[0] == "signs.short_of_breath" and "(1) " in result.output
    resumed = calfexpert.load_case(partial)
    assert resumed["pain"]["severity"] == 6 and resumed["signs"]["short_of_breath"] is False
    assert "dark_urine: null" in partial.read_text()


def test_end_of_input_mid_interview_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "case.json"
    result = CliRunner().invoke(ask_command, ["--save", str(target)], input="maybe\nleft\n1\n")
    assert result.exit_code == 2
    assert "please answer a number or a word from the list (1 to 3)" in result.output
    assert "(3) Onset: how the pain began" in result.output
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

    monkeypatch.setattr(iv, "_read_line", read_line)
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
    code = "from calfexpert.interview import ask_command; ask_command()"
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
            questions = re.findall(r"^\((\d+)\) .*\[([\w.]+)\]$", screen, flags=re.M)
            lines = [line for line in screen.splitlines() if line.strip()]
            if questions and int(questions[-1][0]) > answered and lines[-1].rstrip() == ">":
                number, path = questions[-1]
                subprocess.run([*base, "send-keys", "-t", "ask", "-l", _typed(_truth(truth, path))], check=True)
                subprocess.run([*base, "send-keys", "-t", "ask", "Enter"], check=True)
                answered = int(number)
            time.sleep(0.05)
        screen = pane()
    finally:
        subprocess.run([*base, "kill-server"], capture_output=True)
    assert "EXIT=0" in screen, screen[-2000:]
    assert "TRIAGE: EMERGENCY" in screen and "Traceback" not in screen
    assert answered == len(_replayed(truth_path).asked)
    assert calfexpert.explain(target).triage_level == calfexpert.explain(truth_path).triage_level == "emergency"
