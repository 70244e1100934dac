"""The library entry point: a case in, an :class:`Explanation` out."""

from __future__ import annotations

from collections.abc import Mapping

from .case import CaseSource, check_case, load_case
from .engine import engine_for_this_thread
from .errors import InternalError
from .explanation import Explanation, build_explanation, dumps
from .facts import case_to_facts
from .rules import CalfEngine
from .schemas import validator


def explain(case: CaseSource) -> Explanation:
    """Reason about one case and explain the result.

    ``case`` is a path to a JSON or YAML case file, or a mapping in the case
    format.  Raises :class:`~calfexpert.InvalidCaseError` (with every problem
    found) for an invalid case and :class:`~calfexpert.InternalError` if
    calfexpert itself fails.  Safe to call from several threads at once (each
    thread reuses its own engine); the same case always gives the same JSON.
    """
    normalised = check_case(case, "<dict>") if isinstance(case, Mapping) else load_case(case)
    engine = engine_for_this_thread(CalfEngine)
    run = engine.run_facts(case_to_facts(normalised))
    document = build_explanation(normalised, run)
    errors = sorted(validator("explanation").iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        where = "/".join(map(str, errors[0].absolute_path))
        raise InternalError(f"the explanation does not match its own schema at {where or '(root)'}: {errors[0].message}")
    explanation = Explanation(document)
    explanation.__dict__["json"] = dumps(document)  # fix the bytes now: callers may mutate .data later
    return explanation


__all__ = ["explain", "load_case"]
