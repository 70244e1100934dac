"""calfexpert's rules, one module per body of knowledge.

Importing this package registers every rule in :data:`REGISTRY` (id, title,
sources and conclusions in one place) and builds :class:`CalfEngine`, the
experta engine that holds them all.
"""

from __future__ import annotations

from typing import Any

from ..engine import TracingEngine
from ..facts import Withhold
from . import (  # noqa: F401 - importing a module registers its rules
    bone,
    care,
    compartment,
    differential,
    factors,
    muscle,
    nerve,
    scores,
    signs,
    skin,
    tendon,
    triage,
    vascular,
)
from .base import REGISTRY, Layer, RuleSpec

MODULES: tuple[str, ...] = (
    "signs", "muscle", "tendon", "bone", "vascular", "compartment", "nerve", "skin", "factors",
    "scores", "differential", "triage", "care",
)
"""The rule modules, in the order the catalog lists them."""


class _CalfEngineBase(TracingEngine):
    def facts_of(self, fact_type: type) -> list[Any]:
        """The facts of one type in working memory, oldest first (for aggregating rules)."""
        return [f for f in self.facts.values() if type(f) is fact_type]

    def withheld_actions(self) -> set[str]:
        """The actions withheld so far (read by advising rules, which run after withholding)."""
        return {f["action"] for f in self.facts_of(Withhold)}


def _build_engine_class() -> type[TracingEngine]:
    namespace: dict[str, Any] = {rid.replace(".", "__"): r for rid, r in REGISTRY.rules.items()}
    namespace["__doc__"] = "The experta engine holding every calfexpert rule."
    namespace["__module__"] = __name__
    return type("CalfEngine", (_CalfEngineBase,), namespace)


CalfEngine = _build_engine_class()

__all__ = ["MODULES", "REGISTRY", "CalfEngine", "Layer", "RuleSpec"]
