"""calfexpert.web against a real server: uvicorn on a free loopback port, real HTTP requests with httpx."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from conftest import budget
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Mount, Route

import calfexpert
from calfexpert.cli import main
from calfexpert.web import CONTENT_TYPES, MAX_BODY, app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "facts" / "examples"


@contextmanager
def running(asgi_app: Any) -> Iterator[str]:
    """Serve ``asgi_app`` with uvicorn on a free 127.0.0.1 port in a thread; yield its base URL; stop it on exit."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(asgi_app, log_level="critical", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        for _ in range(200):  # bounded: at most 10 s
            if server.started:
                break
            time.sleep(0.05)
        assert server.started, "uvicorn did not start"
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        assert not thread.is_alive()


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with running(app) as url:
        yield url


@pytest.fixture(scope="module")
def http(base: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base, timeout=30) as client:
        yield client


def _case(name: str) -> bytes:
    return (EXAMPLES / name).read_bytes()


def test_health_and_schemas(http: httpx.Client) -> None:
    assert http.get("/health").json() == {"status": "ok", "version": calfexpert.__version__}
    for name in ("case", "explanation"):
        answer = http.get(f"/schema/{name}")
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("application/schema+json")
        assert answer.json()["$schema"]
    missing = http.get("/schema/cases")
    assert missing.status_code == 404 and "case" in missing.json()["error"]["message"]


def test_explain_json_equals_the_library(http: httpx.Client) -> None:
    answer = http.post("/explain", content=_case("dvt_after_flight.json"), headers={"content-type": "application/json"})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    assert answer.text == calfexpert.explain(EXAMPLES / "dvt_after_flight.json").json


@pytest.mark.parametrize("fmt", sorted(CONTENT_TYPES))
def test_every_format_with_its_content_type(http: httpx.Client, fmt: str) -> None:
    answer = http.post(f"/explain?format={fmt}", content=_case("calf_strain.json"))
    assert answer.status_code == 200
    assert answer.headers["content-type"] == CONTENT_TYPES[fmt]
    assert answer.text == calfexpert.explain(EXAMPLES / "calf_strain.json").render(fmt)


def test_yaml_case(http: httpx.Client) -> None:
    answer = http.post("/explain", content=b"pain:\n  side: left\n  onset: sudden\n", headers={"content-type": "application/yaml"})
    assert answer.status_code == 200 and answer.json()["triage"]["level"]


def test_invalid_case_is_422_with_the_cli_problems(http: httpx.Client) -> None:
    body = b'{"signs": {"chest_pian": true}, "runner": {"age": 300}}'
    answer = http.post("/explain", content=body, headers={"content-type": "application/json"})
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["kind"] == "invalid_case"
    with pytest.raises(calfexpert.InvalidCaseError) as raised:
        calfexpert.explain(json.loads(body))
    assert error["problems"] == [p.as_dict() for p in raised.value.problems]
    assert {"path": "signs.chest_pian", "message": "unknown field 'chest_pian'", "suggestion": "did you mean 'chest_pain'?"} in error["problems"]


def test_unknown_format_route_and_method(http: httpx.Client) -> None:
    assert http.post("/explain?format=pdf", content=b"{}").status_code == 400
    assert http.get("/nowhere").json()["error"]["kind"] == "not_found"
    assert http.get("/explain").status_code == 405


def test_body_over_one_mib_is_413(http: httpx.Client) -> None:
    answer = http.post("/explain", content=b" " * (MAX_BODY + 1), headers={"content-type": "application/json"})
    assert answer.status_code == 413 and answer.json()["error"]["kind"] == "too_large"
    # Without a Content-Length (chunked), the limit is enforced while the body is read.
    chunks = (b" " * 65536 for _ in range(MAX_BODY // 65536 + 2))
    answer = http.post("/explain", content=chunks, headers={"content-type": "application/json"})
    assert answer.status_code == 413
    # Exactly the limit is still read (and is then an invalid case, not a size error).
    answer = http.post("/explain", content=b" " * MAX_BODY, headers={"content-type": "application/json"})
    assert answer.status_code == 422


def test_concurrent_clients_get_their_own_answers(base: str) -> None:
    names = sorted(p.name for p in EXAMPLES.glob("*.json"))[:8]
    expected = {name: calfexpert.explain(EXAMPLES / name).json for name in names}

    def client_run(offset: int) -> list[tuple[str, str]]:
        with httpx.Client(base_url=base, timeout=60) as client:
            out = []
            for i in range(len(names)):
                name = names[(i + offset) % len(names)]
                out.append((name, client.post("/explain", content=_case(name)).text))
            return out

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = [r for batch in pool.map(client_run, range(6)) for r in batch]
    assert len(results) == 6 * len(names)
    for name, text in results:
        assert text == expected[name]


_keys = st.sampled_from(["pain", "signs", "runner", "x", "side", "hook", "prefetch", "patient", "resourceType"]) | st.text(max_size=6)
_junk = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=200).map(str.encode),
    st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
                 lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=4),
                 max_leaves=12).map(lambda v: json.dumps(v).encode()),
)


