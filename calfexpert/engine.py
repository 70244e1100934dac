"""The inference engine: experta, made deterministic, traced and bounded.

* :class:`StableStrategy` replaces experta's ``DepthStrategy``, which can leave
  an activation blocked by ``NOT`` on the agenda when four or more tie, and
  whose order among ties changes from one process to the next.  Ours orders
  by salience, then the matched facts (newest first, as CLIPS's depth
  strategy), then the rule id and the bindings, and removes activations by
  scanning the whole run of equal keys.
* :class:`TracingEngine` records every firing (rule, matched facts with their
  values, bindings, facts asserted and retracted) by observing the agenda's
  ``get_next`` and its own ``declare``/``retract``; experta is not patched.
* A firing budget turns a looping rule into an :class:`InternalError`.
* Engines are not thread-safe: :func:`engine_for_this_thread` keeps one per
  thread, built once and ``reset()`` for every case.
"""

from __future__ import annotations

import bisect
import logging
import threading
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter
from typing import Any, NamedTuple

from ._experta import Agenda, ConditionalElement, DefFacts, Fact, FactList, InitialFact, KnowledgeEngine, Strategy, unfreeze
from .errors import InternalError
from .facts import builds_plainly, record_type
from .matcher import CompiledRule, FastMatcher

DEFAULT_BUDGET = 5000
"""Most rule firings one case may take; real cases take well under 300."""


_RULES_LOG = logging.getLogger("experta.watchers.RULES")
_AGENDA_LOG = logging.getLogger("experta.watchers.AGENDA")
_FACTS_LOG = logging.getLogger("experta.watchers.FACTS")
_ACTIVATIONS_LOG = logging.getLogger("experta.watchers.ACTIVATIONS")


def _own_deffacts(engine_class: type) -> bool:
    """Whether the class declares DefFacts besides experta's own initial fact."""
    return any(isinstance(value, DefFacts) and name != "_declare_initial_fact"
               for klass in engine_class.__mro__ for name, value in vars(klass).items())


def fact_id(fact: Fact) -> int:
    return int(fact["__factid__"])


_KEY = attrgetter("key")
_RECORD_ID = attrgetter("id")
_FACT_ID = itemgetter("__factid__")


class StableStrategy(Strategy):
    """A correct, deterministic conflict-resolution strategy (depth-first by salience)."""

    @staticmethod
    def get_key(activation: Any) -> tuple[Any, ...]:
        facts = getattr(activation, "matched", None) or activation.facts  # (BranchActivation: without the set)
        if len(facts) == 1:
            for fact in facts:
                ids: tuple[int, ...] = (fact["__factid__"],)
        else:  # (each fact once, as in experta's set of them)
            ids = tuple(sorted(set(map(_FACT_ID, facts)), reverse=True))  # (ids are ints)
        names = _binding_names(activation)
        context = activation.context
        bindings: tuple[tuple[str, str], ...] = ()
        for k in names:
            value = context[k]
            bindings += ((k, f"<f-{int(value['__factid__'])}>" if isinstance(value, Fact) else repr(value)),)
        rule = activation.rule
        return (rule.salience, ids, rule.__name__, bindings)

    def _update_agenda(self, agenda: Agenda, added: Any, removed: Any) -> None:
        # ordered as experta's Activation.__lt__ orders them (by key), with the keys compared directly
        activations = agenda.activations
        for act in removed:
            # an activation our strategy put on the agenda keeps its key (its rule, facts and bindings never change)
            if act.key is None:
                act.key = self.get_key(act)
            lo = bisect.bisect_left(activations, act.key, key=_KEY)
            hi = bisect.bisect_right(activations, act.key, key=_KEY)
            for index in range(lo, hi):
                if activations[index] is act or activations[index] == act:
                    del activations[index]
                    break
        get_key, insort = self.get_key, bisect.insort
        for act in added:
            act.key = get_key(act)
            insort(activations, act, key=_KEY)


