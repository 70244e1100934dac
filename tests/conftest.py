"""Shared fixtures: the example and vignette cases with their expected answers."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# No test depends on luck: with CI=true every hypothesis test runs derandomized (the same examples on
# every run and machine) and without the example database. Locally, draws stay random so that new
# examples keep being explored; a failure prints the blob to reproduce it.
settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile(os.environ.get("CALFEXPERT_HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))

# The test budget: "full" (the default, and one Python in CI) runs every property and differential
# test at its stated size; "small" (the other Pythons in CI: CALFEXPERT_TEST_BUDGET=small) runs the
# same tests with a tenth of the examples, so no test is dropped on any Python. A test module can be
# given the other size: "small;full=test_matcher" runs test_matcher.py at full size and the rest small,
# "full;small=test_matcher,test_dask" the reverse. CI uses this to run each long differential test at
# full size on a different Python, so that no one Python carries them all.
def _parse_budget(text: str) -> tuple[bool, dict[str, bool]]:
    default, *overrides = (part.strip() for part in text.split(";"))
    sizes = {"full": True, "small": False}
    if default not in sizes:
        raise pytest.UsageError(f"CALFEXPERT_TEST_BUDGET={text!r}: start with 'full' or 'small'")
    modules: dict[str, bool] = {}
    for override in filter(None, overrides):
        size, _, names = override.partition("=")
        if size.strip() not in sizes or not names.strip():
            raise pytest.UsageError(f"CALFEXPERT_TEST_BUDGET={text!r}: write overrides as 'full=test_a,test_b' or 'small=...'")
        modules.update(dict.fromkeys((n.strip() for n in names.split(",") if n.strip()), sizes[size.strip()]))
    return sizes[default], modules


FULL_BY_DEFAULT, FULL_BY_MODULE = _parse_budget(os.environ.get("CALFEXPERT_TEST_BUDGET", "full"))


def full_budget(module: str) -> bool:
    """Whether the test module named ``module`` (``test_matcher``) runs at full size."""
    return FULL_BY_MODULE.get(module.rpartition(".")[2], FULL_BY_DEFAULT)


def budget(n: int) -> int:
    """How many examples or generated cases the calling test module may use: ``n`` on the full budget, a tenth (at
    least 5, never more than ``n``) on the small one."""
    caller = sys._getframe(1).f_globals.get("__name__", "")
    return n if full_budget(caller) else min(n, max(5, n // 10))


ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "facts"
# The expected answers live apart from the cases, so that no glob or folder walk takes them for a case.
EXPECTED = ROOT / "benchmarks" / "expected"


def manifest_cases() -> list[tuple[Path, dict[str, Any]]]:
    """Every case file under facts/ with its expectation from benchmarks/expected/<folder>.json."""
    out = []
    for manifest in sorted(EXPECTED.glob("*.json")):
        expected = json.loads(manifest.read_text("utf-8"))
        for name, exp in sorted(expected.items()):
            out.append((FACTS / manifest.stem / name, exp))
    return out


def all_case_files() -> list[Path]:
    return sorted(FACTS.rglob("*.json")) + sorted(FACTS.rglob("*.yaml"))


@cache
def explained(path: Path):
    """The explanation of a case file, computed once per test session (treat it as read-only)."""
    import calfexpert

    return calfexpert.explain(path)


def load_gen_pages(name: str = "calfexpert_docs_gen_pages") -> ModuleType:
    """docs/gen_pages.py as a module (docs/ is not a package); no bytecode is written into docs/."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "docs" / "gen_pages.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    before = sys.dont_write_bytecode
    sys.dont_write_bytecode = True
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = before
    return module


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
