"""calfexpert's exception types.

Every error a user can cause is an :class:`InvalidCaseError` that carries every
problem found, each with the place in the case (a dotted path such as
``signs.chest_pian``), what was wrong and, where one exists, a suggestion.
Faults in calfexpert itself (a rule that loops, an explanation that fails its
own schema) are :class:`InternalError`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._text import one_line

PATH_LIMIT = 200
"""Longest field path kept in a problem (a key of a megabyte is cut, not echoed)."""
MESSAGE_LIMIT = 2000
"""Longest message or suggestion kept in a problem."""
SHOWN_PROBLEMS = 50
"""Most problems the message of an :class:`InvalidCaseError` lists (``problems`` holds them all)."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a case.

    ``path`` is the dotted path in the case (``""`` for the whole case or the
    file itself), ``message`` says what was wrong and ``suggestion`` (possibly
    ``None``) what to do about it.

    All three are safe to print: control characters, bidi overrides and
    line separators are written as escapes (``\\x1b``, ``\\u202e``), and
    long values are cut, so a hostile key cannot drive a terminal.
    """

    path: str
    message: str
    suggestion: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", one_line(self.path, PATH_LIMIT))
        object.__setattr__(self, "message", one_line(self.message, MESSAGE_LIMIT))
        if self.suggestion is not None:
            object.__setattr__(self, "suggestion", one_line(self.suggestion, MESSAGE_LIMIT))

    def format(self) -> str:
        where = self.path or "(case)"
        text = f"{where}: {self.message}"
        if self.suggestion:
            text += f" ({self.suggestion})"
        return text

    def as_dict(self) -> dict[str, str | None]:
        return {"path": self.path, "message": self.message, "suggestion": self.suggestion}


class CalfexpertError(Exception):
    """Base class of every exception calfexpert raises on purpose."""


class InvalidCaseError(CalfexpertError, ValueError):
    """A case could not be read or does not follow the case format.

    ``source`` names where the case came from (a file name, ``<stdin>`` or
    ``<dict>``); ``problems`` lists every problem found, not only the first.
    """

    def __init__(self, source: str, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.source = one_line(str(source), PATH_LIMIT)
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self._message())

    def _message(self) -> str:
        count = len(self.problems)
        head = f"{self.source}: {count} problem{'s' if count != 1 else ''} in the case"
        lines = [head, *("  " + p.format() for p in self.problems[:SHOWN_PROBLEMS])]
        if count > SHOWN_PROBLEMS:
            lines.append(f"  ... and {count - SHOWN_PROBLEMS} more problems (the first {SHOWN_PROBLEMS} are shown)")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self._message()


class InternalError(CalfexpertError, RuntimeError):
    """calfexpert itself went wrong (for example a rule that keeps firing).

    This is never the case file's fault; please report it with the case.
    """


class OutputError(CalfexpertError, OSError):
    """An answer could not be written: the disk is full, the folder cannot be written, the target is a folder ...

    The fault is in the environment, not in the case or in calfexpert.  ``target`` names the file
    (``"standard output"`` for the terminal or a pipe) and ``reason`` says what the operating system
    reported.  The command line exits with status 74 for it.
    """

    def __init__(self, target: str, reason: str) -> None:
        self.target = one_line(str(target), PATH_LIMIT)
        self.reason = one_line(reason, MESSAGE_LIMIT)
        super().__init__(f"cannot write {self.target}: {self.reason}")

    def __str__(self) -> str:
        return f"cannot write {self.target}: {self.reason}"
