"""Codes for talking to electronic health records: FHIR R4, SNOMED CT and LOINC.

These are tables a clinician or a clinical terminologist reviews; ``calfexpert.fhir`` (reading a FHIR
prefetch into a case) and ``calfexpert.render.fhir`` (writing the explanation as a FHIR Bundle) only
look codes up here.  A code is given only where one was checked against a published code list; where
none is given, the condition travels with calfexpert's own code (``LOCAL_CONDITION_SYSTEM``) and its
name as text, which FHIR allows.  Every code here needs review before clinical use.

Reading direction (EHR -> case): a Condition or an Observation whose code is in ``CONDITION_FINDINGS``
or ``OBSERVATION_FINDINGS`` sets one case field.  A QuestionnaireResponse answers case fields
directly: its ``linkId`` is the case field's dotted path (``signs.warmth``), see ``QUESTIONNAIRE_URL``.
"""

from __future__ import annotations

from dataclasses import dataclass

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
LOCAL_CONDITION_SYSTEM = "urn:calfexpert:condition"
"""calfexpert's own code system for its condition ids (the case-format ids, e.g. ``dvt``)."""
LOCAL_TRIAGE_SYSTEM = "urn:calfexpert:triage"
"""calfexpert's own code system for its triage levels (``emergency`` ... ``self_care``)."""
QUESTIONNAIRE_URL = "urn:calfexpert:questionnaire:case:1"
"""The canonical of the questionnaire whose item linkIds are the case format's dotted field paths."""


@dataclass(frozen=True)
class Code:
    system: str
    code: str
    display: str


def snomed(code: str, display: str) -> Code:
    return Code(SNOMED, code, display)


def loinc(code: str, display: str) -> Code:
    return Code(LOINC, code, display)


# The differential, as written out (RiskAssessment.prediction.outcome, ClinicalImpression.finding).
# Conditions without a checked SNOMED CT code carry only calfexpert's local code and their name.
CONDITION_CODES: dict[str, Code] = {
    "dvt": snomed("128053003", "Deep venous thrombosis (disorder)"),
    "pulmonary_embolism": snomed("59282003", "Pulmonary embolism (disorder)"),
    "cellulitis": snomed("128045006", "Cellulitis (disorder)"),
    "achilles_rupture": snomed("48511005", "Rupture of Achilles tendon (disorder)"),
    "achilles_tendinopathy": snomed("429668003", "Achilles tendinosis (disorder)"),
    "stress_fracture": snomed("240197007", "Stress fracture (disorder)"),
    "acute_compartment_syndrome": snomed("262519003", "Compartment syndrome (disorder)"),
    "lumbar_radiculopathy": snomed("128200000", "Lumbar radiculopathy (disorder)"),
    "peripheral_artery_disease": snomed("399957001", "Peripheral arterial occlusive disease (disorder)"),
    "muscle_cramp": snomed("55300003", "Cramp (finding)"),
}

# How triage becomes a CDS Hooks card indicator (info, warning or critical): a same-day or emergency
# answer is time-critical for the clinician looking at the record.
TRIAGE_INDICATOR: dict[str, str] = {
    "emergency": "critical",
    "urgent": "critical",
    "see_doctor": "warning",
    "self_care": "info",
}


@dataclass(frozen=True)
class FindingCode:
    """A coded concept in the record that answers one case field."""

    code: Code
    field: str
    value: object = True
    """The case value when the concept is present (a refuted Condition or ``valueBoolean: false`` gives ``False``)."""
    only_active: bool = False
    """Only an active (or recurring, relapsed) Condition counts; a resolved one says nothing."""


