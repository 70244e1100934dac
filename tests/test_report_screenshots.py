"""The HTML report as people see it, in headless Chromium (issue 17): an emergency, an urgent and a self-care case
at phone and desktop widths, and printed to PDF on A4 and Letter.

The screen shots share one Chromium run: a test-only frame page shows the three reports side by side, each in a
frame of phone width (390 px) and one of desktop width (1024 px); each frame is its own viewport, so the reports'
media queries see those widths.  Printing needs one run per report and paper.

Chromium comes from the system packages (``.ci/run`` installs it when missing).  Where it is not installed the tests
are skipped with that reason, except when ``CALFEXPERT_REQUIRE_CHROMIUM`` is set (``.ci/run`` sets it once Chromium is
there): then a missing browser is a failure, not a skip.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

import calfexpert
from calfexpert.render.html import COLOURS

ROOT = Path(__file__).resolve().parent.parent
CASES = {"emergency": ROOT / "facts" / "examples" / "compartment_syndrome_acute.json",
         "urgent": ROOT / "facts" / "examples" / "dvt_after_flight.json",
         "self_care": ROOT / "facts" / "examples" / "calf_strain.json"}
PHONE, DESKTOP, FRAME_H, GAP = 390, 1024, 900, 10
PAPER = {"A4": (595.92, 842.88), "Letter": (612.0, 792.0)}  # points, as Chromium writes the MediaBox
PAPER_CSS = {"A4": "A4", "Letter": "letter"}


def _browser() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if path := shutil.which(name):
            return path
    return None


BROWSER = _browser()
if BROWSER is None and os.environ.get("CALFEXPERT_REQUIRE_CHROMIUM"):
    raise RuntimeError("CALFEXPERT_REQUIRE_CHROMIUM is set but no chromium is on PATH")
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(BROWSER is None, reason="headless Chromium is not installed (Debian package 'chromium'; "
                                                         ".ci/run installs it with apt-get when it can)")]


def _chromium(profile: Path, *args: str) -> None:
    assert BROWSER is not None
    subprocess.run([BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
                    "--disable-extensions", f"--user-data-dir={profile}", *args],
                   check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("reports")
    out = {}
    for level, case in CASES.items():
        result = calfexpert.explain(case)
        assert result.triage_level == level, (case, result.triage_level)
        out[level] = folder / f"{level}.html"
        out[level].write_text(result.render("html", date="2026-01-01"), encoding="utf-8")
    return out


def _frame_x(index: int, width: int) -> int:
    """Left edge of frame ``index`` (0 phone / 1 desktop for the first report, and so on)."""
    level, which = divmod(index, 2)
    return level * (PHONE + DESKTOP + 2 * GAP) + (0 if which == 0 else PHONE + GAP)


@pytest.fixture(scope="module")
def screen(reports: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> tuple[int, int, list[bytearray]]:
    """One screenshot of all three reports at both widths: (width, height, the top rows of pixels as RGB)."""
    folder = tmp_path_factory.mktemp("screens")
    frames = []
    for i, level in enumerate(CASES):
        for j, width in enumerate((PHONE, DESKTOP)):
            frames.append(f'<iframe src="{reports[level].as_uri()}" title="{level}" style="position:absolute;top:0;'
                          f'left:{_frame_x(2 * i + j, width)}px;width:{width}px;height:{FRAME_H}px;border:0"></iframe>')
    grid = folder / "frames.html"
    grid.write_text("<!DOCTYPE html><html><body style='margin:0;background:#808080'>" + "".join(frames) + "</body></html>",
                    encoding="utf-8")
    width = 3 * (PHONE + DESKTOP + 2 * GAP)
    shot = folder / "screens.png"
    _chromium(folder / "profile", "--allow-file-access-from-files", f"--window-size={width},{FRAME_H}",
              f"--screenshot={shot}", grid.as_uri())
    keep = os.environ.get("CALFEXPERT_SCREENSHOTS")  # where a person wants to look at the pictures
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / "screens.png")
    return _png_rows(shot.read_bytes(), rows=420)  # the banners and a little below: decoding is slow in Python


def _png_rows(png: bytes, rows: int) -> tuple[int, int, list[bytearray]]:
    """The first ``rows`` rows of an 8-bit RGB(A) PNG, as RGB bytes per row (a small decoder: no imaging library)."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    bit_depth, colour_type = png[24], png[25]
    assert bit_depth == 8 and colour_type in (2, 6), (bit_depth, colour_type)
    channels = 3 if colour_type == 2 else 4
    data, pos = bytearray(), 8
    while pos < len(png):
        length = struct.unpack(">I", png[pos:pos + 4])[0]
        if png[pos + 4:pos + 8] == b"IDAT":
            data += png[pos + 8:pos + 8 + length]
        pos += 12 + length
    raw = zlib.decompress(bytes(data))
    stride = width * channels
    previous = bytearray(stride)
    out = []
    for row in range(min(rows, height)):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 0xFF
        elif kind == 2:
            for i in range(stride):
                line[i] = (line[i] + previous[i]) & 0xFF
        elif kind == 3:
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b = previous[i]
                c = previous[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        previous = line
        out.append(line if channels == 3 else bytearray(b for i, b in enumerate(line) if i % 4 != 3))
    return width, height, out


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16)


