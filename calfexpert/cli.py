"""The command line: a thin layer over the library (parse arguments, call, print).

Exit status: 0 success, 1 an internal fault in calfexpert, 2 invalid input (the case, or the
command line), 74 an input/output failure of the environment (disk full, no permission, a folder
named as the output file); a broken pipe (``calfexpert batch ... | head``) ends quietly with 141,
as a command killed by SIGPIPE does.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar, NoReturn, TypeVar

import click

from ._atomic import atomic_open, check_target, same_file
from ._text import one_line, printable
from ._version import __version__
from .case import MAX_BYTES, load_case, load_case_bytes
from .errors import InternalError, InvalidCaseError, OutputError
from .render import DETAILS, FORMAT_HELP, FORMATS
from .schemas import SCHEMA_NAMES, schema_text

EXIT_INTERNAL = 1
EXIT_INVALID = 2
EXIT_IO = 74
"""An input/output failure of the environment (``EX_IOERR`` of sysexits.h)."""
EXIT_BROKEN_PIPE = 141
"""The reader of the output went away (128 + SIGPIPE), which is not an error worth a message."""

EXIT_STATUS_HELP = """\b
Exit status:
  0    success
  1    a fault in calfexpert itself (please report it)
  2    invalid input: a case, or the command line
  74   input/output failure: disk full, no permission, a folder as the output file ...
  141  the reader of the output went away (broken pipe); nothing is printed
"""

F = TypeVar("F", bound=Callable[..., Any])


def _fail_invalid(error: InvalidCaseError) -> NoReturn:
    click.echo(f"error: {error}", err=True)
    sys.exit(EXIT_INVALID)


def _fail_internal(error: BaseException) -> NoReturn:
    click.echo(f"internal error: {one_line(str(error))}", err=True)
    click.echo("This is a fault in calfexpert, not in your case; please report it with the case file.", err=True)
    if os.environ.get("CALFEXPERT_DEBUG"):
        traceback.print_exception(type(error), error, error.__traceback__)
    sys.exit(EXIT_INTERNAL)


def _fail_io(error: OSError) -> NoReturn:
    if isinstance(error, OutputError):
        message = str(error)
    else:
        where = error.filename if error.filename is not None else "standard output"
        message = f"cannot write {one_line(str(where), 200)}: {one_line(error.strerror or type(error).__name__)}"
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_IO)


def _quiet_broken_pipe() -> NoReturn:
    """The reader went away: stop quietly, and keep Python from complaining when it flushes at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
    sys.exit(EXIT_BROKEN_PIPE)


def _flush_stdout() -> None:
    if sys.stdout is None:
        return
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_broken_pipe()
    except OSError as exc:
        _fail_io(exc)


_SIGNALLED: list[int] = []


def _on_sigterm(signum: int, frame: Any) -> NoReturn:
    _SIGNALLED.append(signum)
    sys.exit(128 + signum)


