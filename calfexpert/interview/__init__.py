"""The interactive consultation, ``calfexpert ask``: one question at a time, then the report.

Three layers, each usable on its own:

- :mod:`~calfexpert.interview.policy`: which question next (the one whose answer can change the answer
  most), read from the public explanation of the case so far;
- :mod:`~calfexpert.interview.session`: the state of one consultation (answers, "don't know", what was
  asked), saving and resuming it, and replaying an interview from a case file;
- :mod:`~calfexpert.interview.command`: the click command, with ``--save``, ``--resume`` and ``--replay``.

The question texts come from :mod:`calfexpert.knowledge.questions`, the table the reports use too.
"""

from __future__ import annotations

from .policy import BASICS, candidates, next_question, remaining
from .questions import DONT_KNOW, FIELDS, Question, make_checklist, make_question
from .session import Asked, Interview, load_partial, questions_needed, replay, save_case


def __getattr__(name: str) -> object:
    if name == "ask_command":  # the click command is loaded only when wanted
        from .command import ask_command

        return ask_command
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["BASICS", "DONT_KNOW", "FIELDS", "Asked", "Interview", "Question", "ask_command", "candidates", "load_partial",
           "make_checklist", "make_question", "next_question", "questions_needed", "remaining", "replay", "save_case"]
