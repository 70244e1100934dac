"""Reading a case: from a file, text or a mapping to a checked, normalised dict.

Nothing in a case is executed or trusted: JSON is parsed with duplicate keys
and non-finite numbers rejected, YAML with the safe loader, and size, nesting
and node count are bounded before the schema is applied.  Every problem found
is collected into one :class:`~calfexpert.errors.InvalidCaseError`.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

from ._text import clip, describe, has_surrogate, printable, quoted
from .errors import InvalidCaseError, Problem
from .schemas import compiled_says_valid, load_schema, validator

MAX_BYTES = 1024 * 1024
"""Largest case file accepted (1 MiB); a real case is a few kilobytes."""
MAX_DEPTH = 8
"""Deepest nesting accepted; the case format itself needs 3 levels."""
MAX_NODES = 5000
"""Most values (objects, lists, scalars) accepted in one case."""

CasePath = str | os.PathLike[str]
CaseSource = CasePath | Mapping[str, Any]


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


class _NeverRaised(Exception):
    """Stands for yaml.YAMLError when a JSON case is parsed (yaml is not imported for JSON)."""


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a case can hold")


YAML11_BOOLEANS = {"yes": True, "no": False, "on": True, "off": False, "y": True, "n": False}
"""Words YAML 1.1 reads as booleans; a case file is read with YAML 1.2 booleans, so they stay text (and a
true-or-false field holding one is an error whose suggestion says so)."""


@cache
def _safe_loader() -> type:
    """The safe YAML loader, refusing duplicate keys, with YAML 1.2 booleans: only true and false.

    yaml.SafeLoader follows YAML 1.1, where ``no``, ``off``, ``n``, ``yes``, ``on`` and ``y`` are
    booleans: ``swelling: no`` would silently be false and ``country: no`` (Norway) a boolean.
    Everything else is yaml.safe_load's behaviour.  yaml is imported on the first YAML case, not at start.
    """
    import yaml

    class _SafeLoader(yaml.SafeLoader):
        pass

    _SafeLoader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    _SafeLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                      list("tTfF"))

    def construct_mapping(loader: Any, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = loader.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
            except TypeError:  # an unhashable key: let the constructor report it
                break
            if duplicate:
                raise _DuplicateKey(str(key))
            seen.add(key)
        return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)

    _SafeLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    return _SafeLoader


def _detect_format(source: str, text: str) -> str:
    suffix = Path(source).suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    return "json" if text.lstrip().startswith(("{", "[")) else "yaml"


def parse_case_bytes(data: bytes, source: str = "<input>", fmt: str | None = None) -> Any:
    """Decode and parse a case file's bytes; the result is not yet checked."""
    if len(data) > MAX_BYTES:
        raise InvalidCaseError(
            source,
            [Problem("", (f"the file is {len(data)} bytes" if len(data) > MAX_BYTES + 1 else "the file is larger than 1 MiB")
                     + f"; a case file may be at most {MAX_BYTES} bytes",
                     "a case describes one runner and is normally a few kilobytes")],
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidCaseError(
            source,
            [Problem("", f"the file is not UTF-8 text (invalid byte at offset {exc.start})",
                     "save the case file as UTF-8")],
        ) from None
    if not text.strip():
        raise InvalidCaseError(source, [Problem("", "the file is empty",
                                                "a case file is one JSON or YAML object; see the examples in facts/")])
    fmt = fmt or _detect_format(source, text)
    if fmt == "json":
        yaml_error: type[Exception] = _NeverRaised
    else:
        import yaml

        yaml_error = yaml.YAMLError
    try:
        if fmt == "json":
            value = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)
        else:
            value = yaml.load(text, Loader=_safe_loader())
    except _DuplicateKey as exc:
        raise InvalidCaseError(source, [Problem("", f"the key {quoted(exc.key, 40)} appears twice in one object",
                                                "keep one of them")]) from None
    except json.JSONDecodeError as exc:
        raise InvalidCaseError(source, [Problem("", f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
                                                "check the quotes, commas and brackets near that place")]) from None
    except yaml_error as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InvalidCaseError(source, [Problem("", f"invalid YAML{where}: {problem}",
                                                "check the indentation and the colons near that place")]) from None
    except RecursionError:
        raise InvalidCaseError(source, [Problem("", f"the case is nested too deeply (more than {MAX_DEPTH} levels)",
                                                "a case file needs at most 3 levels of nesting")]) from None
    except ValueError as exc:  # a rejected constant such as NaN, a number of more than 4300 digits
        raise InvalidCaseError(source, [Problem("", f"invalid {fmt.upper()}: {exc}", "use a plain number or null")]) from None
    return value


