"""Explain many cases: case files, folders of them, or JSON Lines (one case per line).

Input is streamed and results are written in input order as JSON Lines, so memory stays
flat however many cases there are.  A bad case yields an error record in its place (with its
file name or line number) and the rest go on.  The output goes to a temporary file that is
renamed at the end, so an interrupted run never leaves a truncated file that looks complete.
Uses only the library API.
"""

from __future__ import annotations

import json
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .api import explain
from .case import MAX_BYTES, load_case_bytes
from .errors import InvalidCaseError, Problem

CASE_SUFFIXES = (".json", ".yaml", ".yml")


@dataclass(frozen=True)
class Item:
    """One case to explain: where it came from and its raw bytes (or the problem met while reading it)."""

    source: str
    data: bytes | None
    fmt: str | None = None
    problem: str | None = None


def iter_items(inputs: Iterable[str], stdin: IO[bytes] | None = None) -> Iterator[Item]:
    """The cases named by ``inputs`` in order: files, folders (their case files, sorted), ``.jsonl`` files and ``-`` (JSON Lines on stdin)."""
    for name in inputs:
        if name == "-":
            yield from _jsonl(stdin if stdin is not None else sys.stdin.buffer, "<stdin>")
            continue
        path = Path(name)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.suffix in CASE_SUFFIXES):
                yield _file(child)
        elif path.suffix == ".jsonl":
            try:
                with path.open("rb") as handle:
                    yield from _jsonl(handle, str(path))
            except OSError as exc:
                yield Item(str(path), None, problem=f"cannot be read: {exc.strerror or exc}")
        else:
            yield _file(path)


def _file(path: Path) -> Item:
    try:
        if path.stat().st_size > MAX_BYTES:
            return Item(str(path), None, problem=f"the file is larger than {MAX_BYTES} bytes")
        return Item(str(path), path.read_bytes())
    except FileNotFoundError:
        return Item(str(path), None, problem="no such file")
    except OSError as exc:
        return Item(str(path), None, problem=f"cannot be read: {exc.strerror or exc}")


def _jsonl(handle: IO[bytes], name: str) -> Iterator[Item]:
    for number, line in enumerate(handle, 1):
        if not line.strip():
            continue
        yield Item(f"{name}:{number}", line, fmt="json")


def explain_item(item: Item, detail: str = "full") -> str:
    """One output line (JSON, no newline) for one item; never raises for a bad case."""
    record: dict[str, Any] = {"source": item.source}
    try:
        if item.problem is not None or item.data is None:
            raise InvalidCaseError(item.source, [Problem("", item.problem or "no data")])
        result = explain(load_case_bytes(item.data, item.source, item.fmt))
    except InvalidCaseError as error:
        record |= {"ok": False, "error": {"kind": "invalid_case", "problems": [p.as_dict() for p in error.problems]}}
    except Exception as error:  # one broken case must not stop the batch
        record |= {"ok": False, "error": {"kind": "internal", "message": f"{type(error).__name__}: {error}"}}
    else:
        record |= {"ok": True, "explanation": result.data if detail == "full" else summary(result.data)}
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


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


def _explain_chunk(chunk: list[Item], detail: str) -> list[str]:
    return [explain_item(item, detail) for item in chunk]


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_batch(items: Iterable[Item], write: Callable[[str], None], jobs: int = 1, detail: str = "full",
              progress: Callable[[int], None] | None = None, chunk_size: int = 32,
              executor: Executor | None = None) -> tuple[int, int, int]:
    """Explain every item, writing one line per item in input order; return (cases, invalid, internal failures).

    With ``jobs`` > 1 the work goes to that many processes, with a bounded number of chunks in
    flight, so memory does not grow with the input.  ``executor`` (for example a Dask client's,
    see :mod:`calfexpert.dask`) replaces the local processes; ``jobs`` then sizes what is in flight.
    """
    total = invalid = internal = 0

    def emit(lines: list[str]) -> None:
        nonlocal total, invalid, internal
        for line in lines:
            write(line + "\n")
            total += 1
            head = line[:400]
            invalid += '"kind":"invalid_case"' in head
            internal += '"kind":"internal"' in head
        if progress:
            progress(len(lines))

    if jobs <= 1 and executor is None:
        for chunk in _chunks(items, chunk_size):
            emit(_explain_chunk(chunk, detail))
        return total, invalid, internal
    with executor or ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: deque[Future[list[str]]] = deque()
        for chunk in _chunks(items, chunk_size):
            pending.append(pool.submit(_explain_chunk, chunk, detail))
            if len(pending) >= jobs * 3:
                emit(pending.popleft().result())
        while pending:
            emit(pending.popleft().result())
    return total, invalid, internal
