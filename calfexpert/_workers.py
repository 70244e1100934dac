"""Work in worker processes, for ``batch --jobs`` and ``coverage --jobs``: the inputs in chunks, a bounded number of
tasks in flight with their results taken in order, how the workers take signals, and stopping them at once."""

from __future__ import annotations

import itertools
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last may be shorter), read as they are needed."""
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def run_in_order(pool: Executor | None, calls: Iterable[tuple[Callable[..., R], tuple[Any, ...]]], in_flight: int,
                 consume: Callable[[R], None]) -> None:
    """Run every ``(function, arguments)`` of ``calls`` and give each result to ``consume``, in the order of ``calls``.

    With a ``pool``, at most ``in_flight`` calls are submitted at a time, so memory does not grow with the input and a
    stop is quick; anything raised meanwhile (a failed call, ``consume`` failing on a broken pipe, Ctrl-C, SIGTERM
    turned into ``SystemExit``) stops the pool's work at once (:func:`stop_workers`) and is raised again; after the
    last call the pool is shut down. Without a pool, the calls run here, one after another.
    """
    if pool is None:
        for function, arguments in calls:
            consume(function(*arguments))
        return
    pending: deque[Future[R]] = deque()
    try:
        for function, arguments in calls:
            pending.append(pool.submit(function, *arguments))
            while pending and (pending[0].done() or len(pending) >= in_flight):
                consume(pending.popleft().result())
        while pending:
            consume(pending.popleft().result())
    except BaseException:
        stop_workers(pool)
        raise
    pool.shutdown(wait=True)


def worker_signals() -> None:
    """The initializer of a local worker process: it stops at once on SIGTERM and leaves Ctrl-C (sent to the whole
    process group) to the main process, which then stops the workers: no worker traceback, no work finished after
    the user asked to stop."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


_stopped = threading.Event()


def workers_were_stopped() -> bool:
    """Whether this process stopped local workers in the middle of their work (:func:`stop_workers`). The pool's
    queues may then never drain (a worker killed while writing its result, the feeder thread blocked on a full pipe to
    workers that are gone), and the interpreter's exit handlers, which wait for them, wait forever: a command that
    ends after this ends with ``os._exit`` once its output is flushed (``calfexpert.cli``)."""
    return _stopped.is_set()


def stop_workers(pool: Executor) -> None:
    """Stop a pool's work now: queued work is cancelled and local worker processes are terminated (killed if they do
    not stop within a second); a Dask client's executor only has its queue cancelled."""
    if not isinstance(pool, ProcessPoolExecutor):  # a Dask client's executor: cancel what is queued, the cluster stays
        pool.shutdown(wait=False)
        return
    processes = list((getattr(pool, "_processes", None) or {}).values())
    _stopped.set()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    # A worker still starting (its signal handlers not yet set) may outlive SIGTERM: give them a second, then
    # kill, so that the executor's exit handler never waits on a worker that is not coming back.
    deadline = time.monotonic() + 1.0
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join(1.0)