_PLAIN_TYPES = frozenset({dict, list, str, int, float, bool, type(None)})

_INT_LIMIT = 10**18
"""A whole number must be within ±10**18 (exclusive): more than 18 digits is more than any field can hold."""


def _as_it_is(node: dict[str, Any] | list[Any], depth: int, budget: int) -> int:
    """For a case that is plain JSON data with no problem (the usual one), what :func:`_check_shape` and
    :func:`_plain` would check in one walk of its containers, without their paths: the nodes left of ``budget``
    (MAX_NODES), or -1 if the careful walks must look (a problem to word, a value to convert, or a number they refuse).
    ``node`` is a dict or a list at ``depth``."""
    budget -= len(node)
    if budget < 0 or (depth >= MAX_DEPTH and node):  # (too many values, or children nested too deeply)
        return -1
    if type(node) is dict:
        for key in node:
            if type(key) is not str or (not key.isascii() and has_surrogate(key)):
                return -1
        node = node.values()  # type: ignore[assignment]
    for child in node:
        kind = type(child)
        if kind is str:
            if not child.isascii() and has_surrogate(child):
                return -1
        elif kind is dict or kind is list:
            budget = _as_it_is(child, depth + 1, budget)
            if budget < 0:
                return -1
        elif kind is int:
            if not -_INT_LIMIT < child < _INT_LIMIT:
                return -1
        elif kind is float:
            if not math.isfinite(child):
                return -1
        elif child is not None and kind is not bool:
            return -1
    return budget


def _check_shape(value: Any, source: str) -> bool:
    """Bound nesting and size, reject non-string keys and non-finite numbers.

    Returns whether the value is plain JSON data (dicts, lists, strings, numbers, booleans, null:
    what the compiled validator judges exactly as jsonschema does; tuples, say, it would take for arrays).
    """
    problems: list[Problem] = []
    plain = True
    count = 0
    stack: list[tuple[Any, tuple[str, ...]]] = [(value, ())]
    while stack:
        node, path = stack.pop()
        count += 1
        if type(node) not in _PLAIN_TYPES:
            plain = False
        if count > MAX_NODES:
            raise InvalidCaseError(source, [Problem("", f"the case holds more than {MAX_NODES} values",
                                                    "a case describes one runner; remove repeated or generated content")])
        if len(path) > MAX_DEPTH:
            raise InvalidCaseError(source, [Problem(".".join(path[:MAX_DEPTH]),
                                                    f"the case is nested too deeply (more than {MAX_DEPTH} levels)",
                                                    "a case file needs at most 3 levels of nesting")])
        if isinstance(node, Mapping):
            for key, child in node.items():
                if not isinstance(key, str):
                    problems.append(Problem(".".join(path), f"a key must be text, not {describe(key)}",
                                            "quote the key, or check the indentation"))
                    continue
                if has_surrogate(key):
                    problems.append(Problem(".".join(path), f"the key {quoted(key, 40)} {_SURROGATE_WORDS}", _SURROGATE_FIX))
                    continue
                stack.append((child, (*path, key)))
        elif isinstance(node, (list, tuple)):
            for index, child in enumerate(node):
                stack.append((child, (*path, str(index))))
        elif isinstance(node, float) and not math.isfinite(node):
            problems.append(Problem(".".join(path), f"{describe(node)} is not a finite number", "use a plain number or null"))
        elif isinstance(node, str) and has_surrogate(node):
            problems.append(Problem(".".join(path), f"the text {quoted(node, 40)} {_SURROGATE_WORDS}", _SURROGATE_FIX))
    if problems:
        raise InvalidCaseError(source, problems)
    return plain


