"""Explain many cases: case files, folders of them, or JSON Lines (one case per line).

Input is streamed and results are written in input order as JSON Lines, so memory stays
flat however many cases there are.  A bad case yields an error record in its place (with its
file name or line number) and the rest go on.  The output goes to a temporary file that is
renamed at the end, so an interrupted run never leaves a truncated file that looks complete.
Uses only the library API.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ._json import dumps_line
from ._workers import chunks, run_in_order, worker_signals
from .api import explanation_document, summarise
from .case import MAX_BYTES, load_case_bytes
from .errors import SHOWN_PROBLEMS, InvalidCaseError, Problem
from .explanation import case_parts

CASE_SUFFIXES = (".json", ".yaml", ".yml")
"""Suffixes of the case files taken from a folder (in any letter case: ``case.YAML`` is a case)."""
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Item:
    """One case to explain: where it came from and its raw bytes (or the problem met while reading it)."""

    source: str
    data: bytes | None
    fmt: str | None = None
    problem: str | None = None


def _ignore(path: str, why: str) -> None:
    pass


def iter_items(inputs: Iterable[str], stdin: IO[bytes] | None = None,
               on_skip: Callable[[str, str], None] = _ignore, exclude: Iterable[str] = ()) -> Iterator[Item]:
    """The cases named by ``inputs`` in order: files, folders (their case files, sorted), ``.jsonl`` files and ``-`` (JSON Lines on stdin).

    A file met in a folder walk that is not a case file (by its suffix) or not a regular file is
    reported to ``on_skip`` with the reason; files named in ``exclude`` (the batch's own temporary
    output) are passed over in silence.
    """
    excluded = {os.path.realpath(p) for p in exclude}
    for name in inputs:
        if name == "-":
            yield from _jsonl(stdin if stdin is not None else sys.stdin.buffer, "<stdin>")
            continue
        path = Path(name)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if os.path.realpath(child) in excluded or child.is_dir():
                    continue
                if child.suffix.lower() == ".jsonl":
                    on_skip(str(child), "JSON Lines in a folder are not read; name the .jsonl file itself")
                elif child.suffix.lower() not in CASE_SUFFIXES:
                    on_skip(str(child), "not a case file (a case file ends in .json, .yaml or .yml)")
                elif not child.is_file():
                    on_skip(str(child), "not a regular file")
                else:
                    yield _file(child)
        elif path.suffix.lower() == ".jsonl":
            try:
                with path.open("rb") as handle:
                    yield from _jsonl(handle, str(path))
            except OSError as exc:
                yield Item(str(path), None, problem=f"cannot be read: {exc.strerror or exc}")
        else:
            yield _file(path)


def _file(path: Path) -> Item:
    """A case file's bytes, read in bounded memory whatever it is (a device such as /dev/zero stops at the cap)."""
    try:
        if path.is_dir():
            return Item(str(path), None, problem="this is a folder")
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            return Item(str(path), None, problem=f"the file is larger than {MAX_BYTES} bytes (1 MiB), the most a case file may hold")
        return Item(str(path), data)
    except FileNotFoundError:
        return Item(str(path), None, problem="no such file")
    except OSError as exc:
        return Item(str(path), None, problem=f"cannot be read: {exc.strerror or exc}")


