"""Canonical JSON text: the same document always gives the same bytes (orjson where it writes what the stdlib writes)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ._text import json_safe, needs_escaping


def _orjson_writes_it_as_json_does(node: Any, wide: list[str] | None = None) -> bool:
    """Whether orjson's text of ``node`` is byte for byte the stdlib's: every key a string, every
    float one that both print alike (not NaN or infinite, not below 1e-4 or from 1e16 on, where
    Python switches to an exponent), every integer within 64 bits, nothing but JSON types.

    ``wide``, if given, receives every key and string that is not pure ASCII (besides DEL, only those can
    hold a character :func:`~calfexpert._text.json_safe` escapes); a dict's keys are given as one string."""
    return _container((node,), [] if wide is None else wide)


def _container(node: Any, wide: list[str]) -> bool:
    # one loop per container, the scalars checked inline: a call per value cost a third more (explanations hold ~4,000)
    if type(node) is dict:
        try:
            keys = "".join(node)  # a key that is not a string is a TypeError; orjson refuses
            # a key that is a subclass of str, but a str enum, which both write as its text (dumps falls back on the refusal)
        except TypeError:
            return False
        if not keys.isascii():
            wide.append(keys)
        node = node.values()
    for value in node:
        kind = type(value)
        if kind is str:
            if not value.isascii():
                wide.append(value)
        elif kind is dict or kind is list or kind is tuple:
            if not _container(value, wide):
                return False
        elif kind is float:
            if not (value == 0.0 or 1e-4 <= abs(value) < 1e16):
                return False
        elif kind is int:
            if not -(2**63) <= value < 2**63:
                return False
        elif value is not None and kind is not bool:
            return False
    return True


def written_alike(node: Any) -> bool:
    """Whether orjson's text of ``node`` is the stdlib's and holds nothing :func:`~calfexpert._text.json_safe` escapes
    besides DEL (which :func:`dumps` finds in the text)."""
    wide: list[str] = []
    return _orjson_writes_it_as_json_does(node, wide) and not any(map(needs_escaping, wide))


def _safe(data: bytes, wide: list[str]) -> str:
    """``json_safe`` of the JSON text orjson wrote as ``data`` from a document whose non-ASCII keys and strings are
    ``wide``: outside strings the text is ASCII, so a character json_safe escapes is either in one of those or DEL,
    and the pass over the whole text is skipped when there is none (the usual case; the text is the same either way)."""
    text = data.decode("utf-8")
    return json_safe(text) if b"\x7f" in data or any(map(needs_escaping, wide)) else text


def dumps(document: Mapping[str, Any], parts: list[Any] | None = None) -> str:
    """The canonical JSON text of a document: the same document always gives the same bytes.

    Written by orjson where its text is byte-identical to ``json.dumps(indent=2,
    ensure_ascii=False, allow_nan=False)``, by the stdlib otherwise (so NaN still raises); bidi
    overrides and line separators are then written as ``\\u`` escapes (the same JSON value, safe to print;
    see :func:`_safe` for when that pass is skipped).

    ``parts``, if given, are the parts of the document that can hold values orjson would write otherwise, the only
    ones walked to prove it: the caller knows the rest :func:`written_alike` (as
    :func:`calfexpert.explanation.case_parts` does for an explanation).
    """
    wide: list[str] = []
    if _orjson_writes_it_as_json_does(document if parts is None else parts, wide):
        import orjson

        try:
            # (json_safe leaves the text's own newlines alone, so the last one can be written with it)
            return _safe(orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE), wide)
        except TypeError:  # a key that is a subclass of str
            pass
    return json_safe(json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False)) + "\n"


def dumps_line(document: Any, safe: bool = False, parts: list[Any] | None = None) -> str:
    """``document`` as one line of compact JSON, byte-identical to ``json.dumps(document,
    ensure_ascii=False, separators=(",", ":"))`` (orjson where that holds, else the stdlib).

    With ``safe``, the line is :func:`~calfexpert._text.json_safe`'s (bidi overrides and line separators written as
    ``\\u`` escapes), its pass over the whole text skipped, as in :func:`dumps`, when no string needs it.  ``parts``:
    as in :func:`dumps`."""
    wide: list[str] = []
    if _orjson_writes_it_as_json_does(document if parts is None else parts, wide):
        import orjson

        try:
            data = orjson.dumps(document)
        except TypeError:  # a key that is a subclass of str
            pass
        else:
            return _safe(data, wide) if safe else data.decode("utf-8")
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return json_safe(text) if safe else text