def _by_id(facts: Collection[Fact]) -> list[Fact]:
    """The facts in the order of their ids, each once (as experta's set of an activation's facts holds a fact that two
    patterns matched)."""
    return sorted({f["__factid__"]: f for f in facts}.values(), key=_FACT_ID)


_SCALARS = frozenset({str, int, float, bool, type(None)})
_new, _fill = dict.__new__, dict.update


def _binding_names(activation: Any) -> Sequence[str]:
    """The names an activation binds, sorted (the context's keys without a double underscore); known beforehand for
    the activations of calfexpert's matcher (``BranchActivation.binding_names``, worked out once per rule branch)."""
    names = getattr(activation, "binding_names", None)
    return names if names is not None else sorted([k for k in activation.context if not k.startswith("__")])


_RECORD_TYPES: dict[type, str] = {}
"""Each fact class's record type name (:func:`record_type`), looked up once per class."""


class _Shape(NamedTuple):
    """What the keys of a fact (in their order) decide, worked out once per sequence of keys."""

    plain: bool
    """Every key a name (a ``str``) without a double underscore (none special, none a nested accessor), but for a
    ``__factid__`` an earlier declaration left (experta takes such a fact again, with a new id)."""
    names: tuple[str, ...] | None
    """The keys that are not special, sorted, when they are all text (the identity's, :meth:`_FactList._get_fact_id`;
    ``None``: the identity is experta's own frozenset)."""
    name_set: frozenset[str] | None
    """The same names as a set, the identity's second element (a frozenset keeps its hash once worked out)."""
    snapshot: tuple[Any, ...]
    """The keys sorted as text, without the id: a snapshot's fields (:meth:`FactRecord.of`)."""
    values: Callable[[Fact], tuple[Any, ...]] | None
    """The fact's values in the order of ``names`` (the rest of the identity), as a tuple."""


_SHAPES: dict[tuple[Any, ...], _Shape] = {}
"""The shape of each sequence of a fact's keys (a finding's ``name, value``, an evidence's ``condition, cf, by``, the
same with ``__factid__`` once declared ...): a few dozen in calfexpert, at most 4,096 kept."""


def _shape(keys: tuple[Any, ...]) -> _Shape:
    shape = _SHAPES.get(keys)
    if shape is None:
        names = [k for k in keys if not _special(k)]
        text = all(isinstance(k, str) for k in names)
        shape = _Shape(all(type(k) is str and ("__" not in k or k == "__factid__") for k in keys),
                       tuple(sorted(names)) if text else None,
                       frozenset(names) if text else None,
                       tuple(k for k in sorted(keys, key=str) if k != "__factid__"),
                       _values_getter(tuple(sorted(names))) if text else None)
        if len(_SHAPES) < 4096:
            _SHAPES[keys] = shape
    return shape


def _values_getter(names: tuple[str, ...]) -> Callable[[Fact], tuple[Any, ...]]:
    """A function giving a fact's values at ``names``, in their order, as a tuple (itemgetter gives one value alone)."""
    if len(names) > 1:
        return itemgetter(*names)
    if names:
        name = names[0]
        return lambda fact: (fact[name],)
    return lambda fact: ()


def _special(key: Any) -> bool:
    """experta's ``Fact.is_special``: a ``__name__`` key (the fact's id, a pattern's binding)."""
    return isinstance(key, str) and key.startswith("__") and key.endswith("__")


