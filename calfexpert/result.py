"""The answer for one case, as library users hold it: the explanation document, its JSON text and its reports.

It sits at the end of the data flow: :mod:`calfexpert.explanation` builds the document,
:mod:`calfexpert.render` turns a document into a report, and :class:`Explanation` holds one
document and renders it (so neither of those two modules imports the other, nor this one).
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable
from typing import Any

from ._json import dumps
from .render import render
from .render.common import check_detail

_MATERIALISE = threading.Lock()


class Explanation:
    """The answer for one case: the explanation document and ways to read it.

    ``data`` is the schema-valid document (a dict); :attr:`json` its canonical
    JSON text.  Treat ``data`` as read-only.  From :func:`calfexpert.explain`, the parts that
    re-evaluate every rule (why-not, what would change) are computed, and the whole document
    validated, the first time ``data`` or ``json`` is read or a report rendered;
    :attr:`triage_level`, :attr:`top_diagnosis` and :attr:`conditions` do not need them.  The
    JSON text is fixed when ``data`` or ``json`` is first read (so changing ``data`` afterwards
    does not change it); rendering a report other than JSON does not write it.  Safe to share
    between threads.
    """

    __slots__ = ("_core", "_document", "_finish", "_json", "_write")

    def __init__(self, data: dict[str, Any]) -> None:
        object.__setattr__(self, "_core", data)
        object.__setattr__(self, "_finish", None)
        object.__setattr__(self, "_document", None)
        object.__setattr__(self, "_json", None)
        object.__setattr__(self, "_write", dumps)

    @classmethod
    def deferred(cls, core: dict[str, Any], finish: Callable[[dict[str, Any]], dict[str, Any]],
                 write: Callable[[dict[str, Any]], str] = dumps) -> Explanation:
        """An explanation whose full document is ``finish(core)``, computed when first needed.

        ``finish`` must return a new, schema-valid document (or raise) and leave ``core`` unchanged; ``write``
        gives that document's canonical JSON text (by default :func:`calfexpert._json.dumps`).
        """
        obj = cls(core)
        object.__setattr__(obj, "_finish", finish)
        object.__setattr__(obj, "_write", write)
        return obj

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"an Explanation is read-only (cannot set {name!r})")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Explanation) and self.data == other.data

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Explanation(triage_level={self.triage_level!r}, top_diagnosis={self.top_diagnosis!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled and copied as its full document (the JSON text follows from it, byte for byte)."""
        return (Explanation, (self.data,))

    def _full(self) -> dict[str, Any]:
        """The full document, computed once; not yet handed to the caller (renderers only read it)."""
        document = self._document
        if document is None:
            document = self._core if self._finish is None else self._finish(self._core)
            # two threads may both compute it; they compute the same, and the first one stays
            with _MATERIALISE:
                if self._document is None:
                    object.__setattr__(self, "_document", document)
                document = self._document
        return document

    def _text(self) -> str:
        text = self._json
        if text is None:
            text = self._write(self._full())
            with _MATERIALISE:
                if self._json is None:
                    object.__setattr__(self, "_json", text)
                text = self._json
        return text

    @property
    def data(self) -> dict[str, Any]:
        """The full explanation document."""
        document = self._full()
        if self._finish is not None:
            self._text()  # fix the bytes before the caller holds the document (and may change it)
        return document

    @property
    def json(self) -> str:
        """The canonical JSON text of :attr:`data`."""
        return self._text()

    @property
    def triage_level(self) -> str:
        """``emergency``, ``urgent``, ``see_doctor`` or ``self_care``."""
        return str(self._core["triage"]["level"])

    @property
    def top_diagnosis(self) -> str | None:
        """The most likely condition id, or ``None`` when no condition has positive certainty."""
        diagnoses = self._core["diagnoses"]
        return str(diagnoses[0]["condition"]) if diagnoses else None

    @property
    def conditions(self) -> list[str]:
        """Condition ids in the differential, most likely first."""
        return [str(d["condition"]) for d in self._core["diagnoses"]]

    def render(self, fmt: str = "text", detail: str = "standard", date: datetime.date | str | None = None) -> str:
        """The explanation in one of :data:`calfexpert.render.FORMATS` (``json``, ``text``, ``markdown``, ``html``,
        ``mermaid``, ``dot``, ``fhir``).

        ``detail`` (text, Markdown, HTML) is ``brief`` (the triage with its reasons, what to do and not to do, the
        safety-net, the top three causes; the text fits an 80 x 40 terminal), ``standard`` (the default: plus the
        evidence, factors, scores and what would change the answer) or ``full`` (plus the reasoning, firing by
        firing); JSON always carries everything.  ``date`` (a :class:`datetime.date` or text) is printed at the foot
        of the HTML page; without it the page carries no date, so the same case always gives the same page.
        """
        if fmt == "json":
            check_detail(detail)
            return self.json
        return render(self._full(), fmt, detail, date)  # no JSON text is written for another format
