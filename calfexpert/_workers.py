"""The worker processes of ``batch --jobs`` and ``coverage --jobs``: how they take signals, and stopping them at once."""

from __future__ import annotations

import signal
import time
from concurrent.futures import Executor, ProcessPoolExecutor


def worker_signals() -> None:
    """The initializer of a local worker process: it stops at once on SIGTERM and leaves Ctrl-C (sent to the whole
    process group) to the main process, which then stops the workers: no worker traceback, no work finished after
    the user asked to stop."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def stop_workers(pool: Executor) -> None:
    """Stop a pool's work now: queued work is cancelled and local worker processes are terminated (killed if they do
    not stop within a second); a Dask client's executor only has its queue cancelled."""
    if not isinstance(pool, ProcessPoolExecutor):  # a Dask client's executor: cancel what is queued, the cluster stays
        pool.shutdown(wait=False)
        return
    processes = list((getattr(pool, "_processes", None) or {}).values())
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
