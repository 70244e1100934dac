"""Explain many cases on a Dask cluster (the ``dask`` extra: ``pip install 'calfexpert[dask]'``).

- :func:`explain_many` sends cases to the cluster in chunks, a bounded number in flight, and
  yields one record per case **in input order**, so memory stays flat however many cases there are.
- :func:`explain_bag` explains a ``dask.bag.Bag`` of cases partition by partition and gives a bag of
  records (for pipelines that read from and write to storage in parallel).
- :func:`batch_executor` is what ``calfexpert batch --dask SCHEDULER_ADDRESS`` runs on.

Records are those of ``calfexpert batch`` (:func:`calfexpert.batch.explain_item`):
``{"source", "ok": true, "explanation"}`` or ``{"source", "ok": false, "error": {"kind":
"invalid_case", "problems"} | {"kind": "internal", "message"}}``; a bad case never stops the rest.
A case is a mapping in the case format, the bytes of a case file (JSON or YAML), a path (a folder
gives its case files, a ``.jsonl`` file its lines) or a :class:`calfexpert.batch.Item`.

Each worker thread builds one engine the first time it explains and reuses it (start workers
with ``--nthreads 1``: the engine is pure Python, so more threads in one process add nothing).
The workers need calfexpert installed, at the same version as the client.
"""

from __future__ import annotations

import itertools
import json
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any

from ._workers import chunks
from .batch import Item, explain_item, iter_items

Record = dict[str, Any]


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise ImportError(f"calfexpert.dask needs the dask extra: pip install 'calfexpert[dask]' ({exc})") from None
    return distributed


def as_items(case: Any, index: int) -> list[Item]:
    """The :class:`~calfexpert.batch.Item` (or items, for a folder or a .jsonl file) for one input case."""
    if isinstance(case, Item):
        return [case]
    if isinstance(case, Mapping):
        name = case.get("case_id") if isinstance(case.get("case_id"), str) else None
        try:
            data = json.dumps(case, ensure_ascii=False, allow_nan=False).encode()
        except (TypeError, ValueError) as exc:
            return [Item(f"<case {index}>", None, problem=f"the case cannot be written as JSON: {exc}")]
        return [Item(name or f"<case {index}>", data, fmt="json")]
    if isinstance(case, bytes):
        return [Item(f"<case {index}>", case)]
    if isinstance(case, str | Path):
        return list(iter_items([str(case)]))
    return [Item(f"<case {index}>", None, problem=f"not a case: expected a mapping, bytes or a path, got {type(case).__name__}")]


def explain_records(items: list[Item], detail: str = "full") -> list[Record]:
    """Explain a chunk of items (on a worker): one record per item, in order."""
    return [json.loads(explain_item(item, detail)) for item in items]


def _client(client: Any) -> Any:
    if client is not None:
        return client
    distributed = _distributed()
    try:
        return distributed.get_client()
    except ValueError:
        raise RuntimeError("no Dask client: pass client=, or create one first (distributed.Client(address))") from None


def _threads(client: Any) -> int:
    try:
        return max(1, sum(client.nthreads().values()))
    except Exception:  # a client that cannot say (a scheduler still starting): assume one
        return 1


def explain_many(cases: Iterable[Any], client: Any = None, detail: str = "full", chunk_size: int = 32,
                 in_flight: int | None = None) -> Iterator[Record]:
    """Explain ``cases`` on the Dask cluster of ``client`` (default: the current client); yield records in input order.

    At most ``in_flight`` chunks of ``chunk_size`` cases are on the cluster at once (default: three
    per worker thread).  ``detail`` is ``full`` (the explanation) or ``summary`` (as ``batch --detail``).
    Closing the generator early cancels what is still running.
    """
    client = _client(client)
    limit = in_flight or 3 * _threads(client)
    pending: deque[Any] = deque()
    try:
        items = itertools.chain.from_iterable(as_items(case, index) for index, case in enumerate(cases))
        for chunk in chunks(items, chunk_size):
            pending.append(client.submit(explain_records, chunk, detail, pure=False))
            if len(pending) >= limit:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        if pending:
            client.cancel(list(pending))


def _explain_partition(partition: Iterable[Any], detail: str) -> list[Record]:
    items: list[Item] = []
    for index, case in enumerate(partition):
        items += as_items(case, index)
    return explain_records(items, detail)


def explain_bag(bag: Any, detail: str = "full") -> Any:
    """A bag of records, one per case of ``bag``, explained partition by partition (lazy: compute it).

    The records keep the bag's order; a record's ``source`` is the case's ``case_id`` when it has one,
    else its place in its partition (``<case 3>``), so zip the records with the cases to pair them.
    """
    return bag.map_partitions(_explain_partition, detail)


class _ClientExecutor(Executor):
    """A concurrent.futures executor on a Dask client that closes the client when shut down."""

    def __init__(self, client: Any) -> None:
        self._client = client
        self._inner = client.get_executor(pure=False)

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        return self._inner.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        try:
            self._inner.shutdown(wait=wait)
        finally:
            self._client.close()


CONNECT_TIMEOUT = 10.0
"""Seconds to wait for the scheduler before ``batch --dask`` gives up."""


def batch_executor(address: str, timeout: float | None = None) -> tuple[Executor, int]:
    """An executor on the Dask scheduler at ``address`` for :func:`calfexpert.batch.run_batch`, and how many chunks to keep in flight.

    Raises :class:`ConnectionError` when the scheduler cannot be reached within ``timeout`` seconds.
    """
    distributed = _distributed()
    try:
        client = distributed.Client(address, timeout=timeout or CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ConnectionError(f"cannot reach the Dask scheduler at {address!r}: {exc}") from None
    return _ClientExecutor(client), _threads(client)


__all__ = ["Record", "as_items", "batch_executor", "explain_bag", "explain_many", "explain_records"]
