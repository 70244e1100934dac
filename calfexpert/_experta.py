"""The one place calfexpert imports experta.

experta 1.9.4 (its last release) has two import-time side effects that a
library must not impose on the program that embeds it:

* it pins ``frozendict==1.2``, which reads ``collections.Mapping`` when it is
  imported; that alias was removed in Python 3.10, so the import fails there.
  We add the alias only for the duration of the import, and only if it is
  missing, then remove it again, so ``collections`` looks exactly as before.
  Under frozendict 2.x the alias is not needed and nothing is added.
* it calls ``logging.basicConfig()``, which installs a handler on the root
  logger and makes the host's own later ``basicConfig`` a no-op.  We remove
  any root handler the import added and quiet the ``experta`` loggers (its
  watchers would otherwise log every firing at DEBUG in a host that logs at
  DEBUG).

Every other module imports experta names from here, never from experta.
"""

from __future__ import annotations

import collections
import collections.abc
import logging


def _import_experta():  # pragma: no branch - the branches depend on the Python version
    root = logging.getLogger()
    handlers_before = list(root.handlers)
    level_before = root.level
    added_alias = False
    if not hasattr(collections, "Mapping"):
        collections.Mapping = collections.abc.Mapping  # type: ignore[attr-defined]
        added_alias = True
    try:
        import experta
    finally:
        if added_alias:
            del collections.Mapping  # type: ignore[attr-defined]
        for handler in list(root.handlers):
            if handler not in handlers_before:
                root.removeHandler(handler)
        root.setLevel(level_before)
    experta_logger = logging.getLogger("experta")
    if experta_logger.level == logging.NOTSET:
        experta_logger.setLevel(logging.WARNING)
    return experta


_experta = _import_experta()

from experta import (  # noqa: E402  # noqa: E402
    AND,
    AS,
    EXISTS,
    FORALL,
    MATCH,
    NOT,
    OR,
    TEST,
    Fact,
    Field,
    KnowledgeEngine,
    L,
    P,
    Rule,
    W,
)
from experta.abstract import Matcher, Strategy  # noqa: E402
from experta.activation import Activation  # noqa: E402
from experta.agenda import Agenda  # noqa: E402
from experta.conditionalelement import ConditionalElement  # noqa: E402
from experta.deffacts import DefFacts  # noqa: E402
from experta.fact import InitialFact  # noqa: E402
from experta.factlist import FactList  # noqa: E402
from experta.fieldconstraint import ANDFC, NOTFC, ORFC, FieldConstraint  # noqa: E402
from experta.matchers import ReteMatcher  # noqa: E402  (experta's own matcher: the oracle of the tests)
from experta.matchers.rete.utils import prepare_rule  # noqa: E402  (experta's rule preparation, for tests)
from experta.utils import unfreeze  # noqa: E402

EXPERTA_VERSION: str = _experta.__version__

__all__ = [
    "AND",
    "ANDFC",
    "AS",
    "EXISTS",
    "EXPERTA_VERSION",
    "FORALL",
    "MATCH",
    "NOT",
    "NOTFC",
    "OR",
    "ORFC",
    "TEST",
    "Activation",
    "Agenda",
    "ConditionalElement",
    "DefFacts",
    "Fact",
    "FactList",
    "Field",
    "FieldConstraint",
    "InitialFact",
    "KnowledgeEngine",
    "L",
    "Matcher",
    "P",
    "ReteMatcher",
    "Rule",
    "Strategy",
    "W",
    "prepare_rule",
    "unfreeze",
]

