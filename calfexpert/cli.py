"""The command line: a thin layer over the library (parse arguments, call, print).

Exit status: 0 success, 2 invalid input (the case, or the command line),
1 an internal fault in calfexpert.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from ._atomic import write_text_atomically
from ._version import __version__
from .case import MAX_BYTES, load_case, load_case_bytes
from .errors import InternalError, InvalidCaseError
from .render import FORMATS
from .schemas import SCHEMA_NAMES, schema_text

EXIT_INVALID = 2
EXIT_INTERNAL = 1

F = TypeVar("F", bound=Callable[..., Any])


def _fail_invalid(error: InvalidCaseError) -> NoReturn:
    click.echo(f"error: {error}", err=True)
    sys.exit(EXIT_INVALID)


def _fail_internal(error: BaseException) -> NoReturn:
    click.echo(f"internal error: {error}", err=True)
    click.echo("This is a fault in calfexpert, not in your case; please report it with the case file.", err=True)
    if os.environ.get("CALFEXPERT_DEBUG"):
        traceback.print_exception(type(error), error, error.__traceback__)
    sys.exit(EXIT_INTERNAL)


def _guarded(fn: F) -> F:
    """Turn calfexpert's errors into messages and exit codes; never a traceback."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except InvalidCaseError as exc:
            _fail_invalid(exc)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except (InternalError, Exception) as exc:
            _fail_internal(exc)

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper  # type: ignore[return-value]


def _read(case: str) -> dict[str, Any]:
    if case == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        return load_case_bytes(data, "<stdin>")
    return load_case(case)


def _write(text: str, output: str | None) -> None:
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    target = Path(output)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise InvalidCaseError(output, [_problem(f"the folder {str(directory)!r} for --output does not exist",
                                                 "create it first, or choose another path")])
    write_text_atomically(target, text)


def _problem(message: str, suggestion: str | None = None) -> Any:
    from .errors import Problem

    return Problem("", message, suggestion)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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


@main.command()
@click.argument("case", metavar="CASE")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="json: the schema-valid document; text: a report for the terminal; markdown: the same as Markdown.")
@click.option("--output", "-o", metavar="FILE", default=None,
              help="Write to FILE (replaced whole, never left half-written) instead of standard output.")
@click.option("--why-not", "why_not", metavar="CONDITION", multiple=True,
              help="Also say why CONDITION (an id such as dvt) is or is not in the differential (text format).")
@_guarded
def explain(case: str, fmt: str, output: str | None, why_not: tuple[str, ...]) -> None:
    """Explain one case: triage, likely causes, what to do and why.

    CASE is a JSON or YAML case file, or - to read it from standard input.
    Formats: text (the default), json (the schema-valid document), markdown,
    html (one self-contained page), mermaid or dot (the derivation as a graph),
    fhir (a FHIR R4 Bundle: RiskAssessment with the differential, ClinicalImpression).

    \b
    Examples:
      calfexpert explain facts/examples/dvt_after_flight.json
      calfexpert explain case.yaml --format json --output answer.json
      calfexpert explain facts/examples/muscle_cramp.json --why-not dvt
      cat case.json | calfexpert explain - --format html > report.html
    """
    from .api import explain as explain_case
    from .knowledge import CONDITIONS

    for condition in why_not:
        if condition not in CONDITIONS:
            import difflib

            close = difflib.get_close_matches(condition, list(CONDITIONS), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f"; known ids: {', '.join(CONDITIONS)}"
            raise click.BadParameter(f"unknown condition {condition!r}{hint}", param_hint="--why-not")
    if why_not and fmt != "text":
        raise click.BadParameter("--why-not goes with --format text (the JSON has a why_not section)", param_hint="--why-not")
    result = explain_case(_read(case))
    text = result.render(fmt)
    if why_not:
        from .render.text import render_why_not

        text = "".join(render_why_not(result.data, c) + "\n" for c in why_not) + text
    _write(text, output)


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
            click.echo(f"ok: {case if case != '-' else '<stdin>'}")
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

    INPUT is a case file, a folder of case files, a .jsonl file (one case per line), or - for
    JSON Lines on standard input. A bad case gives an error record (with its file name or line
    number) and the rest go on. Exit status 0 when every case was explained, 2 when any was
    invalid, 1 when calfexpert failed on any.

    \b
    Examples:
      calfexpert batch facts/ --output answers.jsonl
      calfexpert batch cases.jsonl --jobs 2 --detail summary -o summary.jsonl
      cat cases.jsonl | calfexpert batch - > answers.jsonl
      calfexpert batch cases.jsonl --dask tcp://scheduler:8786 -o answers.jsonl
    """
    import signal

    from ._atomic import atomic_open
    from .batch import iter_items, run_batch

    # A terminated run cleans up its temporary file like an interrupted one.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    show = sys.stderr.isatty()
    done = [0]

    def progress(count: int) -> None:
        done[0] += count
        if show:
            click.echo(f"\rexplained {done[0]} cases", err=True, nl=False)

    items = iter_items(inputs)
    executor = None
    if dask_address is not None:
        try:
            from .dask import batch_executor

            executor, jobs = batch_executor(dask_address)
        except (ImportError, ConnectionError) as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_INVALID)
    if output is None or output == "-":
        total, invalid, internal = run_batch(items, lambda line: click.echo(line, nl=False), jobs=jobs, detail=detail,
                                             progress=progress, executor=executor)
    else:
        target = Path(output)
        if not (target.parent if str(target.parent) else Path(".")).is_dir():
            raise InvalidCaseError(output, [_problem(f"the folder for --output {output!r} does not exist", "create it first")])
        with atomic_open(target) as handle:
            total, invalid, internal = run_batch(items, handle.write, jobs=jobs, detail=detail, progress=progress, executor=executor)
    if show:
        click.echo("", err=True)
    click.echo(f"{total} cases, {invalid} invalid, {internal} failed inside calfexpert", err=True)
    if internal:
        sys.exit(EXIT_INTERNAL)
    if invalid:
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
        from .coverage import default_jobs, example_cases, generated_cases, run_coverage
        cases = generated_cases(count, seed)
    except ImportError as exc:
        raise click.ClickException(f"calfexpert coverage needs hypothesis: pip install 'calfexpert[test]' ({exc})") from None
    examples = [case for _, case in example_cases(facts_dir)] if facts_dir.is_dir() else []
    everything = cases + examples
    show = sys.stderr.isatty()
    with click.progressbar(length=len(everything), label="firing rules", file=sys.stderr if show else open(os.devnull, "w")) as bar:
        report = run_coverage(everything, examples=len(examples), jobs=jobs or default_jobs(), progress=bar.update)
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
def schema(name: str) -> None:
    """Print a JSON Schema: the case file or the explanation.

    \b
    Examples:
      calfexpert schema case > case.schema.json
      calfexpert schema explanation
    """
    click.echo(schema_text(name), nl=False)  # type: ignore[arg-type]


def _register_commands() -> None:
    from .interview import ask_command

    main.add_command(ask_command)


_register_commands()

if __name__ == "__main__":  # pragma: no cover
    main()
