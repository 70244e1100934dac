"""The shared table of question texts (calfexpert/knowledge/questions.py): one reviewed question for every
case field, none for a field that does not exist, in a runner's words."""

from __future__ import annotations

import re
from typing import Any

from calfexpert.knowledge.questions import CHECKLIST_OF, CHECKLISTS, QUESTIONS, UNTICKED, item_words, question_for, why_asked
from calfexpert.schemas import load_schema


def _fields(node: dict[str, Any], prefix: str = "") -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for name, sub in node.get("properties", {}).items():
        if "properties" in sub:
            out.update(_fields(sub, f"{prefix}{name}."))
        elif prefix:  # case_id, notes, schema_version are not findings
            out[f"{prefix}{name}"] = sub
    return out


FIELDS = _fields(load_schema("case"))


def test_every_case_field_has_a_question_and_every_question_a_field() -> None:
    assert sorted(set(FIELDS) - set(QUESTIONS)) == [], "case fields with no question text"
    assert sorted(set(QUESTIONS) - set(FIELDS)) == [], "question texts for fields the case schema does not have"
    for group in CHECKLISTS:
        assert set(group.paths) <= set(FIELDS), group.id


def test_questions_are_plain_words_with_a_reason() -> None:
    for path, entry in QUESTIONS.items():
        assert entry.path == path
        assert entry.text.rstrip(")").endswith("?") or "?" in entry.text, entry.text
        assert entry.text[:1].isupper(), entry.text
        words = {part for part in re.split(r"[.]", path)}
        assert not any(word in entry.text for word in words if "_" in word), (path, entry.text)  # no field names
        assert "_" not in entry.text and "_" not in entry.why and "_" not in entry.item, path
        assert entry.why and entry.why.endswith(".") and "brief §" in entry.why, (path, entry.why)
        assert question_for(path) == entry.text and why_asked(path) == entry.why


def test_checklists_group_yes_no_findings_once_each() -> None:
    seen: list[str] = []
    for group in CHECKLISTS:
        assert group.text.endswith("?") and group.why and len(group.paths) >= 2
        for path in group.paths:
            types = FIELDS[path].get("type")
            if any(field == path for field, _, _ in group.values):  # one of several values, an item for each
                enum = FIELDS[path]["enum"]
                assert {v for f, v, _ in group.values if f == path} | {UNTICKED[path]} <= set(enum), path
                continue
            assert types == ["boolean", "null"], (path, types)  # a tick is a yes (a no for an inverted item)
            assert item_words(path) and "_" not in item_words(path)
        seen += group.paths
    assert len(seen) == len(set(seen)) == len(CHECKLIST_OF)
    for group in CHECKLISTS:
        assert set(group.inverted) <= set(group.paths)
        assert all(item_words(p).startswith("you cannot") for p in group.inverted)
    emergency = CHECKLISTS[0]
    assert {"signs.chest_pain", "signs.short_of_breath", "signs.coughing_blood"} <= set(emergency.paths)


def test_question_for_never_fails() -> None:
    assert question_for("signs.cold_or_pale_foot") == "Is your foot cold or pale even at rest?"
    assert question_for("signs.no_such_thing") == "No such thing?"
    assert why_asked("signs.no_such_thing") == ""
