"""The compiled validator gives jsonschema's verdicts, and the fast JSON writer the stdlib's bytes."""

from __future__ import annotations

import copy
import json
import math
import random
import re
from typing import Any

import pytest
from conftest import FACTS, all_case_files, budget, explained
from hypothesis import given
from hypothesis import strategies as st

from calfexpert._json import dumps, dumps_line
from calfexpert._text import json_safe
from calfexpert.case import parse_case_bytes
from calfexpert.schemas import compiled_says_valid, validator
from calfexpert.strategies import cases


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


# --- an explanation's JSON: only the parts that can hold what the case says are walked ---------------------------------

_TRACE_RULE_SIDE = {"firing", "rule", "title", "module", "salience", "sources", "from_firings"}
_TRACE_FACT_LISTS = {"matched", "read", "asserted", "retracted"}


_KNOWLEDGE_FACTS = {"Evidence", "Suspected", "TriageDemand", "Triage", "RedFlag", "Factor", "Advice", "Held", "Withhold",
                    "Alternative", "Sign"}


def _written_from_the_knowledge_and_findings(path: tuple, document: dict[str, Any]) -> bool:
    """Whether a leaf of an explanation is in a part ``case_parts`` leaves out because it holds nothing but knowledge
    values, counters and the case's findings (whose values are walked where the ``findings`` part shows them): a
    diagnosis or lowered condition but its certainty, the triage, the red flags, the contributing factors, a firing's
    bindings and the data of a finding in the trace."""
    return ((path[0] in ("diagnoses", "lowered") and len(path) > 2 and path[2] != "certainty")
            or path[0] in ("triage", "red_flags", "contributing_factors")
            or (path[0] == "scores" and path[1] == "wells_dvt" and path[2] not in ("points", "meaning", "range"))
            or (path[0] == "trace" and path[2] == "bindings")
            or (path[0] == "trace" and len(path) > 5 and path[2] in _TRACE_FACT_LISTS and path[4] == "data"
                and document["trace"][path[1]][path[2]][path[3]]["type"] == "Finding"))


def _written_from_the_knowledge(path: tuple, document: dict[str, Any]) -> bool:
    """Whether a leaf of an explanation is in a part ``case_parts`` leaves out (the specification, kept apart from it):
    a fact's id and type in the trace are a counter and a fact class's name, and the data of the facts of the classes
    the rules write from the knowledge base alone is theirs."""
    return (path[0] in ("why_not", "what_would_change", "withheld", "recommendations", "information", "schema_version",
                        "generator", "disclaimer")
            or (path[0] == "diagnoses" and len(path) > 2 and path[2] in ("rules_not_fired", "sources", "unknown"))
            or (path[0] == "trace" and len(path) > 2 and path[2] in _TRACE_RULE_SIDE)
            or (path[0] == "trace" and len(path) == 5 and path[2] in _TRACE_FACT_LISTS and path[4] in ("fact", "type"))
            or (path[0] == "trace" and len(path) > 5 and path[2] in _TRACE_FACT_LISTS and path[4] == "data"
                and document["trace"][path[1]][path[2]][path[3]]["type"] in _KNOWLEDGE_FACTS)
            or (path[0] == "findings" and path[2] in ("finding", "fact")))


def _leaf_values(node: Any, path: tuple = ()) -> list[tuple[tuple, Any]]:
    if isinstance(node, dict):
        return [leaf for key, value in node.items() for leaf in _leaf_values(value, (*path, key))]
    if isinstance(node, list):
        return [leaf for index, value in enumerate(node) for leaf in _leaf_values(value, (*path, index))]
    return [(path, node)]


def _assert_knowledge_parts_hold_knowledge_values(document: dict[str, Any]) -> None:
    from calfexpert.explanation import knowledge_values

    knowledge = {(type(v), v) for v in knowledge_values()}
    with_findings = knowledge | {(type(v), v) for _, v in _leaf_values(document["findings"])}
    for path, value in _leaf_values(document):
        if _written_from_the_knowledge(path, document):
            known = knowledge
        elif _written_from_the_knowledge_and_findings(path, document):
            known = with_findings
        else:
            continue
        if (path[0] == "trace" and path[2] in ("firing", "from_firings")) or (len(path) > 2 and path[2] == "firings"):
            assert type(value) is int and 0 < value < 2**31, (path, value)
        elif path[-1] == "firing":  # a withholding's firing (0: none)
            assert type(value) is int and 0 <= value < 2**31, (path, value)
        elif path[0] in ("trace", "findings") and path[-1] == "fact":  # ``f-`` and a counter
            assert type(value) is str and re.fullmatch("f-[0-9]+", value), (path, value)
        else:
            assert (type(value), value) in known, (path, value)


def test_what_is_not_walked_holds_only_knowledge_values() -> None:
    """The parts of an explanation its JSON writer does not walk hold nothing but :func:`knowledge_values` (proven
    written alike once) and counters, in every case file: no value from the case reaches them, but the case's findings
    in the parts that show them (which are walked where the ``findings`` part shows them)."""
    from calfexpert.explanation import _knowledge_written_alike

    assert _knowledge_written_alike()  # else every explanation is walked whole
    for path in all_case_files():
        _assert_knowledge_parts_hold_knowledge_values(explained(path).data)


