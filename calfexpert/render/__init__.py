"""Renderers: the explanation as JSON, a terminal report, Markdown, HTML, a Mermaid/DOT graph, or a FHIR R4 Bundle.

Each renderer takes an :class:`~calfexpert.Explanation` and returns text; none
of them computes anything the explanation does not already say.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..explanation import Explanation

FORMATS: tuple[str, ...] = ("json", "text", "markdown", "html", "mermaid", "dot", "fhir")


def render(explanation: Explanation, fmt: str = "text") -> str:
    """Render ``explanation`` in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "json":
        return explanation.json
    if fmt == "text":
        from .text import render_text

        return render_text(explanation.data)
    if fmt == "markdown":
        from .markdown import render_markdown

        return render_markdown(explanation.data)
    if fmt == "html":
        from .html import render_html

        return render_html(explanation.data)
    if fmt in ("mermaid", "dot"):
        from .graph import render_dot, render_mermaid

        return render_mermaid(explanation.data) if fmt == "mermaid" else render_dot(explanation.data)
    if fmt == "fhir":
        from .fhir import render_fhir

        return render_fhir(explanation.data)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
