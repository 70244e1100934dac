"""Text that is safe to show: escapes for a terminal, cut lengths, values described in the case format's words.

Everything calfexpert prints that came from outside (a file name, a key, a value, an answer) goes
through :func:`printable` first, so an escape sequence, a bidi override or a line separator in a
case is shown (``\\x1b``, ``\\u202e``) and never obeyed by the terminal.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping, Set
from typing import Any

# C0 and C1 controls (DEL too), the bidi embeddings, overrides, isolates and marks, the line and paragraph
# separators, and the zero-width characters and BOM that can hide text. Tab and newline are kept only
# where the caller says so (a multi-line report); an error message is always one line.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
                     "\ufff9-\ufffb]")
_UNSAFE_WITH_LINES = re.compile("[\t\n\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064"
                                "\u2066-\u206f\ufeff\ufff9-\ufffb]")

VALUE_LIMIT = 60
"""How many characters of a value an error message shows."""


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code == 0x09:
        return "\\t"
    if code == 0x0A:
        return "\\n"
    if code == 0x0D:
        return "\\r"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, newlines: bool = False) -> str:
    """``text`` with every control character, bidi control and line separator written as an escape.

    With ``newlines=True`` tab and newline stay (a multi-line report or notes); otherwise the result is
    one line.  Surrogates that cannot be encoded are written as escapes too.
    """
    text = str(text)
    out = (_UNSAFE if newlines else _UNSAFE_WITH_LINES).sub(_escape, text)
    if has_surrogate(out):
        out = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", out)
    return out


_SURROGATE = re.compile("[\ud800-\udfff]")


def has_surrogate(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate (which no UTF-8 output can hold); ASCII text is answered at once."""
    return not text.isascii() and _SURROGATE.search(text) is not None


def clip(text: str, limit: int = VALUE_LIMIT) -> str:
    """``text`` cut to about ``limit`` characters, saying how long it was."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"


def quoted(text: str, limit: int = VALUE_LIMIT) -> str:
    """A piece of outside text for a message: printable, cut, in quotes."""
    if len(text) <= limit:
        return f"'{printable(text)}'"
    return f"'{printable(text[:limit])}…' ({len(text):,} characters)"


def describe(value: Any) -> str:
    """A value in the case format's own words: true, null, the text '…', a number, a list, a date ..."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return f"the text {quoted(value)}"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, (list, tuple)):
        return f"a list of {len(value)} value{'s' if len(value) != 1 else ''}" if value else "an empty list"
    if isinstance(value, (Set, frozenset)):
        return "a set (a case file has lists, not sets)"
    if isinstance(value, _dt.datetime):
        return f"a date and time ({clip(value.isoformat())})"
    if isinstance(value, _dt.date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, (bytes, bytearray, memoryview)):
        return f"binary data ({len(value):,} bytes)"
    if isinstance(value, int):
        digits = len(str(abs(value))) if abs(value) < 10**300 else None
        return f"the number {value}" if digits is not None and digits <= 20 else "a number with too many digits"
    if isinstance(value, float):
        return f"the number {value!r}"
    number = _number_words(value)
    if number is not None:
        return number
    return f"a Python {type(value).__name__} (not a value a case file can hold)"


def _number_words(value: Any) -> str | None:
    from decimal import Decimal
    from fractions import Fraction

    if isinstance(value, (Decimal, Fraction)):
        return f"the number {clip(str(value), 30)}"
    return None


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]")


def needs_escaping(text: str) -> bool:
    """Whether :func:`json_safe` would change ``text``."""
    return _JSON_UNSAFE.search(text) is not None


def json_safe(text: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with the characters that can mislead a terminal
    or a JavaScript reader (C1 controls, bidi controls, line separators) written as ``\\uXXXX``: the same data."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def one_line(text: str, limit: int = 2000) -> str:
    """A message made safe for one line of a terminal, cut to ``limit`` characters."""
    return clip(printable(text), limit)
