"""calfexpert.dask on a LocalCluster with 2 workers (loopback only): the same records as the single-process batch."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import dask.bag as db
import pytest
from click.testing import CliRunner
from conftest import budget
from distributed import Client, LocalCluster

from calfexpert.batch import Item, iter_items, run_batch
from calfexpert.cli import main
from calfexpert.coverage import generated_cases
from calfexpert.dask import as_items, explain_bag, explain_many

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "facts" / "examples"


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp", host="127.0.0.1",
                      dashboard_address=None) as local:
        yield local


@pytest.fixture(scope="module")
def client(cluster: LocalCluster) -> Iterator[Client]:
    with Client(cluster) as c:
        yield c


def _single_process(cases: list, detail: str) -> list[str]:
    lines: list[str] = []
    items = [item for index, case in enumerate(cases) for item in as_items(case, index)]
    run_batch(items, lines.append, detail=detail)
    return [line.rstrip("\n") for line in lines]


def _mixed_cases(n: int) -> list:
    cases: list = list(generated_cases(n, seed=11))
    cases[3] = {"signs": {"chest_pian": True}}                 # invalid: an error record in its place
    cases[5] = b"pain:\n  side: left\n"                          # YAML bytes
    cases[7] = 42                                                # not a case at all
    return cases


def test_explain_many_in_input_order_equals_single_process(client: Client) -> None:
    cases = _mixed_cases(max(12, budget(60)))  # at least the three planted cases and their neighbours
    records = list(explain_many(cases, client=client, chunk_size=7))
    expected = [json.loads(line) for line in _single_process(cases, "full")]
    assert records == expected
    assert [r["ok"] for r in records[:8]] == [True, True, True, False, True, True, True, False]
    assert records[3]["error"]["problems"][0]["path"] == "signs.chest_pian"


def test_explain_many_uses_the_current_client_and_can_stop_early(client: Client) -> None:
    cases = generated_cases(60, seed=3)
    with client.as_current():
        first = []
        for record in explain_many(cases, detail="summary", chunk_size=4, in_flight=2):
            first.append(record)
            if len(first) == 10:
                break
    assert [r["source"] for r in first] == [f"<case {i}>" for i in range(10)]


def test_explain_bag_partition_by_partition(client: Client) -> None:
    cases = generated_cases(24, seed=5)
    bag = db.from_sequence(cases, npartitions=4)
    records = explain_bag(bag, detail="summary").compute(scheduler=client.get)
    single = [json.loads(line) for line in _single_process(cases, "summary")]
    assert [r["explanation"] for r in records] == [r["explanation"] for r in single]


def test_cli_batch_dask(cluster: LocalCluster, tmp_path: Path) -> None:
    out_dask, out_local = tmp_path / "dask.jsonl", tmp_path / "local.jsonl"
    result = CliRunner().invoke(main, ["batch", str(EXAMPLES), "--dask", cluster.scheduler_address, "-o", str(out_dask), "--detail", "summary"])
    assert result.exit_code == 0, result.output
    CliRunner().invoke(main, ["batch", str(EXAMPLES), "-o", str(out_local), "--detail", "summary"])
    assert out_dask.read_text() == out_local.read_text()
    assert len(out_dask.read_text().splitlines()) == len(list(iter_items([str(EXAMPLES)])))


def test_cli_batch_dask_unreachable_scheduler_exits_2(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    import calfexpert.dask

    monkeypatch.setattr(calfexpert.dask, "CONNECT_TIMEOUT", 1.0)

    with socket.socket() as sock:  # a loopback port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = CliRunner().invoke(main, ["batch", str(EXAMPLES / "calf_strain.json"), "--dask", f"tcp://127.0.0.1:{port}"])
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler" in result.output


def test_item_passes_through() -> None:
    item = Item("x", b"{}", fmt="json")
    assert as_items(item, 0) == [item]


@pytest.fixture(scope="module")
def process_client() -> Iterator[Client]:
    # Worker processes (not threads): the cases and records really travel, pickled, over loopback TCP.
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None) as local, \
            Client(local) as c:
        yield c


@pytest.fixture(scope="module")
def pool() -> tuple[list, list[str]]:
    """500 generated cases (drawing cases costs more than summarising them) and their single-process batch
    summaries, shared by the parts below (a case's record does not depend on its neighbours)."""
    # each case named, so that its record's source is the same wherever a rotation puts it
    cases = [{**case, "case_id": f"generated-{i}"} for i, case in enumerate(generated_cases(budget(500), seed=2026))]
    return cases, _single_process(cases, "summary")


@pytest.mark.slow
@pytest.mark.parametrize("part", range(40))
def test_twenty_thousand_generated_cases_equal_the_single_process_batch(process_client: Client, pool: tuple[list, list[str]],
                                                                      part: int) -> None:
    """20,000 cases in all: forty parts, each the 500 generated cases rotated to start elsewhere (so the chunks and the
    workers meet them in another order and grouping), summarised on the cluster and in one process: equal records.
    Full explanations are compared on the cluster in test_explain_many_in_input_order_equals_single_process."""
    generated, records = pool
    shift = part * len(generated) // 40
    cases = generated[shift:] + generated[:shift]

    def digest(lines: Iterator[str]) -> list[str]:
        return [hashlib.sha256(line.encode()).hexdigest() for line in lines]

    on_cluster = digest(json.dumps(r, ensure_ascii=False, separators=(",", ":"))
                        for r in explain_many(cases, client=process_client, detail="summary", chunk_size=64))
    single = digest(iter(records[shift:] + records[:shift]))
    assert len(on_cluster) == len(cases)
    assert on_cluster == single


def test_batch_dask_without_the_extra_exits_2(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)
    result = CliRunner().invoke(main, ["batch", str(EXAMPLES / "calf_strain.json"), "--dask", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2
    assert "pip install 'calfexpert[dask]'" in result.output