def _plain(value: Any, source: str) -> Any:
    """The value as JSON data: any Mapping (MappingProxyType ...) a dict, a tuple a list, a finite Decimal or Fraction a number.

    Called after :func:`_check_shape`, so the nesting is bounded.  Other Python values (a date, bytes, a
    set) are left as they are for the schema check to name in the case format's words.
    """
    return _plain_at(value, source, ())


def _plain_at(value: Any, source: str, path: tuple[str, ...]) -> Any:
    where = ".".join(path)
    if isinstance(value, Mapping):
        return {key: _plain_at(child, source, (*path, str(key))) for key, child in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain_at(child, source, (*path, str(i))) for i, child in enumerate(value)]
    if isinstance(value, int) and not isinstance(value, bool) and not -_INT_LIMIT < value < _INT_LIMIT:
        raise InvalidCaseError(source, [Problem(where, "the number has more than 18 digits, more than any field can hold",
                                                "check the value")])
    if isinstance(value, (Decimal, Fraction)):
        if isinstance(value, Decimal) and not value.is_finite():
            raise InvalidCaseError(source, [Problem(where, f"the Decimal {clip(str(value), 20)} is not a finite number",
                                                    "use a plain number or None")])
        if not -_INT_LIMIT < value < _INT_LIMIT:  # compared before any conversion: Decimal('1e999999999') is not built
            raise InvalidCaseError(source, [Problem(where, f"the number {clip(str(value), 20)} is too large for a case",
                                                    "check the value")])
        return int(value) if value == int(value) else float(value)
    return value


# A JSON escape such as "\ud800" without its pair parses to a lone surrogate, which no UTF-8 output can hold.
_SURROGATE_WORDS = "holds a lone surrogate (an escape such as \\ud800 without its pair), which is not Unicode text"
_SURROGATE_FIX = "remove the escape, or write the character itself"


def _sections(schema: Mapping[str, Any]) -> dict[str, list[str]]:
    props = schema["properties"]
    return {name: list(p.get("properties", {})) for name, p in props.items() if "properties" in p}


def _subschema(schema: Mapping[str, Any], path: tuple[Any, ...]) -> Mapping[str, Any]:
    node: Mapping[str, Any] = schema
    for part in path:
        if isinstance(part, int):
            node = node.get("items", {})
        else:
            node = node.get("properties", {}).get(part, {})
    return node


def _type_words(expected: Any) -> str:
    names = {"boolean": "true or false", "integer": "a whole number", "number": "a number",
             "string": "text", "object": "an object", "array": "a list", "null": "null"}
    kinds = expected if isinstance(expected, list) else [expected]
    return " or ".join(names.get(k, k) for k in kinds)


def _describe(value: Any) -> str:
    return describe(value)


def _unknown_key_problem(key: str, path: tuple[Any, ...], allowed: list[str], sections: dict[str, list[str]]) -> Problem:
    where = ".".join(clip(str(p), 40) for p in (*path, key))
    shown = quoted(key, 40)
    if len(key) > 100:  # no field is that long: no near miss to look for (and no quadratic search)
        return Problem(where, f"unknown field {shown}", "see `calfexpert schema case` for every field")
    import difflib  # near misses are looked for only in a case that has a problem

    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.75)
    if close:
        return Problem(where, f"unknown field {shown}", f"did you mean {close[0]!r}?")
    # The right name in the wrong section, or a near miss of a field elsewhere.
    everywhere = {f"{sec}.{name}": name for sec, names in sections.items() for name in names}
    if not path:
        everywhere.update({name: name for name in sections})
    exact = [full for full, name in everywhere.items() if name == key]
    if exact:
        return Problem(where, f"unknown field {shown} here", f"did you mean {exact[0]!r}? it belongs in that section")
    close = difflib.get_close_matches(key, list(everywhere.values()), n=1, cutoff=0.75)
    if close:
        full = next(f for f, n in everywhere.items() if n == close[0])
        return Problem(where, f"unknown field {shown}", f"did you mean {full!r}?")
    hint = "see `calfexpert schema case` for every field"
    if allowed:
        hint = "valid fields here: " + ", ".join(allowed)
    return Problem(where, f"unknown field {shown}", hint)


