"""The interactive consultation, ``calfexpert ask``: one question at a time, then the report.

:class:`Interview` drives the consultation without a terminal, so it can be scripted and
tested; :func:`ask_command` is the click command around it.  The order of the questions:

1. the basics needed to reason at all (:data:`BASICS`);
2. every finding a red-flag rule reads, most urgent flag first (:func:`red_flag_paths`);
3. only what can still change the answer: the first open finding of the first entry of
   ``what_would_change``, reasoning about the partial case again after every answer.  The list
   is taken whole (an explanation shows only its first few entries, which "don't know" answers
   can use up), entries that only "don't know" findings could decide are dropped, and one more
   step is looked at: a rule that raises the triage once a condition is suspected (a recurrent
   strain ...) also waits on the findings that could raise that condition.

"Don't know" is recorded, so a question is never asked twice, and stays unknown in the case
(``null`` in a saved file).  Question texts come from the case schema's descriptions.
"""

from __future__ import annotations

import copy
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import click

from ._atomic import check_target, write_text_atomically
from ._text import printable
from .api import explain
from .case import CaseSource, check_case, load_case, parse_case_bytes
from .errors import InvalidCaseError, OutputError
from .knowledge import CONDITIONS, RED_FLAGS, TRIAGE_LEVELS, triage_rank
from .result import Explanation
from .schemas import load_schema

BASICS: tuple[str, ...] = ("pain.side", "pain.location", "pain.onset", "pain.started",
                           "pain.days_since_onset", "pain.severity", "pain.trend")
"""Asked first, in this order: without them almost no rule can be judged."""

DONT_KNOW: None = None
"""The answer "don't know": the finding stays unknown."""

EXIT_INTERNAL, EXIT_INVALID, EXIT_INTERRUPTED, EXIT_IO = 1, 2, 130, 74

_LEVEL_LABELS = {level.id: level.label for level in TRIAGE_LEVELS}
_UNITS = {"_km": "km", "_cm": "cm", "_pct": "%", "_hours": "hours", "_days": "days", "days_since_onset": "days",
          "_weeks_ago": "weeks ago", "age": "years", "_mmhg": "mmHg", "_bpm": "beats per minute",
          "_per_min": "breaths per minute", "temperature_c": "°C", "_u_per_l": "U/L"}
_YES, _NO, _UNKNOWN = {"y", "yes", "true"}, {"n", "no", "false"}, {"?", "dk", "don't know", "dont know", "unknown"}


# --- The case schema as questions. ---------------------------------------------------------------------------


def _leaves(node: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Mapping[str, Any]]]:
    for name, sub in node.get("properties", {}).items():
        path = f"{prefix}{name}"
        if "properties" in sub:
            yield from _leaves(sub, path + ".")
        elif prefix:  # top-level scalars (case_id, notes, schema_version) are not findings
            yield path, sub


FIELDS: dict[str, Mapping[str, Any]] = dict(_leaves(load_schema("case")))
"""Every finding a case can hold (dotted path to its schema)."""


def _plain(path: str, schema: Mapping[str, Any]) -> str:
    """The question in plain words, from the field's schema description (and its title where the description leans on it)."""
    text = str(schema.get("description", ""))
    text = re.sub(r"Omit or null when unknown\.|One of: [^.]*\.|\s*\(range [^)]*\)", "", text).strip().rstrip(".").strip()
    title = str(schema.get("title", path.rsplit(".", 1)[-1].replace("_", " ")))
    stems = [w[:4] for w in re.findall(r"[a-z]{3,}", title.lower()) if w not in ("and", "the")]
    if not text:
        text = title[:1].upper() + title[1:]
    elif not any(stem in text.lower() for stem in stems):  # "At rest" for cold_or_pale_foot: say what is at rest
        text = f"{title[:1].upper()}{title[1:]}: {text[:1].lower()}{text[1:]}"
    return text + "?"


