"""Shared fixtures: the example and vignette cases with their expected answers."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "facts"


def manifest_cases() -> list[tuple[Path, dict[str, Any]]]:
    """Every case file under facts/ that has an entry in its folder's expected.json."""
    out = []
    for manifest in sorted(FACTS.glob("*/expected.json")):
        expected = json.loads(manifest.read_text("utf-8"))
        for name, exp in sorted(expected.items()):
            out.append((manifest.parent / name, exp))
    return out


def all_case_files() -> list[Path]:
    return sorted(p for p in FACTS.rglob("*.json") if p.name != "expected.json") + sorted(FACTS.rglob("*.yaml"))


@cache
def explained(path: Path):
    """The explanation of a case file, computed once per test session (treat it as read-only)."""
    import calfexpert

    return calfexpert.explain(path)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
