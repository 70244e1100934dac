"""calfexpert over HTTP: an ASGI application (Starlette) with a JSON API and a CDS Hooks 2.0 service.

Needs the ``serve`` extra (``pip install 'calfexpert[serve]'``).  Start it with ``calfexpert serve``
(uvicorn), or mount ``calfexpert.web:app`` in your own ASGI application
(``Mount("/calfexpert", app=calfexpert.web.app)``); every link it makes follows the mount point.

Endpoints:

- ``POST /explain``: a case (JSON or YAML, told by the content type or detected) -> the explanation;
  ``?format=`` one of :data:`calfexpert.render.FORMATS` (``json`` by default) with its content type.
- ``GET /schema/case``, ``GET /schema/explanation``: the JSON Schemas.
- ``GET /health``: ``{"status": "ok", "version": ...}``.
- ``GET /cds-services``: CDS Hooks discovery; ``POST /cds-services/calfexpert-calf-pain``: the
  ``patient-view`` service, which reads a FHIR R4 prefetch (:mod:`calfexpert.fhir`) and answers
  with cards; ``GET /report?case=...``: the HTML report a card links to (the case travels in the
  link, base64url-encoded JSON, so the server keeps nothing); ``GET /questionnaire``: the FHIR
  Questionnaire whose responses the service reads (every linkId a case field).

Errors are JSON ``{"error": {"kind", "message", "problems"?}}``: 400 unreadable request, 404, 405,
412 (CDS request without the prefetch), 413 body over 1 MiB (counted while reading), 422 an
invalid case (the same problems as the CLI: path, message, suggestion), 500 a fault in calfexpert
(never a traceback).  The CPU-bound work runs in a bounded thread pool, off the event loop.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import logging
import os
import uuid
import weakref
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ._version import __version__
from .api import explain
from .case import MAX_BYTES, check_case, load_case_bytes
from .errors import InvalidCaseError, Problem
from .render import FORMATS
from .schemas import SCHEMA_NAMES, schema_text

logger = logging.getLogger("calfexpert.web")

MAX_BODY = MAX_BYTES
"""The largest request body accepted (1 MiB, the same limit as a case file)."""

CONTENT_TYPES: dict[str, str] = {
    "json": "application/json",
    "text": "text/plain; charset=utf-8",
    "markdown": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "mermaid": "text/plain; charset=utf-8",
    "dot": "text/vnd.graphviz; charset=utf-8",
    "fhir": "application/fhir+json",
}

SERVICE_ID = "calfexpert-calf-pain"
HOOK = "patient-view"
WORKER_THREADS = int(os.environ.get("CALFEXPERT_WEB_THREADS", "0")) or min(8, 2 * (os.cpu_count() or 1))
"""Threads explaining at once (each keeps its own engine); the rest of the requests wait their turn."""

T = TypeVar("T")


class _JSON(JSONResponse):
    """JSON as UTF-8, falling back to ASCII escapes for text no UTF-8 can hold (a lone surrogate)."""

    def render(self, content: Any) -> bytes:
        try:
            return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        except UnicodeEncodeError:
            return json.dumps(content, ensure_ascii=True, separators=(",", ":")).encode("ascii")


class ApiError(Exception):
    """An error answer: HTTP status, kind, message and (for invalid cases) the problems."""

    def __init__(self, status: int, kind: str, message: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.status, self.kind, self.message, self.problems = status, kind, message, problems

    def response(self) -> Response:
        body: dict[str, Any] = {"kind": self.kind, "message": self.message}
        if self.problems:
            body["problems"] = [p.as_dict() for p in self.problems]
        return _JSON({"error": body}, status_code=self.status)


def _invalid(error: InvalidCaseError, status: int = 422) -> ApiError:
    return ApiError(status, "invalid_case", str(error).splitlines()[0], error.problems)


async def read_body(request: Request, limit: int = MAX_BODY) -> bytes:
    """The request body, refused with 413 as soon as it is known to pass ``limit`` bytes (never read whole first)."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            size = int(declared)
        except ValueError:
            raise ApiError(400, "bad_request", "the Content-Length header is not a number") from None
        if size > limit:
            raise ApiError(413, "too_large", f"the body is {size} bytes; at most {limit} bytes are accepted")
    chunks: list[bytes] = []
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > limit:
            raise ApiError(413, "too_large", f"the body is over {limit} bytes; at most {limit} bytes are accepted")
        chunks.append(chunk)
    return b"".join(chunks)