@dataclass(frozen=True)
class Question:
    """One question: the case path it fills, plain words, the answers it allows, and why it is asked."""

    path: str
    text: str
    kind: str
    """``boolean``, ``choice`` (one of ``choices``), ``choices`` (one or more), ``integer`` or ``number``."""
    choices: tuple[tuple[str, str], ...] = ()
    """(value, plain words) for ``choice`` and ``choices``."""
    minimum: float | None = None
    maximum: float | None = None
    unit: str = ""
    why: str = ""
    stage: str = ""
    """``basics``, ``red flags`` or ``could change the answer``."""

    def answers(self) -> str:
        """The allowed answers, in words."""
        if self.kind == "boolean":
            return "y (yes), n (no) or ? (don't know)"
        if self.kind in ("choice", "choices"):
            listed = "   ".join(f"{i} {words}" for i, (_, words) in enumerate(self.choices, 1))
            more = " (one or more, separated by commas)" if self.kind == "choices" else ""
            return f"{listed}   ? don't know{more}"
        whole = "a whole number" if self.kind == "integer" else "a number"
        unit = f" ({self.unit})" if self.unit else ""
        return f"{whole}{unit} from {_num(self.minimum)} to {_num(self.maximum)}, or ? (don't know)"

    def hint(self) -> str:
        """What to type, after an answer that was not understood."""
        if self.kind == "boolean":
            return "please answer y, n or ? (don't know)"
        if self.kind in ("choice", "choices"):
            what = "one or more numbers or words, separated by commas" if self.kind == "choices" else "a number or a word"
            return f"please answer {what} from the list (1 to {len(self.choices)}), or ? (don't know)"
        return "please answer " + self.answers()

    def parse(self, text: str) -> Any:
        """The case value for a typed answer (``None`` for don't know); ``ValueError`` with :meth:`hint` if not understood."""
        answer = " ".join(text.strip().lower().replace("’", "'").split())
        if answer in _UNKNOWN:
            return DONT_KNOW
        if self.kind == "boolean":
            if answer in _YES or answer in _NO:
                return answer in _YES
        elif self.kind == "choice":
            return self._choice(answer)
        elif self.kind == "choices" and answer:
            values = [self._choice(part.strip()) for part in answer.split(",") if part.strip()]
            return sorted(set(values))
        else:
            try:
                value = float(answer)
            except ValueError:
                raise ValueError(self.hint()) from None
            if self.kind == "integer" and value.is_integer():
                value = int(value)
            elif self.kind == "integer" or not (value == value and abs(value) != float("inf")):
                raise ValueError(self.hint())
            if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
                raise ValueError(f"{_num(value)} is out of range: " + self.hint())
            return int(value) if isinstance(value, float) and value.is_integer() else value
        raise ValueError(self.hint())

    def _choice(self, answer: str) -> str:
        if answer.isdigit() and 1 <= int(answer) <= len(self.choices):
            return self.choices[int(answer) - 1][0]
        for value, words in self.choices:
            if answer in (value, words):
                return value
        raise ValueError(self.hint())


def _num(value: float | None) -> str:
    return "?" if value is None else (str(int(value)) if float(value).is_integer() else str(value))


def make_question(path: str, why: str = "", stage: str = "") -> Question:
    """The question for one case path (a key of :data:`FIELDS`)."""
    schema = FIELDS[path]
    types = schema.get("type", [])
    types = [types] if isinstance(types, str) else list(types)
    options: list[Any] = list(schema.get("enum") or schema.get("items", {}).get("enum") or [])
    choices = tuple((str(v), str(v).replace("_", " ")) for v in options if v is not None)
    if "array" in types:
        kind = "choices"
    elif choices:
        kind = "choice"
    else:
        kind = next((k for k in ("boolean", "integer", "number") if k in types), "number")
    unit = next((u for suffix, u in _UNITS.items() if path.endswith(suffix)), "")
    return Question(path, _plain(path, schema), kind, choices, schema.get("minimum"), schema.get("maximum"), unit, why, stage)


def _reads(conds: Iterable[Any], seen: frozenset[str] = frozenset()) -> list[str]:
    """The case paths some rule conditions read, through derived signs too."""
    from .rules import REGISTRY

    paths: list[str] = []
    for cond in conds:
        paths += cond.uses
        for name in cond.signs:
            if name not in seen:
                for spec in REGISTRY.specs.values():
                    if name in spec.signs:
                        paths += _reads(spec.conds, seen | {name})
    return paths


