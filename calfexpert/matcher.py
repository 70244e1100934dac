"""calfexpert's own matcher for experta, installed through ``KnowledgeEngine.__matcher__``.

experta stays the engine (fact list, agenda, ``run()``) and its :class:`Rule` stays the rule
language; this module replaces only the part that finds which rules match, which experta's
stock ``ReteMatcher`` does slowly (it asks every conflict-set node for changes on every cycle,
copies tokens at every node and scans unindexed join memories).  Here:

* **Rule preparation.**  Each rule's left-hand side is put in disjunctive normal form by our own
  code (:func:`branches`): a list of *branches*, each a sequence of positive patterns, negated
  patterns and ``TEST``\\ s, with ``InitialFact()`` prepended exactly where experta's
  ``prepare_rule`` prepends it.  The tests check the result equal to experta's on every rule.
* **Alpha dispatch.**  A new fact goes only to the patterns of its exact class whose literal
  value of that class's most selective field equals the fact's (one dict lookup), plus the few
  patterns of the class without that literal; equal patterns share one alpha memory, as in
  experta.
* **Partial matches per branch.**  Every branch keeps, level by level, the partial matches
  (tokens) that passed its first conditions; a new fact is joined only with the tokens of the
  level before each pattern it matches, with the shared variables precomputed per level.
* **NOT by removal.**  A new fact under ``NOT`` removes the tokens it blocks (and what was built
  on them); its retraction re-checks only the tokens it had blocked.
* **Changes, not rescans.**  Additions and removals of complete matches are netted between two
  calls of :meth:`FastMatcher.changes`, exactly as experta's conflict-set nodes net them, so
  the engine gets the same activations without anything being rescanned.

A construct this matcher does not support (``EXISTS``, ``FORALL``, field constraints combined
with ``&``/``|``, a negated binding, a ``TEST`` before any pattern ...) is refused with
:class:`UnsupportedRule` when the network is built, never at run time.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from functools import cached_property
from itertools import product
from typing import Any

from ._experta import (
    AND,
    ANDFC,
    EXISTS,
    FORALL,
    NOT,
    NOTFC,
    OR,
    ORFC,
    TEST,
    Activation,
    Fact,
    FieldConstraint,
    InitialFact,
    L,
    Matcher,
    P,
    Rule,
    W,
)

POS, NEG, TST = "pos", "neg", "test"
"""The kinds of element of a prepared branch."""

Element = tuple[str, Any]
"""``(POS, pattern)``, ``(NEG, pattern)`` or ``(TST, function)``."""


class UnsupportedRule(TypeError):
    """A rule uses a construct :class:`FastMatcher` cannot match (raised when the network is built)."""


# --------------------------------------------------------------------------------------------
# Rule preparation (disjunctive normal form)


def _expand(ce: Any, where: str) -> list[list[Element]]:
    """The alternatives of one conditional element, each a list of elements (DNF)."""
    if isinstance(ce, Fact):
        return [[(POS, ce)]]
    if isinstance(ce, TEST):
        return [[(TST, ce[0])]]
    if isinstance(ce, NOT):
        inner = ce[0]
        if isinstance(inner, NOT):  # double negation
            return _expand(inner[0], where)
        if isinstance(inner, OR):  # De Morgan: not (a or b) = not a and not b
            return _expand(AND(*(NOT(x) for x in inner)), where)
        if isinstance(inner, AND):  # De Morgan: not (a and b) = not a or not b
            return _expand(OR(*(NOT(x) for x in inner)), where)
        if isinstance(inner, Fact):
            return [[(NEG, inner)]]
        raise UnsupportedRule(f"{where}: NOT of {type(inner).__name__} is not supported")
    if isinstance(ce, (EXISTS, FORALL)):
        raise UnsupportedRule(f"{where}: {type(ce).__name__} is not supported by calfexpert's matcher")
    if isinstance(ce, OR):
        return [alt for x in ce for alt in _expand(x, where)]
    if isinstance(ce, AND):
        return [[e for part in combo for e in part] for combo in product(*(_expand(x, where) for x in ce))]
    raise UnsupportedRule(f"{where}: unknown conditional element {ce!r}")


def branches(rule: Rule) -> list[list[Element]]:
    """The rule's left-hand side in disjunctive normal form, prepared as experta prepares it.

    ``InitialFact()`` is put in front of a branch that starts with a ``NOT``, and in front of
    a single-branch rule that has no pattern at all (no conditions, or only ``TEST``\\ s).
    """
    name = getattr(rule, "__name__", None) or repr(rule)
    alternatives = _expand(AND(*rule), f"rule {name}") if len(rule) else [[]]
    single = len(alternatives) == 1
    out: list[list[Element]] = []
    for alt in alternatives:
        has_pattern = any(kind != TST for kind, _ in alt)
        if not alt or (alt[0][0] == NEG) or (single and not has_pattern):
            alt = [(POS, InitialFact()), *alt]
        if alt[0][0] != POS:
            raise UnsupportedRule(f"rule {name}: a branch starts with a TEST before any pattern "
                                  "(experta would never fire it); put a pattern first")
        out.append(alt)
    return out


# --------------------------------------------------------------------------------------------
# Patterns (the alpha part)

_NOTHING = object()


def _constraint(value: Any, where: str) -> tuple[list[Callable[[Any], bool]], list[str]]:
    """(tests, variables bound) for one field of a pattern: every test must pass, and each
    variable is bound to the field's value."""
    if not isinstance(value, FieldConstraint):
        value = L(value)
    binds = [value.__bind__] if getattr(value, "__bind__", None) is not None else []
    if isinstance(value, L):
        expected = value.value

        def equal(actual: Any) -> bool:
            return expected == actual  # type: ignore[no-any-return]

        equal.literal = (expected,)  # type: ignore[attr-defined]  # AlphaPattern.match compares it inline
        return [equal], binds
    if isinstance(value, W):
        return [], binds
    if isinstance(value, P):
        fn = value.match

        def predicate(actual: Any) -> bool:
            return bool(fn(actual))

        predicate.function = fn  # type: ignore[attr-defined]  # AlphaPattern.match calls it directly (``not fn(v)``)
        return [predicate], binds
    if isinstance(value, NOTFC):
        inner = value[0]
        if isinstance(inner, (L, P)) and inner.__bind__ is None:
            (test,), _ = _constraint(inner, where)
            return [lambda actual: not test(actual)], []
        raise UnsupportedRule(f"{where}: only ~L(...) or ~P(...) without a binding can be negated")
    if isinstance(value, ANDFC):  # MATCH.x & P(...): every part holds, every binding is the value
        tests: list[Callable[[Any], bool]] = []
        for part in value:
            if isinstance(part, (ANDFC, ORFC)):
                raise UnsupportedRule(f"{where}: nested & or | in a field constraint is not supported")
            part_tests, part_binds = _constraint(part, where)
            tests += part_tests
            binds += part_binds
        return tests, binds
    if isinstance(value, ORFC):
        raise UnsupportedRule(f"{where}: field constraints combined with | are not supported; "
                              "write one P(...) predicate, or OR(...) of patterns")
    raise UnsupportedRule(f"{where}: unknown field constraint {value!r}")