# Conditions in the problem list or past history (Condition resources).
CONDITION_FINDINGS: tuple[FindingCode, ...] = (
    FindingCode(snomed("128053003", "Deep venous thrombosis (disorder)"), "history.previous_dvt_or_pe"),
    FindingCode(snomed("59282003", "Pulmonary embolism (disorder)"), "history.previous_dvt_or_pe"),
    FindingCode(snomed("363346000", "Malignant neoplastic disease (disorder)"), "history.active_cancer", only_active=True),
    FindingCode(snomed("73211009", "Diabetes mellitus (disorder)"), "history.diabetes"),
    FindingCode(snomed("44054006", "Diabetes mellitus type 2 (disorder)"), "history.diabetes"),
    FindingCode(snomed("46635009", "Diabetes mellitus type 1 (disorder)"), "history.diabetes"),
    FindingCode(snomed("38341003", "Hypertensive disorder (disorder)"), "history.cardiovascular_disease"),
    FindingCode(snomed("53741008", "Coronary arteriosclerosis (disorder)"), "history.cardiovascular_disease"),
    FindingCode(snomed("55822004", "Hyperlipidemia (disorder)"), "history.cardiovascular_disease"),
    FindingCode(snomed("399957001", "Peripheral arterial occlusive disease (disorder)"), "history.cardiovascular_disease"),
    FindingCode(snomed("77386006", "Pregnant (finding)"), "history.hormonal_risk", only_active=True),
    FindingCode(snomed("240197007", "Stress fracture (disorder)"), "history.previous_stress_fracture"),
    FindingCode(snomed("64859006", "Osteoporosis (disorder)"), "history.low_bone_density"),
    FindingCode(snomed("279039007", "Low back pain (finding)"), "history.lower_back_pain", only_active=True),
    FindingCode(snomed("77176002", "Smoker (finding)"), "history.smoker", only_active=True),
)

# Findings recorded as Observations with a SNOMED CT code and valueBoolean (or no value: present).
OBSERVATION_FINDINGS: tuple[FindingCode, ...] = (
    FindingCode(snomed("386661006", "Fever (finding)"), "signs.fever"),
    FindingCode(snomed("29857009", "Chest pain (finding)"), "signs.chest_pain"),
    FindingCode(snomed("267036007", "Dyspnea (finding)"), "signs.short_of_breath"),
    FindingCode(snomed("66857006", "Hemoptysis (finding)"), "signs.coughing_blood"),
    FindingCode(snomed("286933003", "Confusional state (disorder)"), "signs.confusion_or_collapse"),
    FindingCode(snomed("44077006", "Numbness (finding)"), "signs.numbness_or_tingling"),
    FindingCode(snomed("247441003", "Erythema (finding)"), "signs.redness"),
    FindingCode(snomed("77176002", "Smoker (finding)"), "history.smoker"),
)

# LOINC-coded measurements.
LOINC_AGE = loinc("30525-0", "Age")
LOINC_PAIN_SEVERITY = loinc("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
LOINC_BODY_TEMPERATURE = loinc("8310-5", "Body temperature")
LOINC_D_DIMER: tuple[Code, ...] = (
    loinc("48065-7", "Fibrin D-dimer FEU [Mass/volume] in Platelet poor plasma"),
    loinc("48066-5", "Fibrin D-dimer DDU [Mass/volume] in Platelet poor plasma"),
)
LOINC_SMOKING_STATUS = loinc("72166-2", "Tobacco smoking status")

FEVER_FROM_CELSIUS = 38.0
"""A measured body temperature at or above this (°C) is a fever; below it, ``signs.fever`` is false."""

# A D-dimer's reading is its interpretation (the laboratory's own cut-off), never the raw number.
D_DIMER_INTERPRETATION: dict[str, str] = {
    "POS": "positive", "H": "positive", "HH": "positive", "A": "positive", "AA": "positive",
    "NEG": "negative", "N": "negative", "L": "negative",
}

# Tobacco smoking status answers (SNOMED CT) -> history.smoker.
SMOKING_STATUS: dict[str, bool] = {
    "449868002": True,   # Smokes tobacco daily
    "428041000124106": True,  # Occasional tobacco smoker
    "77176002": True,    # Smoker
    "8517006": False,    # Ex-smoker
    "266919005": False,  # Never smoked tobacco
}

# SNOMED CT yes/no answers (Observation.valueCodeableConcept, QuestionnaireResponse valueCoding).
YES_NO: dict[str, bool] = {"373066001": True, "373067005": False}

# FHIR administrative gender -> runner.sex (``unknown`` leaves the field unknown).
GENDER: dict[str, str] = {"female": "female", "male": "male", "other": "other"}
