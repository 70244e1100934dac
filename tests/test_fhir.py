"""FHIR: reading a prefetch into a case (calfexpert.fhir) and writing the explanation as a Bundle (--format fhir)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.clinicalimpression import ClinicalImpression
from fhir.resources.R4B.riskassessment import RiskAssessment

import calfexpert
from calfexpert.cli import main
from calfexpert.fhir import InvalidFhirError, UnreadableFhirError, case_from_prefetch
from calfexpert.knowledge import CONDITIONS
from calfexpert.knowledge import fhir_codes as codes

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "facts" / "examples"
TODAY = dt.date(2026, 11, 27)


def _obs(code: tuple[str, str], **value: Any) -> dict[str, Any]:
    return {"resourceType": "Observation", "status": "final", "code": {"coding": [{"system": code[0], "code": code[1]}]}, **value}


def _cond(code: str, clinical: str | None = "active", verification: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"resourceType": "Condition", "subject": {"reference": "Patient/p"},
                           "code": {"coding": [{"system": codes.SNOMED, "code": code}]}}
    if clinical:
        out["clinicalStatus"] = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": clinical}]}
    if verification:
        out["verificationStatus"] = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": verification}]}
    return out


def _bundle(*resources: dict[str, Any]) -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": r} for r in resources]}


def test_patient_gives_sex_and_age_on_the_day() -> None:
    mapped = case_from_prefetch({"patient": {"resourceType": "Patient", "gender": "male", "birthDate": "1990-11-28"}}, today=TODAY)
    assert mapped.case["runner"] == {"sex": "male", "age": 35}
    assert mapped.origins["runner.age"] == "prefetch.patient.birthDate"
    unknown = case_from_prefetch({"patient": {"resourceType": "Patient", "gender": "unknown", "birthDate": "1990"}}, today=TODAY)
    assert "runner" not in unknown.case  # neither guessed


def test_conditions_follow_status_and_verification() -> None:
    mapped = case_from_prefetch({"conditions": _bundle(
        _cond("128053003", clinical="resolved"),            # a past DVT still counts as previous
        _cond("363346000", clinical="remission"),           # cancer only while active
        _cond("73211009", verification="refuted"),          # asked and no
        _cond("38341003", verification="entered-in-error"), # ignored
        _cond("999999999"),                                 # a code calfexpert does not read
    )}, today=TODAY)
    assert mapped.case["history"] == {"previous_dvt_or_pe": True, "diabetes": False}
    assert len(mapped.ignored) == 3


def test_observations_loinc_and_snomed() -> None:
    observations = _bundle(
        _obs(("http://loinc.org", "72514-3"), valueInteger=7),
        _obs(("http://loinc.org", "8310-5"), valueQuantity={"value": 101.3, "unit": "°F", "code": "[degF]"}),
        _obs(("http://loinc.org", "48065-7"), valueQuantity={"value": 0.9, "unit": "mg/L"},
             interpretation=[{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "code": "H"}]}]),
        _obs(("http://loinc.org", "72166-2"), valueCodeableConcept={"coding": [{"system": codes.SNOMED, "code": "8517006"}]}),
        _obs((codes.SNOMED, "267036007"), valueBoolean=False),
        _obs((codes.SNOMED, "29857009")),
        {**_obs((codes.SNOMED, "66857006"), valueBoolean=True), "status": "entered-in-error"},
    )
    case = case_from_prefetch({"observations": observations}, today=TODAY).case
    assert case["pain"] == {"severity": 7}
    assert case["signs"] == {"fever": True, "short_of_breath": False, "chest_pain": True}
    assert case["measurements"] == {"d_dimer": "positive"}
    assert case["history"] == {"smoker": False}


def test_the_latest_observation_wins() -> None:
    early = {**_obs(("http://loinc.org", "8310-5"), valueQuantity={"value": 39.0, "code": "Cel"}), "effectiveDateTime": "2026-11-20T08:00:00Z"}
    late = {**_obs(("http://loinc.org", "8310-5"), valueQuantity={"value": 36.8, "code": "Cel"}), "effectiveDateTime": "2026-11-27T08:00:00Z"}
    assert case_from_prefetch({"observations": _bundle(late, early)}, today=TODAY).case["signs"] == {"fever": False}


def test_latest_across_time_zones_and_partial_dates() -> None:
    fever = (codes.SNOMED, "386661006")
    observations = _bundle(
        {**_obs(fever, valueBoolean=False), "effectiveDateTime": "2026-11-27T10:00:00+01:00"},  # 09:00 UTC
        {**_obs(fever, valueBoolean=True), "effectiveDateTime": "2026-11-27T09:30:00Z"},         # the latest
        {**_obs(fever, valueBoolean=False), "effectiveDateTime": "2026"},                        # a year: its start
        {**_obs(fever, valueBoolean=False), "effectiveDateTime": "2026-11"},
        _obs(fever, valueBoolean=False),                                                          # no time: the earliest
    )
    assert case_from_prefetch({"observations": observations}, today=TODAY).case == {"signs": {"fever": True}}
    old = {"resourceType": "QuestionnaireResponse", "status": "completed", "authored": "2025",
           "item": [{"linkId": "pain.side", "answer": [{"valueCoding": {"code": "left"}}]}]}
    new = {**old, "authored": "2026-11-27T08:00:00-05:00", "item": [{"linkId": "pain.side", "answer": [{"valueCoding": {"code": "right"}}]}]}
    assert case_from_prefetch({"questionnaire": _bundle(new, old)}, today=TODAY).case == {"pain": {"side": "right"}}


def test_questionnaire_answers_every_field_and_wins_over_coded_data() -> None:
    response = {"resourceType": "QuestionnaireResponse", "status": "completed", "questionnaire": codes.QUESTIONNAIRE_URL,
                "item": [{"linkId": "pain", "item": [
                    {"linkId": "pain.location", "answer": [{"valueCoding": {"code": "achilles"}}, {"valueCoding": {"code": "lower_calf"}}]},
                    {"linkId": "pain.pop_or_kick_sensation", "answer": [{"valueCoding": {"system": codes.SNOMED, "code": "373066001"}}]}]},
                    {"linkId": "signs.fever", "answer": [{"valueBoolean": False}]},
                    {"linkId": "measurements.compartment_pressure_mmhg.pre_exercise", "answer": [{"valueDecimal": 12.5}]}]}
    fever = _obs(("http://loinc.org", "8310-5"), valueQuantity={"value": 38.5, "code": "Cel"})
    case = case_from_prefetch({"observations": fever, "questionnaire": response}, today=TODAY).case
    assert case["pain"] == {"location": ["achilles", "lower_calf"], "pop_or_kick_sensation": True}
    assert case["signs"] == {"fever": False}
    assert case["measurements"] == {"compartment_pressure_mmhg": {"pre_exercise": 12.5}}
    other = {**response, "questionnaire": "http://example.org/Questionnaire/other"}
    assert case_from_prefetch({"questionnaire": other}, today=TODAY).case == {}


def test_every_coded_field_is_a_case_field() -> None:
    from calfexpert.schemas import validator

    schema = validator("case").schema["properties"]
    for finding in codes.CONDITION_FINDINGS + codes.OBSERVATION_FINDINGS:
        section, name = finding.field.split(".")
        assert name in schema[section]["properties"], finding.field
    assert set(codes.CONDITION_CODES) <= set(CONDITIONS)
    assert set(codes.TRIAGE_INDICATOR) == {"emergency", "urgent", "see_doctor", "self_care"}


@pytest.mark.parametrize("prefetch", [
    [],
    {"patient": "Patient/1"},
    {"patient": {"resourceType": "Patient", "gender": 3}},
    {"conditions": {"resourceType": "Bundle", "type": "searchset", "entry": {"resource": {}}}},
    {"observations": _bundle({"resourceType": "Patient"})},
    {"patient": _bundle({"resourceType": "Patient"}, {"resourceType": "Patient"})},
])
def test_unreadable_prefetch_is_reported_not_raised(prefetch: Any) -> None:
    with pytest.raises(UnreadableFhirError) as raised:
        case_from_prefetch(prefetch, today=TODAY)
    assert raised.value.problems and all(p.path.startswith("prefetch") for p in raised.value.problems)


def test_an_invalid_case_from_fhir_names_its_origin() -> None:
    with pytest.raises(InvalidFhirError) as raised:
        case_from_prefetch({"patient": {"resourceType": "Patient", "birthDate": "2022-01-01"}}, today=TODAY)
    (problem,) = raised.value.problems
    assert problem.path == "runner.age" and "prefetch.patient.birthDate" in problem.message


# --- writing: explain --format fhir -----------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.json")))
def test_fhir_bundle_is_valid_and_carries_the_differential(name: str) -> None:
    result = calfexpert.explain(EXAMPLES / name)
    text = result.render("fhir")
    bundle = Bundle.model_validate(json.loads(text))
    assert bundle.type == "collection"
    kinds = [e.resource.get_resource_type() for e in bundle.entry]
    assert kinds == ["Patient", "RiskAssessment", "ClinicalImpression"]
    risk = bundle.entry[1].resource
    impression = bundle.entry[2].resource
    assert isinstance(risk, RiskAssessment) and isinstance(impression, ClinicalImpression)
    assert risk.subject.reference == bundle.entry[0].fullUrl == impression.subject.reference
    doc = result.data
    predictions = risk.prediction or []
    assert [(p.outcome.coding[-1].code, float(p.probabilityDecimal)) for p in predictions] == \
        [(d["condition"], d["certainty"]) for d in doc["diagnoses"]]
    assert impression.prognosisCodeableConcept[0].coding[0].code == doc["triage"]["level"]
    assert any("not a diagnosis" in n.text for n in impression.note)
    assert len([n for n in impression.note if n.text.startswith("Withheld")]) == len(doc["withheld"])
    assert text == result.render("fhir")  # deterministic


def test_cli_explain_format_fhir() -> None:
    result = CliRunner().invoke(main, ["explain", str(EXAMPLES / "dvt_after_flight.json"), "--format", "fhir"])
    assert result.exit_code == 0
    bundle = Bundle.model_validate(json.loads(result.output))
    outcome = bundle.entry[1].resource.prediction[0].outcome
    assert (outcome.coding[0].system, outcome.coding[0].code) == (codes.SNOMED, "128053003")


# --- the questionnaire ------------------------------------------------------------------------------

def _leaves(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for item in items:
        out += _leaves(item["item"]) if item["type"] == "group" else [item]
    return out


def test_questionnaire_is_valid_fhir_and_covers_every_case_field() -> None:
    from fhir.resources.R4B.questionnaire import Questionnaire

    from calfexpert.fhir import questionnaire
    from calfexpert.schemas import validator

    q = questionnaire()
    Questionnaire.model_validate(q)
    assert q["url"] == codes.QUESTIONNAIRE_URL
    links = {item["linkId"] for item in _leaves(q["item"])}
    schema = validator("case").schema["properties"]
    fields = {f"{section}.{name}" for section, spec in schema.items() if "properties" in spec for name in spec["properties"]}
    fields = {f for f in fields if f != "measurements.compartment_pressure_mmhg"} | {
        f"measurements.compartment_pressure_mmhg.{n}" for n in schema["measurements"]["properties"]["compartment_pressure_mmhg"]["properties"]}
    assert fields <= links


def test_a_response_to_every_item_maps_back_to_a_valid_case() -> None:
    from calfexpert.fhir import questionnaire

    def answers(item: dict[str, Any]) -> list[dict[str, Any]]:
        bounds = {e["url"].rsplit("/", 1)[1]: e.get("valueInteger", e.get("valueDecimal")) for e in item.get("extension", [])}
        if item["type"] == "boolean":
            return [{"valueBoolean": True}]
        if item["type"] == "choice":
            options = item["answerOption"] if item.get("repeats") else item["answerOption"][:1]
            return [{"valueCoding": o["valueCoding"]} for o in options]
        if item["type"] == "integer":
            return [{"valueInteger": bounds.get("maxValue", 1)}]
        if item["type"] == "decimal":
            return [{"valueDecimal": bounds.get("maxValue", 1.5)}]
        return [{"valueString": "from the questionnaire"}]

    leaves = _leaves(questionnaire()["item"])
    response = {"resourceType": "QuestionnaireResponse", "status": "completed", "questionnaire": codes.QUESTIONNAIRE_URL,
                "item": [{"linkId": item["linkId"], "answer": answers(item)} for item in leaves]}
    case = case_from_prefetch({"questionnaire": response}, today=TODAY).case
    assert case["pain"]["location"] and case["signs"]["warmth"] is True and case["runner"]["age"] == 100
    assert case["measurements"]["compartment_pressure_mmhg"]["five_min_post"] == 200
    assert calfexpert.explain(case).triage_level == "emergency"