def red_flag_paths() -> list[tuple[str, str]]:
    """(case path, red flag id) for every finding a red-flag rule reads, most urgent flag first."""
    from .rules import REGISTRY

    specs = sorted((s for s in REGISTRY.specs.values() if s.red_flag), key=lambda s: -triage_rank(RED_FLAGS[str(s.red_flag)].level))
    out: dict[str, str] = {}
    for spec in specs:
        for path in _reads(spec.conds):
            out.setdefault(path, str(spec.red_flag))
    return list(out.items())


def _why_from_effects(effects: list[Mapping[str, Any]]) -> str:
    parts = []
    for effect in effects:
        if effect["kind"] == "triage":
            parts.append(f"raise the triage to {_LEVEL_LABELS[effect['to']]}")
        elif effect["kind"] == "top_diagnosis":
            parts.append(f"make {CONDITIONS[effect['to']].name} the most likely cause")
    return "The answer could " + " and ".join(parts) + "." if parts else "The answer could change the result."


# --- The interview. --------------------------------------------------------------------------------------------


def _get(case: Mapping[str, Any], path: str) -> Any:
    node: Any = case
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def _set(case: dict[str, Any], path: str, value: Any) -> None:
    *sections, name = path.split(".")
    node = case
    for part in sections:
        node = node.setdefault(part, {})
    node[name] = value


class Interview:
    """A consultation, independent of any terminal.

    ``case`` is a partial case to continue (already known findings are not asked);
    ``dont_know`` the paths already answered "don't know".  Loop on :meth:`next_question`
    and :meth:`answer` until :meth:`next_question` returns ``None``; then :meth:`result`
    is the explanation and :meth:`document` the case to save.
    """

    def __init__(self, case: Mapping[str, Any] | None = None, dont_know: Iterable[str] = ()) -> None:
        self.case: dict[str, Any] = check_case(dict(case or {}), "<interview>")
        self.dont_know: set[str] = {p for p in dont_know if p in FIELDS and _get(self.case, p) is None}
        self.asked: list[str] = []
        """The paths asked in this session, in order."""
        self._result: Explanation | None = None
        self._analysis: tuple[Any, set[str], str, list[dict[str, Any]]] | None = None  # env, fired, triage, diagnoses

    def is_open(self, path: str) -> bool:
        """Whether ``path`` is a finding still unknown and not yet answered "don't know"."""
        return path in FIELDS and path not in self.dont_know and _get(self.case, path) is None

    def next_question(self) -> Question | None:
        """The next question to ask, or ``None`` when nothing unknown could still change the answer."""
        for path in BASICS:
            if self.is_open(path):
                return make_question(path, "A basic fact about the pain: needed before anything else can be judged.", "basics")
        for path, flag in red_flag_paths():
            if self.is_open(path):
                return make_question(path, f"Safety check. {RED_FLAGS[flag].text}", "red flags")
        for entry in self._changes():
            for path in entry["findings"]:
                if self.is_open(path):
                    return make_question(path, _why_from_effects(entry["effects"]), "could change the answer")
        return None

    def _changes(self) -> list[Mapping[str, Any]]:
        """``what_would_change`` of the partial case, whole (an explanation lists only the first few entries), without
        the entries "don't know" has settled (no rule of theirs can fire any more)."""
        from .whynot import what_would_change

        if self._analysis is None:  # "don't know" leaves the case as it was: re-reason only after a real answer
            from .engine import engine_for_this_thread
            from .explanation import build_explanation
            from .facts import case_to_facts
            from .rules import CalfEngine
            from .whynot import CaseEnv

            run = engine_for_this_thread(CalfEngine).run_facts(case_to_facts(self.case))
            doc = build_explanation(self.case, run)  # what explain() builds, without checking it against its schema
            self._analysis = (CaseEnv(run), {f.rule for f in run.trace}, doc["triage"]["level"], doc["diagnoses"])
        env, fired, level, diagnoses = self._analysis
        return what_would_change(env, fired, level, diagnoses, limit=len(FIELDS) ** 2, dont_know=frozenset(self.dont_know))

    def answer(self, question: Question | str, value: Any) -> None:
        """Record an answer: a case value, or ``None`` (:data:`DONT_KNOW`). ``ValueError`` if the case format refuses it."""
        path = question if isinstance(question, str) else question.path
        if path not in FIELDS:
            raise ValueError(f"no finding {path!r} in the case format")
        if value is DONT_KNOW:
            self.dont_know.add(path)
        else:
            candidate = copy.deepcopy(self.case)
            _set(candidate, path, value)
            try:
                self.case = check_case(candidate, "<interview>")
            except InvalidCaseError as exc:
                hint = make_question(path).hint()
                raise ValueError(f"{exc.problems[0].message}: {hint}" if exc.problems else hint) from None
            self.dont_know.discard(path)
            self._result = self._analysis = None
        self.asked.append(path)

    def result(self) -> Explanation:
        """The explanation of the case as answered so far."""
        if self._result is None:
            self._result = explain(self.case)
        return self._result

    def document(self) -> dict[str, Any]:
        """The case to save: the answers, and ``null`` for every "don't know" (so a resumed interview skips it)."""
        doc = copy.deepcopy(self.case)
        for path in sorted(self.dont_know):
            _set(doc, path, None)
        return doc