class AlphaPattern:
    """One pattern (shared by every rule that uses an equal pattern) and the facts it matches."""

    __slots__ = ("_bind_read", "_capture_bound", "_checks", "_direct", "_names", "_read", "_single", "binds", "capture",
                 "fact_type", "literal", "memory", "pattern", "tests", "uses")

    def __init__(self, pattern: Fact, capture: str, where: str) -> None:
        self.pattern = pattern
        self.fact_type = type(pattern)
        tests: list[tuple[Any, Callable[[Any], bool]]] = []
        binds: list[tuple[Any, str]] = []
        self.literal: dict[str, Any] = {}
        bound_fact = None
        for key, value in pattern.items():
            if isinstance(key, str) and key.startswith("__") and key.endswith("__"):
                if key == "__bind__":
                    bound_fact = value
                    continue
                raise UnsupportedRule(f"{where}: special pattern key {key!r} is not supported")
            path: Any = key
            if isinstance(key, str) and "__" in key:
                path = tuple(int(p) if p.isnumeric() else p for p in key.split("__"))
            field_tests, field_binds = _constraint(value, where)
            tests += [(path, test) for test in field_tests]
            binds += [(path, bind) for bind in field_binds]
            plain = not isinstance(value, FieldConstraint) or (isinstance(value, L) and value.__bind__ is None)
            raw = value.value if isinstance(value, L) else value
            if plain and isinstance(path, str) and isinstance(raw, (str, int, float, bool)):
                self.literal[path] = raw
        self.tests = tuple(tests)
        self.binds = tuple(binds)
        self.capture = bound_fact if bound_fact is not None else capture
        self.memory: dict[int, dict[str, Any]] = {}
        self.uses: list[tuple[Branch, int, int, dict[Any, Any]]] = []
        """Where the pattern is used: (branch, level, how many patterns come before it, the memory a new fact of
        it joins with or blocks: the level before, for a pattern, the level's own, for a NOT)."""
        self._names = frozenset({bind for _, bind in self.binds} | {self.capture})
        self._capture_bound = self.capture in {bind for _, bind in self.binds}
        # a fact of a class without experta Fields (no defaults to fill in) reads a plain field with dict.get
        self._direct = not getattr(self.fact_type, "__fields__", None) and all(isinstance(p, str) for p, _ in tests)
        self._read: Callable[[Fact, Any, Any], Any] = dict.get if self._direct else _get  # type: ignore[assignment]
        self._bind_read: Callable[[Fact, Any, Any], Any] = (  # (the same for the bound fields)
            dict.get if self._direct and all(isinstance(p, str) for p, _ in binds) else _get)  # type: ignore[assignment]
        self._set_checks(())

    def _compile_checks(self, skip: tuple[Any, ...]) -> tuple[tuple[Any, Any, Any], ...]:
        """The tests as ``(path, literal or None, predicate or None)``, in their order, without the literal test
        of the fields in ``skip`` (ones :class:`FastMatcher` dispatches on, so every fact that gets here passed them)."""
        checks = []
        for path, test in self.tests:
            literal = getattr(test, "literal", None)
            if literal is not None:
                if path in skip:
                    continue
                checks.append((path, literal[0], None))
            else:
                checks.append((path, None, getattr(test, "function", test)))
        return tuple(checks)

    def dispatched_on(self, key: str) -> None:
        """Every fact this pattern is given has ``key`` equal to its literal there: that test is not repeated
        (unless the literal is not equal to itself, a NaN, which the dispatch's dict could still find by identity)."""
        literal = self.literal[key]
        if literal == literal:
            self._set_checks((key,))

    def _set_checks(self, skip: tuple[Any, ...]) -> None:
        self._checks = self._compile_checks(skip)
        self._single = self._checks[0] if self._direct and len(self._checks) == 1 and not self.binds else None

    def names(self) -> frozenset[str]:
        """The context keys a match of this pattern provides."""
        return self._names

    def match(self, fact: Fact) -> dict[str, Any] | None:
        """The context (bindings and the captured fact) if ``fact`` matches, else ``None``.  (The matcher checks a
        pattern with one test on one plain field and nothing bound, :attr:`_single`, inline instead: most patterns.)"""
        read = self._read
        for path, literal, predicate in self._checks:
            value = read(fact, path, _NOTHING)
            if value is _NOTHING:
                return None
            if predicate is None:
                if not literal == value:
                    return None
            elif not predicate(value):
                return None
        context: dict[str, Any] = {}
        read = self._bind_read
        for path, bind in self.binds:
            value = read(fact, path, _NOTHING)
            if value is _NOTHING:
                return None
            if context.setdefault(bind, value) != value:
                return None
        if self._capture_bound and context[self.capture] != fact:
            return None
        context[self.capture] = fact
        return context


