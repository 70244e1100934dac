"""The rule catalog and the knowledge tables are consistent, every seed section
is used, and every rule fires on at least one example or vignette."""

from __future__ import annotations

import ast
import inspect
from collections import Counter

import pytest
from conftest import all_case_files, explained
from rule_cases import TARGETED

import calfexpert
from calfexpert.knowledge import (
    ACTION_ADVICE,
    ACTIONS,
    ADVICE,
    ADVICE_KINDS,
    CARE_PLANS,
    CONDITIONS,
    FACTOR_ADVICE,
    FACTORS,
    RED_FLAGS,
    SOURCES,
    TRIAGE_ADVICE,
    UNSAFE,
    WELLS_ITEMS,
)
from calfexpert.rules import MODULES, REGISTRY, Layer
from calfexpert.schemas import load_schema

CONTRACT_CONDITIONS = {
    "calf_strain", "calf_tear", "muscle_cramp", "doms", "stress_fracture", "lumbar_radiculopathy", "achilles_tendinopathy",
    "achilles_rupture", "medial_tibial_stress_syndrome", "dvt", "pulmonary_embolism", "acute_compartment_syndrome",
    "chronic_exertional_compartment_syndrome", "popliteal_artery_entrapment", "bakers_cyst_rupture",
    "peripheral_artery_disease", "superficial_thrombophlebitis", "cellulitis", "exertional_rhabdomyolysis",
}
CONTRACT_FACTORS = {"footwear", "running_mechanics", "training_load", "previous_injury", "dehydration",
                    "proximal_tightness", "no_warm_up", "hard_surfaces", "low_energy_availability"}


def test_knowledge_matches_the_contract() -> None:
    assert set(CONDITIONS) == CONTRACT_CONDITIONS
    assert set(FACTORS) == CONTRACT_FACTORS


def test_every_rule_has_an_id_title_and_existing_sources() -> None:
    for spec in REGISTRY.specs.values():
        assert spec.title and spec.sources, spec.id
        assert spec.module in MODULES, spec.id
        for source in spec.sources:
            assert source in SOURCES, f"{spec.id} cites unknown source {source}"


def test_rule_effects_refer_to_known_ids() -> None:
    case_fields = set()
    schema = load_schema("case")
    for section, sub in schema["properties"].items():
        for name, field in sub.get("properties", {}).items():
            if "properties" in field:
                case_fields |= {f"{section}.{name}.{inner}" for inner in field["properties"]}
            case_fields.add(f"{section}.{name}")
    for spec in REGISTRY.specs.values():
        for condition in spec.conditions:
            assert condition in CONDITIONS, spec.id
        assert spec.red_flag is None or spec.red_flag in RED_FLAGS, spec.id
        assert spec.factor is None or spec.factor in FACTORS, spec.id
        assert spec.wells is None or spec.wells in WELLS_ITEMS, spec.id
        assert spec.alternative is None or spec.alternative in CONDITIONS, spec.id
        for advice in spec.advise:
            assert advice in ADVICE, spec.id
        assert set(spec.withhold) <= set(ACTIONS), spec.id
        assert spec.withhold_table is None or spec.withhold_table in UNSAFE, spec.id
        for path in spec.uses:
            assert path in case_fields, f"{spec.id} reads unknown field {path}"


def test_advice_tables_refer_to_known_ids() -> None:
    for table in (CARE_PLANS, FACTOR_ADVICE, TRIAGE_ADVICE):
        for key, items in table.items():
            for advice in items:
                assert advice in ADVICE, (key, advice)
    for key, items in UNSAFE.items():
        for unsafe in items:
            assert unsafe.actions and set(unsafe.actions) <= set(ACTIONS), (key, unsafe.actions)
            assert all(s in SOURCES for s in unsafe.sources)
    for advice in ADVICE.values():
        assert advice.actions and set(advice.actions) <= set(ACTIONS), advice.id
    assert set(ACTION_ADVICE) <= set(ACTIONS) and set(ACTION_ADVICE.values()) <= set(ADVICE)
    from calfexpert.knowledge import DANGER_SIGNS, IMPLIES, SITUATIONS

    assert set(DANGER_SIGNS) <= set(RED_FLAGS)
    assert {t for ts in DANGER_SIGNS.values() for t in ts} <= set(UNSAFE)
    assert set(IMPLIES) <= set(CONDITIONS) and {c for cs in IMPLIES.values() for c in cs} <= set(CONDITIONS)
    assert set(UNSAFE) <= set(CONDITIONS) | set(SITUATIONS) | {"emergency", "urgent"}
    assert set(CARE_PLANS) == set(CONDITIONS)
    assert set(FACTOR_ADVICE) == set(FACTORS)
    for advice in ADVICE.values():
        assert advice.kind in ADVICE_KINDS
        assert all(s in SOURCES for s in advice.sources), advice.id


