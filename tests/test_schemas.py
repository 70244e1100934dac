"""The schemas are valid JSON Schema 2020-12, have an $id, a title and a description on every
field, ship inside the package, and match the case-format contract's names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from calfexpert.schemas import SCHEMA_NAMES, _inline_refs, load_schema, schema_text

CONTRACT = Path(__file__).resolve().parent.parent.parent / "shared" / "spec" / "case-format.md"


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_is_valid_2020_12_with_id(name) -> None:
    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith(f"{name}.schema.json")


def _fields(node, path=""):
    if isinstance(node, dict):
        for key, sub in node.get("properties", {}).items():
            yield f"{path}.{key}".lstrip("."), sub
            yield from _fields(sub, f"{path}.{key}")
        if isinstance(node.get("items"), dict):
            yield from _fields(node["items"], f"{path}[]")


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_field_has_a_title_and_description(name) -> None:
    schema = _inline_refs(load_schema(name))
    missing = [path for path, sub in _fields(schema) if not (sub.get("title") and sub.get("description"))]
    assert missing == []


def test_top_level_schemas_folder_is_the_packaged_one() -> None:
    top = Path(__file__).resolve().parent.parent / "schemas"
    for name in SCHEMA_NAMES:
        assert (top / f"{name}.schema.json").read_text("utf-8") == schema_text(name)


@pytest.mark.skipif(not CONTRACT.exists(), reason="the shared case-format contract is not beside the repository")
def test_case_schema_has_every_field_of_the_contract() -> None:
    text = CONTRACT.read_text("utf-8")
    schema = load_schema("case")
    section = None
    expected: dict[str, set[str]] = {}
    for line in text.splitlines():
        heading = re.match(r"### `(\w+)`", line)
        if heading:
            section = heading.group(1)
            expected[section] = set()
        elif line.startswith("## The explanation"):
            section = None
        elif section and line.startswith("| `"):
            expected[section].add(re.match(r"\| `(\w+)`", line).group(1))
    for section, names in expected.items():  # the contract's names are fixed; fields may be added (issue 12)
        assert names <= set(schema["properties"][section]["properties"]), section
    conditions = re.findall(r"`(\w+)`", text.split("### Condition ids")[1].split("###")[0])
    explanation = _inline_refs(load_schema("explanation"))
    assert explanation["properties"]["diagnoses"]["items"]["properties"]["condition"]["enum"] == conditions