_limiters: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


async def off_loop(fn: Callable[..., T], *args: Any) -> T:
    """Run CPU-bound ``fn`` in the worker threads, at most :data:`WORKER_THREADS` at once (per event loop)."""
    import anyio
    import anyio.to_thread

    loop = asyncio.get_running_loop()
    limiter = _limiters.get(loop)
    if limiter is None:
        limiter = _limiters[loop] = anyio.CapacityLimiter(WORKER_THREADS)
    return await anyio.to_thread.run_sync(fn, *args, limiter=limiter)


def _guard(handler: Callable[[Request], Any]) -> Callable[[Request], Any]:
    """Answer every failure as JSON: our errors with their status, anything else as a short 500."""

    async def endpoint(request: Request) -> Response:
        try:
            return await handler(request)
        except ApiError as error:
            return error.response()
        except InvalidCaseError as error:
            return _invalid(error).response()
        except Exception:
            logger.exception("internal error on %s %s", request.method, request.url.path)
            return ApiError(500, "internal", "calfexpert failed on this request; this is a fault in calfexpert, "
                                             "not in the request. Please report it with the case.").response()

    endpoint.__name__ = handler.__name__
    endpoint.__doc__ = handler.__doc__
    return endpoint


def _case_format(request: Request) -> str | None:
    """``json`` or ``yaml`` from the content type; ``None`` (detect, like a case file) for any other (curl's default form type)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind in ("application/json", "text/json") or kind.endswith("+json"):
        return "json"
    if kind in ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"):
        return "yaml"
    return None


def _format(request: Request) -> str:
    fmt = request.query_params.get("format", "json")
    if fmt not in FORMATS:
        raise ApiError(400, "bad_request", f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    return fmt


def _explain_bytes(data: bytes, source_format: str | None, fmt: str) -> str:
    return explain(load_case_bytes(data, "<request>", source_format)).render(fmt)


@_guard
async def explain_endpoint(request: Request) -> Response:
    fmt = _format(request)
    source_format = _case_format(request)
    data = await read_body(request)
    text = await off_loop(_explain_bytes, data, source_format, fmt)
    return Response(text, media_type=CONTENT_TYPES[fmt])


@_guard
async def schema_endpoint(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in SCHEMA_NAMES:
        raise ApiError(404, "not_found", f"no schema {name!r}; one of {', '.join(SCHEMA_NAMES)}")
    return Response(schema_text(name), media_type="application/schema+json")


@_guard
async def health_endpoint(request: Request) -> Response:
    return _JSON({"status": "ok", "version": __version__})


# --- CDS Hooks ---------------------------------------------------------------------------------


def discovery() -> dict[str, Any]:
    """The CDS Hooks discovery document (the prefetch asks only for the codes calfexpert reads)."""
    from .fhir import PREFETCH_KEYS
    from .knowledge import fhir_codes as codes

    observation_codes = sorted({f"{f.code.system}|{f.code.code}" for f in codes.OBSERVATION_FINDINGS}
                               | {f"{c.system}|{c.code}" for c in (codes.LOINC_AGE, codes.LOINC_PAIN_SEVERITY,
                                                                    codes.LOINC_BODY_TEMPERATURE, codes.LOINC_SMOKING_STATUS,
                                                                    *codes.LOINC_D_DIMER)})
    templates = {
        "patient": "Patient/{{context.patientId}}",
        "conditions": "Condition?patient={{context.patientId}}",
        "observations": "Observation?patient={{context.patientId}}&code=" + ",".join(observation_codes),
        "questionnaire": f"QuestionnaireResponse?subject=Patient/{{{{context.patientId}}}}&questionnaire={codes.QUESTIONNAIRE_URL}"
                         "&_sort=-authored&_count=1",
    }
    assert set(templates) == set(PREFETCH_KEYS)
    return {"services": [{
        "hook": HOOK,
        "id": SERVICE_ID,
        "title": "calfexpert: calf pain in runners",
        "description": "Triage, a ranked differential (deep vein thrombosis, compartment syndrome, calf strain ...) and the advice "
                       "that is unsafe for this patient, from the record and calfexpert's calf-pain questionnaire. "
                       "Decision support, not a diagnosis.",
        "prefetch": templates,
        "usageRequirements": "Send the prefetch: this service does not query the FHIR server itself.",
    }]}


@_guard
async def discovery_endpoint(request: Request) -> Response:
    return _JSON(discovery())


@_guard
async def questionnaire_endpoint(request: Request) -> Response:
    from .fhir import questionnaire

    return _JSON(questionnaire(), media_type=CONTENT_TYPES["fhir"])


def _short(text: str, limit: int = 140) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def encode_case(case: Mapping[str, Any]) -> str:
    """A case as the ``case`` parameter of a report link (compact JSON, base64url without padding)."""
    raw = json.dumps(case, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_case(text: str) -> dict[str, Any]:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        value = json.loads(raw)
    except (binascii.Error, ValueError):
        raise ApiError(400, "bad_request", "the case parameter is not base64url-encoded JSON") from None
    return check_case(value, "<report link>")


def cards(doc: dict[str, Any], report_url: str, hook_instance: str) -> list[dict[str, Any]]:
    """The CDS Hooks cards for an explanation: the triage (with the top diagnoses) and the advice withheld as unsafe."""
    from .knowledge.fhir_codes import TRIAGE_INDICATOR
    from .render.common import split_withheld, withheld_reasons

    triage = doc["triage"]
    source = {"label": f"calfexpert {__version__} (decision support, not a diagnosis)"}
    lines = [f"**{triage['label']}**: {triage['action']}", ""]
    if doc["diagnoses"]:
        lines.append("Most likely:")
        lines += [f"- **{d['name']}**: {d['likelihood']} (certainty {d['certainty']})" + (" — never miss" if d["dangerous"] else "")
                  for d in doc["diagnoses"][:3]]
        lines.append("")
    if doc["red_flags"]:
        lines.append("Red flags: " + "; ".join(f["text"].rstrip(".") for f in doc["red_flags"]) + ".")
        lines.append("")
    info = doc.get("information") or {}
    if info and not info.get("sufficient", True):
        lines.append(info["text"])
        lines.append("")
    lines.append(f"_{doc['disclaimer']}_")
    top = doc["diagnoses"][0]["name"] if doc["diagnoses"] else "no cause stands out"
    summary = _short(f"Calf pain: {triage['label']}. Most likely: {top}.")
    link = {"label": "Full calfexpert report", "url": report_url, "type": "absolute"}

    def card_id(kind: str) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{hook_instance}/{kind}"))

    out = [{"uuid": card_id("triage"), "summary": summary, "detail": "\n".join(lines), "indicator": TRIAGE_INDICATOR[triage["level"]],
            "source": source, "links": [link]}]
    unsafe, _ = split_withheld(doc)
    if unsafe:
        names = ", ".join(w["name"] for w in unsafe)
        detail = "\n".join(f"- **{w['name']}**: {withheld_reasons(w)}" for w in unsafe)
        out.append({"uuid": card_id("withheld"), "summary": _short(f"Not advised now: {names}"), "detail": detail,
                    "indicator": "warning", "source": source, "links": [link]})
    return out


def _cds_answer(body: bytes, report_base: str) -> dict[str, Any]:
    from .fhir import PREFETCH_KEYS, InvalidFhirError, UnreadableFhirError, case_from_prefetch

    try:
        request = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, "bad_request", f"the body is not JSON: {exc}") from None
    if not isinstance(request, dict):
        raise ApiError(400, "bad_request", "a CDS Hooks request is a JSON object")
    problems = []
    if request.get("hook") != HOOK:
        problems.append(Problem("hook", f"this service answers the {HOOK!r} hook, got {request.get('hook')!r}", None))
    if not isinstance(request.get("hookInstance"), str):
        problems.append(Problem("hookInstance", "required: a string (a UUID) naming this hook call", None))
    context = request.get("context")
    if not isinstance(context, dict) or not isinstance(context.get("patientId"), str):
        problems.append(Problem("context.patientId", "required: the id of the patient in context", None))
    if problems:
        raise ApiError(400, "bad_request", "not a valid CDS Hooks request", tuple(problems))
    prefetch = request.get("prefetch")
    if prefetch is None or (isinstance(prefetch, dict) and all(prefetch.get(k) is None for k in PREFETCH_KEYS)):
        raise ApiError(412, "prefetch_required", "no prefetch data: calfexpert does not query the FHIR server itself; "
                                                  "send the prefetch its discovery document asks for")
    try:
        mapped = case_from_prefetch(prefetch, patient_id=context["patientId"])
    except InvalidFhirError as error:
        raise _invalid(error, 400 if isinstance(error, UnreadableFhirError) else 422) from None
    doc = explain(mapped.case).data
    return {"cards": cards(doc, f"{report_base}?case={encode_case(mapped.case)}", request["hookInstance"])}


@_guard
async def cds_service_endpoint(request: Request) -> Response:
    service = request.path_params["service"]
    if service != SERVICE_ID:
        raise ApiError(404, "not_found", f"no CDS service {service!r}; this server offers {SERVICE_ID!r}")
    data = await read_body(request)
    answer = await off_loop(_cds_answer, data, str(request.url_for("report")))
    return _JSON(answer)


def _report(case_text: str) -> str:
    return explain(decode_case(case_text)).render("html")


@_guard
async def report_endpoint(request: Request) -> Response:
    case_text = request.query_params.get("case")
    if not case_text:
        raise ApiError(400, "bad_request", "the case parameter is missing (links to reports come from CDS Hooks cards)")
    if len(case_text) > MAX_BODY:
        raise ApiError(413, "too_large", "the case parameter is too long")
    return Response(await off_loop(_report, case_text), media_type=CONTENT_TYPES["html"])


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    kinds = {404: "not_found", 405: "method_not_allowed"}
    message = exc.detail if isinstance(exc, HTTPException) else "internal error"
    return ApiError(status, kinds.get(status, "error"), str(message)).response()


async def _server_error(request: Request, exc: Exception) -> Response:
    return ApiError(500, "internal", "calfexpert failed on this request; this is a fault in calfexpert, not in the request.").response()


def create_app(cors_origins: Sequence[str] = ()) -> Starlette:
    """A new calfexpert ASGI application (``app`` is one made at import, without CORS).

    ``cors_origins``: the web origins (``https://ehr.example.org``, or ``*``) whose pages may call the
    service from a browser, as CDS Hooks clients running in a browser (the CDS Hooks sandbox) need.
    """
    routes = [
        Route("/explain", explain_endpoint, methods=["POST"]),
        Route("/schema/{name}", schema_endpoint, methods=["GET"]),
        Route("/health", health_endpoint, methods=["GET"]),
        Route("/cds-services", discovery_endpoint, methods=["GET"]),
        Route("/cds-services/{service}", cds_service_endpoint, methods=["POST"]),
        Route("/report", report_endpoint, methods=["GET"], name="report"),
        Route("/questionnaire", questionnaire_endpoint, methods=["GET"]),
    ]
    middleware = []
    if cors_origins:
        from starlette.middleware import Middleware
        from starlette.middleware.cors import CORSMiddleware

        middleware.append(Middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET", "POST"],
                                     allow_headers=["Content-Type", "Authorization"]))
    return Starlette(routes=routes, middleware=middleware, exception_handlers={HTTPException: _http_error, Exception: _server_error})


def app_from_environment() -> Starlette:
    """The application configured from the environment, for servers that import it by name (``--factory``).

    ``CALFEXPERT_CORS_ORIGINS``: comma-separated origins allowed to call from a browser (see :func:`create_app`).
    ``calfexpert serve --workers N`` starts its worker processes with it.
    """
    origins = [o.strip() for o in os.environ.get("CALFEXPERT_CORS_ORIGINS", "").split(",") if o.strip()]
    return create_app(origins)


app = create_app()

__all__ = ["CONTENT_TYPES", "MAX_BODY", "app", "app_from_environment", "cards", "create_app", "discovery", "read_body"]