def _get(fact: Fact, path: Any, missing: Any = _NOTHING) -> Any:
    """The value at ``path`` (a field, or a tuple of keys into nested values) as experta reads it, else ``missing``."""
    try:
        if isinstance(path, tuple):
            record: Any = fact
            for part in path:
                record = record[part]
            return record
        return fact[path]
    except (IndexError, KeyError, TypeError):
        return missing


# --------------------------------------------------------------------------------------------
# Branches (the beta part)


class _Token:
    """A partial match: the ids of its facts (``key``: what was built on it at later levels has it as a prefix),
    the facts and the bindings."""

    __slots__ = ("activation", "context", "facts", "key")

    def __init__(self, key: tuple[int, ...], facts: tuple[Fact, ...], context: dict[str, Any]) -> None:
        self.key = key
        self.facts = facts
        self.context = context
        self.activation: Any = None


class BranchActivation(Activation):
    """experta's ``Activation``, knowing the names of the bindings in its context (``binding_names``: sorted, without
    the ``__internal__`` ones): the same for every match of one rule branch, worked out once per branch, so the
    strategy's key (:meth:`calfexpert.engine.StableStrategy.get_key`) does not filter and sort the context each time;
    and the matched facts as the match holds them (``matched``: in the order of the patterns, a fact two patterns
    matched twice), from which the key and the trace are taken: experta's set of them (``facts``) is built only when
    something asks for it (hashing each fact through ``Fact.__hash__``, a Python call per fact)."""

    def __init__(self, rule: Any, facts: tuple[Fact, ...], context: dict[str, Any], binding_names: tuple[str, ...]) -> None:
        # the attributes experta's Activation.__init__ sets, set here without a second call per activation
        self.rule = rule
        self.matched = facts
        self.key = None
        self.context = context
        self.binding_names = binding_names

    @cached_property
    def facts(self) -> set[Fact]:  # type: ignore[override]
        return set(self.matched)


