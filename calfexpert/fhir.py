"""From FHIR R4 resources to a calfexpert case (for CDS Hooks and other EHR integrations).

Needs the ``serve`` extra (``pip install 'calfexpert[serve]'``): resources are parsed and
validated with the ``fhir.resources`` models (its R4B package, the R4-compatible release), so a
malformed resource is reported with its path instead of being half read.

What is read, and how (the codes are in :mod:`calfexpert.knowledge.fhir_codes`):

- **Patient**: ``gender`` -> ``runner.sex``; ``birthDate`` -> ``runner.age`` (in whole years on
  ``today``).
- **Condition** (problem list, past history): a SNOMED CT code in ``CONDITION_FINDINGS`` sets one
  history field: present -> ``true``; ``verificationStatus`` refuted -> ``false``; entered in
  error -> ignored.  Some (active cancer, pregnancy) count only while the condition is active.
- **Observation**: SNOMED CT findings in ``OBSERVATION_FINDINGS`` (``valueBoolean``, a SNOMED
  yes/no answer, or no value: present); LOINC age, pain severity (0-10), body temperature
  (a fever from 38.0 °C), D-dimer (from the laboratory's interpretation, positive or negative) and
  tobacco smoking status.  Cancelled or entered-in-error observations are ignored; of several,
  the latest (by effective time) wins.
- **QuestionnaireResponse** for calfexpert's questionnaire (``QUESTIONNAIRE_URL``): every item's
  ``linkId`` is a case field's dotted path (``signs.warmth``, ``pain.location``) and its answers
  are the value(s), so any field of the case format can come from a form.  A response answers
  more directly than coded data, so it wins over Observations, which win over Conditions.

Nothing is guessed: a field no resource speaks about stays unknown.  The case is then checked
like any case file; a problem is reported with the resource it came from.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .case import check_case
from .errors import InvalidCaseError, Problem
from .knowledge import fhir_codes as codes

PREFETCH_KEYS = ("patient", "conditions", "observations", "questionnaire")
"""The prefetch keys the CDS service asks for (see ``calfexpert.web``)."""

_EXPECTED = {"patient": ("Patient",), "conditions": ("Condition",), "observations": ("Observation",),
             "questionnaire": ("QuestionnaireResponse",)}


class InvalidFhirError(InvalidCaseError):
    """FHIR input that cannot be read (not FHIR, the wrong resource type) or that maps to an invalid case."""


class UnreadableFhirError(InvalidFhirError):
    """The input is not FHIR R4 of the expected resource types (as opposed to FHIR that makes an invalid case)."""


@dataclass
class Mapped:
    """The case read from FHIR, with where each field came from and what was left unused."""

    case: dict[str, Any]
    origins: dict[str, str] = field(default_factory=dict)
    """Case field path -> the resource (and element) it came from."""
    ignored: list[str] = field(default_factory=list)
    """Resources or items that said nothing calfexpert uses, and why."""


def _models() -> dict[str, Any]:
    try:
        from fhir.resources.R4B import get_fhir_model_class
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise ImportError("reading FHIR needs the serve extra: pip install 'calfexpert[serve]'") from exc
    return {name: get_fhir_model_class(name) for name in ("Bundle", "Patient", "Condition", "Observation", "QuestionnaireResponse")}


def _problems_from_validation(error: Any, where: str, kind: str) -> list[Problem]:
    out = []
    for e in error.errors()[:20]:
        loc = ".".join(str(p) for p in e.get("loc", ()) if p != "__root__")
        out.append(Problem(f"{where}.{loc}" if loc else where, f"not a valid FHIR R4 {kind}: {e.get('msg', 'invalid')}",
                           f"send a FHIR R4 {kind} resource (JSON)"))
    return out


def parse_resources(value: Any, where: str, expected: tuple[str, ...]) -> list[Any]:
    """The resources of the expected types in ``value`` (one resource, or a Bundle of them), parsed by ``fhir.resources``.

    Raises :class:`InvalidFhirError` for anything that is not FHIR or not of the expected type.
    """
    models = _models()
    if value is None:
        return []
    if not isinstance(value, Mapping) or not isinstance(value.get("resourceType"), str):
        raise UnreadableFhirError("FHIR prefetch", [Problem(where, "not a FHIR resource (a JSON object with a resourceType)",
                                                          f"send a {' or '.join(expected)} resource or a Bundle of them, or null")])
    kind = value["resourceType"]
    if kind == "Bundle":
        entries = value.get("entry") or []
        if not isinstance(entries, list):
            raise UnreadableFhirError("FHIR prefetch", [Problem(f"{where}.entry", "a Bundle's entry must be a list", None)])
        out = []
        for index, entry in enumerate(entries):
            resource = entry.get("resource") if isinstance(entry, Mapping) else None
            if isinstance(resource, Mapping) and resource.get("resourceType") == "OperationOutcome":
                continue  # a search's warnings travel in the Bundle; they are not data
            out += parse_resources(resource, f"{where}.entry[{index}].resource", expected)
        return out
    if kind not in expected:
        raise UnreadableFhirError("FHIR prefetch", [Problem(f"{where}.resourceType", f"expected {' or '.join(expected)}, got {kind!r}",
                                                          f"send {' or '.join(expected)} resources here")])
    try:
        return [models[kind].model_validate(dict(value))]
    except ValueError as error:
        if hasattr(error, "errors"):
            raise UnreadableFhirError("FHIR prefetch", _problems_from_validation(error, where, kind)) from None
        raise UnreadableFhirError("FHIR prefetch", [Problem(where, f"not a valid FHIR R4 {kind}: {error}", None)]) from None


def _codes(concept: Any) -> list[tuple[str | None, str | None]]:
    if concept is None:
        return []
    return [(c.system, c.code) for c in (concept.coding or [])]


def _has(concept: Any, code: codes.Code) -> bool:
    return (code.system, code.code) in _codes(concept)


def _number(value: Any) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    return None


def _age(birth: Any, today: _dt.date) -> int | None:
    if isinstance(birth, _dt.datetime):
        birth = birth.date()
    if isinstance(birth, _dt.date):
        return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
    return None  # a partial date (year only) is too vague for an age


class _Builder:
    def __init__(self) -> None:
        self.mapped = Mapped(case={})

    def set(self, path: str, value: Any, origin: str) -> None:
        node = self.mapped.case
        *parents, leaf = path.split(".")
        for part in parents:
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        node[leaf] = value
        self.mapped.origins[path] = origin

    def get(self, path: str) -> Any:
        node: Any = self.mapped.case
        for part in path.split("."):
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
        return node

    def ignore(self, what: str) -> None:
        self.mapped.ignored.append(what)


def _read_patient(b: _Builder, patient: Any, where: str, today: _dt.date) -> None:
    if patient.gender in codes.GENDER:
        b.set("runner.sex", codes.GENDER[patient.gender], f"{where}.gender")
    age = _age(patient.birthDate, today)
    if age is not None:
        b.set("runner.age", age, f"{where}.birthDate")


def _status_code(concept: Any) -> str | None:
    found = [code for _, code in _codes(concept) if code]
    return found[0] if found else None


def _read_condition(b: _Builder, condition: Any, where: str) -> None:
    verification = _status_code(condition.verificationStatus)
    clinical = _status_code(condition.clinicalStatus)
    if verification == "entered-in-error":
        b.ignore(f"{where}: entered in error")
        return
    matched = [f for f in codes.CONDITION_FINDINGS if _has(condition.code, f.code)]
    if not matched:
        b.ignore(f"{where}: no code calfexpert reads")
        return
    for finding in matched:
        if verification == "refuted":
            if b.get(finding.field) is not True:
                b.set(finding.field, False, f"{where} (refuted)")
            continue
        if finding.only_active and clinical not in ("active", "recurrence", "relapse"):
            b.ignore(f"{where}: {finding.code.display} is not active, so it says nothing about {finding.field}")
            continue
        b.set(finding.field, finding.value, where)


_EARLIEST = _dt.datetime.min.replace(tzinfo=_dt.timezone.utc)


def _instant(value: Any) -> _dt.datetime:
    """A FHIR date or dateTime as an aware datetime for ordering (a partial date such as ``2026`` or ``2026-11`` counts
    from its start; a time without a zone as UTC; none at all as the earliest)."""
    if isinstance(value, _dt.datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=_dt.timezone.utc)
    if isinstance(value, _dt.date):
        return _dt.datetime(value.year, value.month, value.day, tzinfo=_dt.timezone.utc)
    if isinstance(value, str):
        parts = value[:10].split("-")
        try:
            year, month, day = ([int(p) for p in parts if p] + [1, 1])[:3]
            return _dt.datetime(year, month, day, tzinfo=_dt.timezone.utc)
        except ValueError:
            return _EARLIEST
    return _EARLIEST


def _observation_time(obs: Any) -> _dt.datetime:
    return _instant(obs.effectiveDateTime or obs.issued or (obs.effectivePeriod.start if obs.effectivePeriod else None))


def _yes_no(obs: Any) -> bool | None:
    if obs.valueBoolean is not None:
        return bool(obs.valueBoolean)
    for system, code in _codes(obs.valueCodeableConcept):
        if system == codes.SNOMED and code in codes.YES_NO:
            return codes.YES_NO[code]
    if obs.dataAbsentReason is not None:
        return None
    if obs.valueCodeableConcept is None and obs.valueQuantity is None and obs.valueString is None:
        return True  # the finding recorded, without a value: present
    return None


def _read_observation(b: _Builder, obs: Any, where: str) -> None:
    if obs.status in ("cancelled", "entered-in-error"):
        b.ignore(f"{where}: {obs.status}")
        return
    code = obs.code
    quantity = _number(obs.valueQuantity.value) if obs.valueQuantity is not None else None
    if _has(code, codes.LOINC_AGE) and quantity is not None:
        b.set("runner.age", int(quantity), f"{where}.valueQuantity")
    elif _has(code, codes.LOINC_PAIN_SEVERITY):
        value = obs.valueInteger if obs.valueInteger is not None else quantity
        if value is not None:
            b.set("pain.severity", round(value), where)
    elif _has(code, codes.LOINC_BODY_TEMPERATURE) and quantity is not None:
        unit = (obs.valueQuantity.code or obs.valueQuantity.unit or "Cel").strip()
        celsius = (quantity - 32) * 5 / 9 if unit in ("[degF]", "°F", "degF", "F") else quantity
        b.set("signs.fever", celsius >= codes.FEVER_FROM_CELSIUS, f"{where}.valueQuantity ({quantity} {unit})")
    elif any(_has(code, c) for c in codes.LOINC_D_DIMER):
        readings = {codes.D_DIMER_INTERPRETATION[c] for concept in (obs.interpretation or []) for _, c in _codes(concept)
                    if c in codes.D_DIMER_INTERPRETATION}
        if len(readings) == 1:
            b.set("measurements.d_dimer", readings.pop(), f"{where}.interpretation")
        else:
            b.ignore(f"{where}: a D-dimer without a positive or negative interpretation (the cut-off is the laboratory's)")
    elif _has(code, codes.LOINC_SMOKING_STATUS):
        status = [codes.SMOKING_STATUS[c] for s, c in _codes(obs.valueCodeableConcept) if s == codes.SNOMED and c in codes.SMOKING_STATUS]
        if status:
            b.set("history.smoker", status[0], f"{where}.valueCodeableConcept")
        else:
            b.ignore(f"{where}: a smoking status calfexpert does not know")
    else:
        matched = [f for f in codes.OBSERVATION_FINDINGS if _has(code, f.code)]
        if not matched:
            b.ignore(f"{where}: no code calfexpert reads")
            return
        value = _yes_no(obs)
        if value is None:
            b.ignore(f"{where}: no yes/no value")
            return
        for finding in matched:
            b.set(finding.field, finding.value if value else False, where)


def _answer_value(answer: Any) -> Any:
    for name in ("valueBoolean", "valueInteger", "valueString"):
        value = getattr(answer, name, None)
        if value is not None:
            return value
    if answer.valueDecimal is not None:
        return _number(answer.valueDecimal)
    if answer.valueQuantity is not None:
        return _number(answer.valueQuantity.value)
    if answer.valueCoding is not None:
        coding = answer.valueCoding
        if coding.system == codes.SNOMED and coding.code in codes.YES_NO:
            return codes.YES_NO[coding.code]
        return coding.code
    return None


def _list_fields() -> frozenset[str]:
    from .schemas import validator

    schema = validator("case").schema
    out = set()
    for section, spec in schema["properties"].items():
        for name, sub in (spec.get("properties") or {}).items() if isinstance(spec, dict) else ():
            kinds = sub.get("type")
            if kinds == "array" or (isinstance(kinds, list) and "array" in kinds):
                out.add(f"{section}.{name}")
    return frozenset(out)


def _read_items(b: _Builder, items: Iterable[Any], where: str, lists: frozenset[str]) -> None:
    for index, item in enumerate(items or []):
        here = f"{where}.item[{index}]"
        answers = item.answer or []
        values = [v for v in (_answer_value(a) for a in answers) if v is not None]
        if values:
            b.set(item.linkId, values if item.linkId in lists else values[0], f"{here} (linkId {item.linkId})")
        _read_items(b, item.item or [], here, lists)
        for a_index, answer in enumerate(answers):
            _read_items(b, answer.item or [], f"{here}.answer[{a_index}]", lists)


def _read_response(b: _Builder, response: Any, where: str) -> None:
    if response.status in ("entered-in-error", "stopped"):
        b.ignore(f"{where}: {response.status}")
        return
    if response.questionnaire and response.questionnaire.split("|")[0] != codes.QUESTIONNAIRE_URL:
        b.ignore(f"{where}: answers another questionnaire ({response.questionnaire})")
        return
    _read_items(b, response.item or [], where, _list_fields())


def map_resources(patient: Any = None, conditions: Iterable[Any] = (), observations: Iterable[Any] = (),
                  responses: Iterable[Any] = (), today: _dt.date | None = None,
                  where: Mapping[str, str] | None = None) -> Mapped:
    """Map parsed ``fhir.resources`` R4B models to a checked case (see the module docstring for the rules).

    Raises :class:`InvalidFhirError` when what the resources say is not a valid case (an age out of
    range, an unknown questionnaire linkId ...), each problem naming the resource it came from.
    """
    today = today or _dt.datetime.now(_dt.timezone.utc).date()
    names = dict(where or {})
    b = _Builder()
    for index, condition in enumerate(conditions):
        _read_condition(b, condition, _label(names.get("conditions", "Condition"), index, condition))
    ordered = sorted(enumerate(observations), key=lambda pair: _observation_time(pair[1]))
    for index, obs in ordered:
        _read_observation(b, obs, _label(names.get("observations", "Observation"), index, obs))
    if patient is not None:
        _read_patient(b, patient, names.get("patient", "Patient"), today)
    # Oldest first, so that the latest response's answers win.
    for index, response in sorted(enumerate(responses), key=lambda pair: _instant(pair[1].authored)):
        _read_response(b, response, _label(names.get("questionnaire", "QuestionnaireResponse"), index, response))
    try:
        b.mapped.case = check_case(b.mapped.case, "FHIR prefetch")
    except InvalidCaseError as error:
        problems = []
        for p in error.problems:
            origin = _origin_of(p.path, b.mapped.origins)
            problems.append(Problem(p.path, p.message + (f" (from {origin})" if origin else ""), p.suggestion))
        raise InvalidFhirError("FHIR prefetch", problems) from None
    return b.mapped


def _label(where: str, index: int, resource: Any) -> str:
    rid = getattr(resource, "id", None)
    return f"{where}[{index}]" + (f" ({resource.get_resource_type()}/{rid})" if rid else "")


def _origin_of(path: str, origins: Mapping[str, str]) -> str | None:
    while path:
        if path in origins:
            return origins[path]
        path = path.rpartition(".")[0]
    return None


def _other_patient(resource: Any, patient_id: str) -> str | None:
    """The id of the patient ``resource`` belongs to, when that is not ``patient_id`` (else ``None``)."""
    if resource.get_resource_type() == "Patient":
        return resource.id if resource.id and resource.id != patient_id else None
    subject = getattr(resource, "subject", None)
    reference = getattr(subject, "reference", None) if subject is not None else None
    if not reference or not isinstance(reference, str):
        return None
    parts = reference.split("?")[0].rstrip("/").split("/")
    if len(parts) >= 2 and parts[-2] == "Patient" and parts[-1] != patient_id:
        return parts[-1]
    return None


def case_from_prefetch(prefetch: Mapping[str, Any], today: _dt.date | None = None, patient_id: str | None = None) -> Mapped:
    """Map a CDS Hooks prefetch (``patient``, ``conditions``, ``observations``, ``questionnaire``) to a case.

    Each value is a FHIR resource, a Bundle of them (a search result), or ``null`` (not available).
    Keys calfexpert does not ask for are ignored.  With ``patient_id`` (the hook's
    ``context.patientId``), a resource about another patient is refused: one patient's findings
    must never be read into another's case.  Raises :class:`InvalidFhirError` with the path of
    every problem (``prefetch.patient.birthDate`` ...).
    """
    if not isinstance(prefetch, Mapping):
        raise UnreadableFhirError("FHIR prefetch", [Problem("prefetch", "must be an object of prefetch keys to FHIR resources",
                                                          f"send the keys {', '.join(PREFETCH_KEYS)}")])
    parsed: dict[str, list[Any]] = {}
    problems: list[Problem] = []
    for key in PREFETCH_KEYS:
        try:
            parsed[key] = parse_resources(prefetch.get(key), f"prefetch.{key}", _EXPECTED[key])
        except InvalidFhirError as error:
            problems += error.problems
    if patient_id is not None:
        for key, resources in parsed.items():
            for index, resource in enumerate(resources):
                other = _other_patient(resource, patient_id)
                if other is not None:
                    problems.append(Problem(f"prefetch.{key}[{index}]", f"this {resource.get_resource_type()} is about patient {other!r}, "
                                            f"not the patient in context ({patient_id!r})", "send only the context patient's resources"))
    if problems:
        raise UnreadableFhirError("FHIR prefetch", problems)
    if len(parsed["patient"]) > 1:
        raise UnreadableFhirError("FHIR prefetch", [Problem("prefetch.patient", "more than one Patient", "send the one patient in context")])
    return map_resources(parsed["patient"][0] if parsed["patient"] else None, parsed["conditions"], parsed["observations"],
                         parsed["questionnaire"], today=today, where={k: f"prefetch.{k}" for k in PREFETCH_KEYS})


def _item(path: str, spec: Mapping[str, Any]) -> dict[str, Any] | None:
    """A Questionnaire item for one case field (or a group for an object), from its JSON Schema."""
    text = (spec.get("description") or spec.get("title") or path).replace(" Omit or null when unknown.", "")
    kinds = spec.get("type") or []
    kinds = [kinds] if isinstance(kinds, str) else list(kinds)
    item: dict[str, Any] = {"linkId": path, "text": text}
    if "object" in kinds:
        children = [_item(f"{path}.{name}", sub) for name, sub in (spec.get("properties") or {}).items()]
        return {**item, "type": "group", "item": [c for c in children if c]}
    if "array" in kinds:
        options = [v for v in (spec.get("items") or {}).get("enum", []) if v is not None]
        return {**item, "type": "choice", "repeats": True,
                "answerOption": [{"valueCoding": {"system": f"{codes.QUESTIONNAIRE_URL}#{path}", "code": v}} for v in options]}
    options = [v for v in spec.get("enum", []) if v is not None]
    if options:
        return {**item, "type": "choice",
                "answerOption": [{"valueCoding": {"system": f"{codes.QUESTIONNAIRE_URL}#{path}", "code": v}} for v in options]}
    for kind, fhir_type in (("boolean", "boolean"), ("integer", "integer"), ("number", "decimal"), ("string", "string")):
        if kind in kinds:
            item["type"] = "text" if path == "notes" else fhir_type
            value = "valueInteger" if fhir_type == "integer" else "valueDecimal"
            bounds = [{"url": f"http://hl7.org/fhir/StructureDefinition/{name}", value: spec[key]}
                      for key, name in (("minimum", "minValue"), ("maximum", "maxValue")) if key in spec and fhir_type != "string"]
            if bounds:
                item["extension"] = bounds
            if "maxLength" in spec:
                item["maxLength"] = spec["maxLength"]
            return item
    return None


def questionnaire() -> dict[str, Any]:
    """calfexpert's case questionnaire as a FHIR R4 Questionnaire (JSON), derived from the case schema.

    Every item's ``linkId`` is a case field's dotted path, so a QuestionnaireResponse to it maps to a
    case field for field (:func:`case_from_prefetch`); one group per section of the case.  Nothing is
    required: an item left unanswered is an unknown finding.
    """
    from ._version import __version__
    from .schemas import validator

    schema = validator("case").schema
    items = []
    for name, spec in schema["properties"].items():
        if name in ("schema_version",):
            continue
        item = _item(name, spec)
        if item is not None:
            items.append(item)
    return {
        "resourceType": "Questionnaire",
        "url": codes.QUESTIONNAIRE_URL,
        "version": __version__,
        "name": "CalfexpertCase",
        "title": "calfexpert: calf pain in a runner",
        "status": "active",
        "subjectType": ["Patient"],
        "description": "The calfexpert case format as a questionnaire: every linkId is a case field. Unanswered means unknown; "
                       "false means asked, and no. Decision support, not a diagnosis.",
        "item": items,
    }


__all__ = ["PREFETCH_KEYS", "InvalidFhirError", "Mapped", "UnreadableFhirError", "case_from_prefetch", "map_resources", "parse_resources",
           "questionnaire"]
