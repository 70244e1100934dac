"""The compiled validator gives jsonschema's verdicts, and the fast JSON writer the stdlib's bytes."""

from __future__ import annotations

import copy
import json
import math
import random
from typing import Any

import pytest
from conftest import all_case_files, budget, explained
from hypothesis import given
from hypothesis import strategies as st

from calfexpert._json import dumps, dumps_line
from calfexpert._text import json_safe
from calfexpert.case import parse_case_bytes
from calfexpert.schemas import compiled_says_valid, validator


def _jsonschema_valid(name: str, document: Any) -> bool:
    return not any(True for _ in validator(name).iter_errors(document))


def _leaves(node: Any, path: tuple = ()) -> list[tuple]:
    out = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _leaves(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += _leaves(value, (*path, index))
    return out


_REPLACEMENTS: list[Any] = [None, True, 0, -1, 1.5, 1e300, "", "x" * 5000, "not_a_level", [], {}, [1], {"k": 1}]


def _mutants(document: dict[str, Any], rng: random.Random, count: int) -> list[Any]:
    """Copies of ``document`` each with one change: a value replaced, a key dropped or an unknown key added."""
    paths = _leaves(document)[1:]
    out = []
    for _ in range(count):
        mutant = copy.deepcopy(document)
        path = rng.choice(paths)
        parent = mutant
        for step in path[:-1]:
            parent = parent[step]
        action = rng.random()
        if action < 0.6:
            parent[path[-1]] = copy.deepcopy(rng.choice(_REPLACEMENTS))
        elif action < 0.8 and isinstance(parent, dict):
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent["unexpected_field"] = 1
        else:
            parent.append(copy.deepcopy(rng.choice(_REPLACEMENTS)))
        out.append(mutant)
    return out


@pytest.mark.slow
@pytest.mark.parametrize("part", range(8))
def test_explanation_verdicts_equal_jsonschema_on_valid_and_mutated_documents(part: int) -> None:
    """Every case file's explanation and its mutants, in eight parts (jsonschema, the reference, is slow)."""
    rng = random.Random(11 + part)
    files = all_case_files()[part::8][: budget(20)]  # every file (about 19 a part) on the full budget
    documents = [explained(path).data for path in files]
    valid = invalid = 0
    for document in documents:
        assert compiled_says_valid("explanation", document)
        for mutant in _mutants(document, rng, budget(4)):
            verdict = _jsonschema_valid("explanation", mutant)
            assert compiled_says_valid("explanation", mutant) == verdict
            valid += verdict
            invalid += not verdict
    assert invalid > len(documents) * budget(4) // 2  # most mutations break the document


def test_case_verdicts_equal_jsonschema_on_valid_and_mutated_cases() -> None:
    rng = random.Random(12)
    cases = [parse_case_bytes(path.read_bytes(), str(path)) for path in all_case_files()]
    checked = 0
    for case in cases:
        assert compiled_says_valid("case", case) == _jsonschema_valid("case", case)
        for mutant in _mutants(case, rng, budget(8)):
            assert compiled_says_valid("case", mutant) == _jsonschema_valid("case", mutant), mutant
            checked += 1
    assert checked >= len(cases) * budget(8)


_json_values = st.recursive(
    st.none() | st.booleans() | st.text()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from([5e-05, 1e-4, 9.99e-5, 1e16, 1e15, -0.0, 0.0, 2**63, -(2**63), 2**64, 1e-310]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
)


def _reference(document: Any) -> str:
    """What the stdlib writes, with the characters that mislead a terminal escaped as calfexpert always does."""
    return json_safe(json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False)) + "\n"


@given(_json_values)
def test_dumps_is_byte_identical_to_the_stdlib(value: Any) -> None:
    document = {"v": value}
    try:
        expected = _reference(document)
    except ValueError:
        with pytest.raises(ValueError):
            dumps(document)
        return
    assert dumps(document) == expected


def test_dumps_edge_cases() -> None:
    for value in (5e-05, 1e16, 2**70, -(2**64), "é\u2028\x00\x7f", [], {}):
        document = {"x": value, "nested": [value, {"y": value}]}
        assert dumps(document) == _reference(document)
    # the escaping pass is skipped only when no key or string needs it: a key or a deep string alone is escaped
    for document in ({"k\u202e": 1}, {"a": [{"b": ["≥ plain", "bidi\u2066x"]}]}, {"a": "≥ – only typography"},
                     {"\x7f": None}, {"a": ["ascii but DEL \x7f"], "b": "≥"}):
        assert dumps(document) == _reference(document)
    with pytest.raises(ValueError):
        dumps({"x": math.nan})


def test_dumps_keys_and_values_of_other_types() -> None:
    """Keys that are subclasses of str (orjson refuses most of them), str enums or not strings, and values the stdlib refuses:
    the stdlib's bytes or its error, never orjson's own rendering (an enum's value, a UUID's text)."""
    import enum
    import uuid

    class Key(str):
        pass

    class Colour(str, enum.Enum):
        RED = "red"

    class Number(enum.Enum):
        ONE = 1

    for document in ({Key("k"): 1}, {Colour.RED: [Key("v")]}, {"a": {Key("é"): "≥"}}, {"k": Colour.RED}, {1: 2, None: 0.5}):
        assert dumps(document) == _reference(document)
        assert dumps_line(document) == json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    for document in ({"x": Number.ONE}, {"x": uuid.UUID(int=1)}, {"x": {1, 2}}, {"x": b"bytes"}):
        with pytest.raises(TypeError):
            json.dumps(document)
        with pytest.raises(TypeError):
            dumps(document)
        with pytest.raises(TypeError):
            dumps_line(document)


@given(_json_values)
def test_dumps_line_is_byte_identical_to_the_stdlib(value: Any) -> None:
    """One line of compact JSON (batch output), plain and made safe: the stdlib's bytes, json_safe's escapes."""
    document = {"v": value}
    expected = json.dumps(document, ensure_ascii=False, separators=(",", ":"))  # NaN written as NaN, as batch does
    assert dumps_line(document) == expected
    assert dumps_line(document, safe=True) == json_safe(expected)


def test_dumps_line_safe_edge_cases() -> None:
    for document in ({"k\u202e": 1}, {"a": [{"b": ["≥ plain", "bidi\u2066x"]}]}, {"a": "≥ – only typography"},
                     {"\x7f": None}, {"a": ["ascii but DEL \x7f"], "b": "≥"}, {"x": 5e-05, "s": "\u2028"}):
        reference = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
        assert dumps_line(document, safe=True) == json_safe(reference)
        assert dumps_line(document) == reference