class CompiledRule:
    """What an activation calls: the rule's function with the bindings it names (as experta's prepared rule)."""

    __slots__ = ("__name__", "function", "named", "parameters", "rule", "salience")

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self.__name__ = rule.__name__
        self.salience = rule.salience
        self.function = rule._wrapped
        # the parameter names experta's Rule read from the function when it was declared
        # (empty when the function takes **kwargs): the bindings it passes, as experta does
        self.parameters = frozenset(rule._wrapped_args) or None
        self.named = tuple(sorted(p for p in self.parameters or () if not p.startswith("__")))
        """The parameters a binding can be passed to (experta passes none named ``__internal__``)."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self.parameters is not None:
            kwargs = {k: v for k, v in kwargs.items() if k in self.parameters}
        return self.function(*args, **kwargs)

    def fire(self, engine: Any, context: dict[str, Any]) -> Any:
        """``self(engine, **bindings)`` for an activation's context, as experta's ``run()`` calls it (the context
        without its ``__internal__`` keys), in one pass."""
        parameters = self.parameters
        if parameters is None:
            return self.function(engine, **{k: v for k, v in context.items() if not k.startswith("__")})
        if parameters.isdisjoint(context):  # no binding the function names (a declarative rule's ``rhs(engine)``)
            return self.function(engine)
        bindings = {}
        for name in self.named:
            if name in context:
                bindings[name] = context[name]
        return self.function(engine, **bindings)

    def __repr__(self) -> str:
        return f"CompiledRule({self.__name__})"


class Branch:
    """One branch of one rule's DNF: its elements and its partial matches, level by level."""

    __slots__ = ("alphas", "binding_names", "ident", "kinds", "last", "matcher", "memories", "number", "rule", "shared",
                 "tests")

    def __init__(self, matcher: FastMatcher, rule: CompiledRule, number: int, elements: list[Element],
                 alphas: list[AlphaPattern | None]) -> None:
        self.matcher = matcher
        self.rule = rule
        self.number = number
        self.kinds = tuple(kind for kind, _ in elements)
        self.alphas = tuple(alphas)
        self.tests: list[tuple[Callable[..., Any], tuple[str, ...]] | None] = []
        self.shared: list[tuple[str, ...]] = []
        bound: set[str] = set()
        for (kind, what), alpha in zip(elements, alphas, strict=True):
            if kind == TST:
                self.tests.append((what, tuple(inspect.signature(what).parameters)))
                self.shared.append(())
                continue
            self.tests.append(None)
            assert alpha is not None
            self.shared.append(tuple(sorted(bound & alpha.names())))
            if kind == POS:
                bound |= alpha.names()
        # (a complete match's context has every name its positive patterns bind: the same names for every match)
        self.binding_names = tuple(sorted(k for k in bound if not k.startswith("__")))
        self.memories: list[dict[tuple[int, ...], _Token]] = [{} for _ in elements]
        self.last = len(elements) - 1
        self.ident = id(self)

    def reset(self) -> None:
        for memory in self.memories:
            memory.clear()

    # -- building tokens --------------------------------------------------------------------

    def _store(self, level: int, token: _Token) -> None:
        memory = self.memories[level]
        key = token.key
        if key in memory:
            return
        if not memory:  # reset clears only the memories a case filled
            self.matcher._dirty_memories.append(memory)
        memory[key] = token
        if level == self.last:  # a complete match: an activation added (or a removal of the same match undone)
            activation = token.activation = BranchActivation(self.rule, token.facts, token.context, self.binding_names)
            matcher = self.matcher
            change = (self.ident, key)
            if matcher._removed.pop(change, None) is None:
                matcher._added[change] = activation
        else:
            following = level + 1
            alpha = self.alphas[following]
            if alpha is None or alpha.memory or self.kinds[following] != POS:  # (no fact to join: nothing to extend)
                self._extend(following, token)

    def _extend(self, level: int, token: _Token) -> None:
        """Take ``token`` (which passed every element before ``level``) through element ``level``."""
        kind = self.kinds[level]
        context = token.context
        if kind == POS:
            shared = self.shared[level]
            alpha = self.alphas[level]
            # (alpha memories change only when a fact is declared or retracted, never while tokens are stored)
            for fid, right in alpha.memory.items():  # type: ignore[union-attr]
                for k in shared:  # (all(...) of a generator, without the generator: most levels share one name)
                    if not context[k] == right[k]:
                        break
                else:
                    fact = right[alpha.capture]  # type: ignore[union-attr]
                    self._store(level, _Token((*token.key, fid), (*token.facts, fact), {**context, **right}))
        elif kind == NEG:
            if not self._blocked(level, context):
                self._store(level, token)
        else:
            test, names = self.tests[level]  # type: ignore[misc]
            if test(**{n: context.get(n) for n in names}):
                self._store(level, token)

    def _blocked(self, level: int, context: dict[str, Any], ignore: int | None = None) -> bool:
        shared = self.shared[level]
        for fid, right in self.alphas[level].memory.items():  # type: ignore[union-attr]
            if fid != ignore:
                for k in shared:  # (as in _extend)
                    if not context[k] == right[k]:
                        break
                else:
                    return True
        return False

    # -- removing tokens --------------------------------------------------------------------

    def _remove(self, level: int, token: _Token) -> None:
        memory = self.memories[level]
        key = token.key
        if memory.get(key) is not token:
            return
        del memory[key]
        if level == self.last:
            self.matcher._deactivate(self, token)
            return
        # what was built on it: the tokens of later levels whose key starts with its key (one token object passes
        # NOT and TEST levels unchanged, with its key)
        size = len(key)
        for later in range(level + 1, self.last + 1):
            memory = self.memories[later]
            if memory:
                for built in [k for k in memory if k[:size] == key]:
                    removed = memory.pop(built)
                    if later == self.last:
                        self.matcher._deactivate(self, removed)

    # -- reacting to facts -----------------------------------------------------------------

    def fact_added(self, level: int, fid: int, right: dict[str, Any]) -> None:
        kind = self.kinds[level]
        shared = self.shared[level]
        if kind == POS:
            fact = right[self.alphas[level].capture]  # type: ignore[union-attr]
            if level == 0:
                self._store(0, _Token((fid,), (fact,), right))
                return
            # storing at ``level`` changes that memory and later ones, never the one before
            for parent in self.memories[level - 1].values():
                context = parent.context
                for k in shared:  # (as in _extend)
                    if not context[k] == right[k]:
                        break
                else:
                    self._store(level, _Token((*parent.key, fid), (*parent.facts, fact), {**context, **right}))
        else:  # NEG: the new fact blocks the tokens it matches
            memory = self.memories[level]
            for token in list(memory.values()):
                context = token.context
                for k in shared:
                    if not context[k] == right[k]:
                        break
                else:
                    self._remove(level, token)

    def fact_removed(self, level: int, fid: int, right: dict[str, Any], position: int) -> None:
        kind = self.kinds[level]
        if kind == POS:
            for token in list(self.memories[level].values()):
                if token.key[position] == fid:
                    self._remove(level, token)
        else:  # NEG: the tokens it blocked may pass now
            shared = self.shared[level]
            passed = self.memories[level]
            for token in list(self.memories[level - 1].values()):
                if token.key in passed:
                    continue
                context = token.context
                for k in shared:  # (as in _extend)
                    if not context[k] == right[k]:
                        break
                else:
                    if not self._blocked(level, context):
                        self._store(level, token)