def _null_paths(value: Any, prefix: str = "") -> Iterator[str]:
    if isinstance(value, Mapping):
        for key, child in value.items():
            yield from _null_paths(child, f"{prefix}{key}.")
    elif value is None and prefix:
        yield prefix[:-1]


def load_partial(path: str | os.PathLike[str]) -> Interview:
    """An interview continuing a saved case; its ``null`` findings count as answered "don't know"."""
    case = load_case(path)  # reports every problem in the file
    raw = parse_case_bytes(Path(path).read_bytes(), str(path))
    return Interview(case, dont_know=_null_paths(raw))


def save_case(document: Mapping[str, Any], target: str | os.PathLike[str]) -> None:
    """Write a case (YAML for .yaml/.yml, else JSON) via a temporary file in the same folder, so it is never half-written."""
    target = Path(target)
    if target.suffix.lower() in (".yaml", ".yml"):
        import yaml

        text = yaml.safe_dump(dict(document), sort_keys=False, allow_unicode=True)
    else:
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    write_text_atomically(target, text)


def replay(truth: CaseSource) -> Interview:
    """A whole interview answered from a case: its value for each question, "don't know" where it is unknown."""
    facts = check_case(truth) if isinstance(truth, Mapping) else load_case(truth)
    interview = Interview()
    while (question := interview.next_question()) is not None:
        interview.answer(question, _get(facts, question.path))
    return interview


def questions_needed(truth: CaseSource) -> int:
    """How many questions the interview asks when answered from the case ``truth``."""
    return len(replay(truth).asked)


# --- The command. ------------------------------------------------------------------------------------------------

_STAGE_HEADINGS = {"basics": "About the pain", "red flags": "Safety questions (red flags)",
                   "could change the answer": "Questions that could still change the answer"}


def _read_line(prompt: str) -> str:
    """One line of input; ``EOFError`` at the end of the input."""
    if sys.stdin.isatty() and sys.stdout.isatty():  # a terminal: line editing with the arrow keys
        try:
            import readline  # noqa: F401 - importing it gives input() line editing
        except ImportError:
            pass
        return input(prompt)
    click.echo(prompt, nl=False)
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line


def _stop(message: str, code: int) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(code)


