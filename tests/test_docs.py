"""The documentation stays true to the code.

* docs/generated/, the schemas' id enums and docs/rules.md are what docs/gen_pages.py makes from the
  code now (a knowledge, schema, rule or CLI change without regenerating fails here);
* the embedding guide's examples (docs/embedding.md, ``pycon`` blocks) pass as doctests;
* the hand-written pages' case files are valid and the README's quick start is quoted exactly;
* the site builds with ``mkdocs build --strict``.

The two site checks are marked ``docs``: ``.ci/run`` runs them once, on one Python.
"""

from __future__ import annotations

import doctest
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from conftest import load_gen_pages

import calfexpert

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
FENCE = re.compile(r"^```(?P<lang>[\w-]*)[^\n]*\n(?P<body>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


@pytest.fixture(scope="module")
def gen_pages() -> ModuleType:
    return load_gen_pages()


@pytest.mark.docs
def test_generated_pages_are_up_to_date(gen_pages: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    """`python docs/gen_pages.py --check`: docs/generated/, the schemas' id enums and docs/rules.md are what the
    generator makes from the knowledge and the rules now."""
    assert gen_pages.render_all(), "the generator makes nothing"
    assert gen_pages.main(["--check"]) == 0, capsys.readouterr().err


def _doctest_source(markdown: str) -> str:
    """The ``pycon`` blocks of a Markdown page, every other line blanked, so doctest line numbers are the page's."""
    keep = [False] * (markdown.count("\n") + 1)
    for match in FENCE.finditer(markdown):
        if match.group("lang") == "pycon":
            first = markdown.count("\n", 0, match.start("body"))
            for line in range(first, first + match.group("body").count("\n")):
                keep[line] = True
    lines = markdown.split("\n")
    return "\n".join(line if keep[i] else "" for i, line in enumerate(lines))


def test_embedding_guide_doctests(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the examples use paths such as facts/examples/...
    page = DOCS / "embedding.md"
    source = _doctest_source(page.read_text("utf-8"))
    test = doctest.DocTestParser().get_doctest(source, {"__name__": "embedding_md"}, "docs/embedding.md", str(page), 0)
    assert len(test.examples) >= 20, "the embedding guide lost its examples"
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    results = runner.run(test, out=report.append, clear_globs=True)
    assert results.failed == 0, "".join(report)


def _blocks(page: Path, lang: str) -> list[str]:
    return [m.group("body") for m in FENCE.finditer(page.read_text("utf-8")) if m.group("lang") == lang]


def test_case_files_in_the_guides_are_valid() -> None:
    cases = _blocks(DOCS / "index.md", "yaml")
    assert cases, "docs/index.md has no example case file"
    for block in cases:
        calfexpert.explain(yaml.safe_load(block))  # raises InvalidCaseError, naming the field, if the page drifted


def test_getting_started_quotes_the_readme_quick_start() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [m.group("body") for m in FENCE.finditer(section) if m.group("lang") == "sh"]
    assert len(commands) == 2, "the README's quick start should have two commands"
    index = _blocks(DOCS / "index.md", "sh")
    for command in commands:
        assert command in index, f"docs/index.md does not quote the README's quick-start command {command.strip()!r}"


@pytest.mark.docs
def test_mkdocs_build_strict(tmp_path: Path) -> None:
    missing = [name for name in ("mkdocs", "material") if importlib.util.find_spec(name) is None]
    if missing:  # they come with the test extra: a missing one is a broken install, not a reason to skip
        pytest.fail(f"{' and '.join(missing)} not installed: install the project with pip install '.[test]'")
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(ROOT / "mkdocs.yml"), "--site-dir", str(site)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},  # mkdocs-material's end-of-life banner, not a build warning
    )
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
    assert "WARNING" not in result.stderr, result.stderr
    assert (site / "index.html").is_file()
    assert (site / "rules" / "index.html").is_file()
    external = re.compile(r"<(?:script|link|img)\b[^>]*\b(?:src|href)=\"(?:https?:)?//", re.IGNORECASE)
    offenders = sorted(str(p.relative_to(site)) for p in site.rglob("*.html") if external.search(p.read_text("utf-8")))
    assert not offenders, f"pages load external assets (fonts, scripts, images): {offenders}"
