"""The click command ``calfexpert ask``: the interview in a terminal, or replayed from a case file."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from .._atomic import check_target
from .._text import printable
from ..api import explain
from ..case import load_case
from ..errors import InvalidCaseError, OutputError
from ..knowledge.questions import question_for
from .policy import remaining
from .questions import Question
from .session import Interview, load_partial, replay, save_case

EXIT_INTERNAL, EXIT_INVALID, EXIT_INTERRUPTED, EXIT_IO = 1, 2, 130, 74

_STAGE_HEADINGS = {"basics": "About the pain", "red flags": "Safety questions (red flags)",
                   "scores": "Completing the Wells score for a clot",
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


def _show(question: Question, number: int) -> None:
    click.echo(f"\n({number}) {question.text}  [{question.hint_paths}]")
    if question.kind == "checklist":
        for i, (key, words) in enumerate(question.choices, 1):
            click.echo(f"    {i} {words}  [{key.replace('=', ': ')}]")
    click.echo(f"    {question.answers()}")
    if question.why:
        click.echo(f"    Why we ask: {question.why}")


def closing_words(interview: Interview) -> list[str]:
    """What the interview says when it stops, in agreement with the report's "what would change" list: every entry
    of that list, with why it was not settled."""
    left = remaining(interview)
    lines = [f"That is all I need to ask ({len(interview.history)} questions): no question left could change the answer "
             "on its own."]
    if left:
        lines.append("The report lists what could still change it, and why it stays open:")
        for entry in left:
            reasons = "; ".join(f"{question_for(p)} ({why})" for p, why in entry["reasons"].items())
            lines.append(f"  - {reasons}" + (f" {entry['effect_words']}" if entry["effect_words"] else ""))
    return lines


def _run(interview: Interview, save: str | None) -> None:
    stage = ""
    while (question := interview.next_question()) is not None:
        if question.stage != stage:
            stage = question.stage
            click.echo(f"\n{_STAGE_HEADINGS.get(stage, stage)}")
        _show(question, len(interview.history) + 1)
        while True:
            try:
                interview.answer(question, question.parse(_read_line("> ")))
                break
            except ValueError as exc:
                click.echo(f"    {printable(str(exc))}")
    result = interview.result()
    click.echo("")
    for line in closing_words(interview):
        click.echo(printable(line))
    click.echo("")
    if save:
        save_case(interview.document(), save)
        click.echo(f"The case is saved in {printable(save)}; `calfexpert explain {printable(save)}` repeats this answer.\n")
    click.echo(result.render("text"), nl=False)


def replay_report(path: str) -> dict[str, Any]:
    """The interview answered from the case file ``path``, beside ``explain`` on the full case."""
    interview = replay(path)
    full = explain(load_case(path))
    got = interview.result()
    asked = []
    for number, item in enumerate(interview.history, 1):
        answered = {p: v for p, v in item.answer.items()}
        asked.append({"number": number, "question": item.question.text, "kind": item.question.kind,
                      "stage": item.question.stage, "fields": list(item.question.paths) or [item.question.path],
                      "answer": answered})
    return {
        "case": str(path),
        "questions_asked": len(interview.history),
        "questions": asked,
        "dont_know": sorted(interview.dont_know),
        "interview": {"triage": got.triage_level, "top_diagnosis": got.top_diagnosis, "top_three": got.conditions[:3]},
        "full_case": {"triage": full.triage_level, "top_diagnosis": full.top_diagnosis, "top_three": full.conditions[:3]},
        "same_triage": got.triage_level == full.triage_level,
        "same_top_diagnosis": got.top_diagnosis == full.top_diagnosis,
        "closing_words": closing_words(interview),
    }


def _answer_words(value: Any) -> str:
    if value is None:
        return "don't know"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _replay_text(report: dict[str, Any]) -> str:
    out = [f"Replay of {report['case']}: the interview answered from the case file (an absent field is \"don't know\").", ""]
    for item in report["questions"]:
        out.append(f"({item['number']}) {item['question']}")
        for path, value in item["answer"].items():
            out.append(f"      {path}: {_answer_words(value)}")
    out += ["", f"Questions asked: {report['questions_asked']}", "",
            f"{'':24}{'interview':28}{'explain (full case)':28}"]
    for key, label in (("triage", "triage"), ("top_diagnosis", "top diagnosis")):
        a, b = report["interview"][key], report["full_case"][key]
        mark = "same" if a == b else "DIFFERENT"
        out.append(f"{label:24}{a!s:28}{b!s:28}{mark}")
    out += ["", *report["closing_words"]]
    return "\n".join(printable(line) for line in out) + "\n"


@click.command("ask", context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--save", metavar="FILE", default=None,
              help="At the end, write the case to FILE (YAML for .yaml/.yml, else JSON); never half-written.")
@click.option("--resume", metavar="FILE", default=None,
              help="Continue a saved partial case: only what is still unknown and relevant is asked.")
@click.option("--replay", "replay_case", metavar="CASE", default=None,
              help="Answer every question from the case file CASE (an absent field is \"don't know\") and print the "
                   "questions asked, their count, and the triage and top diagnosis beside those of `explain` on the "
                   "full case.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format of --replay.")
def ask_command(save: str | None, resume: str | None, replay_case: str | None, fmt: str) -> None:
    """Ask about the calf pain, one question at a time, then explain.

    First the basics (which leg, where, how and when it began), then one
    checklist of emergency signs, then only the questions whose answer could
    still raise the triage level or change the most likely cause: grouped
    checklists where several findings are asked at once, and every item of
    the Wells score as soon as a clot is among the three most likely causes.
    Answer y, n, a number, a choice from the list, the numbers of the items
    that apply, or ? if you don't know. At the end the report is shown, as
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
      calfexpert ask --replay facts/examples/dvt_after_flight.json
      calfexpert ask --replay facts/examples/dvt_after_flight.json --format json
    """
    for stream, what in ((sys.stdin, "read standard input"), (sys.stdout, "write standard output")):
        if stream is None and not (replay_case and stream is sys.stdin):  # started with <&- or >&-
            _stop(f"error: cannot {what}: it is closed", EXIT_IO)
    try:
        if replay_case is not None:
            if save is not None or resume is not None:
                _stop("error: --replay answers from a case file; it cannot be combined with --save or --resume", EXIT_INVALID)
            report = replay_report(replay_case)
            text = json.dumps(report, indent=2, ensure_ascii=False) + "\n" if fmt == "json" else _replay_text(report)
            click.echo(text, nl=False)
            return
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
        click.echo(f"internal error: {printable(str(exc))}", err=True)
        if os.environ.get("CALFEXPERT_DEBUG"):
            import traceback

            traceback.print_exception(type(exc), exc, exc.__traceback__)
        _stop("This is a fault in calfexpert, not in your answers; please report it.", EXIT_INTERNAL)


__all__ = ["ask_command", "closing_words", "replay_report"]
