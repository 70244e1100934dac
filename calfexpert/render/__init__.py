"""Renderers: the explanation document as JSON, a terminal report, Markdown, HTML, a Mermaid/DOT graph, or a FHIR R4 Bundle.

Each renderer takes the explanation document (the schema-valid dict of
:attr:`calfexpert.Explanation.data`) and returns text; none of them computes anything the
document does not already say, and none imports the module that builds it.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from .common import DETAILS, check_detail

FORMAT_HELP: dict[str, str] = {
    "json": "the schema-valid document",
    "text": "a report for the terminal",
    "markdown": "the same report as Markdown",
    "html": "one self-contained page",
    "mermaid": "the derivation as a Mermaid flowchart",
    "dot": "the derivation as a Graphviz DOT graph",
    "fhir": "a FHIR R4 Bundle",
}
"""Every format, with what it gives (the CLI's ``--format`` help is made from this)."""

FORMATS: tuple[str, ...] = tuple(FORMAT_HELP)
__all__ = ["DETAILS", "FORMATS", "FORMAT_HELP", "render"]


def render(document: Mapping[str, Any], fmt: str = "text", detail: str = "standard",
           date: datetime.date | str | None = None) -> str:
    """Render the explanation ``document`` in ``fmt`` (one of :data:`FORMATS`) at ``detail`` (one of :data:`DETAILS`:
    text, Markdown and HTML; JSON always carries everything, and the graphs are always whole).  ``date`` is printed at
    the foot of the HTML page (left out when ``None``, so the page is the same on every day)."""
    check_detail(detail)
    if fmt == "json":
        from .._json import dumps

        return dumps(document)
    if fmt == "text":
        from .text import render_text

        return render_text(document, detail)
    if fmt == "markdown":
        from .markdown import render_markdown

        return render_markdown(document, detail)
    if fmt == "html":
        from .html import render_html

        return render_html(document, detail, date)
    if fmt in ("mermaid", "dot"):
        from .graph import render_dot, render_mermaid

        return render_mermaid(document) if fmt == "mermaid" else render_dot(document)
    if fmt == "fhir":
        from .fhir import render_fhir

        return render_fhir(document)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
