"""calfexpert: a rule-based expert system for calf pain in runners.

Decision support, not a diagnosis.

>>> import calfexpert
>>> result = calfexpert.explain({"pain": {"side": "both", "started": "day_after_run", "onset": "gradual",
...                                       "quality": ["dull_ache"]},
...                              "history": {"unaccustomed_session": True}})
>>> result.triage_level, result.top_diagnosis
('self_care', 'doms')
"""

from ._version import __version__
from .api import explain
from .case import load_case
from .errors import CalfexpertError, InternalError, InvalidCaseError, OutputError, Problem
from .explanation import Explanation

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
