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
    hold a character :func:`~calfexpert._text.json_safe` escapes)."""
    kind = type(node)
    if kind is str:
        if wide is not None and not node.isascii():
            wide.append(node)
        return True
    if node is None or kind is bool:
        return True
    if kind is dict:
        for key, value in node.items():
            if type(key) is not str or not _orjson_writes_it_as_json_does(value, wide):
                return False
            if wide is not None and not key.isascii():
                wide.append(key)
        return True
    if kind is list or kind is tuple:
        for value in node:
            if not _orjson_writes_it_as_json_does(value, wide):
                return False
        return True
    if kind is float:
        return node == 0.0 or 1e-4 <= abs(node) < 1e16
    if kind is int:
        return -(2**63) <= node < 2**63
    return False


def _safe(text: str, wide: list[str]) -> str:
    """``json_safe(text)`` for JSON text written by orjson from a document whose non-ASCII keys and strings are
    ``wide``: outside strings the text is ASCII, so a character json_safe escapes is either in one of those or DEL,
    and the pass over the whole text is skipped when there is none (the usual case; the text is the same either way)."""
    return json_safe(text) if "\x7f" in text or any(map(needs_escaping, wide)) else text


def dumps(document: Mapping[str, Any]) -> str:
    """The canonical JSON text of a document: the same document always gives the same bytes.

    Written by orjson where its text is byte-identical to ``json.dumps(indent=2,
    ensure_ascii=False, allow_nan=False)``, by the stdlib otherwise (so NaN still raises); bidi
    overrides and line separators are then written as ``\\u`` escapes (the same JSON value, safe to print;
    see :func:`_safe` for when that pass is skipped).
    """
    wide: list[str] = []
    if _orjson_writes_it_as_json_does(document, wide):
        import orjson

        return _safe(orjson.dumps(document, option=orjson.OPT_INDENT_2).decode("utf-8"), wide) + "\n"
    return json_safe(json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False)) + "\n"


def dumps_line(document: Any, safe: bool = False) -> str:
    """``document`` as one line of compact JSON, byte-identical to ``json.dumps(document,
    ensure_ascii=False, separators=(",", ":"))`` (orjson where that holds, else the stdlib).

    With ``safe``, the line is :func:`~calfexpert._text.json_safe`'s (bidi overrides and line separators written as
    ``\\u`` escapes), its pass over the whole text skipped, as in :func:`dumps`, when no string needs it."""
    wide: list[str] = []
    if _orjson_writes_it_as_json_does(document, wide):
        import orjson

        text = orjson.dumps(document).decode("utf-8")
        return _safe(text, wide) if safe else text
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return json_safe(text) if safe else text
