"""The review tables (calfexpert/knowledge/review.py) stay true to the rules, the case format and the sources."""

from __future__ import annotations

from typing import Any

import pytest

from calfexpert import certainty
from calfexpert.knowledge import CONDITIONS, SOURCES
from calfexpert.knowledge.review import (
    CF_BANDS,
    CF_REASONS,
    EXAMINATION,
    EXAMINATION_WHO,
    TEST_ACCURACY,
    THRESHOLD_REASONS,
    cf_band,
)
from calfexpert.rules import REGISTRY
from calfexpert.schemas import load_schema


def _leaf_fields(props: dict[str, Any], prefix: str = "") -> set[str]:
    out: set[str] = set()
    for name, field in props.items():
        if "properties" in field:
            out |= _leaf_fields(field["properties"], prefix + name + ".")
        else:
            out.add(prefix + name)
    return out


CASE_FIELDS = _leaf_fields(load_schema("case")["properties"])


def test_every_cf_reason_explains_a_rule_that_weighs_evidence() -> None:
    stale = sorted(rid for rid in CF_REASONS if rid not in REGISTRY.specs or not REGISTRY.specs[rid].evidence)
    assert not stale, f"CF_REASONS names rules that do not exist or give no evidence (renamed?): {stale}"


def test_every_examination_entry_is_a_case_field() -> None:
    assert set(EXAMINATION) <= CASE_FIELDS, sorted(set(EXAMINATION) - CASE_FIELDS)
    assert {e.who for e in EXAMINATION.values()} <= set(EXAMINATION_WHO)
    assert all(e.how.strip() for e in EXAMINATION.values())


@pytest.mark.parametrize("path", ["signs.thompson_test_positive", "signs.straight_leg_raise_positive", "signs.pitting_edema",
                                  "signs.calf_swelling_difference_cm", "signs.tender_along_deep_veins", "signs.weak_foot_pulse"])
def test_the_examination_findings_are_not_left_to_a_runners_guess(path: str) -> None:
    # The case format names these as needing an examiner or a measurement (issue 18).
    assert EXAMINATION[path].who in ("examiner", "measured")


def test_test_accuracy_entries_are_consistent() -> None:
    for test in TEST_ACCURACY.values():
        assert set(test.fields) <= CASE_FIELDS, (test.id, sorted(set(test.fields) - CASE_FIELDS))
        assert set(test.sources) <= set(SOURCES), (test.id, test.sources)
        assert (test.sensitivity is None) == (test.specificity is None), test.id
        for value in (test.sensitivity, test.specificity):
            assert value is None or 0 < value < 1, test.id
    thompson = TEST_ACCURACY["thompson"]
    assert (thompson.sensitivity, thompson.specificity) == (0.96, 0.93)  # Maffulli 1998, brief §1.3
    assert thompson.lr_positive == 13.7 and thompson.lr_negative == 0.04


def test_threshold_reasons_describe_the_thresholds_in_use() -> None:
    assert set(THRESHOLD_REASONS) == {"never_miss", "other"}
    assert all(set(r.sources) <= set(SOURCES) for r in THRESHOLD_REASONS.values())
    # The reasons' words ("half the usual threshold", "weight 0.30") are about these values: change both together.
    assert {c.suspect_at for c in CONDITIONS.values() if c.dangerous} == {0.15}
    assert {c.suspect_at for c in CONDITIONS.values() if not c.dangerous} == {0.3}


def test_every_weight_falls_in_a_band() -> None:
    lows = [band.low for band in CF_BANDS]
    assert lows == sorted(lows, reverse=True) and lows[-1] == 0.0
    for spec in REGISTRY.specs.values():
        for _, cf in spec.evidence:
            band = cf_band(cf)
            assert abs(cf) >= band.low - 1e-9
            above = [b for b in CF_BANDS if b.low > band.low]
            assert all(abs(cf) < b.low for b in above)


def test_the_threshold_arithmetic_the_docs_state() -> None:
    # docs: one supporting finding reaches any threshold, one weak one only the never-miss threshold.
    assert certainty.combine(0, 0, 0.3)[2] >= 0.3
    assert 0.15 <= certainty.combine(0, 0, 0.15)[2] < 0.3
    assert certainty.combine(*certainty.combine(0, 0, 0.2)[:2], 0.2)[2] == 0.36
