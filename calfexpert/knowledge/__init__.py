"""calfexpert's knowledge as reviewable content: conditions, factors, red flags,
advice texts, unsafe advice and sources.

These are tables, not logic: a clinician can review or change a text or a
source here without reading the rules.  The rules (``calfexpert.rules``) refer
to the ids defined here, and a test checks that every id they use exists.
"""

from .advice import (
    ACTION_ADVICE,
    ACTIONS,
    ADVICE,
    ADVICE_KINDS,
    CARE_PLANS,
    DANGER_SIGNS,
    FACTOR_ADVICE,
    IMPLIES,
    SITUATIONS,
    TRIAGE_ADVICE,
    UNSAFE,
    Advice,
    Unsafe,
    involves,
    reasons_for,
    unsafe_for,
    withheld_actions,
)
from .clinical import (
    CONDITIONS,
    FACTORS,
    RED_FLAGS,
    TRIAGE_LEVELS,
    WELLS_FINDINGS,
    WELLS_ITEMS,
    Condition,
    ContributingFactor,
    RedFlagInfo,
    TriageLevel,
    WellsItemInfo,
    triage_rank,
)
from .sources import SOURCES, Source

__all__ = [
    "ACTIONS",
    "ACTION_ADVICE",
    "ADVICE",
    "ADVICE_KINDS",
    "CARE_PLANS",
    "CONDITIONS",
    "DANGER_SIGNS",
    "FACTORS",
    "FACTOR_ADVICE",
    "IMPLIES",
    "RED_FLAGS",
    "SITUATIONS",
    "SOURCES",
    "TRIAGE_ADVICE",
    "TRIAGE_LEVELS",
    "UNSAFE",
    "WELLS_FINDINGS",
    "WELLS_ITEMS",
    "Advice",
    "Condition",
    "ContributingFactor",
    "RedFlagInfo",
    "Source",
    "TriageLevel",
    "Unsafe",
    "WellsItemInfo",
    "involves",
    "reasons_for",
    "triage_rank",
    "unsafe_for",
    "withheld_actions",
]