@given(cases())
def test_what_is_not_walked_holds_only_knowledge_values_in_generated_cases(case: dict[str, Any]) -> None:
    import calfexpert

    _assert_knowledge_parts_hold_knowledge_values(calfexpert.explain(case).data)


_RICH = ("vignettes/dvt_after_long_haul_flight.json", "examples/compartment_syndrome_acute.json",
         "holdout/holdout_pad_smoker_diabetic_claudication_abi.json")


@pytest.mark.parametrize("name", _RICH)
def test_every_other_part_is_walked(name: str) -> None:
    """A value orjson would write otherwise (a small float, a character json_safe escapes) put anywhere outside the
    knowledge parts, alone, still gives the stdlib's bytes: ``case_parts`` leaves none of those places out."""
    from calfexpert.explanation import case_parts

    mutant = json.loads(explained(FACTS / name).json)  # (no dict shared between two places, as facts' data are)
    seen: set[tuple] = set()
    for path, value in _leaf_values(mutant):
        shape = tuple("*" if isinstance(step, int) else step for step in path)
        if _written_from_the_knowledge(path, mutant) or _written_from_the_knowledge_and_findings(path, mutant) or shape in seen:
            continue
        seen.add(shape)
        parent = mutant
        for step in path[:-1]:
            parent = parent[step]
        # orjson would write 0.00005 and the raw character; the stdlib's text has 5e-05 and the escape
        for odd, written, unwritten in ((5e-05, "5e-05", "0.00005"), ("bidi\u202eevil", "bidi\\u202eevil", "\u202e")):
            parent[path[-1]] = odd
            text = dumps(mutant, case_parts(mutant))
            assert written in text and unwritten not in text, path
        parent[path[-1]] = value
    assert dumps(mutant, case_parts(mutant)) == _reference(mutant)
    # the documents are rich enough to reach every kind of walked part (17 of them: the case's id and notes, findings'
    # values, certainties, the Wells score's total, meaning and range, the data of beliefs and Wells facts), in every
    # top-level part walked
    assert len(seen) >= 17
    assert {shape[0] for shape in seen} == {"case_id", "notes", "diagnoses", "lowered", "findings", "scores", "trace"}


def test_a_knowledge_value_not_written_alike_walks_the_whole_explanation(monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule title holding a character json_safe escapes: no part is taken as proven, and the JSON escapes it."""
    import dataclasses

    import calfexpert
    from calfexpert.explanation import case_parts
    from calfexpert.rules import REGISTRY

    specs = dict(REGISTRY.specs)
    firing = explained(FACTS / "examples/calf_strain.json").data["trace"][0]["rule"]
    specs[firing] = dataclasses.replace(specs[firing], title="bidi\u202eevil")
    monkeypatch.setattr(REGISTRY, "specs", specs)
    explanation = calfexpert.explain(FACTS / "examples/calf_strain.json")
    assert case_parts(explanation.data) is None
    assert "bidi\\u202eevil" in explanation.json and "\u202e" not in explanation.json
    assert explanation.json == _reference(explanation.data)


def test_an_advice_text_not_written_alike_walks_the_whole_explanation(monkeypatch: pytest.MonkeyPatch) -> None:
    """The advice table's side of a recommendation is a knowledge value too: an advice item added with a character
    json_safe escapes is proven again, and the JSON escapes it."""
    import dataclasses

    import calfexpert
    from calfexpert.explanation import case_parts
    from calfexpert.knowledge import ADVICE

    path = FACTS / "examples/calf_strain.json"
    aid = explained(path).data["recommendations"][0]["id"]
    monkeypatch.setitem(ADVICE, aid, dataclasses.replace(ADVICE[aid], text="bidi\u202eevil"))
    monkeypatch.setitem(ADVICE, "added", ADVICE[aid])  # (a table only grows: its size says it changed)
    explanation = calfexpert.explain(path)
    assert case_parts(explanation.data) is None
    assert "bidi\\u202eevil" in explanation.json and "\u202e" not in explanation.json
    assert explanation.json == _reference(explanation.data)


def test_written_alike() -> None:
    from calfexpert._json import written_alike

    assert written_alike(["plain", "≥ – typography", 0.5, 0.0, 3, True, {"k": [1e-4]}])
    for odd in (5e-05, 1e16, math.inf, "bidi\u202e", "line\u2028", 2**64, {"k": ("x", object())}, {1: "x"}):
        assert not written_alike([odd]), odd


@given(st.none() | st.booleans() | st.integers() | st.floats() | st.text() | st.lists(st.integers(), max_size=3))
def test_a_findings_json_text_is_json_dumps(value: Any) -> None:
    """The JSON text that orders and tells apart the findings a conclusion rests on is the stdlib's."""
    from calfexpert.explanation import _json_text

    assert _json_text(value) == json.dumps(value)


def test_a_findings_json_text_of_odd_values() -> None:
    import enum

    from calfexpert.explanation import _json_text

    class Level(enum.IntEnum):
        ONE = 1

    for value in ("é\u202e\x00\"\\", "", True, False, 0, -(2**70), 2**64, Level.ONE, 1e-7, -0.0):
        assert _json_text(value) == json.dumps(value), value
