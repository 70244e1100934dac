"""Hypothesis strategies for property-testing calfexpert, or an app that embeds it.

Needs hypothesis (``pip install calfexpert[test]``).

>>> from hypothesis import given
>>> from calfexpert.strategies import cases
>>> @given(cases())
... def test_never_raises(case):
...     calfexpert.explain(case)

``cases()`` draws valid case files straight from ``schemas/case.schema.json``
(every section and field optional, every value within its range), so every
drawn case validates.  ``presentations("dvt")`` draws clinically shaped cases:
the condition's textbook findings (``calfexpert.knowledge.presentations``), a
random subset of its often-present findings, and a little random noise, so
that rare conditions' rules are reached often.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from .knowledge.clinical import CONDITIONS
from .knowledge.presentations import PRESENTATIONS
from .schemas import load_schema

__all__ = ["case_field_strategy", "cases", "presentations"]


def case_field_strategy(field: dict[str, Any], *, unknown: bool = True) -> st.SearchStrategy[Any]:
    """A strategy for one field of the case schema (``unknown``: also draw ``null``)."""
    if "properties" in field:
        return _object(field, unknown=unknown)
    if "enum" in field:
        values = [v for v in field["enum"] if v is not None]
        strategy: st.SearchStrategy[Any] = st.sampled_from(values)
        return strategy | st.none() if unknown and None in field["enum"] else strategy
    kinds = field["type"] if isinstance(field["type"], list) else [field["type"]]
    if "boolean" in kinds:
        strategy = st.booleans()
    elif "integer" in kinds:
        strategy = st.integers(field["minimum"], field["maximum"])
    elif "number" in kinds:
        strategy = st.integers(int(field["minimum"]), int(field["maximum"])) | st.floats(
            field["minimum"], field["maximum"], allow_nan=False, allow_infinity=False)
    elif "array" in kinds:
        strategy = st.lists(st.sampled_from(field["items"]["enum"]), min_size=1, max_size=field.get("maxItems", 8), unique=True)
    elif "string" in kinds:
        strategy = st.text(max_size=40)
    else:  # pragma: no cover - the schema has no other kinds
        raise ValueError(f"no strategy for {field}")
    return strategy | st.none() if unknown and "null" in kinds else strategy


def _object(schema: dict[str, Any], *, unknown: bool) -> st.SearchStrategy[dict[str, Any]]:
    optional = {name: case_field_strategy(sub, unknown=unknown) for name, sub in schema["properties"].items()}
    return st.fixed_dictionaries({}, optional=optional)


def cases(*, unknown: bool = True, sections: tuple[str, ...] = ("runner", "pain", "signs", "history", "medications", "vitals",
                                                             "measurements"),
          ) -> st.SearchStrategy[dict[str, Any]]:
    """Valid case files drawn from the case schema.

    ``unknown=False`` never draws ``null``; ``sections`` limits the sections drawn.
    """
    schema = load_schema("case")
    optional = {name: _object(schema["properties"][name], unknown=unknown) for name in sections}
    return st.fixed_dictionaries({}, optional=optional)


def _field_schemas() -> dict[str, dict[str, Any]]:
    schema = load_schema("case")
    out: dict[str, dict[str, Any]] = {}
    for section, sub in schema["properties"].items():
        for name, field in sub.get("properties", {}).items():
            if "properties" in field:
                for inner, leaf in field["properties"].items():
                    out[f"{section}.{name}.{inner}"] = leaf
            else:
                out[f"{section}.{name}"] = field
    return out


def _nest(findings: dict[str, Any]) -> dict[str, Any]:
    case: dict[str, Any] = {}
    for path, value in sorted(findings.items()):
        *parents, leaf = path.split(".")
        node = case
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return case


@st.composite
def _presentation(draw: st.DrawFn, condition: str, noise: int) -> dict[str, Any]:
    fields = _field_schemas()
    shape = PRESENTATIONS[condition]
    findings = dict(shape.core)
    # each often-present finding, and each group, is in or out as a coin falls: every one of them is in about half
    # the pictures (a drawn list of them would be short, and a rule that needs two of them would rarely fire)
    optional = sorted(shape.optional)
    for path, present in zip(optional, draw(st.lists(st.booleans(), min_size=len(optional), max_size=len(optional))),
                             strict=True):
        if present:
            findings[path] = shape.optional[path]
    groups = shape.together
    for group, present in zip(groups, draw(st.lists(st.booleans(), min_size=len(groups), max_size=len(groups))), strict=True):
        if present:
            findings.update(group)
    others = sorted(p for p in fields if p not in findings)
    for path in draw(st.lists(st.sampled_from(others), unique=True, max_size=noise)):
        findings[path] = draw(case_field_strategy(fields[path], unknown=False))
    return _nest(findings)


def presentations(condition: str | None = None, *, noise: int = 3) -> st.SearchStrategy[dict[str, Any]]:
    """Clinically shaped valid cases of ``condition`` (any condition when ``None``), with up to ``noise`` random extra findings."""
    if condition is None:
        return st.sampled_from(sorted(PRESENTATIONS)).flatmap(lambda c: _presentation(c, noise))
    if condition not in CONDITIONS:
        raise ValueError(f"unknown condition {condition!r}; expected one of {', '.join(CONDITIONS)}")
    return _presentation(condition, noise)
