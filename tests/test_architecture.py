"""The package's structure holds: no import cycle among calfexpert's modules.

Every ``import`` in every module counts, at module level and inside functions alike (a lazy
import is still a dependency); only imports under ``if TYPE_CHECKING:`` are left out, since they
never run.  Importing a submodule also imports its package (``calfexpert.render.text`` runs
``calfexpert/render/__init__.py`` first), so a package counts as imported by every import of one
of its modules.  The package root (``calfexpert/__init__.py``, the public API that re-exports)
is left out as a target: it imports the library, and nothing inside the library imports it.
Nor do the packages that hold a module count as its imports (``calfexpert.rules.bone`` importing
``calfexpert.rules.base``): Python has started them before the module runs.
"""

from __future__ import annotations

import ast
from pathlib import Path

import calfexpert

PACKAGE = Path(calfexpert.__file__).resolve().parent
ROOT_NAME = "calfexpert"


def module_name(path: Path) -> str:
    parts = [ROOT_NAME, *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imported(name: str, path: Path, known: set[str]) -> set[str]:
    """The calfexpert modules ``name`` imports anywhere in its source (TYPE_CHECKING blocks aside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    own_packages = {".".join(name.split(".")[:end]) for end in range(1, name.count(".") + 1)}

    def add(target: str) -> None:
        # the module itself, and every package on the way down to it, except the packages that hold
        # the importing module (Python has started them before the module runs)
        parts = target.split(".")
        for end in range(2, len(parts) + 1):
            prefix = ".".join(parts[:end])
            if prefix in known and prefix not in own_packages:
                found.add(prefix)

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child.test):
                for other in child.orelse:
                    visit(other)
                continue
            if isinstance(child, ast.Import):
                for alias in child.names:
                    add(alias.name)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[: len(base) - (child.level - 1)]
                    target = ".".join(base + ([child.module] if child.module else []))
                else:
                    target = child.module or ""
                add(target)
                for alias in child.names:  # from . import rules  /  from .render import text
                    add(f"{target}.{alias.name}")
            visit(child)

    visit(tree)
    found.discard(name)
    found.discard(ROOT_NAME)
    return found


def import_graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {name: _imported(name, path, known) for name, path in mods.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle (``[a, b, ..., a]``), or None."""
    state: dict[str, int] = {}  # 1 on the current path, 2 finished
    path: list[str] = []

    def dfs(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            if nxt not in state and (cycle := dfs(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := dfs(node)):
            return cycle
    return None


def test_the_walker_sees_function_level_imports_and_cycles() -> None:
    graph = import_graph()
    # a lazy import inside a function counts (the CLI imports the why-not renderer only when asked)
    assert "calfexpert.render.text" in graph["calfexpert.cli"]
    # importing a submodule imports its package too, unless the importer lives in that package
    assert "calfexpert.render" in graph["calfexpert.cli"]
    assert "calfexpert.rules" not in graph["calfexpert.rules.bone"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle_in_the_package() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_explanation_never_imports_render() -> None:
    graph = import_graph()
    assert not {m for m in graph["calfexpert.explanation"] if m.startswith("calfexpert.render")}


def _string_constants(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def test_whynot_holds_no_rule_id_field_path_or_threshold_of_its_own() -> None:
    """why-not and what-would-change ask the registry, the knowledge and the schema: no rule id, no case field,
    no number but 0 and 1 written in whynot.py."""
    from calfexpert.rules import REGISTRY
    from calfexpert.schemas import list_valued_fields

    path = PACKAGE / "whynot.py"
    strings = _string_constants(path)
    assert not strings & set(REGISTRY.specs)
    assert not {s for s in strings if s.count(".") == 1 and s.split(".")[0] in ("pain", "signs", "history", "runner",
                                                                                "measurements", "training")}
    tree = ast.parse(path.read_text(encoding="utf-8"))
    indices = {id(n) for sub in ast.walk(tree) if isinstance(sub, ast.Subscript) for n in ast.walk(sub.slice)}
    numbers = {node.value for node in ast.walk(tree)
               if isinstance(node, ast.Constant) and type(node.value) in (int, float) and id(node) not in indices}
    assert numbers <= {0, 1, -1, 8}, numbers  # 8: the default length of the what-would-change list
    assert list_valued_fields() == {"pain.location", "pain.quality"}


def test_the_disclaimer_is_written_once_and_every_report_carries_it() -> None:
    from calfexpert.knowledge import DISCLAIMER_HEADLINE
    from calfexpert.render import FORMATS

    phrase = "decision support, not a diagnosis"
    for path in [*sorted((PACKAGE / "render").glob("*.py")), PACKAGE / "explanation.py"]:
        assert phrase not in path.read_text(encoding="utf-8").lower(), f"{path.name} retypes the disclaimer"
    result = calfexpert.explain({"pain": {"side": "left", "onset": "sudden"}})
    for fmt in FORMATS:
        assert phrase in result.render(fmt).lower(), fmt
    assert DISCLAIMER_HEADLINE.lower().rstrip(".") == phrase


def test_format_help_names_every_format() -> None:
    from click.testing import CliRunner

    from calfexpert.cli import main
    from calfexpert.render import FORMATS

    out = CliRunner().invoke(main, ["explain", "--help"], terminal_width=200).output
    for fmt in FORMATS:
        assert f"{fmt}: " in out, fmt


def test_the_readme_layout_table_names_every_module() -> None:
    """Every calfexpert/*.py and subpackage is named in the README's "Where things are" table
    (as `calfexpert/name.py`, `name.py` in a row that starts with `calfexpert/`, or `name/`)."""
    import re

    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Where things are", 1)[1].split("\n## ", 1)[0]
    named: set[str] = set()
    for line in section.splitlines():
        first = line.split("|")[1] if line.startswith("|") and line.count("|") > 2 else ""
        if "`calfexpert/" in first:
            for token in re.findall(r"`([^`]+)`", first):
                named.add(token.removeprefix("calfexpert/").rstrip("/"))
    wanted = {p.name for p in PACKAGE.glob("*.py")} | {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    missing = sorted(wanted - named)
    assert not missing, f"README's layout table does not name: {', '.join(missing)}"


def test_reports_ask_the_interviews_questions_without_importing_it() -> None:
    """render/ says a field in the interview's words: both read the one question table in
    calfexpert.knowledge.questions (render importing the interview, which imports the API, was an import cycle);
    they give the same text for every case field."""
    from calfexpert.interview import make_question
    from calfexpert.render.common import finding_question
    from calfexpert.schemas import case_fields

    for path in case_fields():
        assert finding_question(path) == make_question(path).text, path
