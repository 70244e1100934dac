"""The command line: a thin layer over the library (parse arguments, call, print).

Exit status: 0 success, 2 invalid input (the case, or the command line),
1 an internal fault in calfexpert.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

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
        except (InternalError, Exception) as exc:  # noqa: BLE001 - the last line of defence
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
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
      calfexpert explain facts/calf_strain.json
      calfexpert validate facts/*.json
      calfexpert schema case
    """


@main.command()
@click.argument("case", metavar="CASE")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="json: the schema-valid document; text: a report for the terminal; markdown: the same as Markdown.")
@click.option("--output", "-o", metavar="FILE", default=None,
              help="Write to FILE (replaced whole, never left half-written) instead of standard output.")
@_guarded
def explain(case: str, fmt: str, output: str | None) -> None:
    """Explain one case: triage, likely causes, what to do and why.

    CASE is a JSON or YAML case file, or - to read it from standard input.

    \b
    Examples:
      calfexpert explain facts/dvt_after_flight.json
      calfexpert explain case.yaml --format json --output answer.json
      cat case.json | calfexpert explain - --format markdown
    """
    from .api import explain as explain_case

    result = explain_case(_read(case))
    _write(result.render(fmt), output)


@main.command()
@click.argument("cases", metavar="CASE...", nargs=-1, required=True)
@_guarded
def validate(cases: tuple[str, ...]) -> None:
    """Check case files against the case format and report every problem.

    Exit status 0 when all are valid, 2 when any is not.

    \b
    Examples:
      calfexpert validate facts/*.json
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
@click.argument("name", type=click.Choice(SCHEMA_NAMES))
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