@settings(max_examples=budget(80), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=_junk, path=st.sampled_from(["/explain", "/explain?format=text", "/cds-services/calfexpert-calf-pain"]),
       kind=st.sampled_from(["application/json", "application/yaml", "text/plain", "multipart/form-data"]))
def test_malformed_requests_never_fail_inside(http: httpx.Client, body: bytes, path: str, kind: str) -> None:
    answer = http.post(path, content=body, headers={"content-type": kind})
    assert answer.status_code < 500, answer.text
    if answer.status_code >= 400:
        error = answer.json()["error"]
        assert error["kind"] and error["message"]
        assert "Traceback" not in answer.text


def test_an_internal_fault_is_a_short_500(http: httpx.Client, monkeypatch: pytest.MonkeyPatch) -> None:
    import calfexpert.web as web

    def broken(*_: Any) -> str:
        raise RuntimeError("boom inside")

    monkeypatch.setattr(web, "_explain_bytes", broken)
    answer = http.post("/explain", content=_case("calf_strain.json"))
    assert answer.status_code == 500
    assert answer.json()["error"]["kind"] == "internal"
    assert "boom" not in answer.text and "Traceback" not in answer.text


def test_mounted_inside_a_host_app() -> None:
    host = Starlette(routes=[Route("/", lambda request: PlainTextResponse("host")), Mount("/calf", app=app)])
    with running(host) as url, httpx.Client(base_url=url, timeout=30) as client:
        assert client.get("/").text == "host"
        assert client.get("/calf/health").json()["status"] == "ok"
        answer = client.post("/calf/cds-services/calfexpert-calf-pain", json=_cds_request({"patient": _PATIENT}))
        assert answer.status_code == 200
        link = answer.json()["cards"][0]["links"][0]["url"]
        assert link.startswith(f"{url}/calf/report?case=")
        assert client.get(link).status_code == 200


# --- CDS Hooks --------------------------------------------------------------------------------

_PATIENT = {"resourceType": "Patient", "id": "p1", "gender": "female", "birthDate": "1988-03-02"}


def _cds_request(prefetch: dict[str, Any] | None) -> dict[str, Any]:
    request: dict[str, Any] = {"hook": "patient-view", "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
                               "fhirServer": "https://ehr.invalid/fhir", "context": {"userId": "Practitioner/1", "patientId": "p1"}}
    if prefetch is not None:
        request["prefetch"] = prefetch
    return request


def _questionnaire(answers: dict[str, Any]) -> dict[str, Any]:
    def answer(value: Any) -> list[dict[str, Any]]:
        values = value if isinstance(value, list) else [value]
        out = []
        for v in values:
            if isinstance(v, bool):
                out.append({"valueBoolean": v})
            elif isinstance(v, int):
                out.append({"valueInteger": v})
            elif isinstance(v, float):
                out.append({"valueDecimal": v})
            else:
                out.append({"valueCoding": {"code": v}})
        return out

    return {"resourceType": "QuestionnaireResponse", "status": "completed", "questionnaire": "urn:calfexpert:questionnaire:case:1",
            "item": [{"linkId": k, "answer": answer(v)} for k, v in answers.items()]}


def test_discovery(http: httpx.Client) -> None:
    services = http.get("/cds-services").json()["services"]
    assert [s["id"] for s in services] == ["calfexpert-calf-pain"]
    service = services[0]
    assert service["hook"] == "patient-view" and service["title"] and service["description"]
    assert set(service["prefetch"]) == {"patient", "conditions", "observations", "questionnaire"}
    assert "{{context.patientId}}" in service["prefetch"]["patient"]