class _FactList(FactList):
    """experta's ``FactList``, declaring a fact without a field schema (all of calfexpert's) in fewer steps.

    experta's ``declare`` validates the fact against its (empty) schema, builds the fact's identity (a frozenset of
    its class and its items that are not ``__special__``) with one ``is_special`` call per key and counts it
    through ``Counter.__missing__``; this one stores the fact, its id, its identity's count and the pending
    ``added`` list as experta does, with an identity that is equal exactly when experta's are: for a fact whose
    names are text, one tuple (the class, the set of names, the values in the names' sorted order: a frozenset and a
    tuple per item before), for any other experta's frozenset.  A fact
    with fields, or a run with experta's FACTS watcher on (which logs every declaration), goes through experta's own
    ``declare`` (with this identity); a test compares the two on the same facts."""

    def __init__(self) -> None:
        super().__init__()
        self.by_type: dict[type, dict[int, Fact]] = {}
        """The facts of each class, oldest first (for :meth:`TracingEngine.facts_of`), kept by declare and retract."""

    @staticmethod
    def _get_fact_id(fact: Fact) -> tuple[Any, ...] | frozenset[Any]:
        shape = _shape(tuple(fact))
        if shape.names is None:  # a key that is not text (a positional fact's 0, 1 ...): experta's identity
            return frozenset([fact.__class__, *[(k, v) for k, v in fact.items() if not _special(k)]])
        return (fact.__class__, shape.name_set, *shape.values(fact))  # type: ignore[misc]

    def declare(self, fact: Fact) -> Fact | None:
        if not isinstance(fact, Fact) or type(fact).__fields__ or _FACTS_LOG.isEnabledFor(logging.INFO):
            result: Fact | None = super().declare(fact)
            if result is not None:
                self.by_type.setdefault(type(result), {})[result["__factid__"]] = result
            return result
        return self.add(fact, self._get_fact_id(fact))

    def retract(self, idx_or_fact: Any) -> int:
        idx = idx_or_fact if isinstance(idx_or_fact, int) else idx_or_fact.__factid__  # as experta's retract reads it
        fact = self.get(idx)
        result: int = super().retract(idx_or_fact)
        self.by_type[type(fact)].pop(idx, None)
        return result

    def add(self, fact: Fact, identity: tuple[Any, ...] | frozenset[Any]) -> Fact | None:
        """``declare`` of a fact without Fields whose identity (``_get_fact_id``) is known, with the FACTS watcher off."""
        counter = self.reference_counter
        count = counter.get(identity)  # (experta drops an identity whose count reaches 0)
        if count is not None and not self.duplication:
            return None
        idx = self.last_index
        dict.__setitem__(fact, "__factid__", idx)  # what Fact's __factid__ setter does
        self[idx] = fact
        self.last_index = idx + 1
        self.added.append(fact)
        counter[identity] = 1 if count is None else count + 1
        of_type = self.by_type.get(fact.__class__)
        if of_type is None:
            self.by_type[fact.__class__] = {idx: fact}
        else:
            of_type[idx] = fact
        return fact


def _identity(fact: Any) -> tuple[Any, ...] | None:
    """The fact's identity in the fact list (:meth:`_FactList._get_fact_id`), for a fact experta's ``declare`` would
    take without a question; ``None`` for any other, which goes through experta.

    That is a :class:`Fact` of a class without Fields (nothing to validate) whose keys are all names without a
    double underscore (none special, none a nested accessor; the id an earlier declaration gave it is left out of the
    identity, and replaced, as experta does) and whose values are not conditional elements (a pattern's
    constraints): all of calfexpert's facts, new or declared in an earlier run."""
    shape = _plain_shape(fact)
    return None if shape is None else (fact.__class__, shape.name_set, *shape.values(fact))  # type: ignore[misc]


def _plain_shape(fact: Any) -> _Shape | None:
    """The shape of a fact :func:`_identity` gives an identity (``None`` for any other): what its identity and its
    snapshot (:meth:`FactRecord.of`, the same before and after its declaration adds the id) are made from."""
    if not isinstance(fact, Fact) or type(fact).__fields__:
        return None
    keys = tuple(fact)
    shape = _SHAPES.get(keys) or _shape(keys)
    if not shape.plain:
        return None
    for value in fact.values():
        if type(value) not in _SCALARS and isinstance(value, ConditionalElement):
            return None
    return shape


class PreparedFact(NamedTuple):
    """A fact a rule declares the same way every time it fires, worked out once: its class and fields, its identity
    in the fact list (:func:`_identity`) and its snapshot's record type and data (:meth:`FactRecord.of`)."""

    kind: type[Fact]
    fields: dict[str, Any]
    identity: tuple[Any, ...]
    record_type: str
    data: tuple[tuple[str, Any], ...]


