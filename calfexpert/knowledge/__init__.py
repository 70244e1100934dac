"""calfexpert's knowledge as reviewable content: conditions, factors, red flags,
advice texts, unsafe advice and sources.

These are tables, not logic: a clinician can review or change a text or a
source here without reading the rules.  The rules (``calfexpert.rules``) refer
to the ids defined here, and a test checks that every id they use exists.
"""

from .advice import (
    ADVICE,
    ADVICE_KINDS,
    CARE_PLANS,
    FACTOR_ADVICE,
    NOT_NEEDED_WHEN_KNOWN,
    SITUATIONS,
    TRIAGE_ADVICE,
    UNSAFE,
    Advice,
    Unsafe,
)
from .clinical import (
    CONDITIONS,
    FACTORS,
    RED_FLAGS,
    THRESHOLDS,
    TRIAGE_LEVELS,
    WELLS_EXAMINATION,
    WELLS_FINDINGS,
    WELLS_ITEMS,
    Condition,
    ContributingFactor,
    RedFlagInfo,
    Threshold,
    TriageLevel,
    WellsItemInfo,
    triage_rank,
)
from .sources import SOURCES, Source

__all__ = [
    "ADVICE", "ADVICE_KINDS", "CARE_PLANS", "CONDITIONS", "FACTORS", "FACTOR_ADVICE", "NOT_NEEDED_WHEN_KNOWN", "RED_FLAGS", "SITUATIONS", "SOURCES",
    "THRESHOLDS", "TRIAGE_ADVICE", "TRIAGE_LEVELS", "UNSAFE", "WELLS_EXAMINATION", "WELLS_FINDINGS", "WELLS_ITEMS", "Advice", "Condition",
    "ContributingFactor", "RedFlagInfo", "Source", "Threshold", "TriageLevel", "Unsafe", "WellsItemInfo",
    "triage_rank",
]