def test_card_round_trip_matches_the_case_explained_directly(http: httpx.Client) -> None:
    answers = {"pain.side": "left", "pain.started": "at_rest", "pain.location": ["calf_belly", "behind_knee"],
               "signs.swelling": "whole_calf", "signs.warmth": True, "signs.tender_along_deep_veins": True,
               "history.long_travel_hours": 12.5}
    conditions = {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": {
        "resourceType": "Condition", "id": "c1", "subject": {"reference": "Patient/p1"},
        "code": {"coding": [{"system": "http://snomed.info/sct", "code": "363346000"}]},
        "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]}}}]}
    answer = http.post("/cds-services/calfexpert-calf-pain",
                       json=_cds_request({"patient": _PATIENT, "conditions": conditions, "questionnaire": _questionnaire(answers)}))
    assert answer.status_code == 200, answer.text
    cards = answer.json()["cards"]
    doc = calfexpert.explain({"runner": {"sex": "female"}, "pain": {"side": "left", "started": "at_rest", "location": ["calf_belly", "behind_knee"]},
                              "signs": {"swelling": "whole_calf", "warmth": True, "tender_along_deep_veins": True},
                              "history": {"long_travel_hours": 12.5, "active_cancer": True}}).data
    assert doc["triage"]["level"] in ("urgent", "emergency")
    triage = cards[0]
    assert triage["indicator"] == "critical"
    assert len(triage["summary"]) <= 140 and triage["source"]["label"]
    top = doc["diagnoses"][0]
    assert top["name"] in triage["summary"]
    assert f"certainty {top['certainty']}" in triage["detail"]
    assert "decision support, not a diagnosis" in triage["detail"]
    withheld = [c for c in cards if "Not advised" in c["summary"]]
    assert withheld and withheld[0]["indicator"] == "warning"
    assert any(w["name"] == "Massage" for w in doc["withheld"]) and "Massage" in withheld[0]["detail"]
    report = http.get(triage["links"][0]["url"])
    assert report.status_code == 200 and report.headers["content-type"].startswith("text/html")
    assert top["name"] in report.text


@pytest.mark.parametrize(("level", "indicator"), [("self_care", "info"), ("see_doctor", "warning")])
def test_indicator_follows_the_triage(http: httpx.Client, level: str, indicator: str) -> None:
    answers = ({"pain.side": "both", "pain.started": "day_after_run", "pain.onset": "gradual", "pain.quality": ["dull_ache"],
                "history.unaccustomed_session": True} if level == "self_care" else {})
    answer = http.post("/cds-services/calfexpert-calf-pain", json=_cds_request({"patient": _PATIENT, "questionnaire": _questionnaire(answers)}))
    assert answer.status_code == 200
    assert answer.json()["cards"][0]["indicator"] == indicator


def test_cds_errors_are_clear_4xx(http: httpx.Client) -> None:
    url = "/cds-services/calfexpert-calf-pain"
    assert http.post(url, json=_cds_request(None)).status_code == 412
    bad_patient = http.post(url, json=_cds_request({"patient": {"resourceType": "Patient", "birthDate": "last year"}}))
    assert bad_patient.status_code == 400
    assert bad_patient.json()["error"]["problems"][0]["path"] == "prefetch.patient.birthDate"
    wrong_type = http.post(url, json=_cds_request({"patient": {"resourceType": "Observation"}}))
    assert wrong_type.status_code == 400 and "expected Patient" in wrong_type.text
    bad_answer = http.post(url, json=_cds_request({"questionnaire": _questionnaire({"signs.chest_pian": True})}))
    assert bad_answer.status_code == 422
    problem = bad_answer.json()["error"]["problems"][0]
    assert problem["path"] == "signs.chest_pian" and "linkId signs.chest_pian" in problem["message"]
    assert http.post(url, json={"hook": "order-select"}).status_code == 400
    other = http.post(url, json=_cds_request({"patient": {**_PATIENT, "id": "p2"}}))
    assert other.status_code == 400 and "not the patient in context" in other.text
    foreign = {"resourceType": "Observation", "status": "final", "subject": {"reference": "https://ehr.invalid/fhir/Patient/p9"},
               "code": {"coding": [{"system": "http://snomed.info/sct", "code": "386661006"}]}}
    assert http.post(url, json=_cds_request({"observations": foreign})).status_code == 400
    assert http.post("/cds-services/other", json=_cds_request({"patient": _PATIENT})).status_code == 404
    assert http.get("/report?case=%%%").status_code == 400


def test_serve_without_the_extra_exits_2(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from click.testing import CliRunner

    monkeypatch.setitem(sys.modules, "uvicorn", None)
    result = CliRunner().invoke(main, ["serve", "--port", "0"])
    assert result.exit_code == 2
    assert "pip install 'calfexpert[serve]'" in result.output


def test_import_and_cli_do_not_load_the_optional_packages() -> None:
    import subprocess
    import sys

    code = ("import sys, calfexpert, calfexpert.cli\n"
            "from click.testing import CliRunner\n"
            "CliRunner().invoke(calfexpert.cli.main, ['explain', sys.argv[1], '--format', 'fhir'])\n"
            "heavy = ('starlette', 'uvicorn', 'fhir', 'dask', 'distributed', 'httpx', 'pydantic')\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)))")
    out = subprocess.run([sys.executable, "-c", code, str(EXAMPLES / "calf_strain.json")], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "[]"


_fhir_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=12),
                            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
                                st.sampled_from(["coding", "code", "system", "value", "valueBoolean", "status", "linkId", "answer",
                                                 "item", "birthDate", "gender", "resource", "entry"]), inner, max_size=3),
                            max_leaves=10)