def prepare_fact(kind: type[Fact], fields: dict[str, Any]) -> PreparedFact | None:
    """``kind(**fields)`` prepared for :meth:`TracingEngine.declare_prepared`; ``None`` for a fact that must go
    through ``declare`` (one experta's checks would question, with a value a snapshot converts, or of a class
    :func:`~calfexpert.facts.plain_fact` does not build)."""
    fact = kind(**fields)
    identity = _identity(fact)
    if identity is None or not all(type(v) in _SCALARS for v in fact.values()) or not builds_plainly(kind):
        return None
    dict.__setitem__(fact, "__factid__", -1)
    record = FactRecord.of(fact)
    return PreparedFact(kind, dict(fields), identity, record.type, tuple(record.data.items()))


@dataclass
class FactRecord:
    """A fact as it was when it was matched, asserted or retracted."""

    id: int
    type: str
    data: dict[str, Any]

    @classmethod
    def of(cls, fact: Fact, declared: bool = True, shape: _Shape | None = None) -> FactRecord:
        """A snapshot of ``fact``; ``declared=False`` for one that was never stored (a rejected duplicate, id -1);
        ``shape``: the fact's shape (:func:`_shape`) if known (before or after its declaration).

        Its data: the fact's fields but its id, in the order of their names as text, unfrozen, tuples as lists."""
        kind = type(fact)
        name = _RECORD_TYPES.get(kind)
        if name is None:
            name = _RECORD_TYPES[kind] = record_type(kind)
        data = {}
        if shape is None:
            keys = tuple(fact)
            shape = _SHAPES.get(keys) or _shape(keys)
        for key in shape.snapshot:
            value = fact[key]
            if type(value) not in _SCALARS:
                if type(value) is tuple:  # (experta's unfreeze gives a tuple back as it is, a dispatch later)
                    value = list(value)
                else:
                    value = unfreeze(value)
                    if isinstance(value, tuple):
                        value = list(value)
            data[key] = value
        return cls(int(fact["__factid__"]) if declared else -1, name, data)


@dataclass
class Firing:
    """One rule firing: what it matched and what it changed."""

    number: int
    rule: str
    salience: int
    matched: list[FactRecord]
    bindings: dict[str, Any]
    asserted: list[FactRecord] = field(default_factory=list)
    retracted: list[FactRecord] = field(default_factory=list)
    duplicates: list[FactRecord] = field(default_factory=list)
    read: list[FactRecord] = field(default_factory=list)
    """Facts an aggregating rule read from working memory besides those it matched."""


@dataclass
class RunResult:
    """The outcome of one case: the facts left in working memory and the trace."""

    facts: list[FactRecord]
    trace: list[Firing]
    inputs: list[FactRecord]

    def of_type(self, name: str) -> list[FactRecord]:
        return [f for f in self.facts if f.type == name]


class _TracingAgenda(Agenda):
    def __init__(self, engine: TracingEngine) -> None:
        super().__init__()
        self._engine = engine

    def get_next(self) -> Any:
        engine = self._engine
        if engine._fired >= engine.budget and self.activations:
            engine.budget_exhausted = True
            return None
        activation = super().get_next()
        if activation is not None:
            engine._open_firing(activation)
        return activation


