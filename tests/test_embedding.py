"""Importing calfexpert changes nothing in the host program.

Each check runs in a fresh interpreter, because the first import is the one
that matters.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _run(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_collections_and_root_logger_are_untouched() -> None:
    out = _run("""
        import collections, logging
        had_mapping = hasattr(collections, "Mapping")
        root = logging.getLogger()
        before = (list(root.handlers), root.level)
        import calfexpert
        calfexpert.explain({"pain": {"side": "left"}})
        assert hasattr(collections, "Mapping") == had_mapping, "collections.Mapping changed"
        assert (list(root.handlers), root.level) == before, "root logger changed"
        print("ok")
    """)
    assert out.strip() == "ok"


def test_host_basic_config_still_works_after_import() -> None:
    out = _run("""
        import logging, io
        import calfexpert
        stream = io.StringIO()
        logging.basicConfig(level=logging.INFO, format="HOST %(message)s", stream=stream)
        logging.getLogger("host").info("hello")
        assert stream.getvalue() == "HOST hello\\n", repr(stream.getvalue())
        print("ok")
    """)
    assert out.strip() == "ok"


def test_host_debug_logging_gets_no_experta_noise() -> None:
    out = _run("""
        import logging, io
        stream = io.StringIO()
        logging.basicConfig(level=logging.DEBUG, stream=stream)
        import calfexpert
        calfexpert.explain({"pain": {"side": "left", "onset": "sudden", "started": "during_run"}})
        lines = [l for l in stream.getvalue().splitlines() if "experta" in l]
        assert lines == [], lines[:5]
        print("ok")
    """)
    assert out.strip() == "ok"


def test_import_leaves_no_alias_when_mapping_was_absent() -> None:
    out = _run("""
        import collections
        assert not hasattr(collections, "Mapping") or __import__("sys").version_info < (3, 10)
        import calfexpert._experta
        print(hasattr(collections, "Mapping"))
    """)
    assert out.strip() == ("True" if sys.version_info < (3, 10) else "False")


def test_import_is_light_and_explain_leaves_the_collector_alone() -> None:
    """``import calfexpert`` loads neither experta nor the rules (they come with the first use of ``explain``, ``load_case``
    or ``Explanation``), and neither it nor ``explain`` pauses or freezes the host's garbage collector."""
    out = _run("""
        import gc, sys
        frozen = gc.get_freeze_count()  # (Python 3.12 freezes some of its own start-up objects)
        import calfexpert
        assert not any(m == "experta" or m.startswith(("calfexpert.rules", "calfexpert.api")) for m in sys.modules)
        assert {"explain", "load_case", "Explanation"} <= set(dir(calfexpert))
        from calfexpert import Explanation, explain
        assert calfexpert.explain is explain and isinstance(explain({"pain": {"side": "left"}}), Explanation)
        assert calfexpert.load_case({"pain": {"side": "left"}})["pain"]["side"] == "left"
        assert gc.isenabled() and gc.get_freeze_count() == frozen
        try:
            calfexpert.no_such_name
        except AttributeError as error:
            assert "no_such_name" in str(error)
        else:
            raise AssertionError("no AttributeError")
        print("ok")
    """)
    assert out.strip() == "ok"


def test_the_command_line_pauses_the_collector_while_it_explains(tmp_path) -> None:
    """``calfexpert explain`` (its own process) runs with the collector paused: no collection from the command's body's
    start to its end, the rules and engine frozen out of later collections, the collector on again afterwards. Run inside a
    program that has loaded calfexpert already, the command leaves the collector alone."""
    case = tmp_path / "case.json"
    case.write_text('{"pain": {"side": "left", "onset": "sudden", "started": "during_run"}}')
    out = _run("""
        import gc, io, contextlib
        from calfexpert.cli import main

        def explain():
            with contextlib.redirect_stdout(io.StringIO()) as text:
                try:
                    main(["explain", CASE], prog_name="calfexpert")
                except SystemExit as exit:
                    assert exit.code in (0, None), exit.code
            assert "Decision support" in text.getvalue()

        collections = []
        gc.callbacks.append(lambda phase, info: phase == "start" and collections.append(info["generation"]))
        frozen = gc.get_freeze_count()  # (Python 3.12 freezes some of its own start-up objects)
        explain()
        # click's own work before the command's body may set off one or two; loading the rules set off about 30
        assert len(collections) <= 3, collections
        assert gc.isenabled() and gc.get_freeze_count() > frozen + 10_000
        gc.unfreeze()
        explain()
        assert gc.isenabled() and gc.get_freeze_count() == 0
        print("ok")
    """.replace("CASE", repr(str(case))))
    assert out.strip() == "ok"
