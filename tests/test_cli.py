"""The command line: every command explains itself, formats, output files,
stdin, `python -m calfexpert`, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from calfexpert.cli import main

EXAMPLE = Path(__file__).resolve().parent.parent / "facts" / "examples" / "dvt_after_flight.json"


def _invoke(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(main, list(args), input=input)


@pytest.mark.parametrize("command", [[], ["explain"], ["validate"], ["schema"]])
def test_help_explains_with_an_example(command) -> None:
    result = _invoke(*command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output
    assert "calfexpert " in result.output


def test_explain_text_report_starts_with_triage_and_says_decision_support() -> None:
    result = _invoke("explain", str(EXAMPLE))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("TRIAGE: URGENT")
    assert "decision support, not a diagnosis" in result.output
    assert "WHAT NOT TO DO, AND WHY" in result.output
    assert "Massage" in result.output


def test_explain_json_and_markdown() -> None:
    doc = json.loads(_invoke("explain", str(EXAMPLE), "--format", "json").output)
    assert doc["triage"]["level"] == "urgent"
    markdown = _invoke("explain", str(EXAMPLE), "-f", "markdown").output
    assert markdown.startswith("# Triage: Urgent")
    assert "decision support, not a diagnosis" in markdown


def test_output_file_is_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "answer.json"
    result = _invoke("explain", str(EXAMPLE), "--format", "json", "--output", str(target))
    assert result.exit_code == 0
    assert result.output == ""
    assert json.loads(target.read_text())["triage"]["level"] == "urgent"
    assert [p.name for p in tmp_path.iterdir()] == ["answer.json"]


def test_output_into_missing_folder_is_invalid_input(tmp_path: Path) -> None:
    result = _invoke("explain", str(EXAMPLE), "--output", str(tmp_path / "nope" / "a.json"))
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_stdin() -> None:
    result = _invoke("explain", "-", "--format", "json", input=EXAMPLE.read_text())
    assert result.exit_code == 0
    assert json.loads(result.output)["case_id"] == "dvt_after_flight"


def test_schema_command_prints_valid_json() -> None:
    for name in ("case", "explanation"):
        schema = json.loads(_invoke("schema", name).output)
        assert schema["$schema"].endswith("2020-12/schema")
    assert _invoke("schema", "nonsense").exit_code == 2


def test_unknown_option_is_a_usage_error() -> None:
    result = _invoke("explain", str(EXAMPLE), "--colour")
    assert result.exit_code == 2


def test_internal_error_exits_1_without_traceback(monkeypatch) -> None:
    import calfexpert.api

    def broken(case):
        raise RuntimeError("simulated fault")

    monkeypatch.setattr(calfexpert.api, "explain", broken)
    result = _invoke("explain", str(EXAMPLE))
    assert result.exit_code == 1
    assert "internal error: simulated fault" in result.output
    assert "Traceback" not in result.output


def test_python_dash_m_and_exit_codes() -> None:
    ok = subprocess.run([sys.executable, "-m", "calfexpert", "explain", str(EXAMPLE), "-f", "json"], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["triage"]["level"] == "urgent"
    bad = subprocess.run([sys.executable, "-m", "calfexpert", "explain", "-"], input='{"pain": {"sidee": "left"}}',
                         capture_output=True, text=True)
    assert bad.returncode == 2
    assert "pain.sidee" in bad.stderr and "did you mean 'side'?" in bad.stderr
    assert "Traceback" not in bad.stderr
    version = subprocess.run([sys.executable, "-m", "calfexpert", "--version"], capture_output=True, text=True)
    assert "calfexpert" in version.stdout


def test_package_docstring_example_runs() -> None:
    import doctest

    import calfexpert

    failures, tried = doctest.testmod(calfexpert, verbose=False)
    assert tried >= 2 and failures == 0