# --------------------------------------------------------------------------------------------
# The matcher


class FastMatcher(Matcher):
    """A drop-in replacement for experta's ``ReteMatcher`` (see the module documentation)."""

    def __init__(self, engine: Any) -> None:
        super().__init__(engine)
        self._patterns: dict[Fact, AlphaPattern] = {}
        self._by_type: dict[type, tuple[str | None, dict[Any, list[AlphaPattern]], list[AlphaPattern]]] = {}
        self._branches: list[Branch] = []
        self._facts: dict[int, list[tuple[AlphaPattern, dict[str, Any]]]] = {}
        """The patterns each declared fact matched, each with the fact's context (also in the pattern's memory)."""
        self._added: dict[tuple[int, tuple[int, ...]], Any] = {}
        self._removed: dict[tuple[int, tuple[int, ...]], Any] = {}
        self._dirty_memories: list[dict[Any, Any]] = []
        self.build_network(engine_rules(engine))

    # -- building -------------------------------------------------------------------------

    def build_network(self, rules: Iterable[Rule]) -> None:
        """Compile every rule; raise :class:`UnsupportedRule` for a construct that cannot be matched."""
        for rule in rules:
            compiled = CompiledRule(rule)
            for number, elements in enumerate(branches(rule)):
                alphas: list[AlphaPattern | None] = []
                for kind, what in elements:
                    alphas.append(None if kind == TST else self._alpha(what, f"rule {compiled.__name__}"))
                branch = Branch(self, compiled, number, elements, alphas)
                self._branches.append(branch)
                positives = 0
                for level, ((kind, _), alpha) in enumerate(zip(elements, alphas, strict=True)):
                    if alpha is not None:
                        alpha.uses.append((branch, level, positives, branch.memories[level - 1 if kind == POS and level else level]))
                    positives += kind == POS
        self._index()

    def _alpha(self, pattern: Fact, where: str) -> AlphaPattern:
        alpha = self._patterns.get(pattern)
        if alpha is None:
            alpha = self._patterns[pattern] = AlphaPattern(pattern, f"__pattern_{len(self._patterns)}__", where)
        return alpha

    def _index(self) -> None:
        """Dispatch by class, then by the literal value of the field most of that class's patterns fix."""
        by_class: dict[type, list[AlphaPattern]] = {}
        for alpha in self._patterns.values():
            if alpha.uses:
                by_class.setdefault(alpha.fact_type, []).append(alpha)
        for fact_type, alphas in by_class.items():
            counts: dict[str, int] = {}
            for alpha in alphas:
                for key in alpha.literal:
                    counts[key] = counts.get(key, 0) + 1
            key = max(sorted(counts), key=lambda k: counts[k]) if counts else None
            table: dict[Any, list[AlphaPattern]] = {}
            rest: list[AlphaPattern] = []
            for alpha in alphas:
                if key is not None and key in alpha.literal:
                    table.setdefault(alpha.literal[key], []).append(alpha)
                    alpha.dispatched_on(key)
                else:
                    rest.append(alpha)
            self._by_type[fact_type] = (key, table, rest)

    # -- matching -------------------------------------------------------------------------

    def reset(self) -> None:
        for _ in map(dict.clear, self._dirty_memories):  # the alpha and branch memories this run filled
            pass
        self._dirty_memories.clear()
        self._facts.clear()
        self._added.clear()
        self._removed.clear()

    def _candidates(self, fact: Fact) -> list[AlphaPattern]:
        entry = self._by_type.get(type(fact))
        if entry is None:
            return []
        key, table, rest = entry
        if key is None or not table:
            return rest
        value = _get(fact, key)
        if value is _NOTHING:
            return rest
        try:
            keyed = table.get(value)
        except TypeError:  # an unhashable value: compare with every literal
            keyed = [a for literal, group in table.items() if literal == value for a in group]
        return rest + keyed if keyed else rest

    def changes(self, adding: Iterable[Fact] | None = None, deleting: Iterable[Fact] | None = None) -> tuple[list[Any], list[Any]]:
        """Apply retracted then declared facts; return the activations added and removed since the last call."""
        if deleting:
            for fact in deleting:
                self._retract(fact)
        if adding:
            for fact in adding:
                self._declare(fact)
        added = self._added
        removed = self._removed
        if not added and not removed:
            return [], []
        self._added, self._removed = {}, {}
        return list(added.values()), list(removed.values())

    def _declare(self, fact: Fact) -> None:
        entry = self._by_type.get(type(fact))
        if entry is None:  # no pattern is about facts of its class
            return
        fid = fact["__factid__"]
        key, table, rest = entry
        if key is None:  # (no field to dispatch on: every pattern of the class)
            candidates: list[AlphaPattern] = rest
        elif type(fact).__fields__:
            candidates = self._candidates(fact)
        else:  # _candidates, for a fact without Fields (its key read with dict.get) and a hashable key value
            value = fact.get(key, _NOTHING)
            if value is _NOTHING:
                candidates = rest
            else:
                try:
                    keyed = table.get(value)
                except TypeError:
                    candidates = self._candidates(fact)
                else:
                    candidates = rest + keyed if keyed else rest
        matched: list[tuple[AlphaPattern, dict[str, Any]]] = []
        for alpha in candidates:
            single = alpha._single
            if single is not None:  # AlphaPattern.match's first case, inline: one test on one plain field, nothing bound
                path, literal, predicate = single
                value = fact.get(path, _NOTHING)
                if value is _NOTHING or (not literal == value if predicate is None else not predicate(value)):
                    continue
                context: dict[str, Any] | None = {alpha.capture: fact}
            else:
                context = alpha.match(fact)
                if context is None:
                    continue
            memory = alpha.memory
            if not memory:
                self._dirty_memories.append(memory)
            memory[fid] = context
            matched.append((alpha, context))
        if not matched:  # (nothing to undo when it is retracted)
            return
        self._facts[fid] = matched
        key, facts = (fid,), (fact,)  # (the same for every partial match the fact starts)
        for alpha, context in matched:
            for branch, level, _, joined in alpha.uses:
                if not level:  # the first pattern of a branch: a partial match of its own (fact_added's first case)
                    branch._store(0, _Token(key, facts, context))
                elif joined:  # (with no partial match to join or block, fact_added does nothing)
                    branch.fact_added(level, fid, context)

    def _retract(self, fact: Fact) -> None:
        fid = fact["__factid__"]
        matched = self._facts.pop(fid, None)
        if matched is None:
            return
        for alpha, _ in matched:  # (out of every memory before any branch re-checks what it blocked)
            del alpha.memory[fid]
        for alpha, context in matched:
            for branch, level, position, _ in alpha.uses:
                branch.fact_removed(level, fid, context, position)

    def _deactivate(self, branch: Branch, token: _Token) -> None:
        key = (branch.ident, token.key)
        if self._added.pop(key, None) is None:
            self._removed[key] = token.activation


def engine_rules(engine: Any) -> list[Rule]:
    """The rules of an engine, as experta's ``get_rules`` finds them, without binding them to the instance."""
    seen: dict[str, Any] = {}
    for klass in type(engine).__mro__:
        for name, value in vars(klass).items():
            seen.setdefault(name, value)
    seen.update(vars(engine))
    return [value for _, value in sorted(seen.items()) if isinstance(value, Rule)]


__all__ = ["AlphaPattern", "Branch", "BranchActivation", "CompiledRule", "FastMatcher", "UnsupportedRule", "branches", "engine_rules"]
