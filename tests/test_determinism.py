"""Same case, byte-identical JSON; explain from 8 threads equals sequential calls;
key and list order in the case file do not change the result."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

from conftest import all_case_files

import calfexpert


def _sample() -> list:
    """Every fourth case file (about 25, across every folder): the properties below hold per case, and
    test_properties checks them on generated cases as well."""
    return all_case_files()[::4]


def test_same_case_same_bytes() -> None:
    for path in _sample():
        assert calfexpert.explain(path).json == calfexpert.explain(path).json


def test_key_and_list_order_do_not_matter() -> None:
    case = json.loads((all_case_files()[0]).read_text())
    reordered = {k: (dict(reversed(list(v.items()))) if isinstance(v, dict) else v) for k, v in reversed(list(case.items()))}
    for section in reordered.values():
        if isinstance(section, dict):
            for key, value in section.items():
                if isinstance(value, list):
                    section[key] = list(reversed(value))
    assert calfexpert.explain(case).json == calfexpert.explain(reordered).json


def test_eight_threads_match_sequential_calls() -> None:
    paths = _sample()
    sequential = [calfexpert.explain(p).json for p in paths]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(2):
            threaded = list(pool.map(lambda p: calfexpert.explain(p).json, paths * 2))
            assert threaded == sequential * 2


def test_mutating_the_result_does_not_change_its_json() -> None:
    result = calfexpert.explain(all_case_files()[0])
    before = result.json
    result.data["triage"]["level"] = "self_care"
    assert result.json == before