def _exit_now(code: int) -> NoReturn:
    """End a command stopped by SIGTERM, or one that stopped its worker processes mid-work (Ctrl-C, a broken pipe),
    once its own clean-up (temporary files, worker processes) has run, without the interpreter's exit handlers: the
    process pool's handlers can wait forever on the queues of a pool whose workers were just terminated (seen with
    ``batch --jobs 2 | head -c 100``, on every Python here)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def _stopped_workers() -> bool:
    workers = sys.modules.get("calfexpert._workers")  # not imported: this command used no worker processes
    return workers is not None and workers.workers_were_stopped()


def _guarded(fn: F) -> F:
    """Turn calfexpert's errors into messages and exit codes; never a traceback.

    SIGTERM becomes SystemExit(143) while the command runs, so that a terminated run removes its
    temporary file like an interrupted one.
    """

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return guarded(*args, **kwargs)
        except SystemExit as exc:
            if threading.current_thread() is threading.main_thread() and (_SIGNALLED or _stopped_workers()):
                _exit_now(exc.code if isinstance(exc.code, int) else 143 if _SIGNALLED else 1)
            raise

    def guarded(*args: Any, **kwargs: Any) -> Any:
        if sys.stdout is None and kwargs.get("output") in (None, "-"):  # started with >&-: say so, lose nothing silently
            _closed_stream("write standard output")
        previous = None
        if threading.current_thread() is threading.main_thread():
            previous = signal.signal(signal.SIGTERM, _on_sigterm)
        try:
            result = fn(*args, **kwargs)
            _flush_stdout()
            return result
        except InvalidCaseError as exc:
            _fail_invalid(exc)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo(("\n" if sys.stderr.isatty() else "") + "interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            _quiet_broken_pipe()
        except OSError as exc:  # OutputError too: the environment, not the case nor calfexpert
            _fail_io(exc)
        except (InternalError, Exception) as exc:
            _fail_internal(exc)
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper  # type: ignore[return-value]


def _closed_stream(what: str) -> NoReturn:
    click.echo(f"error: cannot {what}: it is closed", err=True)
    sys.exit(EXIT_IO)


def _read(case: str) -> dict[str, Any]:
    if case == "-":
        if sys.stdin is None:
            _closed_stream("read standard input")
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        return load_case_bytes(data, "<stdin>")
    return load_case(case)


def _check_output(output: str | None, inputs: tuple[str, ...] = (), option: str = "--output") -> None:
    """Refuse an output that can never be written, or that would replace an input, before any work is done."""
    if output is None or output == "-":
        return
    if output == "":
        raise click.BadParameter("'' names no file; give a file name, or leave the option out for standard output",
                                 param_hint=option)
    try:
        real = os.path.realpath(output)
        for name in inputs:
            if name != "-" and os.path.exists(name) and not os.path.isdir(name) and same_file(name, output):
                raise click.BadParameter(f"'{printable(output)}' is also an input ('{printable(name)}'); writing the answer "
                                         "there would replace the case. Choose another file.", param_hint=option)
            if (name != "-" and os.path.isdir(name) and os.path.splitext(output)[1].lower() in (".json", ".yaml", ".yml")
                    and real.startswith(os.path.join(os.path.realpath(name), ""))):
                raise click.BadParameter(f"'{printable(output)}' is a case file name inside the input folder "
                                         f"'{printable(name)}'; the answers would replace a case or be read as one. Choose a "
                                         "file outside the folder, or a .jsonl name.", param_hint=option)
        folder = os.path.dirname(output) or "."
        if not os.path.isdir(folder):
            raise click.BadParameter(f"the folder '{printable(folder)}' does not exist; create it first, or choose another path",
                                     param_hint=option)
        check_target(output, probe=True)
    except OutputError:
        raise
    except OSError as exc:  # the current folder was removed, a path component is not a folder ...
        raise OutputError(output, exc.strerror or type(exc).__name__) from exc


def _write(text: str, output: str | None) -> None:
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    with atomic_open(output) as handle:
        handle.write(text)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Run the block with the garbage collector paused, then keep what it made out of later collections
    (``gc.freeze``): the rules and the engine, which live as long as the process. Their hundred thousand allocations
    otherwise set off collections that cost a tenth of a ``calfexpert explain``, and every later collection would
    walk them again. Only the command line does this, the first time in a process whose collector is on: it owns its
    process (importing calfexpert leaves the host's collector alone; a command run inside a program, such as a
    test, finds the rules loaded already and changes nothing)."""
    import gc

    if f"{__package__}.api" in sys.modules or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


class _Commands(click.Group):
    """calfexpert's commands; those in :attr:`LAZY` are imported only when they are run or listed (click's way of
    loading subcommands lazily), so that ``calfexpert explain`` does not start by importing the interview."""

    LAZY: ClassVar[dict[str, tuple[str, str]]] = {"ask": ("calfexpert.interview.command", "ask_command")}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.LAZY})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.LAZY and cmd_name not in self.commands:
            module, name = self.LAZY[cmd_name]
            self.add_command(getattr(importlib.import_module(module), name), cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="calfexpert")
def main() -> None:
    """calfexpert: reasons about calf pain in runners from a case file.

    It answers with a triage level (how soon to get care), a ranked
    differential of causes, what to do and what not to do, and the rule-by-rule
    reasoning. Decision support, not a diagnosis.

    \b
    Examples:
      calfexpert explain facts/examples/calf_strain.json
      calfexpert validate facts/examples/*.json
      calfexpert schema case
    """


