"""Working-memory facts: what a case says, and what the rules conclude.

A case becomes one :class:`Finding` per *known* value; an unknown field
produces no fact at all, so no rule can mistake "unknown" for "no".  ``false``
becomes ``Finding(value=False)``.  A list (pain location, quality) becomes one
finding per item.  Everything else is asserted by rules.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ._experta import Fact

_PLAIN = frozenset({str, int, float, bool, type(None)})
_AS_IS = _PLAIN | {tuple}
"""The types of value experta's ``freeze`` gives back unchanged (a tuple too: it is hashable as a type, so freeze keeps
it as it is; a list becomes a frozenlist)."""
_store = dict.__setitem__
_NO_DEFAULTS: dict[Any, Any] = {}
"""The (always empty) cache of Field defaults of every fact of a class without Fields (see CalfFact.__init__)."""


class CalfFact(Fact):
    """experta's ``Fact``, filled faster: the base of every fact calfexpert declares.

    experta stores each field of a new fact through ``Fact.__setitem__``, which passes the value to
    ``experta.utils.freeze`` (a ``singledispatch``); for a ``str``, ``int``, ``float``, ``bool``, ``None`` or ``tuple``,
    the values our facts hold, ``freeze`` gives the value back unchanged. :meth:`update` stores those directly and
    gives every other value (a list, a dict, a pattern's constraint) to experta's ``__setitem__`` as before, so a
    fact holds exactly what experta would store (a test compares them); a declared fact still cannot be changed.
    A fact built from fields alone (all of calfexpert's) skips the intermediate dict ``Fact.__init__`` builds.
    """

    _Fact__defaults: dict[Any, Any] = _NO_DEFAULTS
    """experta's (private) cache of Field defaults, which only ``Fact.__missing__`` reads and fills, for a Field with a
    default: the facts of a class without Fields (all of calfexpert's) never touch it, and share this empty dict (a
    class attribute: no attribute set per fact); a class with Fields gets one per fact, as experta gives it."""

    def __init__(self, *args: Any, **fields: Any) -> None:
        if args:  # positional values (keys 0, 1, ...): experta's own way
            super().__init__(*args, **fields)
            return
        # experta's Fact.__init__ merges args and fields into a new dict first (and sets the defaults' cache)
        for value in fields.values():
            if type(value) not in _AS_IS:
                self.update(fields)
                break
        else:  # (update's own shortcut, without the call: a new fact has no id)
            dict.update(self, fields)
        if type(self).__fields__:
            self._Fact__defaults = {}

    def update(self, mapping: Mapping[Any, Any]) -> None:  # type: ignore[override]
        if self.get("__factid__") is not None:  # declared: experta's __setitem__ refuses the change
            super().update(mapping)
            return
        for value in mapping.values():
            if type(value) not in _AS_IS:
                break
        else:  # every value one that freeze gives back unchanged: stored as they are, in one call
            dict.update(self, mapping)
            return
        for key, value in mapping.items():
            if type(value) in _AS_IS:
                _store(self, key, value)
            else:
                self[key] = value

    def __hash__(self) -> int:
        # experta's Fact.__hash__ (the hash of its items, kept in ``_hash``), without raising AttributeError the first time
        known: int | None = getattr(self, "_hash", None)  # (reading __dict__ would make the instance build one)
        if known is None:
            known = self._hash = hash(frozenset(self.items()))
        return known


_new = dict.__new__
_fill = dict.update


def plain_fact(kind: type[CalfFact], fields: dict[str, Any]) -> CalfFact:
    """``kind(**fields)`` for a class that adds nothing to :class:`CalfFact` (no ``__init__``, no Fields) and values
    that experta's ``freeze`` gives back unchanged (``_AS_IS``): the same fact, without the call of ``__init__`` and
    its check of every value (the caller knows them). Two C calls: a hot caller may make them itself."""
    fact = _new(kind)
    _fill(fact, fields)
    return fact


def builds_plainly(kind: type) -> bool:
    """Whether :func:`plain_fact` may build facts of ``kind`` (given values it gives back unchanged)."""
    return isinstance(kind, type) and issubclass(kind, CalfFact) and kind.__init__ is CalfFact.__init__ and not kind.__fields__


class Finding(CalfFact):
    """A known value from the case: ``name`` is its dotted path (``signs.warmth``).

    Each case section has its own subclass, so experta's matcher sends a finding only
    through the tests of its own section (a large share of the per-case cost); the trace
    and the explanation call them all ``Finding``.
    """

    record_type = "Finding"


class RunnerFinding(Finding):
    """A finding of the ``runner`` section."""


class PainFinding(Finding):
    """A finding of the ``pain`` section."""


class SignsFinding(Finding):
    """A finding of the ``signs`` section."""


class HistoryFinding(Finding):
    """A finding of the ``history`` section."""


class MedicationsFinding(Finding):
    """A finding of the ``medications`` section (current or recent medicines)."""


class VitalsFinding(Finding):
    """A finding of the ``vitals`` section (heart rate, breathing rate, temperature, oxygen saturation)."""


class MeasurementsFinding(Finding):
    """A finding of the ``measurements`` section."""


FINDING_CLASSES: dict[str, type[Finding]] = {
    "runner": RunnerFinding, "pain": PainFinding, "signs": SignsFinding, "history": HistoryFinding,
    "medications": MedicationsFinding, "vitals": VitalsFinding, "measurements": MeasurementsFinding,
}


def finding(path: str, **fields: object) -> Finding:
    """A finding fact (or pattern) for the case field at ``path``, of its section's class."""
    return FINDING_CLASSES[path.split(".", 1)[0]](name=path, **fields)


class Sign(CalfFact):
    """A derived clinical sign (``name``), such as ``unilateral`` or ``dvt_risk``."""


class RedFlag(CalfFact):
    """A finding pattern that sets a triage floor (``flag``: an id in the red-flag table)."""


class Evidence(CalfFact):
    """One rule's contribution to a condition: ``cf`` in [-1, 1], ``by`` the rule id."""


class Belief(CalfFact):
    """The combined certainty of a condition: ``mb``, ``md``, ``cf`` and the evidence ``counted``."""


class Suspected(CalfFact):
    """A condition whose certainty reached its suspicion threshold."""


class Alternative(CalfFact):
    """A clear alternative to DVT (for the Wells item 'another diagnosis at least as likely')."""


class WellsItem(CalfFact):
    """One Wells DVT item that scored: ``item`` (an id in the Wells table) and ``points``."""


class WellsScore(CalfFact):
    """The Wells total, declared once after every item rule has run: its ``points``, the items ``counted``
    in it, the most it could reach (``reachable``) if the ``unknown`` items all scored."""


class Factor(CalfFact):
    """A contributing factor that is present (``factor``: a factor id)."""


class TriageDemand(CalfFact):
    """A rule's demand that triage be at least ``level``."""


class Triage(CalfFact):
    """The triage level decided so far (raised by demands, never lowered)."""


class Advice(CalfFact):
    """Advice to give (``advice``: an id in the advice table), for ``about``."""


class Withhold(CalfFact):
    """An action that is unsafe here (``action``, an id in the actions table) because of ``because`` (a suspected
    condition, a danger sign, a situation or the triage level); the reason is the entry for ``action`` under
    ``table`` in the unsafe-advice table."""


class Held(CalfFact):
    """Advice a rule would have given (``advice``, for ``about``) that is withheld because it involves a withheld action."""


RULE_CONCLUSIONS: tuple[type[Fact], ...] = (RedFlag, Evidence, Alternative, WellsItem, Factor, TriageDemand, Advice,
                                             Withhold, Held)
"""The facts that name, in ``by``, the rule that concluded them.  A rule never writes its own id: the view of
the engine its body declares through stamps it (:class:`calfexpert.rules.base.FiringView`)."""


def record_type(kind: type) -> str:
    """The name facts of class ``kind`` have in the trace, the explanation and ``RunResult.of_type`` (every section's
    finding class is ``Finding``)."""
    return getattr(kind, "record_type", kind.__name__)


def concluded_by_rule(fact: Fact) -> bool:
    """Whether ``fact`` records the rule that concluded it (``by``)."""
    return isinstance(fact, RULE_CONCLUSIONS)


def iter_findings(case: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Yield ``(path, value)`` for every known value of a normalised case, in a stable order."""
    for key in sorted(case):
        if not prefix and key in ("schema_version", "case_id", "notes"):
            continue
        value = case[key]
        path = f"{prefix}{key}"
        if value is None:
            continue
        if isinstance(value, Mapping):
            yield from iter_findings(value, path + ".")
        elif isinstance(value, (list, tuple)):
            for item in sorted(value):
                yield path, item
        else:
            yield path, value


def case_to_facts(case: Mapping[str, Any]) -> list[Fact]:
    """The input facts of a normalised case: one :class:`Finding` per known value (those of :func:`iter_findings`, in
    its order: each section's findings filled in one pass, without a generator per level)."""
    facts: list[Fact] = []
    for key in sorted(case):
        value = case[key]
        if key in ("schema_version", "case_id", "notes") or value is None:
            continue
        kind = FINDING_CLASSES.get(key)
        if kind is not None and type(value) is dict:
            _section_facts(facts, kind, value, key + ".")
        else:  # (not a section: what iter_findings and finding make of it)
            facts += [finding(path, value=item) for path, item in iter_findings({key: value})]
    return facts


def _section_facts(facts: list[Fact], kind: type[Finding], section: Mapping[str, Any], prefix: str) -> None:
    """Append the findings of one section's mapping (``prefix``: its path and a dot), as :func:`iter_findings`."""
    for key in sorted(section):
        value = section[key]
        if value is None:
            continue
        path = prefix + key
        if type(value) in _PLAIN:  # (most values: neither a mapping nor a list) plain_fact, inline
            fact = _new(kind)
            _fill(fact, name=path, value=value)
            facts.append(fact)
        elif isinstance(value, Mapping):
            _section_facts(facts, kind, value, path + ".")
        elif type(value) is list:
            facts += [plain_fact(kind, {"name": path, "value": item}) if type(item) in _PLAIN else kind(name=path, value=item)
                      for item in sorted(value)]
        else:
            facts += [kind(name=path, value=item) for _, item in iter_findings({"": value}, path)]
