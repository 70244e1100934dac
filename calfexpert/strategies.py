"""Hypothesis strategies for property-testing calfexpert, or an app that embeds it.

Needs hypothesis (``pip install calfexpert[test]``).

>>> from hypothesis import given
>>> from calfexpert.strategies import cases
>>> @given(cases())
... def test_never_raises(case):
...     calfexpert.explain(case)

``cases()`` draws valid case files straight from ``schemas/case.schema.json``
(every section and field optional, every value within its range), so every
drawn case validates.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from .schemas import load_schema

__all__ = ["case_field_strategy", "cases"]


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


def cases(*, unknown: bool = True, sections: tuple[str, ...] = ("runner", "pain", "signs", "history", "measurements"),
          ) -> st.SearchStrategy[dict[str, Any]]:
    """Valid case files drawn from the case schema.

    ``unknown=False`` never draws ``null``; ``sections`` limits the sections drawn.
    """
    schema = load_schema("case")
    optional = {name: _object(schema["properties"][name], unknown=unknown) for name in sections}
    return st.fixed_dictionaries({}, optional=optional)
