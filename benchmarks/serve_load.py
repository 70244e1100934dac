"""Load figures for calfexpert's HTTP service and Dask throughput beside the local process pool.

    python benchmarks/serve_load.py load  [--clients 8] [--seconds 20] [--workers 1]
    python benchmarks/serve_load.py dask  [--cases 400]

load: starts `calfexpert serve` on a free 127.0.0.1 port (its own process), then N clients (threads,
each with its own HTTP connection) POST the example cases to /explain in turn for S seconds; prints
requests per second, median and p95 latency, and the errors (there should be none).

dask: explains the same generated cases with `run_batch` in one process, with the local process pool
(`--jobs 2`), and on a Dask LocalCluster of 1 and 2 worker processes (loopback only); prints cases
per second for each and checks that every run wrote the same lines.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "facts" / "examples").glob("*.json"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load(clients: int, seconds: float, workers: int = 1) -> dict[str, object]:
    import httpx

    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "calfexpert", "serve", "--host", "127.0.0.1", "--port", str(port),
                               "--log-level", "warning", "--workers", str(workers)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # at most 30 s to start
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise SystemExit("the server did not start")
        bodies = [p.read_bytes() for p in EXAMPLES]
        with httpx.Client(base_url=base) as warm:  # engines built before timing
            for body in bodies * workers:
                warm.post("/explain", content=body)
        latencies: list[float] = []
        errors = [0]
        lock = threading.Lock()
        stop_at = time.perf_counter() + seconds

        def run(offset: int) -> None:
            mine: list[float] = []
            bad = 0
            with httpx.Client(base_url=base, timeout=60) as client:
                i = offset
                while time.perf_counter() < stop_at:
                    started = time.perf_counter()
                    answer = client.post("/explain", content=bodies[i % len(bodies)], headers={"content-type": "application/json"})
                    mine.append(time.perf_counter() - started)
                    bad += answer.status_code != 200
                    i += 1
            with lock:
                latencies.extend(mine)
                errors[0] += bad

        threads = [threading.Thread(target=run, args=(k,)) for k in range(clients)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    latencies.sort()
    return {"clients": clients, "server_processes": workers, "seconds": round(elapsed, 1), "requests": len(latencies), "errors": errors[0],
            "requests_per_second": round(len(latencies) / elapsed, 1),
            "median_ms": round(1000 * statistics.median(latencies), 1),
            "p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 1)}


def dask_throughput(count: int) -> dict[str, object]:
    from distributed import Client, LocalCluster

    from calfexpert.batch import run_batch
    from calfexpert.coverage import generated_cases
    from calfexpert.dask import as_items, batch_executor

    cases = generated_cases(count, seed=1)
    items = [item for i, case in enumerate(cases) for item in as_items(case, i)]
    results: dict[str, object] = {"cases": len(items)}
    outputs = {}

    def timed(name: str, **kwargs: object) -> None:
        lines: list[str] = []
        started = time.perf_counter()
        run_batch(items, lines.append, **kwargs)  # type: ignore[arg-type]
        elapsed = time.perf_counter() - started
        results[name] = {"seconds": round(elapsed, 1), "cases_per_second": round(len(items) / elapsed, 1)}
        outputs[name] = lines

    timed("one process", jobs=1)
    timed("process pool, --jobs 2", jobs=2)
    for workers in (1, 2):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None) as cluster:
            with Client(cluster) as warm:  # build each worker's engine before timing, like the pool's first chunk
                warm.run(lambda: __import__("calfexpert").explain({}))
            executor, jobs = batch_executor(cluster.scheduler_address)
            timed(f"dask, {workers} worker process{'es' if workers > 1 else ''}", jobs=jobs, executor=executor)
    first = next(iter(outputs.values()))
    results["same_lines_everywhere"] = all(lines == first for lines in outputs.values())
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    p_load = sub.add_parser("load")
    p_load.add_argument("--clients", type=int, default=8)
    p_load.add_argument("--seconds", type=float, default=20.0)
    p_load.add_argument("--workers", type=int, default=1, help="server processes (calfexpert serve --workers)")
    p_dask = sub.add_parser("dask")
    p_dask.add_argument("--cases", type=int, default=400)
    args = parser.parse_args()
    machine = {"python": platform.python_version(), "cores": os.cpu_count(), "machine": platform.machine()}
    figures = load(args.clients, args.seconds, args.workers) if args.what == "load" else dask_throughput(args.cases)
    print(json.dumps({"machine": machine, **figures}, indent=2))


if __name__ == "__main__":
    main()
