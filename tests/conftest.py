"""Shared fixtures: the example and vignette cases with their expected answers."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

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


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
