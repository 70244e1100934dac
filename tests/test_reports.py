"""Reports a worried runner reads in half a minute and a clinician trusts at a glance (issue 17): levels of detail,
plain words instead of field paths, pictures with text alternatives, a printable page, accessibility."""

from __future__ import annotations

import datetime
import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

import calfexpert
from calfexpert.cli import main
from calfexpert.interview import make_question
from calfexpert.render import DETAILS
from calfexpert.render.common import finding_question
from calfexpert.render.html import BANNER_TEXT, COLOURS
from calfexpert.render.text import BRIEF_LINES, BRIEF_WIDTH

ROOT = Path(__file__).resolve().parent.parent
ALL_CASES = sorted((ROOT / "facts").glob("*/*.json"))
DVT = ROOT / "facts" / "examples" / "dvt_after_flight.json"
STRAIN = ROOT / "facts" / "examples" / "calf_strain.json"
ACS = ROOT / "facts" / "examples" / "compartment_syndrome_acute.json"


@pytest.fixture(scope="module")
def dvt() -> calfexpert.Explanation:
    return calfexpert.explain(DVT)


@pytest.fixture(scope="module")
def strain() -> calfexpert.Explanation:
    return calfexpert.explain(STRAIN)


# --- Levels of detail --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_brief_text_fits_one_80x40_terminal_and_keeps_what_matters(case: Path) -> None:
    result = calfexpert.explain(case)
    text = result.render("text", detail="brief")
    lines = text.splitlines()
    assert len(lines) <= BRIEF_LINES == 40, f"{len(lines)} lines:\n{text}"
    assert max(len(line) for line in lines) <= BRIEF_WIDTH == 80
    data = result.data
    assert lines[0].startswith(data["triage"]["label"].upper())
    assert "Decision support, not a diagnosis" in text
    for rec in data["recommendations"]:
        if rec["kind"] == "safety-net":  # the safety-net is never shortened
            assert " ".join(rec["text"].split()) in " ".join(text.split())
    for dx in data["diagnoses"][:3]:
        assert dx["name"] in " ".join(text.split())
    for item in data["withheld"]:  # every piece of withheld advice is named
        assert item["name"].lower() in " ".join(text.lower().split()) or item.get("actions") == ["later"]


def test_levels_add_sections_in_order(dvt: calfexpert.Explanation) -> None:
    brief, standard, full = (dvt.render("text", detail=d) for d in DETAILS)
    assert len(brief) < len(standard) < len(full)
    assert "Wells 2 or more" not in brief and "Wells 2 or more" in standard  # the evidence
    assert "WHAT WOULD CHANGE" in standard and "WHAT WOULD CHANGE" not in brief
    assert "REASONING (" in full and "REASONING (" not in standard
    assert "#35 triage.decide" in full
    assert dvt.render("text") == standard  # standard is the default
    for fmt in ("markdown", "html"):
        b, s, f = (dvt.render(fmt, detail=d) for d in DETAILS)
        assert len(b) < len(s) < len(f), fmt
        assert "triage.decide" in f and ("Reasoning" in f), fmt


def test_json_and_graphs_carry_everything_at_every_level(dvt: calfexpert.Explanation) -> None:
    for fmt in ("json", "mermaid", "dot"):
        assert {dvt.render(fmt, detail=d) for d in DETAILS} == {dvt.render(fmt)}


def test_an_unknown_level_is_a_clear_error(dvt: calfexpert.Explanation) -> None:
    with pytest.raises(ValueError, match="brief, standard, full"):
        dvt.render("text", detail="short")
    result = CliRunner().invoke(main, ["explain", str(DVT), "--detail", "short"])
    assert result.exit_code == 2 and "'short' is not one of 'brief', 'standard', 'full'" in result.output


def test_cli_detail_option(dvt: calfexpert.Explanation) -> None:
    runner = CliRunner()
    for detail in DETAILS:
        out = runner.invoke(main, ["explain", str(DVT), "--detail", detail])
        assert out.exit_code == 0, out.output
        assert out.output == dvt.render("text", detail=detail)
    short = runner.invoke(main, ["explain", str(DVT), "-d", "brief", "-f", "markdown"])
    assert short.exit_code == 0 and short.output == dvt.render("markdown", detail="brief")


# --- Plain words -------------------------------------------------------------------------------------------------


def test_finding_question_is_the_interviews_question() -> None:
    assert finding_question("signs.cold_or_pale_foot") == make_question("signs.cold_or_pale_foot").text
    assert finding_question("signs.cold_or_pale_foot").endswith("?")
    assert "_" not in finding_question("signs.cold_or_pale_foot")
    assert finding_question("signs.no_such_field") == "No such field?"  # never a traceback, never the bare path


