"""Fuzzing the commands (issue 14): random bytes, random JSON and mutated valid cases fed to
``explain``, ``validate`` and ``batch``.

For every input: the exit status is 0 or 2 (1, a fault in calfexpert, never happens for anything a
user can write), there is no traceback, and an ``--output`` file is either absent or complete.
In-process through click's CliRunner to stay fast; test_hostile.py runs the installed command.
The number of examples scales with CALFEXPERT_FUZZ_EXAMPLES (for a longer run by hand).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import budget
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from calfexpert.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "facts" / "examples").glob("*.json"))
SCALE = int(os.environ.get("CALFEXPERT_FUZZ_EXAMPLES", "0") or 0)


def examples(n: int) -> int:
    return SCALE or budget(n)


def fuzz(n: int) -> settings:
    return settings(max_examples=examples(n), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large])


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30) | st.sampled_from(["no", "on", "yes", "left", "sudden", "calf_belly", "\x1b[2J", "\u202e"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)


@st.composite
def mutated_cases(draw: st.DrawFn) -> dict[str, Any]:
    """A valid example case with a few of its values replaced, removed, or new keys added."""
    case: dict[str, Any] = json.loads(draw(st.sampled_from(EXAMPLES)).read_text("utf-8"))
    for _ in range(draw(st.integers(1, 4))):
        section = draw(st.sampled_from(sorted(case)))
        action = draw(st.sampled_from(["replace", "delete", "add", "inner"]))
        if action == "delete":
            case.pop(section, None)
        elif action == "replace":
            case[section] = draw(json_values)
        elif action == "add":
            case[draw(st.text(max_size=12))] = draw(json_values)
        elif isinstance(case.get(section), dict) and case[section]:
            field = draw(st.sampled_from(sorted(case[section])))
            case[section][field] = draw(json_values)
        if not case:
            break
    return case


def _check(result: Any, allowed: tuple[int, ...] = (0, 2)) -> None:
    text = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exit_code in allowed, (result.exit_code, text[-2000:], result.exception)
    assert "Traceback" not in text
    assert "internal error" not in text


def _explain_all_ways(tmp_path: Path, name: str, data: bytes) -> None:
    case = tmp_path / name
    case.write_bytes(data)
    out = tmp_path / "answer.json"
    out.unlink(missing_ok=True)
    runner = CliRunner()
    explained = runner.invoke(main, ["explain", str(case), "--format", "json", "--output", str(out)])
    _check(explained)
    if explained.exit_code == 0:  # complete: the whole document, exactly as standard output gets it
        assert json.loads(out.read_text("utf-8"))["triage"]["level"]
        assert out.read_text("utf-8") == runner.invoke(main, ["explain", str(case), "--format", "json"]).output
    else:
        assert not out.exists()
    validated = runner.invoke(main, ["validate", str(case)])
    _check(validated)
    assert validated.exit_code == explained.exit_code  # validate and explain agree on what is invalid
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


@fuzz(150)
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".json", ".yaml", ".yml", ".txt", ""]))
def test_random_bytes(tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str) -> None:
    _explain_all_ways(tmp_path_factory.mktemp("bytes"), "case" + suffix, data)


@fuzz(150)
@given(value=json_values, suffix=st.sampled_from([".json", ".yaml"]))
def test_random_json(tmp_path_factory: pytest.TempPathFactory, value: Any, suffix: str) -> None:
    _explain_all_ways(tmp_path_factory.mktemp("json"), "case" + suffix, json.dumps(value).encode())


@fuzz(80)
@given(case=mutated_cases())
def test_mutated_cases(tmp_path_factory: pytest.TempPathFactory, case: dict[str, Any]) -> None:
    _explain_all_ways(tmp_path_factory.mktemp("mutated"), "case.json", json.dumps(case).encode())


@fuzz(60)
@given(lines=st.lists(st.one_of(mutated_cases().map(json.dumps), json_values.map(json.dumps),
                                st.binary(max_size=80).map(lambda b: b.decode("latin-1"))), min_size=1, max_size=8))
def test_batch_of_hostile_lines(tmp_path_factory: pytest.TempPathFactory, lines: list[str]) -> None:
    folder = tmp_path_factory.mktemp("batch")
    data = "\n".join(line.replace("\n", " ").replace("\r", " ") for line in lines) + "\n"
    out = folder / "answers.jsonl"
    result = CliRunner().invoke(main, ["batch", "-", "--detail", "summary", "--output", str(out)], input=data.encode())
    _check(result)
    if out.exists():  # complete: one record per non-blank line, in order
        records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
        # blank means ASCII white space only, as batch reads bytes: a line holding U+0085 is a (bad) record
        wanted = [n for n, line in enumerate(data.encode().split(b"\n"), 1) if line.strip()]
        assert [r["source"] for r in records] == [f"<stdin>:{n}" for n in wanted]
        assert (result.exit_code == 2) == any(not r["ok"] for r in records)
        assert all(r["ok"] or r["error"]["kind"] == "invalid_case" for r in records)
    else:
        assert result.exit_code == 2 and not any(line.strip() for line in data.encode().split(b"\n"))
    assert [p.name for p in folder.iterdir()] in ([], ["answers.jsonl"])


def _many_hostile_inputs(part: int) -> Any:
    """The same property on many more inputs, most of them mutated cases (the likeliest to get past parsing into
    the rules): 2,000 in all, in parts of 250 from a seed each, so that no single test runs long."""

    @seed(part)
    @fuzz(250)
    @given(data=st.one_of(mutated_cases().map(lambda c: json.dumps(c).encode()), json_values.map(lambda v: json.dumps(v).encode()),
                          st.binary(max_size=300)),
           suffix=st.sampled_from([".json", ".yaml"]))
    def check(tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str) -> None:
        folder = tmp_path_factory.mktemp("many")
        (folder / ("c" + suffix)).write_bytes(data)
        result = CliRunner().invoke(main, ["explain", str(folder / ("c" + suffix)), "--format", "json"])
        _check(result)
        if result.exit_code == 0:
            assert json.loads(result.output)["disclaimer"]

    return pytest.mark.slow(check)


for _part in range(8):
    globals()[f"test_many_hostile_inputs_part_{_part}"] = _many_hostile_inputs(_part)
