"""The library entry point: a case in, an :class:`Explanation` out."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ._json import dumps
from .case import CaseSource, check_case, load_case
from .engine import engine_for_this_thread
from .errors import InternalError
from .explanation import SUMMARY_RECORDS, build_core, case_parts, complete, summarise_run
from .facts import case_to_facts
from .result import Explanation
from .rules import CalfEngine
from .schemas import compiled_says_valid, validator


@dataclass(frozen=True)
class Firings:
    """The cheap outcome of a case: which rules fired (in order), the triage level and the suspected conditions.

    No explanation is built; :func:`explain` gives the full answer.  Used by rule-coverage runs.
    """

    rules: tuple[str, ...]
    triage_level: str
    suspected: tuple[str, ...]


_FIRINGS_RECORDS = frozenset({"Triage", "Suspected"})


def fire(case: CaseSource) -> Firings:
    """Run the rules on a case and report only what fired (for coverage runs and benchmarks)."""
    normalised = check_case(case, "<dict>") if isinstance(case, Mapping) else load_case(case)
    run = engine_for_this_thread(CalfEngine).run_facts(case_to_facts(normalised), trace=False, only=_FIRINGS_RECORDS)
    (triage,) = run.of_type("Triage")
    return Firings(rules=tuple(f.rule for f in run.trace), triage_level=str(triage.data["level"]),
                   suspected=tuple(sorted(r.data["condition"] for r in run.of_type("Suspected"))))


def summarise(case: CaseSource) -> dict[str, Any]:
    """The short form of a case's explanation (``case_id``, ``triage``, ``diagnoses`` with their
    certainty, ``red_flags``, ``withheld``) without building the explanation: for batch summaries."""
    normalised = check_case(case, "<dict>") if isinstance(case, Mapping) else load_case(case)
    run = engine_for_this_thread(CalfEngine).run_facts(case_to_facts(normalised), trace=False, only=SUMMARY_RECORDS)
    return summarise_run(normalised, run)


def _core_and_finish(case: CaseSource) -> tuple[dict[str, Any], Callable[[dict[str, Any]], dict[str, Any]]]:
    normalised = check_case(case, "<dict>") if isinstance(case, Mapping) else load_case(case)
    engine = engine_for_this_thread(CalfEngine)
    run = engine.run_facts(case_to_facts(normalised))
    core = build_core(normalised, run)

    def finish(core: dict[str, Any]) -> dict[str, Any]:
        document = complete(core, run)
        if compiled_says_valid("explanation", document):
            return document
        # jsonschema words the problem (and stays the reference if the two ever disagree)
        errors = sorted(validator("explanation").iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
        if errors:
            where = "/".join(map(str, errors[0].absolute_path))
            raise InternalError(f"the explanation does not match its own schema at {where or '(root)'}: {errors[0].message}")
        return document

    return core, finish


def _write(document: dict[str, Any]) -> str:
    """The JSON text of a document :func:`complete` built (only the parts that can hold what the case says are
    walked to prove orjson writes them as the stdlib does)."""
    return dumps(document, case_parts(document))


def explain(case: CaseSource) -> Explanation:
    """Reason about one case and explain the result.

    ``case`` is a path to a JSON or YAML case file (a ``str`` or ``os.PathLike``
    is always a path, never the text of a case), or a mapping in the case format
    (any ``Mapping``; lists may be tuples, numbers may be ``Decimal`` or
    ``Fraction``); see :func:`~calfexpert.load_case`.  Anything else is a
    ``TypeError``.  Raises :class:`~calfexpert.InvalidCaseError` (with every problem
    found) for an invalid case and :class:`~calfexpert.InternalError` if
    calfexpert itself fails (an explanation that does not match its schema raises it when its
    document is first read).  Safe to call from several threads at once (each
    thread reuses its own engine); the same case always gives the same JSON.
    """
    core, finish = _core_and_finish(case)
    return Explanation.deferred(core, finish, _write)


def explanation_document(case: CaseSource) -> dict[str, Any]:
    """The full, schema-checked explanation document of a case, without its indented JSON text
    (for callers that write it their own way, such as batch)."""
    core, finish = _core_and_finish(case)
    return finish(core)


def what_would_change(case: CaseSource, dont_know: Iterable[str] = (), limit: int | None = None) -> list[dict[str, Any]]:
    """Unknown findings whose answer could raise the triage or change the most likely cause, most important first:
    the entries of an explanation's ``what_would_change``, listed whole (an explanation shows the first 8) and
    without the entries that only findings in ``dont_know`` (answered "don't know") could decide.

    For question policies such as the interview's, which must know what is still worth asking.
    """
    from .whynot import CaseEnv
    from .whynot import what_would_change as _changes

    normalised = check_case(case, "<dict>") if isinstance(case, Mapping) else load_case(case)
    run = engine_for_this_thread(CalfEngine).run_facts(case_to_facts(normalised))
    core = build_core(normalised, run)
    return _changes(CaseEnv(run), {f.rule for f in run.trace}, core["triage"]["level"], core["diagnoses"],
                    limit=limit if limit is not None else len(run.trace) + 10_000, dont_know=frozenset(dont_know))


__all__ = ["Firings", "explain", "explanation_document", "fire", "load_case", "summarise", "what_would_change"]
