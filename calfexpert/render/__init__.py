"""Renderers: the explanation as JSON, a terminal report, Markdown, HTML, a Mermaid/DOT graph, or a FHIR R4 Bundle.

Each renderer takes an :class:`~calfexpert.Explanation` and returns text; none
of them computes anything the explanation does not already say.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from .common import DETAILS, check_detail

if TYPE_CHECKING:
    from ..explanation import Explanation

FORMATS: tuple[str, ...] = ("json", "text", "markdown", "html", "mermaid", "dot", "fhir")
__all__ = ["DETAILS", "FORMATS", "render"]


def render(explanation: Explanation, fmt: str = "text", detail: str = "standard",
           date: datetime.date | str | None = None) -> str:
    """Render ``explanation`` in ``fmt`` (one of :data:`FORMATS`) at ``detail`` (one of :data:`DETAILS`: text,
    Markdown and HTML; JSON always carries everything, and the graphs are always whole).  ``date`` is printed at the
    foot of the HTML page (left out when ``None``, so the page is the same on every day)."""
    check_detail(detail)
    if fmt == "json":
        return explanation.json
    if fmt == "text":
        from .text import render_text

        return render_text(explanation.data, detail)
    if fmt == "markdown":
        from .markdown import render_markdown

        return render_markdown(explanation.data, detail)
    if fmt == "html":
        from .html import render_html

        return render_html(explanation.data, detail, date)
    if fmt in ("mermaid", "dot"):
        from .graph import render_dot, render_mermaid

        return render_mermaid(explanation.data) if fmt == "mermaid" else render_dot(explanation.data)
    if fmt == "fhir":
        from .fhir import render_fhir

        return render_fhir(explanation.data)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
