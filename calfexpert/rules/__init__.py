"""calfexpert's rules, one module per body of knowledge.

Importing this package registers every rule in :data:`REGISTRY` (id, title,
sources and conclusions in one place) and builds :class:`CalfEngine`, the
experta engine that holds them all.
"""

from __future__ import annotations

import importlib
from typing import Any

from ..engine import TracingEngine
from ..facts import Withhold
from .base import REGISTRY, Layer, RuleSpec

MODULE_TITLES: dict[str, str] = {
    "signs": "Signs shared by several bodies of knowledge",
    "muscle": "Muscle: strain, tear, cramp, DOMS, rhabdomyolysis",
    "tendon": "Tendon: Achilles tendinopathy and rupture",
    "bone": "Bone and shin: stress fracture and MTSS",
    "vascular": "Vascular: DVT, PE, Baker's cyst, thrombophlebitis, PAD, PAES",
    "compartment": "Compartment: acute and chronic exertional compartment syndrome",
    "nerve": "Nerve: radiated pain from the lower back",
    "skin": "Skin and infection: cellulitis",
    "factors": "Contributing factors",
    "scores": "Validated scores: Wells DVT",
    "differential": "Differential: combining evidence into certainty",
    "triage": "Triage: red flags, demands and the decision",
    "care": "Care: advice, withheld advice, referral and safety-net",
}
"""The rule modules (``calfexpert/rules/<name>.py``) and their titles, in the order the catalog
lists them: the one place a rule module is named.  Importing a module registers its rules."""

MODULES: tuple[str, ...] = tuple(MODULE_TITLES)

for _module in MODULES:
    importlib.import_module(f"{__name__}.{_module}")


class _CalfEngineBase(TracingEngine):
    def withheld_actions(self) -> set[str]:
        """The actions withheld so far (read by advising rules, which run after withholding)."""
        return {f["action"] for f in self.facts_of(Withhold)}


def _build_engine_class() -> type[TracingEngine]:
    namespace: dict[str, Any] = {rid.replace(".", "__"): r for rid, r in REGISTRY.rules.items()}
    namespace["__doc__"] = "The experta engine holding every calfexpert rule."
    namespace["__module__"] = __name__
    return type("CalfEngine", (_CalfEngineBase,), namespace)


CalfEngine = _build_engine_class()

__all__ = ["MODULES", "MODULE_TITLES", "REGISTRY", "CalfEngine", "Layer", "RuleSpec"]