def _problems_from_schema(case: Any, plain: bool = False) -> list[Problem]:
    if plain and compiled_says_valid("case", case):  # the compiled validator; jsonschema only to word the problems
        return []
    schema = load_schema("case")
    sections = _sections(schema)
    problems: list[Problem] = []
    errors = sorted(validator("case").iter_errors(case), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        path = tuple(error.absolute_path)
        where = ".".join(str(p) for p in path)
        kind = error.validator
        if kind == "additionalProperties" and isinstance(error.instance, Mapping):
            allowed = list(_subschema(schema, path).get("properties", {}))
            for key in error.instance:
                if key not in allowed:
                    problems.append(_unknown_key_problem(str(key), path, allowed, sections))
        elif kind == "enum":
            options = [o for o in error.validator_value if o is not None]
            suggestion = None
            if isinstance(error.instance, str) and len(error.instance) <= 100:
                import difflib

                close = difflib.get_close_matches(error.instance, options, n=1, cutoff=0.6)
                if close:
                    suggestion = f"did you mean {close[0]!r}?"
            problems.append(Problem(where, f"{_describe(error.instance)} is not one of: {', '.join(map(str, options))}",
                                    suggestion or "use one of the listed values, or null if unknown"))
        elif kind == "type":
            expected = error.validator_value
            suggestion = None
            word = error.instance.strip().lower() if isinstance(error.instance, str) else None
            if word in YAML11_BOOLEANS and "boolean" in str(expected):
                meant = str(YAML11_BOOLEANS[word]).lower()
                suggestion = (f"write {meant} without quotes; YAML 1.1 would read `{printable(error.instance.strip())}` as "
                              f"{meant}, but case files are read as YAML 1.2, where only true and false are booleans")
            elif word in ("true", "false"):
                suggestion = "write true or false without quotes"
            elif isinstance(error.instance, str) and ("number" in str(expected) or "integer" in str(expected)):
                suggestion = "write the number without quotes or units"
            problems.append(Problem(where, f"expected {_type_words(expected)}, got {_describe(error.instance)}",
                                    suggestion))
        elif kind in ("minimum", "maximum"):
            sub = _subschema(schema, path)
            problems.append(Problem(where, f"{describe(error.instance)} is out of range {sub.get('minimum')}–{sub.get('maximum')}",
                                    "check the unit" if kind == "maximum" else None))
        elif kind == "uniqueItems":
            problems.append(Problem(where, "the list names the same value twice", "list each value once"))
        elif kind == "minItems":
            problems.append(Problem(where, "the list is empty", "name at least one value, or leave the field out if unknown"))
        elif kind == "maxLength":
            problems.append(Problem(where, f"the text is longer than {error.validator_value} characters", "shorten it"))
        elif kind == "maxItems":
            problems.append(Problem(where, f"the list holds {len(error.instance)} values; at most {error.validator_value} "
                                           "are allowed here", "list each value once"))
        else:  # jsonschema's own message would show a Python repr of the whole value
            problems.append(Problem(where, f"{describe(error.instance)} does not fit here (the schema's rule "
                                           f"{kind!r}: {clip(str(error.validator_value), 60)})"))
    return problems


def _normalise(case: Mapping[str, Any]) -> dict[str, Any]:
    """Drop unknowns (null), empty sections; sort lists so their order never matters."""
    out: dict[str, Any] = {}
    for key in sorted(case):
        value = case[key]
        if value is None:
            continue
        if isinstance(value, Mapping):
            inner = _normalise(value)
            if inner:
                out[key] = inner
        elif isinstance(value, (list, tuple)):
            out[key] = sorted(value)
        else:
            out[key] = value
    return out


def _shape_and_plain(value: Any, source: str) -> tuple[Any, bool]:
    """The careful walks of a case: its shape checked (:func:`_check_shape`), the value as JSON data (:func:`_plain`),
    and whether that is plain JSON data, which the compiled validator judges exactly as jsonschema does."""
    plain = _check_shape(value, source)
    value = _plain(value, source)  # any Mapping a dict, a tuple a list, a Decimal a number; a date or bytes stay for the schema to name
    if not plain:  # (plain JSON data stays itself: the same nodes, judged again alike)
        plain = _check_shape(value, source)  # now plain JSON?
    return value, plain


def check_case(value: Any, source: str = "<dict>") -> dict[str, Any]:
    """Check a parsed case against the case format and return it normalised.

    Raises :class:`InvalidCaseError` with every problem found.
    """
    if type(value) is dict and _as_it_is(value, 0, MAX_NODES - 1) >= 0:
        plain = True  # (the usual case: one walk of its containers, no copy; _normalise builds the case returned)
    else:
        value, plain = _shape_and_plain(value, source)
    if not isinstance(value, Mapping):
        raise InvalidCaseError(source, [Problem("", f"a case must be one object (a mapping of sections), got {_describe(value)}",
                                                'start from an example in facts/, such as {"pain": {"side": "left"}}')])
    problems = _problems_from_schema(value, plain)
    if problems:
        raise InvalidCaseError(source, problems)
    return _normalise(value)


def load_case_bytes(data: bytes, source: str = "<input>", fmt: str | None = None) -> dict[str, Any]:
    """Parse and check a case file's content (``fmt``: ``json``, ``yaml`` or ``None`` to detect)."""
    return check_case(parse_case_bytes(data, source, fmt), source)


def load_case(source: CaseSource) -> dict[str, Any]:
    """Load and check a case from a path (JSON or YAML) or a mapping.

    A ``str`` or ``os.PathLike`` is always a path, never the text of a case (text that looks like
    JSON or YAML is refused with a hint); a mapping is any ``collections.abc.Mapping`` (a dict,
    ``types.MappingProxyType`` ...), whose lists may be lists or tuples and whose numbers may be
    ``int``, ``float``, or finite ``decimal.Decimal`` and ``fractions.Fraction`` (read as numbers).
    Other Python values (a date, bytes, a set) are reported in the case format's words.  Anything
    else as ``source`` is a ``TypeError``.

    Returns the normalised case: unknown (null) values and empty sections are
    dropped and lists are sorted.  Raises :class:`InvalidCaseError` naming the
    file, each field path, what was wrong and a suggestion.
    """
    if isinstance(source, Mapping):
        return check_case(source, "<dict>")
    if isinstance(source, (bytes, bytearray, memoryview)):
        raise TypeError(f"a case is a path (str or os.PathLike) or a mapping, not {type(source).__name__}; for the "
                        "content of a case file use calfexpert.case.load_case_bytes(data)")
    if not isinstance(source, (str, os.PathLike)):
        raise TypeError(f"a case is a path (str or os.PathLike) or a mapping (such as a dict), not {type(source).__name__}")
    name = os.fspath(source)
    if not isinstance(name, str):
        raise TypeError(f"a case path must be text, not {type(name).__name__}")
    if name == "":
        raise InvalidCaseError("''", [Problem("", "an empty path names no file", "give the path of a .json or .yaml case file")])
    if (name.lstrip().startswith(("{", "[")) or "\n" in name) and not os.path.lexists(name):
        raise InvalidCaseError(clip(name, 40), [Problem("", "this looks like the text of a case, not a path; a str is always "
                                                            "taken as the path of a case file",
                                                        "pass json.loads(text) (a dict), or load_case_bytes(text.encode())")])
    path = Path(name)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise InvalidCaseError(name, [Problem("", "this is a folder, not a case file", "name a .json or .yaml file")])
        if size > MAX_BYTES:
            raise InvalidCaseError(name, [Problem("", f"the file is {size} bytes; a case file may be at most {MAX_BYTES} bytes",
                                                  "a case describes one runner and is normally a few kilobytes")])
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InvalidCaseError(name, [Problem("", "no such file", "check the path; example cases are in facts/")]) from None
    except PermissionError:
        raise InvalidCaseError(name, [Problem("", "the file cannot be read (permission denied)", None)]) from None
    except OSError as exc:
        raise InvalidCaseError(name, [Problem("", f"the file cannot be read: {exc.strerror or exc}", None)]) from None
    return check_case(parse_case_bytes(data, name), name)