def _run(interview: Interview, save: str | None) -> None:
    stage = ""
    while (question := interview.next_question()) is not None:
        if question.stage != stage:
            stage = question.stage
            click.echo(f"\n{_STAGE_HEADINGS.get(stage, stage)}")
        click.echo(f"\n({len(interview.asked) + 1}) {question.text}  [{question.path}]")
        click.echo(f"    {question.answers()}")
        if question.why:
            click.echo(f"    Why we ask: {question.why}")
        while True:
            try:
                interview.answer(question, question.parse(_read_line("> ")))
                break
            except ValueError as exc:
                click.echo(f"    {printable(str(exc))}")
    result = interview.result()
    click.echo(f"\nThat is all that could change the answer ({len(interview.asked)} questions).\n")
    if save:
        save_case(interview.document(), save)
        click.echo(f"The case is saved in {printable(save)}; `calfexpert explain {printable(save)}` repeats this answer.\n")
    click.echo(result.render("text"), nl=False)


@click.command("ask", context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--save", metavar="FILE", default=None,
              help="At the end, write the case to FILE (YAML for .yaml/.yml, else JSON); never half-written.")
@click.option("--resume", metavar="FILE", default=None,
              help="Continue a saved partial case: only what is still unknown and relevant is asked.")
def ask_command(save: str | None, resume: str | None) -> None:
    """Ask about the calf pain, one question at a time, then explain.

    First the basics (where, when, how bad), then every red-flag question,
    then only the questions whose answer could still raise the triage level
    or change the most likely cause. Answer y, n, a number, a choice from the
    list, or ? if you don't know. At the end the report is shown, as
    `calfexpert explain` would show it. Decision support, not a diagnosis.

    Ctrl-C stops (exit status 130) and the end of the input before the last
    question exits with status 2; in both cases nothing is written. A --save
    file that cannot be written (a full disk, no permission) is exit status 74,
    checked before the first question as far as it can be.

    \b
    Examples:
      calfexpert ask
      calfexpert ask --save my_calf.yaml
      calfexpert ask --resume my_calf.yaml --save my_calf.yaml
      calfexpert explain my_calf.yaml
    """
    for stream, what in ((sys.stdin, "read standard input"), (sys.stdout, "write standard output")):
        if stream is None:  # started with <&- or >&-
            _stop(f"error: cannot {what}: it is closed", EXIT_IO)
    try:
        if save is not None:
            folder = Path(save).parent
            if save == "":
                _stop("error: --save '' names no file; name a .json or .yaml file", EXIT_INVALID)
            if not folder.is_dir():
                _stop(f"error: the folder '{printable(str(folder))}' for --save does not exist (create it first, or choose "
                      "another path)", EXIT_INVALID)
            if Path(save).is_dir():
                _stop(f"error: --save '{printable(save)}' is a folder; name a .json or .yaml file", EXIT_INVALID)
            check_target(save, probe=True)  # before the questions, not after them
        interview = load_partial(resume) if resume else Interview()
        click.echo("calfexpert ask: a few questions about calf pain in a runner. Decision support, not a diagnosis.")
        click.echo("Answer each question, or ? if you don't know. Ctrl-C stops without saving anything.")
        _run(interview, save)
    except KeyboardInterrupt:
        _stop("\ninterrupted: nothing was saved", EXIT_INTERRUPTED)
    except EOFError:
        _stop("\nno answer given: the input ended before the interview finished; nothing was saved", EXIT_INVALID)
    except InvalidCaseError as exc:
        _stop(f"error: {exc}", EXIT_INVALID)
    except OutputError as exc:
        _stop(f"error: {exc}; nothing was saved", EXIT_IO)
    except BrokenPipeError:
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        sys.exit(141)
    except OSError as exc:  # standard output on a full disk, a vanished terminal
        _stop(f"error: cannot write standard output: {exc.strerror or type(exc).__name__}; nothing was saved", EXIT_IO)
    except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
        raise
    except Exception as exc:
        click.echo(f"internal error: {exc}", err=True)
        if os.environ.get("CALFEXPERT_DEBUG"):
            import traceback

            traceback.print_exception(type(exc), exc, exc.__traceback__)
        _stop("This is a fault in calfexpert, not in your answers; please report it.", EXIT_INTERNAL)


__all__ = ["BASICS", "DONT_KNOW", "FIELDS", "Interview", "Question", "ask_command", "load_partial", "make_question",
           "questions_needed", "red_flag_paths", "replay", "save_case"]
