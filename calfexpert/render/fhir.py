"""The explanation as a FHIR R4 Bundle: a Patient, a RiskAssessment and a ClinicalImpression.

- ``RiskAssessment.prediction``: the differential, most likely first, each outcome coded (SNOMED CT
  where ``knowledge/fhir_codes.py`` has a code, and always calfexpert's own condition code) with its
  certainty as ``probabilityDecimal`` and the evidence for and against as the rationale.
- ``ClinicalImpression``: the triage level as the prognosis, a summary, the suspected conditions as
  findings with their basis, and the advice withheld as unsafe (and why) as notes.
- The Patient carries only what the case says (sex); resources point to each other by ``urn:uuid``
  references derived from the explanation's bytes, so the same case gives the same Bundle.

Plain JSON is written (no FHIR library is needed); the tests validate it with ``fhir.resources``.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from ..knowledge.fhir_codes import CONDITION_CODES, GENDER, LOCAL_CONDITION_SYSTEM, LOCAL_TRIAGE_SYSTEM
from .common import findings_words, withheld_reasons

_CERTAINTY_NOTE = ("probabilityDecimal is calfexpert's certainty in each condition (0 to 1, combined from the rules' certainty "
                   "factors), not a calibrated probability; the conditions are not mutually exclusive, so they need not add up to 1.")
_NAMESPACE = uuid.UUID("5d0f3c8e-3f55-4a53-9a52-7e7c1c0f6a11")


def condition_concept(condition: str, name: str) -> dict[str, Any]:
    """A CodeableConcept for one of calfexpert's condition ids."""
    coding = []
    code = CONDITION_CODES.get(condition)
    if code is not None:
        coding.append({"system": code.system, "code": code.code, "display": code.display})
    coding.append({"system": LOCAL_CONDITION_SYSTEM, "code": condition, "display": name})
    return {"coding": coding, "text": name}


def _evidence(items: list[dict[str, Any]]) -> str:
    return "; ".join(f"{e['title']} [{findings_words(e['findings'])}]" if e.get("findings") else e["title"] for e in items)


def _rationale(d: dict[str, Any]) -> str:
    parts = [f"{d['likelihood']} (certainty {d['certainty']})"]
    if d.get("evidence_for"):
        parts.append("for: " + _evidence(d["evidence_for"]))
    if d.get("evidence_against"):
        parts.append("against: " + _evidence(d["evidence_against"]))
    return ". ".join(parts)


def _finding_value(doc: dict[str, Any], name: str) -> Any:
    for f in doc.get("findings", []):
        if f["finding"] == name:
            return f["value"]
    return None


def fhir_bundle(doc: dict[str, Any]) -> dict[str, Any]:
    """The explanation document as a FHIR R4 Bundle (type ``collection``), as a dict."""
    seed = json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    ids = {kind: str(uuid.uuid5(_NAMESPACE, kind + "\0" + seed)) for kind in ("Bundle", "Patient", "RiskAssessment", "ClinicalImpression")}
    subject = {"reference": f"urn:uuid:{ids['Patient']}"}
    generator = doc["generator"]
    method = f"{generator['name']} {generator['version']}: rule-based expert system for calf pain in runners"
    triage = doc["triage"]
    disclaimer = {"text": doc["disclaimer"]}

    patient: dict[str, Any] = {"resourceType": "Patient", "id": ids["Patient"]}
    sex = _finding_value(doc, "runner.sex")
    if sex in GENDER:
        patient["gender"] = GENDER[sex]
    if doc.get("case_id"):
        patient["identifier"] = [{"system": "urn:calfexpert:case-id", "value": doc["case_id"]}]

    risk: dict[str, Any] = {
        "resourceType": "RiskAssessment",
        "id": ids["RiskAssessment"],
        "status": "final",
        "subject": subject,
        "code": {"text": "Differential diagnosis of calf or lower-leg pain in a runner"},
        "method": {"text": method},
        "prediction": [
            {"outcome": condition_concept(d["condition"], d["name"]), "probabilityDecimal": d["certainty"],
             "qualitativeRisk": {"text": d["likelihood"]}, "rationale": _rationale(d)}
            for d in doc["diagnoses"]
        ],
        "note": [disclaimer, {"text": _CERTAINTY_NOTE}],
    }
    advice = [f"{r['name']}: {r['text']}" for r in doc["recommendations"]]
    if advice:
        risk["mitigation"] = " ".join(advice)
    if not risk["prediction"]:
        del risk["prediction"]

    summary = f"Triage: {triage['label']}. {triage['action']}"
    top = [f"{d['name']} ({d['likelihood']}, certainty {d['certainty']})" for d in doc["diagnoses"][:3]]
    if top:
        summary += " Most likely: " + "; ".join(top) + "."
    info = doc.get("information") or {}
    if info and not info.get("sufficient", True):
        summary += " " + info["text"]
    impression: dict[str, Any] = {
        "resourceType": "ClinicalImpression",
        "id": ids["ClinicalImpression"],
        "status": "completed",
        "code": {"text": "calfexpert assessment of calf pain"},
        "description": method,
        "subject": subject,
        "summary": summary,
        "prognosisCodeableConcept": [{"coding": [{"system": LOCAL_TRIAGE_SYSTEM, "code": triage["level"], "display": triage["label"]}],
                                      "text": triage["action"]}],
        "note": [disclaimer] + [{"text": f"Withheld: {w['name']}. {withheld_reasons(w)}"} for w in doc["withheld"]],
    }
    findings = [{"itemCodeableConcept": condition_concept(d["condition"], d["name"]), "basis": _rationale(d)}
                for d in doc["diagnoses"] if d.get("suspected")]
    if findings:
        impression["finding"] = findings
    return {
        "resourceType": "Bundle",
        "id": ids["Bundle"],
        "type": "collection",
        "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in (patient, risk, impression)],
    }


def render_fhir(doc: dict[str, Any]) -> str:
    """The FHIR Bundle as pretty-printed JSON text."""
    return json.dumps(fhir_bundle(doc), indent=2, ensure_ascii=False) + "\n"