def _jsonl(handle: IO[bytes], name: str) -> Iterator[Item]:
    """One item per non-blank line; a line over the 1 MiB cap is an error item, skipped in bounded memory."""
    number = 0
    while True:
        line = handle.readline(MAX_BYTES + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_BYTES and not line.endswith(b"\n"):
            line = b""  # free it before skipping the rest
            skipped = MAX_BYTES + 1
            while True:
                rest = handle.readline(_CHUNK)
                skipped += len(rest)
                if not rest or rest.endswith(b"\n"):
                    break
            yield Item(f"{name}:{number}", None,
                       problem=f"the line is longer than {MAX_BYTES} bytes (1 MiB), the most one case may hold; skipped "
                               f"{skipped:,} bytes to the next line")
            continue
        if not line.strip():
            continue
        yield Item(f"{name}:{number}", line, fmt="json")


def explain_item(item: Item, detail: str = "full") -> str:
    """One output line (JSON, no newline) for one item; never raises for a bad case."""
    return _explain_record(item, detail)[0]


def _explain_record(item: Item, detail: str) -> tuple[str, str]:
    """The output line for one item and its outcome: ``ok``, ``invalid_case`` or ``internal``."""
    record: dict[str, Any] = {"source": item.source}
    outcome = "ok"
    try:
        if item.problem is not None or item.data is None:
            raise InvalidCaseError(item.source, [Problem("", item.problem or "no data")])
        case = load_case_bytes(item.data, item.source, item.fmt)
        # the summary is read from the run: no explanation document is built for it
        result: Any = explanation_document(case) if detail == "full" else summarise(case)
    except InvalidCaseError as error:
        outcome = "invalid_case"
        problems = [p.as_dict() for p in error.problems[:SHOWN_PROBLEMS]]
        record |= {"ok": False, "error": {"kind": "invalid_case", "problems": problems}}
        if len(error.problems) > SHOWN_PROBLEMS:  # a generated file with thousands of bad keys: not megabytes a record
            record["error"]["more_problems"] = len(error.problems) - SHOWN_PROBLEMS
    except Exception as error:  # one broken case must not stop the batch
        outcome = "internal"
        record |= {"ok": False, "error": {"kind": "internal", "message": f"{type(error).__name__}: {error}"}}
    else:
        record |= {"ok": True, "explanation": result}
        if detail == "full" and (known := case_parts(result)) is not None:  # walk only what can hold case values
            return dumps_line(record, safe=True, parts=[item.source, *known]), outcome
    return dumps_line(record, safe=True), outcome


def summary(doc: dict[str, Any]) -> dict[str, Any]:
    """The short form of an explanation: triage, differential, red flags, withheld advice, and whether enough was
    known (``false``: too little information, so see a doctor)."""
    return {
        "case_id": doc.get("case_id"),
        "triage": doc["triage"]["level"],
        "diagnoses": [{"condition": d["condition"], "certainty": d["certainty"]} for d in doc["diagnoses"]],
        "red_flags": [f["flag"] for f in doc["red_flags"]],
        "withheld": [w["advice"] for w in doc["withheld"]],
        "enough_information": doc.get("information", {}).get("sufficient", True),
    }


def _explain_chunk(chunk: list[Item], detail: str) -> list[tuple[str, str]]:
    return [_explain_record(item, detail) for item in chunk]


def run_batch(items: Iterable[Item], write: Callable[[str], None], jobs: int = 1, detail: str = "full",
              progress: Callable[[int], None] | None = None, chunk_size: int = 32,
              executor: Executor | None = None) -> tuple[int, int, int]:
    """Explain every item, writing one line per item in input order; return (cases, invalid, internal failures).

    With ``jobs`` > 1 the work goes to that many processes, with a bounded number of chunks in
    flight, so memory does not grow with the input.  ``executor`` (for example a Dask client's,
    see :mod:`calfexpert.dask`) replaces the local processes; ``jobs`` then sizes what is in flight.
    """
    total = invalid = internal = 0

    def emit(lines: list[tuple[str, str]]) -> None:  # counted from the outcome, not by searching the line
        nonlocal total, invalid, internal
        for line, outcome in lines:
            write(line + "\n")
            total += 1
            invalid += outcome == "invalid_case"
            internal += outcome == "internal"
        if progress:
            progress(len(lines))

    pool = executor
    if pool is None and jobs > 1:
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=worker_signals)
    run_in_order(pool, ((_explain_chunk, (chunk, detail)) for chunk in chunks(items, chunk_size)), jobs * 3, emit)
    return total, invalid, internal
