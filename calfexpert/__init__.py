"""calfexpert: a rule-based expert system for calf pain in runners.

Decision support, not a diagnosis.

>>> import calfexpert
>>> result = calfexpert.explain({"pain": {"side": "both", "started": "day_after_run", "onset": "gradual",
...                                       "quality": ["dull_ache"]},
...                              "history": {"unaccustomed_session": True}})
>>> result.triage_level, result.top_diagnosis
('self_care', 'doms')
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import CalfexpertError, InternalError, InvalidCaseError, OutputError, Problem

if TYPE_CHECKING:
    from .api import explain
    from .case import load_case
    from .result import Explanation

_LAZY = {"explain": "api", "load_case": "case", "Explanation": "result"}
"""Public names imported when first used: the rules and the engine behind them take most of a start, and the
command line imports them only for the commands that reason (with the garbage collector paused meanwhile)."""


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "CalfexpertError",
    "Explanation",
    "InternalError",
    "InvalidCaseError",
    "OutputError",
    "Problem",
    "__version__",
    "explain",
    "load_case",
]