main.help = inspect.cleandoc(main.help or "") + "\n\n" + EXIT_STATUS_HELP


@main.command()
@click.argument("case", metavar="CASE")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="; ".join(f"{name}: {words}" for name, words in FORMAT_HELP.items()) + ".")
@click.option("--output", "-o", metavar="FILE", default=None,
              help="Write to FILE (replaced whole, never left half-written) instead of standard output.")
@click.option("--why-not", "why_not", metavar="CONDITION", multiple=True,
              help="Also say why CONDITION (an id such as dvt) is or is not in the differential, at the top of the "
                   "report: formats text, markdown and html. The json document answers it for every condition in its "
                   "why_not section, so json, mermaid and dot refuse the option.")
@click.option("--detail", "-d", type=click.Choice(DETAILS), default="standard", show_default=True,
              help="How much the text, markdown and html reports say. brief: the triage with its reasons, what to do "
                   "now, what not to do, the safety-net and the top three causes (the text fits one 80x40 terminal); "
                   "standard: plus the evidence, contributing factors, scores and what would change the answer; full: "
                   "plus the reasoning, rule firing by rule firing. json always carries everything.")
@_guarded
def explain(case: str, fmt: str, output: str | None, why_not: tuple[str, ...], detail: str) -> None:
    """Explain one case: triage, likely causes, what to do and why.

    CASE is a JSON or YAML case file, or - to read it from standard input.
    Formats: text (the default), json (the schema-valid document), markdown,
    html (one self-contained page), mermaid or dot (the derivation as a graph),
    fhir (a FHIR R4 Bundle: RiskAssessment with the differential, ClinicalImpression).
    --output never replaces the case itself, nor anything that is not a
    regular file (a device or named pipe is written directly); a replaced file
    keeps its permissions. The html page carries today's date at its foot
    (or the date of SOURCE_DATE_EPOCH, when set, for reproducible pages); the
    json document carries no date. Exit status: 0 explained, 2 invalid case or
    command line, 74 the output cannot be written, 1 a fault in calfexpert.

    \b
    Examples:
      calfexpert explain facts/examples/dvt_after_flight.json
      calfexpert explain facts/examples/dvt_after_flight.json --detail brief
      calfexpert explain case.yaml --format json --output answer.json
      calfexpert explain facts/examples/muscle_cramp.json --why-not dvt
      cat case.json | calfexpert explain - --format html > report.html
    """
    # one case, then the process ends: the whole command runs with the collector paused (its garbage is bounded)
    click.get_current_context().with_resource(_collector_paused())
    from .api import explain as explain_case
    from .knowledge import CONDITIONS

    for condition in why_not:
        if condition not in CONDITIONS:
            import difflib

            close = difflib.get_close_matches(condition[:100], list(CONDITIONS), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f"; known ids: {', '.join(CONDITIONS)}"
            raise click.BadParameter(f"unknown condition '{one_line(condition, 60)}'{hint}", param_hint="--why-not")
    if why_not and fmt not in WHY_NOT_FORMATS:
        raise click.BadParameter(f"--why-not goes with --format {', '.join(WHY_NOT_FORMATS)}; the json document answers it "
                                 "for every condition in its why_not section (for example: jq '.why_not[] | "
                                 f"select(.condition==\"{why_not[0]}\")')", param_hint="--why-not")
    _check_output(output, (case,))
    result = explain_case(_read(case))
    text = result.render(fmt, detail, _report_date() if fmt == "html" else None)
    if why_not:
        text = _with_why_not(text, result.data, why_not, fmt)
    _write(text, output)


WHY_NOT_FORMATS = ("text", "markdown", "html")


def _report_date() -> str:
    """The date printed on an html page: SOURCE_DATE_EPOCH's (UTC) when set and valid, otherwise today's."""
    import datetime

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        try:
            return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc).date().isoformat()
        except (OverflowError, OSError, ValueError):
            pass
    return datetime.date.today().isoformat()


