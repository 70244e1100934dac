"""The installed package works from outside the repository: the schemas travel inside it.

Under CI, calfexpert is installed non-editable (`pip install '.[test]'`), so running from a
temporary folder exercises the installed wheel, not the source tree."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / "facts" / "examples" / "calf_strain.json"


def test_cli_and_import_work_outside_the_repository(tmp_path: Path) -> None:
    case = tmp_path / "case.json"
    shutil.copy(EXAMPLE, case)
    code = ("import calfexpert, json, sys; r = calfexpert.explain('case.json'); "
            "print(json.dumps({'level': r.triage_level, 'file': calfexpert.__file__}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)["level"] == "self_care"
    cli = subprocess.run([sys.executable, "-m", "calfexpert", "explain", "case.json", "-f", "json"], cwd=tmp_path,
                         capture_output=True, text=True)
    assert cli.returncode == 0, cli.stderr
    assert json.loads(cli.stdout)["triage"]["level"] == "self_care"
    schema = subprocess.run([sys.executable, "-m", "calfexpert", "schema", "explanation"], cwd=tmp_path,
                            capture_output=True, text=True, check=True)
    assert json.loads(schema.stdout)["title"] == "calfexpert explanation"