class TracingEngine(KnowledgeEngine):
    """A KnowledgeEngine that records its firings and stops at a firing budget."""

    __strategy__ = StableStrategy
    __matcher__ = FastMatcher

    def __init__(self, budget: int = DEFAULT_BUDGET) -> None:
        self.budget = budget
        self.budget_exhausted = False
        self._fired = 0
        self._trace: list[Firing] = []
        self._current: Firing | None = None
        self._snapshots: dict[int, FactRecord] = {}
        self._tracing = True
        super().__init__()

    def _record(self, fact: Fact) -> FactRecord:
        """The snapshot of a declared fact, taken once per run (declared facts cannot change).

        Trace entries share it: treat records as read-only."""
        fid = fact["__factid__"]
        record = self._snapshots.get(fid)
        if record is None:
            record = self._snapshots[fid] = FactRecord.of(fact)
        return record

    # experta assigns ``self.agenda`` in __init__ and reset(); keep ours in its place.
    @property
    def agenda(self) -> Agenda:
        return self._agenda

    @agenda.setter
    def agenda(self, value: Agenda) -> None:
        if not isinstance(value, _TracingAgenda):
            wrapped = _TracingAgenda(self)
            wrapped.activations = value.activations
            value = wrapped
        self._agenda = value

    # experta assigns a new, empty ``self.facts`` in __init__ and reset(); ours declares faster (:class:`_FactList`)
    @property
    def facts(self) -> FactList:
        return self._facts

    @facts.setter
    def facts(self, value: FactList) -> None:
        if type(value) is FactList and not value and value.last_index == 0 and not value.added:
            fresh = _FactList()
            fresh.duplication = value.duplication
            value = fresh
        self._facts = value

    def reset(self, **kwargs: Any) -> None:
        """experta's reset; without the per-reset search for DefFacts (``inspect.getmembers`` and
        a signature per DefFacts) when the engine has none of its own, the common case."""
        self._snapshots = {}  # fact ids start again from 0
        cls = type(self)
        plain = cls.__dict__.get("_plain_reset")
        if plain is None:
            plain = not _own_deffacts(cls)
            cls._plain_reset = plain
        if kwargs or not plain:
            super().reset(**kwargs)
            return
        self.agenda = _TracingAgenda(self)
        self.facts = _FactList()
        self.matcher.reset()
        self._declare_all([InitialFact()])
        self.running = False

    def run(self, steps: float = float("inf")) -> None:
        """experta's ``run()``, without formatting a log message per firing when its watchers are off."""
        # experta logs every firing at INFO on its RULES watcher, and the agenda when AGENDA's own level is DEBUG
        if _RULES_LOG.isEnabledFor(logging.INFO) or 0 < _AGENDA_LOG.level <= logging.DEBUG:
            super().run(steps)
            return
        self.running = True
        strategy = self.strategy
        stable = type(strategy) is StableStrategy
        matcher = self.matcher
        while steps > 0 and self.running:
            facts = self._facts
            if type(facts) is _FactList:  # get_activations, inline
                added, removed = facts.added, facts.removed
                if added or removed:
                    facts.added, facts.removed = [], []
                    added, removed = matcher.changes(added, removed)
                # (else nothing was declared or retracted: the matcher has no change, and a third of the firings leave
                # the agenda as it is)
            else:
                added, removed = self.get_activations()
            agenda = self._agenda
            if stable and not 0 < _ACTIVATIONS_LOG.level <= logging.INFO:  # (experta's watchers.worth)
                if added or removed:
                    strategy._update_agenda(agenda, added, removed)  # what update_agenda does, not logging
            else:
                strategy.update_agenda(agenda, added, removed)
            if type(agenda) is _TracingAgenda:  # its get_next, inline
                activations = agenda.activations
                if not activations:
                    break
                if self._fired >= self.budget:
                    self.budget_exhausted = True
                    break
                activation = activations.pop()
                self._open_firing(activation)
            else:
                activation = agenda.get_next()
                if activation is None:
                    break
            steps -= 1
            rule = activation.rule
            if type(rule) is CompiledRule:
                rule.fire(self, activation.context)
            else:
                rule(self, **{k: v for k, v in activation.context.items() if not k.startswith("__")})
        self.running = False

    def get_activations(self) -> tuple[list[Any], list[Any]]:
        """experta's ``get_activations``: the matcher's changes for the facts declared and retracted since the last call."""
        facts = self._facts
        if type(facts) is not _FactList:
            return super().get_activations()  # type: ignore[no-any-return]
        added, removed = facts.added, facts.removed
        facts.added, facts.removed = [], []
        return self.matcher.changes(added, removed)  # type: ignore[no-any-return]

    def _open_firing(self, activation: Any) -> None:
        self._fired += 1
        if not self._tracing:  # the rule and its number only
            self._current = Firing(self._fired, activation.rule.__name__, activation.rule.salience, [], {})
            self._trace.append(self._current)
            return
        snapshots = self._snapshots
        matched = []
        facts = getattr(activation, "matched", None) or activation.facts  # (BranchActivation: without the set)
        for f in (facts if len(facts) == 1 else _by_id(facts)):
            if not isinstance(f, InitialFact):
                record = snapshots.get(f["__factid__"])
                matched.append(record if record is not None else self._record(f))
        context = activation.context
        names = _binding_names(activation)  # (as get_key reads them)
        bindings = {}
        for k in names:
            v = context[k]
            bindings[k] = v if type(v) in _SCALARS else f"<f-{fact_id(v)}>" if isinstance(v, Fact) else unfreeze(v)
        rule = activation.rule
        # (the four lists of what the firing changes given, not made by the dataclass's default factories)
        self._current = Firing(self._fired, rule.__name__, rule.salience, matched, bindings, [], [], [], [])
        self._trace.append(self._current)

    def _declare_all(self, facts: list[Fact]) -> None:
        """experta's ``__declare(*facts)`` (every fact checked before any is declared, then one match), without its
        per-call generator checks when every fact is plainly acceptable (:func:`_identity`)."""
        fact_list = self._facts
        shapes = [_plain_shape(f) for f in facts] if type(fact_list) is _FactList else [None]
        if None in shapes or self.running or _FACTS_LOG.isEnabledFor(logging.INFO):
            self._KnowledgeEngine__declare(*facts)  # type: ignore[attr-defined]
            return
        for fact, shape in zip(facts, shapes, strict=True):  # each fact with _identity's identity
            fact_list.add(fact, (fact.__class__, shape.name_set, *shape.values(fact)))  # type: ignore[union-attr]
        added, removed = self.get_activations()
        self.strategy.update_agenda(self.agenda, added, removed)

    def _declare_inputs(self, facts: list[Fact]) -> None:
        """experta's ``declare(*facts)``: :meth:`_declare_all`, after the warning experta gives before any reset."""
        if not self._facts:
            super().declare(*facts)
            return
        self._declare_all(facts)

    def declare(self, *facts: Fact) -> Any:
        """experta's ``declare``, one fact at a time, recording what each firing asserts and the duplicates it
        was refused; a fact experta's checks would question (:func:`_identity` is ``None``), a declaration before any
        reset (experta warns) or with experta's FACTS watcher on goes through experta's own."""
        last = None
        fact_list = self._facts
        fast = fact_list and type(fact_list) is _FactList and not _FACTS_LOG.isEnabledFor(logging.INFO)
        for fact in facts:
            shape = _plain_shape(fact) if fast else None  # (what its identity and its snapshot are made from)
            if shape is None:
                result = super().declare(fact)
            else:
                result = fact_list.add(fact, (fact.__class__, shape.name_set, *shape.values(fact)))  # type: ignore[misc]
                if not self.running:
                    added, removed = self.get_activations()
                    self.strategy.update_agenda(self.agenda, added, removed)
            current = self._current
            if current is not None and self._tracing:
                if result is None:
                    current.duplicates.append(FactRecord.of(fact, declared=False, shape=shape))
                else:
                    fid = result["__factid__"]
                    record = self._snapshots.get(fid)
                    if record is None:
                        record = self._snapshots[fid] = FactRecord.of(result, shape=shape)
                    current.asserted.append(record)
            if result is not None:
                last = result
        return last

    def facts_of(self, fact_type: type) -> list[Any]:
        """The facts of exactly one class in working memory, oldest first (for aggregating rules)."""
        facts = self._facts
        if type(facts) is _FactList:
            of_type = facts.by_type.get(fact_type)
            return list(of_type.values()) if of_type else []
        return [f for f in facts.values() if type(f) is fact_type]

    def declare_prepared(self, prepared: tuple[PreparedFact, ...]) -> None:
        """``declare(*[p.kind(**p.fields) for p in prepared])``, with each fact's identity and snapshot worked out
        beforehand (:func:`prepare_fact`): a declarative rule's conclusions, the same at every firing."""
        fact_list = self._facts
        if not fact_list or type(fact_list) is not _FactList or _FACTS_LOG.isEnabledFor(logging.INFO):
            self.declare(*[p.kind(**p.fields) for p in prepared])
            return
        current = self._current if self._tracing else None
        snapshots = self._snapshots
        for kind, fields, identity, name, data in prepared:
            fact = _new(kind)  # plain_fact(kind, fields), inline: prepare_fact took only a kind and values it can build
            _fill(fact, fields)
            result = fact_list.add(fact, identity)
            if not self.running:
                added, removed = self.get_activations()
                self.strategy.update_agenda(self.agenda, added, removed)
            if current is not None:
                if result is None:
                    current.duplicates.append(FactRecord(-1, name, dict(data)))
                else:
                    fid = result["__factid__"]
                    record = snapshots[fid] = FactRecord(fid, name, dict(data))
                    current.asserted.append(record)

    def note_read(self, facts: list[Fact]) -> None:
        """Record, in the current firing, facts its rule read from working memory (an aggregate)."""
        if self._current is not None and self._tracing:
            snapshots, record = self._snapshots, self._record
            self._current.read.extend([snapshots.get(f["__factid__"]) or record(f) for f in facts])

    def retract(self, idx_or_declared_fact: Any) -> Any:
        if self._current is not None and self._tracing and isinstance(idx_or_declared_fact, Fact):
            self._current.retracted.append(self._record(idx_or_declared_fact))
        return super().retract(idx_or_declared_fact)

    def run_facts(self, facts: list[Fact], trace: bool = True, only: Collection[str] | None = None) -> RunResult:
        """Reset, declare ``facts``, run to quiescence and return the result.

        With ``trace=False`` each firing records only its rule and number (no matched facts,
        bindings or changes), for callers that need the final facts and which rules fired.
        With ``only`` (record type names, such as ``"Triage"``), the result's ``facts`` are the final facts of
        those types and its ``inputs`` are empty: for callers that read a few kinds of fact (a summary, a count)."""
        self._tracing = trace
        self.reset()
        self._fired = 0
        self._trace = []
        self._current = None
        self._snapshots = {}
        self.budget_exhausted = False
        if facts:
            self._declare_inputs(facts)
        record = self._record
        inputs: list[FactRecord] = []
        if only is None:  # (no snapshot is taken before the run: each input's is taken here, once)
            snapshots, of = self._snapshots, FactRecord.of
            for f in self._facts.values():
                if not isinstance(f, InitialFact):
                    inputs.append(snapshots.setdefault(f["__factid__"], of(f)))
        try:
            self.run()
        except Exception as exc:
            self.running = False
            rule = self._current.rule if self._current else "?"
            raise InternalError(f"rule {rule} failed: {type(exc).__name__}: {exc}") from exc
        finally:
            self._current = None
        if self.budget_exhausted:
            pending = sorted({a.rule.__name__ for a in self.agenda.activations})
            raise InternalError(
                f"the rules did not settle within {self.budget} firings (a rule is looping); "
                f"still pending: {', '.join(pending[:10])}"
            )
        snapshot_of = self._snapshots.get
        final = []
        for f in self._facts.values():
            if isinstance(f, InitialFact) or (only is not None and record_type(type(f)) not in only):
                continue
            snapshot = snapshot_of(f["__factid__"])
            final.append(snapshot if snapshot is not None else record(f))
        final.sort(key=_RECORD_ID)  # (working memory keeps them in the order of their ids already)
        return RunResult(facts=final, trace=list(self._trace), inputs=inputs)


_local = threading.local()


def engine_for_this_thread(engine_class: type[TracingEngine]) -> TracingEngine:
    """This thread's engine of ``engine_class``, built on first use and reused."""
    engines: dict[type[TracingEngine], TracingEngine] = getattr(_local, "engines", None) or {}
    _local.engines = engines
    engine = engines.get(engine_class)
    if engine is None:
        engine = engines[engine_class] = engine_class()
    return engine