def _with_why_not(report: str, doc: dict[str, Any], conditions: tuple[str, ...], fmt: str) -> str:
    """The report with a why-not section for each condition at its top."""
    from html import escape

    from .render.text import render_why_not

    answers = [(c, render_why_not(doc, c)) for c in conditions]
    if fmt == "markdown":
        return "".join(f"## Why not {c}?\n\n```text\n{a.replace('`', chr(0x2018))}\n```\n\n" for c, a in answers) + report
    if fmt == "html":
        sections = "".join(f'<section id="why-not-{escape(c)}"><h2>Why not {escape(c)}?</h2><pre>{escape(a)}</pre></section>'
                           for c, a in answers)
        import re

        # After the triage banner (the page's one h1), so that the headings stay in order and the triage stays first.
        banner = re.search(r'<section class="banner".*?</section>', report, flags=re.S)
        at = banner or re.search(r"<body[^>]*>", report)
        return report[:at.end()] + sections + report[at.end():] if at else sections + report
    return "".join(a + "\n" for _, a in answers) + report


@main.command()
@click.argument("cases", metavar="CASE...", nargs=-1, required=True)
@_guarded
def validate(cases: tuple[str, ...]) -> None:
    """Check case files against the case format and report every problem.

    Exit status 0 when all are valid, 2 when any is not.

    \b
    Examples:
      calfexpert validate facts/examples/*.json
      calfexpert validate - < case.yaml
    """
    bad = 0
    for case in cases:
        try:
            _read(case)
        except InvalidCaseError as exc:
            bad += 1
            click.echo(f"invalid: {exc}", err=True)
        else:
            click.echo(f"ok: {printable(case) if case != '-' else '<stdin>'}")
    if bad:
        click.echo(f"{bad} of {len(cases)} case file{'s' if len(cases) != 1 else ''} invalid", err=True)
        sys.exit(EXIT_INVALID)


@main.command()
@click.argument("rule_id", metavar="[ID]", required=False)
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True,
              help="text: one line a rule (or the rule in full); json: the catalog as data; markdown: docs/rules.md.")