_resources = st.fixed_dictionaries(
    {"resourceType": st.sampled_from(["Patient", "Condition", "Observation", "QuestionnaireResponse", "Bundle", "Basic", ""])},
    optional={"gender": _fhir_values, "birthDate": _fhir_values, "code": _fhir_values, "status": _fhir_values,
              "valueBoolean": _fhir_values, "item": _fhir_values, "entry": _fhir_values, "subject": _fhir_values,
              "effectiveDateTime": _fhir_values | st.sampled_from(["2026", "2026-11", "2026-11-27T10:00:00+01:00"]),
              "authored": _fhir_values | st.sampled_from(["2025", "2026-11-27"])})


@settings(max_examples=budget(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(prefetch=st.dictionaries(st.sampled_from(["patient", "conditions", "observations", "questionnaire", "other"]),
                                _resources | _fhir_values, max_size=4))
def test_malformed_prefetch_is_a_clear_4xx(http: httpx.Client, prefetch: dict[str, Any]) -> None:
    answer = http.post("/cds-services/calfexpert-calf-pain", json=_cds_request(prefetch))
    assert answer.status_code in (200, 400, 412, 422), answer.text
    if answer.status_code == 200:
        assert answer.json()["cards"][0]["indicator"] in ("info", "warning", "critical")
    else:
        assert answer.json()["error"]["message"]


def test_a_lone_surrogate_is_an_invalid_case_not_a_fault(http: httpx.Client) -> None:
    # Found by the fuzz: "\ud800" parses to text that no UTF-8 answer can hold.
    for body in (b'{"notes": "\\ud800 x"}', b'{"\\ud800": 1}'):
        answer = http.post("/explain", content=body, headers={"content-type": "application/json"})
        assert answer.status_code == 422, answer.text
        assert "lone surrogate" in answer.json()["error"]["problems"][0]["message"]
    from click.testing import CliRunner

    result = CliRunner().invoke(main, ["explain", "-"], input='{"case_id": "\\udfff"}')
    assert result.exit_code == 2 and "lone surrogate" in result.output


def test_cors_only_when_asked_for() -> None:
    from calfexpert.web import create_app

    origin = {"Origin": "https://sandbox.example"}
    with running(create_app(cors_origins=["https://sandbox.example"])) as url, httpx.Client(base_url=url, timeout=30) as client:
        assert client.get("/cds-services", headers=origin).headers["access-control-allow-origin"] == "https://sandbox.example"
        preflight = client.options("/cds-services/calfexpert-calf-pain",
                                   headers={**origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})
        assert preflight.status_code == 200
    with running(app) as url, httpx.Client(base_url=url, timeout=30) as client:
        assert "access-control-allow-origin" not in client.get("/cds-services", headers=origin).headers


def test_explaining_runs_off_the_event_loop(base: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import calfexpert.web as web

    started = threading.Event()

    def slow(*_: Any) -> str:
        started.set()
        time.sleep(1.5)  # blocking, as CPU-bound reasoning is: it must not hold up the event loop
        return "{}"

    monkeypatch.setattr(web, "_explain_bytes", slow)
    with ThreadPoolExecutor(max_workers=1) as pool, httpx.Client(base_url=base, timeout=30) as client:
        pending = pool.submit(lambda: httpx.post(f"{base}/explain", content=b"{}", timeout=30))
        assert started.wait(10)
        before = time.perf_counter()
        assert client.get("/health").status_code == 200
        assert time.perf_counter() - before < 1.0
        assert pending.result().status_code == 200


def test_serve_with_worker_processes() -> None:
    import subprocess
    import sys

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "calfexpert", "serve", "--port", str(port), "--workers", "2", "--log-level", "warning",
                               "--cors-origin", "https://sandbox.example"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        answer = None
        for _ in range(150):  # bounded: at most about 30 s
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/cds-services", headers={"Origin": "https://sandbox.example"}, timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        assert answer is not None and answer.status_code == 200
        assert answer.headers["access-control-allow-origin"] == "https://sandbox.example"
        assert httpx.post(f"http://127.0.0.1:{port}/explain", content=_case("calf_strain.json"), timeout=30).json()["triage"]["level"]
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_questionnaire_endpoint(http: httpx.Client) -> None:
    answer = http.get("/questionnaire")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/fhir+json"
    assert answer.json()["url"] == "urn:calfexpert:questionnaire:case:1"
