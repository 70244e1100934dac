"""Work only where it is used: why-not and what-would-change are computed when the document is
read, and a batch summary builds no explanation document, with the same answers as before."""

from __future__ import annotations

import json
import threading

import pytest
from conftest import all_case_files, budget, explained

import calfexpert
import calfexpert.api
from calfexpert.api import summarise
from calfexpert.batch import Item, explain_item, summary
from calfexpert.case import check_case


@pytest.mark.parametrize("path", all_case_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_summary_from_the_run_equals_the_summary_of_the_document(path) -> None:
    assert summarise(path) == summary(explained(path).data)


def test_summary_equals_on_generated_cases() -> None:
    from calfexpert.coverage import generated_cases

    for raw in generated_cases(budget(150), seed=8):
        case = check_case(raw, "<generated>")
        assert summarise(case) == summary(calfexpert.explain(case).data), raw


def test_batch_summary_line_is_the_summary_of_the_full_line(root) -> None:
    path = root / "facts" / "examples" / "calf_strain.json"
    item = Item(str(path), path.read_bytes())
    full = json.loads(explain_item(item, "full"))
    short = json.loads(explain_item(item, "summary"))
    assert short == {"source": str(path), "ok": True, "explanation": summary(full["explanation"])}


def test_triage_level_does_not_compute_why_not(monkeypatch, root) -> None:
    def refuse(core, run):
        raise AssertionError("why-not and what-would-change computed")

    monkeypatch.setattr(calfexpert.api, "complete", refuse)
    result = calfexpert.explain(root / "facts" / "examples" / "calf_strain.json")
    assert result.triage_level == explained(root / "facts" / "examples" / "calf_strain.json").triage_level
    assert result.top_diagnosis and result.conditions
    with pytest.raises(AssertionError, match="computed"):
        result.json  # noqa: B018 - reading it is the point


def test_the_json_still_holds_why_not_and_what_would_change(root) -> None:
    data = calfexpert.explain(root / "facts" / "examples" / "calf_strain.json").data
    assert data["why_not"] and "what_would_change" in data
    assert all("rules_not_fired" in d for d in data["diagnoses"])


def test_json_is_fixed_when_first_read_and_shared_by_threads(root) -> None:
    path = root / "facts" / "examples" / "calf_strain.json"
    result = calfexpert.explain(path)
    texts: list[str] = []
    threads = [threading.Thread(target=lambda: texts.append(result.json)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(texts)) == 1 and texts[0] == explained(path).json
    result.data["triage"]["level"] = "changed"
    assert result.json == texts[0]
    with pytest.raises(AttributeError):
        result.data = {}  # type: ignore[misc]


def test_a_text_report_writes_no_json_and_the_json_is_still_fixed_when_data_is_read(monkeypatch, root) -> None:
    """A report other than JSON renders the document without writing its JSON text (the CLI's default path);
    the text is written when ``data`` or ``json`` is first read, so changing ``data`` afterwards changes neither."""
    import calfexpert.api

    path = root / "facts" / "examples" / "calf_strain.json"
    written: list[int] = []
    real_dumps = calfexpert.api.dumps  # what explain's explanations write their JSON with
    monkeypatch.setattr(calfexpert.api, "dumps", lambda document, parts=None: written.append(1) or real_dumps(document, parts))
    result = calfexpert.explain(path)
    for fmt in ("text", "markdown", "mermaid"):
        assert result.render(fmt) == explained(path).render(fmt)
    assert written == []
    data = result.data
    assert written == [1]  # fixed before the caller holds the document
    data["triage"]["level"] = "changed"
    assert result.json == explained(path).json and written == [1]
    assert result.render("json") == explained(path).json


def test_memoised_condition_states_give_the_same_why_not(monkeypatch) -> None:
    """CaseEnv keeps each condition's state (shared by the conditions declared alike), each rule's judgement,
    missing findings and signs once per case; recomputing them every time gives the same why-not and
    what-would-change."""
    from calfexpert import whynot
    from calfexpert._json import dumps
    from calfexpert.coverage import generated_cases
    from calfexpert.engine import engine_for_this_thread
    from calfexpert.explanation import build_core, complete
    from calfexpert.facts import case_to_facts
    from calfexpert.rules import CalfEngine

    engine = engine_for_this_thread(CalfEngine)
    runs = []
    for raw in generated_cases(budget(120), seed=77):
        case = check_case(raw, "<generated>")
        runs.append((case, engine.run_facts(case_to_facts(case))))
    memoised = [dumps(complete(build_core(case, run), run)) for case, run in runs]
    assert whynot.CaseEnv(runs[0][1]).memo
    monkeypatch.setattr(whynot.CaseEnv, "MEMOISE", False)
    assert not whynot.CaseEnv(runs[0][1]).memo
    assert [dumps(complete(build_core(case, run), run)) for case, run in runs] == memoised


def test_states_set_before_they_are_asked_are_the_checks_answers() -> None:
    """A case's condition states start as a case that knows none of their findings has them, for the conditions on
    findings alone whose findings it does not know: each is what the condition's own check says in that case, and
    the unknown findings behind each are those worked out for it."""
    from calfexpert import whynot
    from calfexpert.coverage import generated_cases
    from calfexpert.engine import engine_for_this_thread
    from calfexpert.facts import case_to_facts
    from calfexpert.rules import CalfEngine

    engine = engine_for_this_thread(CalfEngine)
    cases = [check_case(raw, "<generated>") for raw in generated_cases(budget(40), seed=5)]
    cases += [check_case(json.loads(path.read_text()), str(path)) for path in all_case_files()[::4]]
    preset = unset = 0
    for case in cases:
        env = whynot.CaseEnv(engine.run_facts(case_to_facts(case)))
        for cond, slot in env._ix.slots.items():
            if env._slots[slot] is whynot._UNSET:
                unset += 1
            else:
                preset += 1
                assert env._slots[slot] == cond.check(env), (cond.text, case)
                assert not set(cond.uses) & set(env.values)  # only for findings the case does not know
                assert env._missing[slot] == env._missing_at(slot, cond)  # (worked out again, not read)
        assert all(env._slots[slot] is not whynot._UNSET for slot in env._missing)
    # both kinds occur, whatever the budget's mix of cases (a case file knows more findings than a generated case, so
    # presets are most of the states only in the generated ones)
    assert preset > 0 and unset > 0


def test_an_explanation_pickles_and_copies_as_its_document(root) -> None:
    import copy
    import pickle

    result = calfexpert.explain(root / "facts" / "examples" / "calf_strain.json")
    for clone in (pickle.loads(pickle.dumps(result)), copy.deepcopy(result), copy.copy(result)):
        assert clone == result
        assert clone.json == result.json
        assert clone.triage_level == result.triage_level


def test_explain_on_the_command_line_imports_only_what_it_uses(root) -> None:
    """``calfexpert explain`` of a JSON case starts without the YAML reader, jsonschema (only words a rejected
    document's problems), the interview (``ask`` is loaded when it is run), Hypothesis, the temporary-file machinery
    (only when a file is written) and the near-miss search (only for a case with an unknown field)."""
    import subprocess
    import sys

    code = ("import sys\nfrom calfexpert.cli import main\n"
            "try:\n    main(['explain', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
            "lazy = ('yaml', 'jsonschema', 'calfexpert.interview', 'hypothesis', 'tempfile', 'difflib')\n"
            "print(sorted(set(lazy) & set(sys.modules)), file=sys.stderr)")
    case = root / "facts" / "examples" / "calf_strain.json"
    out = subprocess.run([sys.executable, "-c", code, str(case)], capture_output=True, text=True, timeout=60, check=True)
    assert out.stderr.strip() == "[]"
    assert "Decision support, not a diagnosis" in out.stdout or "decision support" in out.stdout.lower()


def test_the_lazily_loaded_ask_command_is_listed_and_runs() -> None:
    from click.testing import CliRunner

    from calfexpert.cli import main

    runner = CliRunner()
    assert "ask" in runner.invoke(main, ["--help"]).output
    result = runner.invoke(main, ["ask", "--help"])
    assert result.exit_code == 0 and "one question at a time" in result.output