@click.option("--module", "-m", metavar="MODULE", default=None, help="Only the rules of one module (muscle, vascular ...).")
@_guarded
def rules(rule_id: str | None, fmt: str, module: str | None) -> None:
    """List the rule catalog, or show one rule in full: conditions, conclusions, sources.

    \b
    Examples:
      calfexpert rules
      calfexpert rules --module vascular
      calfexpert rules scores.wells_dvt_likely
      calfexpert rules --format markdown > docs/rules.md
    """
    import json as _json

    from .catalog import catalog, format_catalog_markdown, format_catalog_text, format_rule_text
    from .rules import MODULES

    entries = catalog()
    if module is not None:
        if module not in MODULES:
            raise click.BadParameter(f"unknown module {module!r}; modules: {', '.join(MODULES)}", param_hint="--module")
        entries = [e for e in entries if e["module"] == module]
    if rule_id is not None:
        match = [e for e in entries if e["id"] == rule_id]
        if not match:
            import difflib

            close = difflib.get_close_matches(rule_id, [e["id"] for e in entries], n=3)
            raise click.BadParameter(f"no rule {rule_id!r}" + (f"; did you mean {', '.join(close)}?" if close else ""),
                                     param_hint="ID")
        entries = match
    if fmt == "json":
        click.echo(_json.dumps(entries if rule_id is None else entries[0], indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        click.echo(format_catalog_markdown(entries), nl=False)
    else:
        click.echo(format_rule_text(entries[0]) if rule_id else format_catalog_text(entries), nl=False)


@main.command()
@click.argument("inputs", metavar="INPUT...", nargs=-1, required=True)
@click.option("--output", "-o", metavar="FILE", default=None,
              help="Write the JSON Lines here (written to a temporary file and renamed at the end) instead of standard output.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True, help="Processes to use.")
@click.option("--detail", type=click.Choice(["full", "summary"]), default="full", show_default=True,
              help="full: the whole explanation per case; summary: triage, differential, red flags, withheld advice and whether enough was known.")
@click.option("--dask", "dask_address", metavar="SCHEDULER_ADDRESS", default=None,
              help="Explain on a Dask cluster (e.g. tcp://10.0.0.5:8786) instead of local processes; needs the dask extra.")
@_guarded
def batch(inputs: tuple[str, ...], output: str | None, jobs: int, detail: str, dask_address: str | None) -> None:
    """Explain many cases; write one JSON line per case, in input order.

    INPUT is a case file, a folder of case files (.json, .yaml, .yml in any case; other files are
    listed as skipped on standard error), a .jsonl file (one case per line), or - for JSON Lines on
    standard input. A case file or a JSON Lines record may be at most 1 MiB. A bad case gives an
    error record (with its file name or line number) and the rest go on. The output is checked
    before any case is explained and is never one of the inputs. Exit status 0 when every case was
    explained, 2 when any was invalid or the inputs held no case at all, 1 when calfexpert failed
    on any, 74 when the output cannot be written.

    \b
    Examples:
      calfexpert batch facts/ --output answers.jsonl
      calfexpert batch cases.jsonl --jobs 2 --detail summary -o summary.jsonl
      cat cases.jsonl | calfexpert batch - > answers.jsonl
      calfexpert batch cases.jsonl --dask tcp://scheduler:8786 -o answers.jsonl
    """
    with _collector_paused():  # the rules, loaded before the workers start (forked, they share them)
        from .api import explain  # noqa: F401
        from .batch import iter_items, run_batch

    _check_output(output, inputs)
    if "-" in inputs and sys.stdin is None:
        _closed_stream("read standard input")
    show = sys.stderr is not None and sys.stderr.isatty()
    done = [0]
    skipped: list[tuple[str, str]] = []

    def progress(count: int) -> None:
        done[0] += count
        if show:
            click.echo(f"\rexplained {done[0]} cases", err=True, nl=False)

    def skip(path: str, why: str) -> None:
        skipped.append((path, why))
        click.echo(("\n" if show and done[0] else "") + f"skipped: {printable(path)}: {why}", err=True)

    executor = None
    if dask_address is not None:  # connected before any case is read, so a wrong address costs nothing
        try:
            from .dask import batch_executor

            executor, jobs = batch_executor(dask_address)
        except (ImportError, ConnectionError) as exc:
            click.echo(f"error: {printable(str(exc))}", err=True)
            sys.exit(EXIT_INVALID)
    if output is None or output == "-":
        items = iter_items(inputs, on_skip=skip)
        total, invalid, internal = run_batch(items, lambda line: click.echo(line, nl=False), jobs=jobs, detail=detail,
                                             progress=progress, executor=executor)
    else:
        with atomic_open(output) as handle:
            items = iter_items(inputs, on_skip=skip, exclude=(output, *((handle.temp_path,) if handle.temp_path else ())))
            total, invalid, internal = run_batch(items, handle.write, jobs=jobs, detail=detail, progress=progress,
                                                 executor=executor)
            if not total:  # leave no empty answer file behind
                _no_case(show, skipped)
    if not total:
        _no_case(show, skipped)
    if show:
        click.echo("", err=True)
    tail = f", {len(skipped)} file{'s' if len(skipped) != 1 else ''} skipped" if skipped else ""
    click.echo(f"{total} case{'s' if total != 1 else ''}, {invalid} invalid, {internal} failed inside calfexpert{tail}",
               err=True)
    if internal:
        sys.exit(EXIT_INTERNAL)
    if invalid:
        sys.exit(EXIT_INVALID)


def _no_case(show: bool, skipped: list[tuple[str, str]]) -> NoReturn:
    if show:
        click.echo("", err=True)
    what = f" ({len(skipped)} file{'s' if len(skipped) != 1 else ''} skipped, listed above)" if skipped else ""
    click.echo(f"error: the inputs held no case{what}: give case files (.json, .yaml, .yml), folders of them, "
               "or JSON Lines with one case a line", err=True)
    sys.exit(EXIT_INVALID)


@main.command()
@click.option("--examples", "-n", "count", type=click.IntRange(0, 1_000_000), default=500, show_default=True,
              help="How many cases to generate (half shaped like each condition, half drawn from the schema).")
@click.option("--seed", "-s", type=int, default=0, show_default=True, help="Seed for the generated cases (same seed, same cases).")
@click.option("--facts", "facts_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("facts"), show_default=True,
              help="Also run every case file under this folder (skipped when it does not exist).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None, help="Processes to use [default: up to 4, one per core].")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_guarded
def coverage(count: int, seed: int, facts_dir: Path, jobs: int | None, fmt: str) -> None:
    """Report how often every rule fires over generated and example cases.

    Lists the rules that never fired, the conditions and triage levels reached and the time
    taken. Exit status 1 when any rule never fired. Needs hypothesis (pip install 'calfexpert[test]').

    \b
    Examples:
      calfexpert coverage
      calfexpert coverage --examples 2000 --seed 7 --format json
    """
    import json as _json

    try:
        import hypothesis  # noqa: F401 - fail here, with the hint, when it is missing

        from .coverage import default_jobs, example_cases, generation_batches, run_coverage
    except ImportError as exc:
        raise click.ClickException(f"calfexpert coverage needs hypothesis: pip install 'calfexpert[test]' ({exc})") from None
    examples = [case for _, case in example_cases(facts_dir)] if facts_dir.is_dir() else []
    # each batch of generated cases is drawn by the process that fires it
    with contextlib.ExitStack() as stack:
        shown = sys.stderr if sys.stderr.isatty() else stack.enter_context(open(os.devnull, "w"))
        bar = stack.enter_context(click.progressbar(length=count + len(examples), label="firing rules", file=shown))
        report = run_coverage(examples, examples=len(examples), jobs=jobs or default_jobs(), progress=bar.update,
                              draws=generation_batches(count, seed))
    if fmt == "json":
        click.echo(_json.dumps(report.as_dict(), indent=2))
    else:
        click.echo(report.as_text(), nl=False)
    if report.never_fired:
        sys.exit(1)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every interface; mind who can reach it).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--root-path", default="", help="The path prefix when served behind a proxy under a sub-path (e.g. /calfexpert).")
@click.option("--log-level", type=click.Choice(["critical", "error", "warning", "info", "debug"]), default="info", show_default=True)
@click.option("--cors-origin", "cors_origins", metavar="ORIGIN", multiple=True,
              help="Let web pages from ORIGIN (e.g. https://sandbox.cds-hooks.org, or *) call the service from a browser; repeatable.")
@click.option("--workers", "-w", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes (one core each: the reasoning is pure Python).")
@_guarded
def serve(host: str, port: int, root_path: str, log_level: str, cors_origins: tuple[str, ...], workers: int) -> None:
    """Serve calfexpert over HTTP: a JSON API and a CDS Hooks 2.0 service.

    POST /explain (a case; ?format= any of the explain formats), GET /schema/case|explanation,
    GET /health, GET /cds-services (CDS Hooks discovery) and the patient-view service. Needs the
    serve extra: pip install 'calfexpert[serve]'. The application is calfexpert.web:app, for any
    ASGI server or to mount in your own app.

    \b
    Examples:
      calfexpert serve
      calfexpert serve --host 127.0.0.1 --port 8080
      calfexpert serve --workers 4 --cors-origin https://ehr.example.org
      curl -s -X POST --data-binary @facts/examples/calf_strain.json localhost:8000/explain?format=text
    """
    try:
        import uvicorn

        from .web import app, create_app
    except ImportError as exc:
        click.echo(f"error: calfexpert serve needs the serve extra: pip install 'calfexpert[serve]' ({exc})", err=True)
        sys.exit(EXIT_INVALID)
    options: dict[str, Any] = {"host": host, "port": port, "root_path": root_path, "log_level": log_level, "lifespan": "off"}
    if workers > 1:  # worker processes import the application by name
        os.environ["CALFEXPERT_CORS_ORIGINS"] = ",".join(cors_origins)
        uvicorn.run("calfexpert.web:app_from_environment", factory=True, workers=workers, **options)
    else:
        uvicorn.run(create_app(cors_origins) if cors_origins else app, **options)


@main.command()
@click.argument("name", type=click.Choice(SCHEMA_NAMES))
@_guarded
def schema(name: str) -> None:
    """Print a JSON Schema: the case file or the explanation.

    \b
    Examples:
      calfexpert schema case > case.schema.json
      calfexpert schema explanation
    """
    click.echo(schema_text(name), nl=False)  # type: ignore[arg-type]


if __name__ == "__main__":  # pragma: no cover
    main()
