"""The files in the repository that are derived from the knowledge tables and the rule registry.

* the ``enum`` of every id definition in the JSON Schemas (``$defs``: ``condition_id``,
  ``factor_id``, ``level``) comes from :mod:`calfexpert.knowledge`, so adding a condition or a
  factor never needs a hand edit to a schema;
* ``docs/rules.md`` is the rule catalog (:mod:`calfexpert.catalog`).

``docs/gen_pages.py`` writes these with the documentation pages, and ``docs/gen_pages.py
--check`` (run by the test suite) fails when one of them is stale.  The functions read the
tables when called, so a test may change the tables in-process and ask what would be written.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import knowledge
from .schemas import SCHEMA_NAMES, load_schema

PACKAGE = Path(__file__).resolve().parent

ID_ENUMS: dict[str, Callable[[], list[str]]] = {
    "condition_id": lambda: list(knowledge.CONDITIONS),
    "factor_id": lambda: list(knowledge.FACTORS),
    "level": lambda: [level.id for level in reversed(knowledge.TRIAGE_LEVELS)],  # most urgent first
}
"""Schema ``$defs`` name -> its enum, read from the knowledge tables."""


def with_generated_enums(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with the enum of each id definition it has (see :data:`ID_ENUMS`) taken from the knowledge."""
    defs = schema.get("$defs", {})
    for name, values in ID_ENUMS.items():
        if name in defs:
            defs[name]["enum"] = values()
    return schema


def schema_file_text(schema: dict[str, Any]) -> str:
    """A schema as the text the package ships (two-space indent, no trailing newline)."""
    return json.dumps(schema, indent=2, ensure_ascii=False)


def repository_files(root: Path | None = None) -> dict[Path, str]:
    """Every derived file outside docs/generated/: path -> the content it should have.

    ``root`` is the checkout (by default, the one this package is in); a test may pass a temporary folder."""
    from .catalog import catalog, format_catalog_markdown

    root = root or PACKAGE.parent
    files = {root / "calfexpert" / "schemas" / f"{name}.schema.json": schema_file_text(with_generated_enums(load_schema(name)))
             for name in SCHEMA_NAMES}
    files[root / "docs" / "rules.md"] = format_catalog_markdown(catalog())
    return files


def stale(files: dict[Path, str]) -> list[Path]:
    """The files whose content on disk differs from ``files``."""
    return [path for path, text in files.items() if not path.is_file() or path.read_text("utf-8") != text]


def write(files: dict[Path, str]) -> list[Path]:
    """Write the stale files of ``files``; return them."""
    changed = stale(files)
    for path in changed:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[path], encoding="utf-8")
    return changed