def _pixel(rows: list[bytearray], x: int, y: int) -> tuple[int, int, int]:
    r, g, b = rows[y][3 * x:3 * x + 3]
    return r, g, b


def _near(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    return all(abs(p - q) <= 6 for p, q in zip(a, b, strict=True))


@pytest.mark.parametrize("index", range(6), ids=[f"{lvl}-{w}" for lvl in CASES for w in ("phone", "desktop")])
def test_banner_in_the_level_colour_heads_the_first_screen(screen: tuple[int, int, list[bytearray]], index: int) -> None:
    """The triage banner is the top of the page at phone and desktop widths, in its level's colour, spans the width,
    and ends well within the first screen (so the action is read before anything else)."""
    _, _, rows = screen
    level = list(CASES)[index // 2]
    width = PHONE if index % 2 == 0 else DESKTOP
    left = _frame_x(index, width)
    colour = _rgb(COLOURS[level])
    # Across the top of the frame: the banner spans the page (within the body's padding), centred.
    across = [x for x in range(left, left + width) if _near(_pixel(rows, x, 40), colour)]
    assert across, f"no {level} banner colour near the top of the {width}px frame"
    gap_left, gap_right = across[0] - left, left + width - 1 - across[-1]
    assert gap_left < 60 and abs(gap_left - gap_right) <= 4, (gap_left, gap_right)
    # Down the banner's left padding: where it starts and ends, well within the first screen.
    column = [y for y in range(len(rows)) if _near(_pixel(rows, across[0] + 4, y), colour)]
    top, bottom = column[0], column[-1]
    assert top < 30, top
    assert 60 < bottom - top < (320 if width == PHONE else 220), (top, bottom)
    # Just below the banner, the page is white again (the banner is a block of colour, not the whole page).
    assert _pixel(rows, left + width // 2, bottom + 8) == (255, 255, 255)


@pytest.mark.parametrize("paper", list(PAPER))
@pytest.mark.parametrize("level", list(CASES))
def test_printed_on_a4_and_letter(reports: dict[str, Path], tmp_path: Path, level: str, paper: str) -> None:
    """Printed as the user's printer would (the page sets no paper size; the test chooses one), every page has the
    paper's size and the report takes a sensible number of pages."""
    page = tmp_path / "page.html"
    page.write_text(reports[level].read_text("utf-8").replace("</style>", f"@page{{size:{PAPER_CSS[paper]}}}</style>", 1),
                    encoding="utf-8")
    pdf = tmp_path / "page.pdf"
    _chromium(tmp_path / "profile", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data)
    pages = len(re.findall(rb"/Type /Page\b", data))
    assert pages == len(boxes) and 1 <= pages <= 8, (pages, len(boxes))
    want = PAPER[paper]
    for w, h in boxes:
        assert abs(float(w) - want[0]) < 2 and abs(float(h) - want[1]) < 2, (paper, w, h)
    keep = os.environ.get("CALFEXPERT_SCREENSHOTS")
    if keep:
        shutil.copy(pdf, Path(keep) / f"{level}-{paper}.pdf")
