"""The JSON Schemas of the case file and the explanation, shipped in the package.

Documents are checked with a compiled validator (``jsonschema_rs``, about a hundred times faster);
``jsonschema`` is imported only to word the problems of a document the compiled validator rejects,
and stays the reference: where the two disagree, jsonschema's verdict stands.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

SchemaName = Literal["case", "explanation"]
SCHEMA_NAMES: tuple[SchemaName, ...] = ("case", "explanation")


@cache
def schema_text(name: SchemaName) -> str:
    """The schema document as the text that ships in the package."""
    if name not in SCHEMA_NAMES:
        raise ValueError(f"unknown schema {name!r}; expected one of {', '.join(SCHEMA_NAMES)}")
    # the package's own folder (importlib.resources would cost a few ms of imports at every start)
    return (Path(__file__).resolve().parent / "schemas" / f"{name}.schema.json").read_text("utf-8")


def load_schema(name: SchemaName) -> dict[str, Any]:
    """A fresh copy of the schema as a dict."""
    return json.loads(schema_text(name))


@cache
def list_valued_fields() -> frozenset[str]:
    """The case fields (dotted paths) whose value is a list: each item becomes a finding of its own."""
    out = set()

    def walk(props: dict[str, Any], prefix: str) -> None:
        for name, field in props.items():
            kinds = field.get("type", [])
            kinds = [kinds] if isinstance(kinds, str) else kinds
            if "array" in kinds:
                out.add(prefix + name)
            if "properties" in field:
                walk(field["properties"], prefix + name + ".")

    walk(load_schema("case").get("properties", {}), "")
    return frozenset(out)


@cache
def case_fields() -> dict[str, dict[str, Any]]:
    """Every finding a case can hold: dotted path -> its schema (the sections' fields; not case_id or notes)."""
    out: dict[str, dict[str, Any]] = {}

    def walk(node: dict[str, Any], prefix: str) -> None:
        for name, sub in node.get("properties", {}).items():
            if "properties" in sub:
                walk(sub, f"{prefix}{name}.")
            elif prefix:
                out[f"{prefix}{name}"] = sub

    walk(load_schema("case"), "")
    return out


def _inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """The same schema with every local ``#/$defs/...`` reference replaced by its definition.

    Validation then needs no reference resolution, which roughly halves its cost on a full
    explanation; the schemas have no recursive definitions, so this terminates.
    """
    defs = schema.get("$defs", {})

    def walk(node: Any, depth: int = 0) -> Any:
        if depth > 60:
            raise ValueError("recursive $ref in schema")
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/") and len(node) == 1:
                return walk(defs[ref.removeprefix("#/$defs/")], depth + 1)
            return {k: walk(v, depth + 1) for k, v in node.items() if k != "$defs"}
        if isinstance(node, list):
            return [walk(v, depth + 1) for v in node]
        return node

    return walk(schema)


@cache
def compiled_validator(name: SchemaName) -> Any:
    """The compiled (``jsonschema_rs``) validator of the schema."""
    import jsonschema_rs

    return jsonschema_rs.Draft202012Validator(load_schema(name))  # it resolves the local $refs itself


def compiled_says_valid(name: SchemaName, document: Any) -> bool:
    """Whether the compiled validator accepts ``document``; ``False`` means "ask jsonschema"
    (it rejects it, or holds a value it cannot read).

    Pass only plain JSON data (dicts, lists, str, numbers, bool, None): the compiled validator
    takes a tuple for an array where jsonschema does not.
    """
    try:
        return bool(compiled_validator(name).is_valid(document))
    except (ValueError, OverflowError, TypeError):
        return False


@cache
def validator(name: SchemaName) -> Draft202012Validator:
    """A reusable validator for the schema (validators are thread-safe to use).

    The schemas themselves are checked against the JSON Schema meta-schema by the test
    suite, not at every start (it costs about 150 ms).
    """
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_inline_refs(load_schema(name)))
