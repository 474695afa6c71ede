"""The class debrief in a real browser: headless Chromium draws it like the reference, and sorts.

The page is built from the committed exports in tests/classroom/data with a fixed date, then
Chromium takes a 1280x2000 screenshot that is compared with tests/classroom/reference/
report.png (mean difference per channel, 0-255).  Skipped, saying why, when Chromium is not
installed (``scripts/test`` installs Debian's ``chromium`` when it runs as root).  After an
intended change of look, regenerate the reference and the docs picture, and look at them:

    CG_UPDATE_SCREENSHOTS=1 python -m pytest tests/classroom/test_report_browser.py
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pytest

from game.classroom.pack import read_pack
from game.classroom.report import LevelLibrary, build_report
from game.classroom.results import read_results

from .helpers import DATA, ROOT

REFERENCE = Path(__file__).resolve().parent / "reference" / "report.png"
DOCS_PICTURE = ROOT / "docs" / "screenshots" / "report.png"
TOLERANCE = 3.0  # mean absolute difference per channel, 0-255
UPDATE = os.environ.get("CG_UPDATE_SCREENSHOTS") == "1"
BROWSER = next((shutil.which(n) for n in ("chromium", "chromium-browser") if shutil.which(n)), None)
pytestmark = pytest.mark.skipif(
    BROWSER is None,
    reason="headless Chromium is not installed (Debian: apt-get install chromium; "
    "scripts/test installs it when run as root)",
)


def chromium(*args: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium with a throw-away profile and no network services."""
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [
                str(BROWSER), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--force-device-scale-factor=1",
                f"--user-data-dir={profile}", *args,
            ],
            capture_output=True, text=True, timeout=90, check=False,
        )  # fmt: skip


@pytest.fixture(scope="module")
def report_page(tmp_path_factory) -> Path:
    """Return the report of the fixture exports (one exported twice), with a fixed date."""
    folder = tmp_path_factory.mktemp("report")
    exports = sorted(DATA.glob("results-*.csv"))
    again = folder / "results-1-again.csv"
    again.write_bytes(exports[0].read_bytes())
    merged = read_results([*exports, again])
    pack = read_pack(DATA / "class.cgpack")
    page = build_report(
        merged,
        LevelLibrary([pack], builtin=False),
        generated_at="2026-01-05 09:00",
        game_version="0.1.0",
        class_names={pack.code: pack.name},
    )
    path = folder / "report.html"
    path.write_text(page, encoding="utf-8")
    return path


def _pixels(path: Path) -> np.ndarray:
    import pygame

    return pygame.surfarray.array3d(pygame.image.load(str(path))).astype(np.int16)


def test_the_report_looks_like_its_reference(report_page, tmp_path):
    shot = tmp_path / "report.png"
    done = chromium(f"--screenshot={shot}", "--window-size=1280,2000", report_page.as_uri())
    assert shot.exists(), done.stderr[-2000:]
    if UPDATE:
        REFERENCE.parent.mkdir(exist_ok=True)
        REFERENCE.write_bytes(shot.read_bytes())
        DOCS_PICTURE.write_bytes(shot.read_bytes())
        pytest.skip(f"reference written: {REFERENCE} and {DOCS_PICTURE}")
    assert REFERENCE.exists(), "no reference yet: run with CG_UPDATE_SCREENSHOTS=1"
    got, want = _pixels(shot), _pixels(REFERENCE)
    assert got.shape == want.shape
    difference = float(np.abs(got - want).mean())
    assert difference < TOLERANCE, f"the report differs from its reference by {difference:.2f}"


def test_the_table_sorts_in_the_browser(report_page):
    done = chromium("--dump-dom", report_page.as_uri() + "#sort=player_utility-desc")
    dom = done.stdout
    assert '<table class="sortable">' in dom, done.stderr[-2000:]
    assert re.search(
        r'<th [^>]*aria-sort="descending"[^>]*data-key="player_utility"', dom
    ) or re.search(r'<th [^>]*data-key="player_utility"[^>]*aria-sort="descending"', dom)
    every = dom[dom.index('<section id="every">') :]
    body = every[every.index("<tbody>") : every.index("</tbody>")]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S)
    keys = re.findall(r'<th [^>]*data-key="([a-z_]+)"', every[: every.index("<tbody>")])
    column = keys.index("player_utility")
    values = [float(re.findall(r'data-v="([^"]*)"', row)[column]) for row in rows]
    assert len(values) == 16
    assert values == sorted(values, reverse=True)


_MEASURE = """<script>
window.addEventListener('load', function(){
  var table = document.querySelector('#every table');
  var keys = Array.prototype.map.call(table.tHead.rows[0].cells, function(c){
    return c.getAttribute('data-key');});
  var flags = table.tHead.rows[0].cells[keys.indexOf('flags')].getBoundingClientRect();
  var flagged = document.querySelector('#every tr.flag td.flags').getBoundingClientRect();
  document.body.setAttribute('data-measured',
    [Math.round(flags.right), Math.round(flagged.right), window.innerWidth].join(','));
});
</script></body>"""


def test_the_flags_show_without_scrolling_at_1366_pixels(report_page, tmp_path):
    # A banner said "see the Flags column below" while that column was off-screen at 1366 px.
    page = tmp_path / "measured.html"
    page.write_text(report_page.read_text(encoding="utf-8").replace("</body>", _MEASURE))
    done = chromium("--dump-dom", "--window-size=1366,900", page.as_uri())
    found = re.search(r'data-measured="(\d+),(\d+),(\d+)"', done.stdout)
    assert found, done.stderr[-2000:]
    heading_right, cell_right, width = map(int, found.groups())
    assert width == 1366
    assert heading_right <= width - 20 and cell_right <= width - 20


def test_the_projector_view_shows_one_level_at_a_time(report_page):
    done = chromium("--dump-dom", "--window-size=1366,900", report_page.as_uri() + "#projector")
    dom = done.stdout
    assert re.search(r'<body[^>]*class="projector"', dom), done.stderr[-2000:]
    assert len(re.findall(r'<section class="level current"', dom)) == 1
    assert "Level 1 of 2" in dom
