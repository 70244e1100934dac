"""Bad input gets a clear error naming the file, the field path, what was wrong
and a suggestion; never a traceback.  The CLI exits 2 for invalid input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from calfexpert import InvalidCaseError, load_case
from calfexpert.case import MAX_BYTES, check_case
from calfexpert.cli import main
from calfexpert.strategies import cases


def _problems(case) -> list:
    with pytest.raises(InvalidCaseError) as info:
        check_case(case)
    return list(info.value.problems)


def _cli(args, input=None):
    result = CliRunner().invoke(main, args, input=input)
    assert "Traceback" not in result.output
    return result


def test_unknown_key_suggests_the_near_miss() -> None:
    (problem,) = _problems({"signs": {"chest_pian": True}})
    assert problem.path == "signs.chest_pian"
    assert "unknown field" in problem.message
    assert problem.suggestion == "did you mean 'chest_pain'?"


def test_key_in_the_wrong_section_names_the_right_one() -> None:
    (problem,) = _problems({"pain": {"fever": True}})
    assert problem.path == "pain.fever"
    assert "signs.fever" in problem.suggestion


def test_unknown_section_suggests_the_section() -> None:
    (problem,) = _problems({"sings": {"fever": True}})
    assert problem.suggestion == "did you mean 'signs'?"


def test_every_problem_is_reported_not_only_the_first() -> None:
    problems = _problems({"pain": {"severity": 11, "side": "lft"}, "signs": {"warmth": "yes"}, "runner": {"age": 5}})
    paths = [p.path for p in problems]
    assert paths == ["pain.severity", "pain.side", "runner.age", "signs.warmth"]
    by_path = {p.path: p for p in problems}
    assert "out of range 0–10" in by_path["pain.severity"].message
    assert by_path["pain.side"].suggestion == "did you mean 'left'?"
    assert by_path["signs.warmth"].suggestion.startswith("write true without quotes")
    assert "10–100" in by_path["runner.age"].message


@pytest.mark.parametrize(("case", "path", "words"), [
    ({"pain": {"severity": 7.5}}, "pain.severity", "expected a whole number"),
    ({"pain": {"location": "calf_belly"}}, "pain.location", "expected a list"),
    ({"pain": {"location": []}}, "pain.location", "empty"),
    ({"pain": {"location": ["calf_belly", "calf_belly"]}}, "pain.location", "same value twice"),
    ({"pain": {"location": ["knee"]}}, "pain.location.0", "is not one of"),
    ({"measurements": {"compartment_pressure_mmhg": {"pre_exercise": 250}}},
     "measurements.compartment_pressure_mmhg.pre_exercise", "out of range 0–200"),
    ({"measurements": {"compartment_pressure_mmhg": {"one_minute": 30}}},
     "measurements.compartment_pressure_mmhg.one_minute", "unknown field"),
    ({"signs": {"fever": 1}}, "signs.fever", "expected true or false"),
    ({"pain": {"days_since_onset": -1}}, "pain.days_since_onset", "out of range"),
    ({"schema_version": "2"}, "schema_version", "is not one of"),
])
def test_wrong_values_name_the_field_and_the_problem(case, path, words) -> None:
    problems = _problems(case)
    assert [p.path for p in problems] == [path]
    assert words in problems[0].message


def test_null_and_omitted_both_mean_unknown() -> None:
    assert check_case({"signs": {"warmth": None}, "pain": None}) == {}
    assert check_case({"signs": {"warmth": False}}) == {"signs": {"warmth": False}}


def test_not_an_object() -> None:
    (problem,) = _problems([1, 2])
    assert "one object" in problem.message


def test_library_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text('{"signs": {"chest_pian": true}}')
    with pytest.raises(InvalidCaseError) as info:
        load_case(path)
    assert info.value.source == str(path)
    assert str(path) in str(info.value)
    assert "chest_pain" in str(info.value)


@pytest.mark.parametrize(("content", "words"), [
    (b'{"pain": {"side": "left",}}', "invalid JSON at line 1"),
    (b'{"pain": {"side": "left"}, "pain": {}}', "appears twice"),
    (b'{"runner": {"age": NaN}}', "NaN"),
    (b"\xff\xfe\x00garbage", "not UTF-8"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (b"", "the file is empty"),
    (b"  \n", "the file is empty"),
    (b'"just a string"', "one object"),
])
def test_broken_json_files(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "case.json"
    path.write_bytes(content)
    result = _cli(["explain", str(path)])
    assert result.exit_code == 2
    assert str(path) in result.output
    assert words in result.output


@pytest.mark.parametrize(("content", "words"), [
    ("pain:\n  side: left\n   location: x\n", "invalid YAML at line"),
    ("pain: {side: left}\npain: {side: right}\n", "appears twice"),
    ("a: &a [1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
     "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n", "more than 5000 values"),
    ("!!python/object/apply:os.system ['echo pwned']\n", "invalid YAML"),
    ("pain:\n  side: left\n1: x\n", "a key must be text, not the number 1"),
    ("---\npain: {}\n---\npain: {}\n", "invalid YAML"),
])
def test_broken_yaml_files(tmp_path: Path, content: str, words: str) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(content)
    result = _cli(["explain", str(path)])
    assert result.exit_code == 2, result.output
    assert words in result.output


def test_yaml_case_works(tmp_path: Path) -> None:
    path = tmp_path / "case.yml"
    path.write_text("pain:\n  side: both\n  started: day_after_run\n  onset: gradual\nhistory:\n  unaccustomed_session: true\n")
    result = _cli(["explain", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["diagnoses"][0]["condition"] == "doms"


def test_missing_file() -> None:
    result = _cli(["explain", "no/such/case.json"])
    assert result.exit_code == 2
    assert "no/such/case.json" in result.output
    assert "no such file" in result.output


def test_folder_instead_of_file(tmp_path: Path) -> None:
    result = _cli(["explain", str(tmp_path)])
    assert result.exit_code == 2
    assert "folder" in result.output


def test_huge_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    path.write_bytes(b'{"notes": "' + b"x" * (MAX_BYTES + 10) + b'"}')
    result = _cli(["explain", str(path)])
    assert result.exit_code == 2
    assert "at most" in result.output


def test_huge_stdin() -> None:
    result = _cli(["explain", "-"], input=b'{"notes": "' + b"x" * (MAX_BYTES + 10) + b'"}')
    assert result.exit_code == 2
    assert "<stdin>" in result.output


def test_unknown_key_through_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "typo.json"
    path.write_text('{"signs": {"chest_pian": true}}')
    result = _cli(["explain", str(path)])
    assert result.exit_code == 2
    assert "signs.chest_pian" in result.output
    assert "did you mean 'chest_pain'?" in result.output


def test_validate_reports_every_file(tmp_path: Path, root: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"pain": {"severity": 12}}')
    good = root / "facts" / "examples" / "calf_strain.json"
    result = _cli(["validate", str(good), str(bad)])
    assert result.exit_code == 2
    assert "ok: " in result.output and "calf_strain.json" in result.output
    assert "pain.severity" in result.output
    assert "1 of 2 case files invalid" in result.output


# --- the quick walk of a plain case (case._as_it_is) says yes only where the careful walks would ----------------------

_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(min_value=10**18 - 2, max_value=10**18 + 2),
                     st.integers(min_value=-10**18 - 2, max_value=-10**18 + 2), st.floats(), st.decimals(),
                     st.text(alphabet=st.sampled_from(["a", "é", "\u202e", "\ud800", "\udfff", "1"]), max_size=4))
_KEYS = st.one_of(st.text(alphabet=st.sampled_from(["a", "é", "\ud800", "_"]), max_size=3), st.integers(0, 3))
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4), st.tuples(inner, inner),
                                                          st.dictionaries(_KEYS, inner, max_size=4)), max_leaves=30)


def _assert_quick_walk_agrees(value: dict) -> None:
    """Where the quick walk takes a case as it is, the careful walks raise nothing, find it plain JSON data and give it
    back unchanged (the same values of the same types); where it declines, they decide (nothing to check)."""
    from calfexpert.case import MAX_NODES, _as_it_is, _shape_and_plain

    if _as_it_is(value, 0, MAX_NODES - 1) >= 0:
        converted, plain = _shape_and_plain(value, "<dict>")
        assert plain and repr(converted) == repr(value)


@given(st.dictionaries(_KEYS, _VALUES, max_size=5))
def test_the_quick_walk_takes_a_case_as_it_is_only_where_the_careful_walks_would(value: dict) -> None:
    _assert_quick_walk_agrees(value)


@given(cases())
def test_the_quick_walk_takes_generated_cases_as_they_are(case: dict) -> None:
    from calfexpert.case import MAX_NODES, _as_it_is

    assert _as_it_is(case, 0, MAX_NODES - 1) >= 0  # (the usual case takes the quick way)
    _assert_quick_walk_agrees(case)


@pytest.mark.parametrize("extra", [-1, 0, 1])
def test_the_quick_walk_at_the_limits_of_nesting_and_size(extra: int) -> None:
    from calfexpert.case import MAX_DEPTH, MAX_NODES, _as_it_is

    deep: list[Any] = []
    for innermost in ([], 1):  # an empty list, and a number, at depth MAX_DEPTH + extra (the case is at depth 0)
        nested: Any = innermost
        for _ in range(MAX_DEPTH - 1 + extra):
            nested = [nested]
        deep.append({"a": nested})
    wide = {"a": list(range(MAX_NODES - 2 + extra))}  # (the case, its list and the numbers: MAX_NODES + extra values)
    for value in (*deep, wide):
        _assert_quick_walk_agrees(value)
        assert (_as_it_is(value, 0, MAX_NODES - 1) >= 0) == (extra <= 0)
        if extra > 0:
            with pytest.raises(InvalidCaseError):
                check_case(value)
