"""docs/contributing.md is right: adding a condition through its steps, and nothing else, gives a
package that passes the suite's contract checks.

The made-up condition comes from tests/fixtures/new_condition.json.  Each step of the guide's
"Add a condition" is done in-process (the knowledge tables and the rule registry are patched, no
file in the checkout is touched), then the generator writes the derived files into a temporary
checkout, and the contract checks run over the result: the schemas' id enums, the catalog's and
the knowledge tables' cross-references, the documentation pages, and an explanation of the
fixture's vignette validated against the generated schema.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import test_catalog
from conftest import load_gen_pages

import calfexpert
import calfexpert.api
import calfexpert.schemas
from calfexpert import _generate
from calfexpert.catalog import catalog, format_catalog_markdown
from calfexpert.knowledge import CARE_PLANS, CONDITIONS, clinical
from calfexpert.knowledge.presentations import PRESENTATIONS, Presentation
from calfexpert.render import FORMATS
from calfexpert.rules import REGISTRY, _build_engine_class, base

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "new_condition.json").read_text("utf-8"))
GUIDE = ROOT / "docs" / "contributing.md"


def _load_gen_pages() -> ModuleType:
    return load_gen_pages("calfexpert_docs_gen_pages_contributing")


def _clear_schema_caches() -> None:
    for fn in (calfexpert.schemas.validator, calfexpert.schemas.compiled_validator, calfexpert.schemas.list_valued_fields):
        fn.cache_clear()


@pytest.fixture
def added(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """The fixture's condition, added by the guide's steps; the derived files generated into ``tmp_path``."""
    c, r = FIXTURE["condition"], FIXTURE["rule"]
    # Step 1: the knowledge entry (calfexpert/knowledge/clinical.py, CONDITIONS).
    monkeypatch.setitem(CONDITIONS, c["id"], clinical._c(c["id"], c["name"], c["summary"], c["triage"],
                                                         tuple(c["sources"]), dangerous=c["dangerous"]))
    # Step 2: its care plan (knowledge/advice.py, CARE_PLANS) and typical presentation (knowledge/presentations.py).
    monkeypatch.setitem(CARE_PLANS, c["id"], tuple(FIXTURE["care_plan"]))
    monkeypatch.setitem(PRESENTATIONS, c["id"], Presentation(**FIXTURE["presentation"]))
    # Step 3: its rules, in a rule module (here calfexpert/rules/muscle.py): one rule(...) declaration each.
    monkeypatch.setattr(REGISTRY, "specs", dict(REGISTRY.specs))
    monkeypatch.setattr(REGISTRY, "rules", dict(REGISTRY.rules))
    monkeypatch.setattr(REGISTRY, "_by_condition", None)
    monkeypatch.setattr(REGISTRY, "_reads", {})
    spec = base.rule(r["id"], *(base.yes(path) for path in r["yes"]), title=r["title"], sources=r["sources"],
                     evidence=r["evidence"])
    monkeypatch.setattr(calfexpert.api, "CalfEngine", _build_engine_class())  # what importing the module does
    # Step 4: `python docs/gen_pages.py` (here into a temporary checkout).
    derived = _generate.repository_files(tmp_path)
    _generate.write(derived)
    schemas = {name: (tmp_path / "calfexpert" / "schemas" / f"{name}.schema.json").read_text("utf-8")
               for name in calfexpert.schemas.SCHEMA_NAMES}
    monkeypatch.setattr(calfexpert.schemas, "schema_text", lambda name: schemas[name])
    _clear_schema_caches()
    gen_pages = _load_gen_pages()
    assert gen_pages.main(["--out", str(tmp_path / "docs" / "generated")]) == 0
    try:
        yield {"id": c["id"], "name": c["name"], "spec": spec, "root": tmp_path, "gen_pages": gen_pages}
    finally:
        monkeypatch.undo()
        _clear_schema_caches()


def test_the_guide_names_every_step_the_test_takes() -> None:
    text = GUIDE.read_text("utf-8")
    for words in ("CONDITIONS", "CARE_PLANS", "PRESENTATIONS", "rule(", "python docs/gen_pages.py", "facts/vignettes",
                  "benchmarks/expected/vignettes.json", "ADVICE", "ACTIONS", "SOURCES", "case.schema.json"):
        assert words in text, words


def test_a_new_condition_passes_the_contract_checks(added: dict[str, Any]) -> None:
    cid = added["id"]
    # the schemas' enums come from the knowledge: no hand edit made them
    generated = json.loads((added["root"] / "calfexpert" / "schemas" / "explanation.schema.json").read_text("utf-8"))
    assert cid in generated["$defs"]["condition_id"]["enum"]
    # the suite's contract checks, over the package with the new condition
    for check in (test_catalog.test_schema_id_enums_are_the_knowledge_tables,
                  test_catalog.test_every_rule_module_is_listed_once,
                  test_catalog.test_every_rule_has_an_id_title_and_existing_sources,
                  test_catalog.test_rule_effects_refer_to_known_ids,
                  test_catalog.test_advice_tables_refer_to_known_ids,
                  test_catalog.test_every_advice_can_be_given_or_withheld,
                  test_catalog.test_every_condition_and_factor_can_be_concluded,
                  test_catalog.test_rule_ids_match_their_module,
                  test_catalog.test_no_string_literal_conditions_outside_the_tables):
        check()
    # the catalog and the documentation follow
    assert added["spec"].id in {entry["id"] for entry in catalog()}
    rules_md = (added["root"] / "docs" / "rules.md").read_text("utf-8")
    assert f"`{added['spec'].id}`" in rules_md and added["name"] in rules_md
    assert rules_md == format_catalog_markdown(catalog())
    pages = added["gen_pages"].on_disk(added["root"] / "docs" / "generated")
    assert added["name"] in pages["knowledge/conditions.md"]
    assert cid in pages["explanation-format.md"]


def test_the_vignette_finds_the_new_condition(added: dict[str, Any]) -> None:
    cid = added["id"]
    result = calfexpert.explain(FIXTURE["vignette"]["case"])
    assert FIXTURE["vignette"]["expected"]["condition_in_differential"] == cid
    assert cid in result.conditions
    document = result.data  # validated against the generated schema on the way
    fired = {f["rule"] for f in document["trace"]}
    assert added["spec"].id in fired
    for fmt in FORMATS:
        assert result.render(fmt)
    # and a case without the rule's findings says why not
    other = calfexpert.explain({"pain": {"side": "left", "onset": "gradual"}})
    why = {w["condition"]: w for w in other.data["why_not"]}
    assert added["spec"].id in {r["rule"] for r in why[cid]["rules"]}