def test_every_advice_can_be_given_or_withheld() -> None:
    used = {a for items in (*CARE_PLANS.values(), *FACTOR_ADVICE.values(), *TRIAGE_ADVICE.values()) for a in items}
    used |= {a for spec in REGISTRY.specs.values() for a in spec.advise}
    assert set(ADVICE) - used == set()


def test_every_seed_section_is_in_the_knowledge_base() -> None:
    cited = {s for spec in REGISTRY.specs.values() for s in spec.sources}
    cited |= {s for advice in ADVICE.values() for s in advice.sources}
    cited |= {s for c in CONDITIONS.values() for s in c.sources} | {s for f in FACTORS.values() for s in f.sources}
    seed = {s for s in SOURCES if s.startswith("seed.")}
    assert seed - cited == set()
    seed_advice = {s for advice in ADVICE.values() for s in advice.sources if s.startswith(("seed.treatment", "seed.prevention", "seed.doctor"))}
    assert {s for s in seed if s.startswith(("seed.treatment", "seed.prevention", "seed.doctor"))} <= seed_advice


def test_every_condition_and_factor_can_be_concluded() -> None:
    concluded = {c for spec in REGISTRY.specs.values() for c, cf in spec.evidence if cf > 0}
    assert concluded == set(CONDITIONS)
    factors = {spec.factor for spec in REGISTRY.specs.values() if spec.factor}
    assert factors == set(FACTORS)


def test_aggregating_rules_run_after_everything_they_read() -> None:
    """Stratification: a rule that sums or combines facts sits below every rule that asserts them."""
    lowest = {
        "evidence": min(s.layer for s in REGISTRY.specs.values() if s.evidence),
        "wells": min(s.layer for s in REGISTRY.specs.values() if s.wells),
        "triage": min(s.layer for s in REGISTRY.specs.values() if s.triage or s.red_flag),
        "withhold": min(s.layer for s in REGISTRY.specs.values() if s.withhold),
    }
    assert REGISTRY.specs["differential.assess"].layer < lowest["evidence"]
    assert REGISTRY.specs["scores.wells_total"].layer < lowest["wells"]
    assert REGISTRY.specs["triage.decide"].layer < min(lowest["triage"], REGISTRY.specs["triage.suspected_condition"].layer)
    assert REGISTRY.specs["care.plan"].layer < lowest["withhold"]
    assert REGISTRY.specs["care.plan"].layer < REGISTRY.specs["care.withhold_unsafe"].layer
    assert max(s.layer for s in REGISTRY.specs.values() if s.advise) < lowest["withhold"]
    assert Layer.SAFETY < Layer.TRIAGE


def test_rule_ids_match_their_module() -> None:
    for spec in REGISTRY.specs.values():
        assert spec.id.split(".")[0] == spec.module


def test_no_string_literal_conditions_outside_the_tables() -> None:
    """Condition names (display names) live in knowledge tables, not in rule modules."""
    import calfexpert.rules as rules_pkg

    names = {c.name for c in CONDITIONS.values()}
    for module in MODULES:
        source = inspect.getsource(getattr(rules_pkg, module))
        literals = {n.value for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
        assert not (literals & names), module


@pytest.fixture(scope="module")
def fired_rules() -> Counter:
    counts: Counter = Counter()
    for path in all_case_files():
        for firing in explained(path).data["trace"]:
            counts[firing["rule"]] += 1
    for case in TARGETED.values():
        for firing in calfexpert.explain(case).data["trace"]:
            counts[firing["rule"]] += 1
    return counts


def test_every_rule_fires_on_some_example_or_targeted_case(fired_rules: Counter) -> None:
    never = sorted(set(REGISTRY.specs) - set(fired_rules))
    assert never == [], f"{len(never)} rules never fire: {never}"


@pytest.mark.parametrize("rule_id", sorted(TARGETED))
def test_targeted_case_fires_its_rule(rule_id: str) -> None:
    assert rule_id in REGISTRY.specs
    fired = [f["rule"] for f in calfexpert.explain(TARGETED[rule_id]).data["trace"]]
    assert rule_id in fired