def _visible(html: str) -> str:
    """The page's words a person reads: tags, hints (field paths shown small), titles and code left out."""
    html = re.sub(r"<(style|title|code)[^>]*>.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<span class='hint'>.*?</span>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_what_would_change_speaks_in_questions_with_paths_as_hints(strain: calfexpert.Explanation) -> None:
    # Dark urine: one finding that would make the strain an emergency. (This used the cold, pale foot, which the
    # review's added early signs -- oxygen saturation, pain on passive stretch -- now rank below the first entries.)
    path = "signs.dark_urine"
    changes = strain.data["what_would_change"]
    assert any(c["findings"] == [path] for c in changes)
    question = finding_question(path)
    text = strain.render("text")
    section = text.split("WHAT WOULD CHANGE THE ANSWER", 1)[1].split("\n\n", 1)[0]
    assert f"{question} The answer could raise the triage to emergency. [{path}]" in " ".join(section.split())
    md = strain.render("markdown")
    assert question in md and f"(`{path}`)" in md
    page = strain.render("html")
    change = page.split('id="what-would-change"', 1)[1].split("</ul>\n", 1)[0]
    assert escape(question) in change and path in change
    words = _visible(change)
    assert not re.search(r"\b(signs|pain|history|medications|vitals|measurements|runner)\.[a-z_]+", words), words
    # The JSON keeps the paths.
    assert path in strain.json


def test_html_case_summary_in_plain_words_at_the_top(dvt: calfexpert.Explanation) -> None:
    page = dvt.render("html")
    top = page.split('id="why"', 1)[0]
    assert "What was reported" in top
    assert escape(finding_question("signs.tender_along_deep_veins")) in top
    assert "<dd>behind knee, calf belly</dd>" in top  # values in words, several values on one line
    assert "whole_calf" not in _visible(top)


# --- The HTML page -----------------------------------------------------------------------------------------------


class _Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.tags: list[str] = []
        self.lang: str | None = None
        self.svgs: list[dict[str, str | None]] = []
        self.svg_titles = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "svg":
            self.svgs.append(dict(attrs))
        if tag == "title" and "svg" in self.tags[:-1]:
            self.svg_titles += 1


@pytest.mark.parametrize("case", [ACS, DVT, STRAIN], ids=lambda p: p.stem)
@pytest.mark.parametrize("detail", DETAILS)
def test_html_is_accessible_and_self_contained(case: Path, detail: str) -> None:
    result = calfexpert.explain(case)
    page = result.render("html", detail=detail)
    outline = _Outline()
    outline.feed(page)
    assert outline.lang == "en"
    assert outline.headings[0] == 1 and outline.headings.count(1) == 1
    for before, after in zip(outline.headings, outline.headings[1:], strict=False):  # no heading level skipped
        assert after <= before + 1, outline.headings
    for tag in ("script", "iframe", "img", "link", "object", "embed"):
        assert tag not in outline.tags, tag
    assert not re.search(r"\b(src|href)\s*=", page) and "url(http" not in page and "@import" not in page
    for svg in outline.svgs:  # every picture has its words: a role, a title and a description
        assert svg.get("role") == "img" and svg.get("aria-labelledby"), svg
        for ref in str(svg["aria-labelledby"]).split():
            assert f'id="{ref}"' in page
    # The level in words, not only in colour.
    banner = page.split('<section class="banner"', 1)[1].split("</section>", 1)[0]
    level = result.data["triage"]["level"]
    assert result.data["triage"]["label"] in banner
    assert re.search(r"Triage level [1-4] of 4", banner)
    assert COLOURS[level] in banner


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG 2.x contrast ratio of two sRGB colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_formula_matches_known_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic just-fails-AA grey


@pytest.mark.parametrize("level", list(COLOURS))
def test_triage_banners_meet_wcag_aa_contrast(level: str) -> None:
    assert contrast(COLOURS[level], BANNER_TEXT) >= 4.5, (level, round(contrast(COLOURS[level], BANNER_TEXT), 2))


def test_differential_bar_chart_marks_never_miss_conditions() -> None:
    result = calfexpert.explain({"pain": {"side": "left", "started": "at_rest"},
                                 "signs": {"swelling": "whole_calf", "tender_muscle": True},
                                 "history": {"long_travel_hours": 10, "new_speed_or_hill_work": True}})
    diagnoses = result.data["diagnoses"]
    assert any(d["dangerous"] for d in diagnoses) and any(not d["dangerous"] for d in diagnoses)
    page = result.render("html")
    chart = page.split('<svg xmlns="http://www.w3.org/2000/svg" class="chart"', 1)[1].split("</svg>", 1)[0]
    for d in diagnoses:
        name = d["name"]
        assert (f"⚠ {name} — never miss" in chart) == d["dangerous"], name
        assert f"{d['certainty']:.2f} {d['likelihood']}" in chart
    desc = re.search(r'<desc id="chart-desc">(.*?)</desc>', chart).group(1)
    assert all(d["name"] in desc for d in diagnoses) and "never miss" in desc
    widths = [float(w) for w in re.findall(r'<rect x="0" y="[\d.]+" width="([\d.]+)"', chart)]
    assert widths == sorted(widths, reverse=True)  # longest bar first: ranked by certainty


def test_wells_items_show_points_counted_and_unknown(dvt: calfexpert.Explanation) -> None:
    wells = dvt.data["scores"]["wells_dvt"]
    assert wells["partial"] and wells["scored"]
    section = dvt.render("html").split('id="wells"', 1)[1].split("</table>", 1)[0]
    for item in wells["items"]:
        row = section.split(item["text"].replace("'", "&#x27;"), 1)[1].split("</tr>", 1)[0]
        if item["scored"]:
            assert f"+{item['points']}" in row and "counted" in row
        elif item["unknown"]:
            assert "unknown" in row
        else:
            assert "<td>0</td>" in row
    assert f"could be {wells['range']['min']} to {wells['range']['max']}" in section


def test_derivation_is_an_inline_svg_drawn_by_python(dvt: calfexpert.Explanation) -> None:
    from calfexpert.render.graph import layout

    boxes, edges, width, height = layout(dvt.data)
    assert boxes and edges
    at = {b["id"]: b for b in boxes}
    for a, b in edges:  # every arrow goes left to right
        assert at[a]["x"] < at[b]["x"], (a, b)
    for b in boxes:
        assert 0 <= b["x"] and b["x"] + b["w"] <= width and 0 <= b["y"] and b["y"] + b["h"] <= height
    seen = {(b["x"], b["y"]) for b in boxes}
    assert len(seen) == len(boxes), "no two boxes on top of each other"
    page = dvt.render("html")
    svg = page.split('class="derivation"', 1)[1].split("</svg>", 1)[0]
    assert svg.count("<rect") == len(boxes) and svg.count('marker-end="url(#arrow)"') == len(edges)
    assert "triage.decide" in svg
    # Its text alternative names every firing drawn.
    alternative = page.split("The same graph as text", 1)[1].split("</details>", 1)[0]
    assert all(b["label"].split(" ", 1)[1] in alternative for b in boxes if b["kind"] == "rule")


def test_print_stylesheet_one_column_no_cut_rows_no_fixed_paper(dvt: calfexpert.Explanation) -> None:
    page = dvt.render("html")
    style = page.split("<style>", 1)[1].split("</style>", 1)[0]
    printed = style.split("@media print{", 1)[1]
    assert "break-inside:avoid" in printed and "tr,li," in printed
    assert ".summary{columns:1}" in printed
    assert "size:" not in style.split("@page", 1)[1].split("}", 1)[0], "A4 or Letter: the printer's paper decides"


def test_date_and_version_at_the_foot_only_when_given(dvt: calfexpert.Explanation) -> None:
    version = dvt.data["generator"]["version"]
    plain = dvt.render("html")
    footer = plain.split("<footer>", 1)[1]
    assert f"calfexpert {version}" in footer and "Made on" not in footer
    assert plain == calfexpert.explain(DVT).render("html"), "without a date the page is the same every time"
    dated = dvt.render("html", date=datetime.date(2026, 3, 1))
    assert "Made on 2026-03-01 by calfexpert" in dated.split("<footer>", 1)[1]
    assert dvt.render("html", date="1 March 2026").count("Made on 1 March 2026") == 1
    assert "2026" not in dvt.json  # the JSON never carries a date


def test_cli_html_is_dated_today_or_by_source_date_epoch() -> None:
    runner = CliRunner()
    fixed = runner.invoke(main, ["explain", str(DVT), "-f", "html"], env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert fixed.exit_code == 0 and "Made on 2026-01-01 by calfexpert" in fixed.output
    today = runner.invoke(main, ["explain", str(DVT), "-f", "html"], env={"SOURCE_DATE_EPOCH": ""})
    stamped = re.search(r"Made on (\d{4}-\d\d-\d\d) by", today.output).group(1)
    assert abs(datetime.date.fromisoformat(stamped) - datetime.date.today()).days <= 1


def test_why_not_sections_follow_the_banner_and_keep_heading_order() -> None:
    result = CliRunner().invoke(main, ["explain", str(DVT), "-f", "html", "--why-not", "dvt", "--why-not", "cellulitis"])
    assert result.exit_code == 0, result.output
    outline = _Outline()
    outline.feed(result.output)
    assert outline.headings[:3] == [1, 2, 2]
    body = result.output.split("<body>", 1)[1]
    assert body.index('class="banner"') < body.index('id="why-not-dvt"') < body.index('id="why-not-cellulitis"')
