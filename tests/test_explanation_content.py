"""The explanation answers how, why not, what would change and where each rule
comes from, and says it correctly (content, not only shape)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FACTS, ROOT, all_case_files, explained

import calfexpert
from calfexpert.catalog import catalog, format_catalog_markdown
from calfexpert.cli import main
from calfexpert.knowledge import triage_rank
from calfexpert.schemas import load_schema

DVT = FACTS / "examples" / "dvt_after_flight.json"
CRAMP = FACTS / "examples" / "muscle_cramp.json"


def test_dvt_evidence_for_lists_the_wells_items_present() -> None:
    data = calfexpert.explain(DVT).data
    dvt = next(d for d in data["diagnoses"] if d["condition"] == "dvt")
    wells = next(e for e in dvt["evidence_for"] if e["rule"] == "scores.wells_dvt_likely")
    findings = {f["finding"] for f in wells["findings"]}
    assert {"signs.tender_along_deep_veins", "signs.calf_swelling_difference_cm"} <= findings
    assert data["scores"]["wells_dvt"]["scored"] == ["calf_swelling_3cm", "deep_vein_tenderness"]


def test_why_not_dvt_on_a_cramp_names_the_missing_findings() -> None:
    data = calfexpert.explain(CRAMP).data
    assert "dvt" not in [d["condition"] for d in data["diagnoses"]]
    dvt = next(w for w in data["why_not"] if w["condition"] == "dvt")
    assert {"signs.tender_along_deep_veins", "signs.pitting_edema", "history.long_travel_hours"} <= set(dvt["missing_findings"])
    one_sided = next(r for r in dvt["rules"] if r["rule"] == "vascular.dvt_one_sided_leg_signs")
    assert one_sided["status"] == "waiting on unknown findings"
    assert "signs.pitting_edema" in one_sided["unknown_findings"]
    text = CliRunner().invoke(main, ["explain", str(CRAMP), "--why-not", "dvt"]).output
    assert text.startswith("WHY NOT dvt?")
    assert "signs.pitting_edema" in text


def test_why_not_reports_failed_conditions() -> None:
    data = calfexpert.explain(DVT).data
    strain = next(w for w in data["why_not"] if w["condition"] == "calf_strain")
    sudden = next(r for r in strain["rules"] if r["rule"] == "muscle.strain_sudden_sharp")
    assert sudden["status"] == "blocked"
    assert "sign acute_injury" in sudden["failed"]


def test_what_would_change_contains_the_finding_that_flips_an_ambiguous_case() -> None:
    """Sore calves after an unaccustomed session: DOMS, unless the urine is dark (rhabdomyolysis, an emergency)."""
    sore = {"runner": {"age": 30}, "pain": {"side": "both", "location": ["calf_belly"], "onset": "gradual",
                                            "started": "day_after_run", "quality": ["dull_ache"], "severity": 6},
            "history": {"unaccustomed_session": True}}
    result = calfexpert.explain(sore)
    assert (result.top_diagnosis, result.triage_level) == ("doms", "self_care")
    flips = [c for c in result.data["what_would_change"] if c["findings"] == ["signs.dark_urine"]]
    assert flips, result.data["what_would_change"]
    assert {"kind": "triage", "to": "emergency"} in flips[0]["effects"]
    assert {"kind": "top_diagnosis", "to": "exertional_rhabdomyolysis"} in flips[0]["effects"]
    assert result.data["what_would_change"][0]["effects"][0] == {"kind": "triage", "to": "emergency"}, "most important first"
    answered = calfexpert.explain({**sore, "signs": {"dark_urine": True}})
    assert (answered.top_diagnosis, answered.triage_level) == ("exertional_rhabdomyolysis", "emergency")


def _boolean_fields() -> set[str]:
    schema = load_schema("case")
    return {f"{section}.{name}" for section, sub in schema["properties"].items() for name, field in sub.get("properties", {}).items()
            if "boolean" in str(field.get("type"))}


@pytest.mark.parametrize("path", sorted((FACTS / "examples").glob("[!e]*.json")), ids=lambda p: p.name)
def test_what_would_change_triage_claims_hold(path: Path) -> None:
    """Answering yes to a single unknown finding listed as raising triage does raise it that far."""
    booleans = _boolean_fields()
    case = json.loads(path.read_text())
    result = calfexpert.explain(case)
    checked = 0
    for change in result.data["what_would_change"]:
        if len(change["findings"]) != 1 or change["findings"][0] not in booleans:
            continue
        section, field = change["findings"][0].split(".")
        answered = calfexpert.explain({**case, section: {**case.get(section, {}), field: True}})
        for effect in change["effects"]:
            if effect["kind"] == "triage":
                assert triage_rank(answered.triage_level) >= triage_rank(effect["to"]), (change, answered.triage_level)
                checked += 1
    assert checked > 0 or result.triage_level == "emergency"


def test_trace_is_a_derivation_with_sources_in_every_firing() -> None:
    data = calfexpert.explain(DVT).data
    numbers = [f["firing"] for f in data["trace"]]
    assert numbers == list(range(1, len(numbers) + 1))
    for firing in data["trace"]:
        assert firing["sources"]
        assert all(earlier < firing["firing"] for earlier in firing["from_firings"])
    triage = next(f for f in data["trace"] if f["rule"] == "triage.decide")
    assert triage["from_firings"], "the decision points back to the demands it read"


def test_html_is_self_contained_escaped_and_starts_with_triage() -> None:
    result = calfexpert.explain({"notes": "<script>alert(1)</script> & \"quotes\"", "pain": {"side": "left"},
                                 "signs": {"chest_pain": True}})
    page = result.render("html")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not re.search(r"(src|href)\s*=", page), "no external assets"
    assert "<link" not in page
    body = page.split("<body>", 1)[1]
    assert body.lstrip().startswith('<section class="banner" id="triage"')
    assert "Emergency" in body.split("</section>")[0]
    assert "Decision support, not a diagnosis." in page


@pytest.mark.parametrize("fmt", ["mermaid", "dot"])
def test_graph_formats_draw_the_derivation(fmt: str) -> None:
    graph = calfexpert.explain(DVT).render(fmt)
    assert graph.startswith("flowchart LR" if fmt == "mermaid" else "digraph calfexpert {")
    assert "signs.warmth" in graph and "triage.decide" in graph
    assert "suspect dvt" in graph


def test_docs_rules_md_is_up_to_date() -> None:
    generated = format_catalog_markdown(catalog())
    on_disk = (ROOT / "docs" / "rules.md").read_text("utf-8")
    assert on_disk == generated, "docs/rules.md is stale: run `python docs/gen_pages.py`"


def test_rules_command() -> None:
    runner = CliRunner()
    listing = runner.invoke(main, ["rules"])
    assert listing.exit_code == 0 and "scores.wells_dvt_likely" in listing.output
    one = runner.invoke(main, ["rules", "scores.ultrasound_and_d_dimer_negative"])
    assert one.exit_code == 0
    assert "dvt -0.9" in one.output and "nice.ng158" in one.output
    typo = runner.invoke(main, ["rules", "scores.ultrasound_and_d_dimer_negativ"])
    assert typo.exit_code == 2 and "did you mean scores.ultrasound_and_d_dimer_negative" in typo.output
    as_json = json.loads(runner.invoke(main, ["rules", "--module", "tendon", "--format", "json"]).output)
    assert {e["module"] for e in as_json} == {"tendon"}


def test_unknown_findings_are_the_unknown_ones_the_condition_rules_read() -> None:
    """A diagnosis lists as unknown exactly the fields its rules read that the case leaves out."""
    data = explained(DVT).data
    known = {f["finding"] for f in data["findings"]}
    dvt = next(d for d in data["diagnoses"] if d["condition"] == "dvt")
    assert {"measurements.dvt_ultrasound", "signs.pitting_edema", "measurements.d_dimer"} <= set(dvt["unknown"])
    assert not set(dvt["unknown"]) & known
    assert "signs.warmth" in known and "signs.warmth" not in dvt["unknown"]


@pytest.mark.browser
@pytest.mark.skipif(shutil.which("chromium") is None and shutil.which("chromium-browser") is None,
                    reason="Chromium is not installed (Debian package 'chromium'); the HTML screenshot test needs it")
def test_html_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    page = tmp_path / "report.html"
    page.write_text(calfexpert.explain(DVT).render("html"), encoding="utf-8")
    shot = tmp_path / "shot.png"
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
                    "--window-size=1000,700", f"--screenshot={shot}", page.as_uri()],
                   check=True, capture_output=True, timeout=120)
    png = shot.read_bytes()
    assert png.startswith(b"\x89PNG")
    # The triage banner is the page's top: the urgent colour fills pixels near the top of the screenshot.
    from calfexpert.render.html import COLOURS

    urgent = COLOURS["urgent"]
    assert _has_colour_near_top(png, (int(urgent[1:3], 16), int(urgent[3:5], 16), int(urgent[5:7], 16)))


def _has_colour_near_top(png: bytes, rgb: tuple[int, int, int]) -> bool:
    import struct
    import zlib

    width, height = struct.unpack(">II", png[16:24])
    bit_depth, colour_type = png[24], png[25]
    assert bit_depth == 8 and colour_type in (2, 6)
    channels = 3 if colour_type == 2 else 4
    data, pos = b"", 8
    while pos < len(png):
        length = struct.unpack(">I", png[pos:pos + 4])[0]
        kind = png[pos + 4:pos + 8]
        if kind == b"IDAT":
            data += png[pos + 8:pos + 8 + length]
        pos += 12 + length
    raw = zlib.decompress(data)
    stride = width * channels
    previous = bytearray(stride)
    for row in range(min(height, 200)):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            upleft = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - upleft
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - upleft)
                predictor = left if pa <= pb and pa <= pc else (up if pb <= pc else upleft)
                line[i] = (line[i] + predictor) & 255
        previous = line
        for x in range(0, width, 7):
            pixel = tuple(line[x * channels:x * channels + 3])
            if all(abs(a - b) <= 6 for a, b in zip(pixel, rgb, strict=True)):
                return True
    return False


def test_what_would_change_top_diagnosis_claims_mostly_hold() -> None:
    """Top-diagnosis claims are an estimate (rules further down a chain are not followed): measured here,
    answering yes to a single finding makes the claimed condition the top one in most cases."""
    booleans = _boolean_fields()
    held = claims = 0
    for path in all_case_files():
        case = json.loads(path.read_text())
        for change in explained(path).data["what_would_change"]:
            if len(change["findings"]) != 1 or change["findings"][0] not in booleans:
                continue
            section, field = change["findings"][0].split(".")
            for effect in change["effects"]:
                if effect["kind"] == "top_diagnosis":
                    claims += 1
                    held += calfexpert.explain({**case, section: {**case.get(section, {}), field: True}}).top_diagnosis == effect["to"]
    assert claims >= 10
    assert held / claims >= 0.8, f"{held} of {claims}"


def test_what_would_change_with_a_limit_is_the_head_of_the_whole_list() -> None:
    """what-would-change weighs only the groups of partial matches that could still reach the entries it keeps; the
    entries it returns must be exactly the first ``limit`` of the whole list, with or without "don't know" answers."""
    from conftest import budget

    from calfexpert.api import what_would_change
    from calfexpert.case import check_case
    from calfexpert.coverage import generated_cases

    compared = 0
    for index, raw in enumerate(generated_cases(budget(60), seed=31)):
        case = check_case(raw, "<generated>")
        whole = what_would_change(case)
        dont_know = frozenset(whole[0]["findings"][:1]) if whole and index % 2 else frozenset()
        if dont_know:
            whole = what_would_change(case, dont_know=dont_know)
        for limit in (0, 1, 3, 8):
            assert what_would_change(case, dont_know=dont_know, limit=limit) == whole[:limit], (raw, limit)
        compared += len(whole) > 8
    assert compared > budget(60) // 4  # most cases have more entries than the shortest limits keep


def test_groups_left_out_of_what_would_change_have_no_effect() -> None:
    """The groups of partial matches what-would-change leaves out before weighing them (they can raise the answer to
    no level above the current one and change no certainty, while the top condition stays) are each weighed as having
    no effect, in every case file."""
    from calfexpert.case import check_case
    from calfexpert.engine import engine_for_this_thread
    from calfexpert.facts import case_to_facts
    from calfexpert.rules import CalfEngine
    from calfexpert.whynot import CaseEnv, _buckets, _Standing, _Weigher

    engine = engine_for_this_thread(CalfEngine)
    left_out = 0
    for path in all_case_files():
        document = explained(path).data
        run = engine.run_facts(case_to_facts(check_case(calfexpert.load_case(path), str(path))))
        env = CaseEnv(run)
        groups: dict = {}
        for spec, gain, plan in env._ix.declarative_gains:
            if spec.id not in env.fired and (missing := env._waiting(spec, plan)):
                groups.setdefault(missing, []).append((spec, gain))
        diagnoses = document["diagnoses"]
        weigher = _Weigher(_Standing.of(run), triage_rank(document["triage"]["level"]),
                           diagnoses[0]["condition"] if diagnoses else None)
        kept = {missing for _, bucket in _buckets(groups, weigher) for _, missing, _ in bucket}
        for missing, members in groups.items():
            if missing not in kept:
                left_out += 1
                assert weigher.weigh(missing, members) is None, (path.name, missing)
    assert left_out > len(all_case_files())  # several a case


@pytest.mark.parametrize("missing", [
    [("b",), ("a",)], [("a",), ("b",)], [("a",), ("a",)], [("a", "c"), ("b",)], [("c",), ("a", "b")],
    [("b",), ("a",), ("c",)], [("a", "b"), ("a", "b")], [(), ("a",)], [("b",), ("a", "c")], [("a", "c"), ("d",)],
    [("a", "c"), ("a",)], [("c",), ("a", "b", "c")], [("0",), ("a", "b")], [("a",), ()],
])
def test_merged_findings_are_the_sorted_union(missing: list[tuple[str, ...]]) -> None:
    """The union of the findings behind a rule's unknown conditions, with its short way for two single findings, is
    the sorted union without repeats."""
    from calfexpert.whynot import _merged

    assert _merged(missing) == tuple(sorted(set().union(*missing)))
