"""calfexpert batch: order kept, bad cases become error records, atomic output, exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

import calfexpert
from calfexpert.batch import Item, iter_items, run_batch
from calfexpert.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "facts" / "examples"


def _jsonl(tmp_path: Path) -> Path:
    lines = [json.dumps(json.loads((EXAMPLES / "calf_strain.json").read_text())),
             '{"pain": {"side": "lft"}}', "", "not json", json.dumps(json.loads((EXAMPLES / "dvt_after_flight.json").read_text()))]
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_jsonl_keeps_order_and_reports_bad_lines_in_place(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["batch", str(_jsonl(tmp_path)), "--output", str(out), "--detail", "summary"])
    assert result.exit_code == 2
    assert "4 cases, 2 invalid, 0 failed" in result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["source"].rsplit(":", 1)[1] for r in records] == ["1", "2", "4", "5"]
    assert [r["ok"] for r in records] == [True, False, False, True]
    assert records[1]["error"]["problems"][0]["path"] == "pain.side"
    assert records[0]["explanation"]["triage"] == "self_care"
    assert records[3]["explanation"]["triage"] == "urgent"


def test_full_detail_equals_explain(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["batch", str(EXAMPLES / "dvt_after_flight.json")])
    assert result.exit_code == 0
    record = json.loads(result.output.splitlines()[0])
    assert record["explanation"] == calfexpert.explain(EXAMPLES / "dvt_after_flight.json").data


def test_folder_input_with_two_jobs_matches_one_job() -> None:
    lines_one, lines_two = [], []
    run_batch(iter_items([str(EXAMPLES)]), lines_one.append, jobs=1, detail="summary")
    run_batch(iter_items([str(EXAMPLES)]), lines_two.append, jobs=2, detail="summary", chunk_size=3)
    assert lines_one == lines_two
    assert len(lines_one) == len([p for p in EXAMPLES.glob("*.json")])


def test_missing_file_is_an_error_record() -> None:
    lines: list[str] = []
    total, invalid, internal = run_batch([Item("nope.json", None, problem="no such file")], lines.append)
    assert (total, invalid, internal) == (1, 1, 0)
    assert json.loads(lines[0])["error"]["problems"][0]["message"] == "no such file"


def test_all_good_exits_0_and_stdin_works() -> None:
    case = json.dumps(json.loads((EXAMPLES / "muscle_cramp.json").read_text()))
    result = CliRunner().invoke(main, ["batch", "-", "--detail", "summary"], input=case + "\n" + case + "\n")
    assert result.exit_code == 0
    assert [json.loads(line)["source"] for line in result.output.splitlines() if line.startswith("{")] == ["<stdin>:1", "<stdin>:2"]


def test_interrupted_run_leaves_no_output_file(tmp_path: Path) -> None:
    """Kill the process mid-run: neither the target nor a partial file that looks complete remains."""
    big = tmp_path / "big.jsonl"
    line = json.dumps(json.loads((EXAMPLES / "calf_strain.json").read_text()))
    big.write_text((line + "\n") * 400)
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "calfexpert", "batch", str(big), "-o", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            if list(tmp_path.glob(".out.jsonl.*.partial")):
                break
            subprocess.run([sys.executable, "-c", "import time; time.sleep(0.05)"])
        proc.terminate()
        proc.wait(timeout=30)
    finally:
        proc.kill()
    assert not out.exists()
    assert list(tmp_path.glob(".out.jsonl.*")) == [], "the temporary file is removed too"


def test_full_line_is_the_stdlib_text_with_hostile_source_and_notes() -> None:
    """A full record's line is written by orjson after walking only what can hold the input's text (the source name
    and the case's values): a bidi override or line separator there, or a small float in a measurement, each alone,
    still gives the stdlib's bytes with the escapes."""
    from calfexpert._text import json_safe
    from calfexpert.batch import explain_item

    plain = json.loads((EXAMPLES / "compartment_syndrome_acute.json").read_text())
    notes = plain | {"notes": "bidi\u202eevil\u2028line"}
    small = plain | {"measurements": {**plain.get("measurements", {}), "ankle_brachial_index": 5e-05}}
    for source, case, odd in (("cases\u2066.jsonl:1", plain, "\u2066"), ("cases.jsonl:2", notes, "\u202e"),
                              ("cases.jsonl:3", small, None)):
        line = explain_item(Item(source=source, data=json.dumps(case).encode(), fmt="json"))
        record = json.loads(line)
        assert record["ok"] is True and record["source"] == source
        assert line == json_safe(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
        assert (odd not in line) if odd else ("5e-05" in line)
