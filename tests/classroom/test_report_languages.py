"""The class debrief page in the teacher's language: every word of it goes through the
translation layer (checked in the marking pseudo-language), Spanish reads as Spanish with
its own numbers, and ``report --language`` chooses (the computer's language by default)."""

from __future__ import annotations

import html.parser
import re

import pytest

from game import i18n
from game.classroom.export import export_rows, write_csv
from game.classroom.pack import read_pack
from game.classroom.report import LevelLibrary, build_report
from game.classroom.results import read_results
from game.engine import PLAYER
from game.levels.loader import load_level
from game.levels.roleplay import other_side
from game.levels.text import level_text
from game.store import open_store

from .helpers import DATA, run_cli
from .test_report import EXPORTS, _class_with_replays_and_an_outsider, _page
from .test_role_plays import _class_with_students, _offer_at, _outcomes, _play_pair

OPEN, CLOSE = "\u27e6", "\u27e7"


class _Words(html.parser.HTMLParser):
    """Collect what a reader sees of a page: text outside scripts and styles, tool-tips
    (``<title>`` in the charts) and the words of ``aria-label`` and ``title`` attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "code"):
            self._skip += 1
        for name, value in attrs:
            if name in ("aria-label", "title") and value:
                self.words.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.words.append(data.strip())


def _seen(page: str) -> list[str]:
    parser = _Words()
    parser.feed(page)
    return parser.words


def _bypassing(page: str, data: set[str]) -> list[str]:
    """Return the texts of the page with a word that went round the layer: what is left of
    a text once the marked parts and the data (student ids, level text, terms) are taken out
    still holds a word."""
    known = sorted(data, key=len, reverse=True)
    found = []
    for text in _seen(page):
        rest = re.sub(f"{OPEN}[^{CLOSE}]*{CLOSE}", " ", text)
        for word in known:
            rest = rest.replace(word, " ")
        if re.search(r"[A-Za-z]{2,}", rest):
            found.append(text)
    return found


def _data_of(files) -> set[str]:
    """Return what the exports and the level hold, which the page shows as it is."""
    merged = read_results(files)
    pack = read_pack(DATA / "class.cgpack")
    data = {pack.name, pack.code, "Atkinson Hyperlegible"}
    for row in merged.rows:
        data |= {row.student, row.class_code, row.level_id, row.deal or "", row.file}
        data |= {part.split("/")[-1] for part in [row.file]}
    for item in pack.levels:
        shown = level_text(item.level.model, "en")
        data |= {shown.title, shown.debrief_notes, shown.player.role}
        data |= {i.name for i in shown.issues} | {
            o for i in shown.issues for o in getattr(i, "options", [])
        }
        data |= {n.name for n in shown.npcs} | {n.role for n in shown.npcs}
    return {d for d in data if d}


def test_every_word_of_the_report_goes_through_the_layer(tmp_path):
    files = _class_with_replays_and_an_outsider(tmp_path)
    i18n.set_language(i18n.PSEUDO)
    page = _page(files, attempts="best")
    seen = _seen(page)
    for part in ("agreement rate", "Every negotiation", "From outside the class", "Each student"):
        marked = " ".join(f"{OPEN}{word}{CLOSE}" for word in part.split())
        assert any(marked in text for text in seen), part
    assert _bypassing(page, _data_of(files)) == []


def test_the_check_catches_a_word_that_bypasses_the_layer(tmp_path):
    i18n.set_language(i18n.PSEUDO)
    page = _page(EXPORTS)
    slipped = page.replace("</main>", "<p>Mean stars</p></main>")
    assert _bypassing(slipped, _data_of(EXPORTS)) == ["Mean stars"]


def test_the_report_in_spanish_with_spanish_numbers(tmp_path):
    files = _class_with_replays_and_an_outsider(tmp_path)
    i18n.set_language("es")
    page = _page(files)
    assert '<html lang="es">' in page
    assert "<h1>Repaso de la clase: " in page
    assert "<span>tasa de acuerdo</span>" in page and "<h2>Cada estudiante</h2>" in page
    assert "Las cifras cuentan el primer intento de cada estudiante en cada nivel" in page
    assert "1 negociación de fuera de la clase se muestra aparte y no cuenta" in page
    # the numbers with a decimal comma
    assert re.search(r"<b>\d,\d\d</b><span>utilidad conjunta media</span>", page)
    assert not re.search(r"<b>[+-]?\d\.\d+</b>", page)
    assert "Nivel {at} de {count}" in page  # the projector's counter, filled in by the page


def test_a_role_play_section_goes_through_the_layer(tmp_path, capsys):
    data, installed, _ = _class_with_students(tmp_path, capsys)
    level = load_level(next(e.path for e in installed.levels if e.id == "used-car"))
    b = other_side(level)
    on, off = _outcomes(level)
    with open_store(data) as store:
        _play_pair(store, installed, level, {PLAYER: "Ada", b: "Ben"}, _offer_at(level, on))
        _play_pair(store, installed, level, {PLAYER: "Chen", b: "Dara"}, _offer_at(level, off))
        write_csv(
            tmp_path / "results.csv",
            export_rows(store, class_code=installed.code, plays_of=installed),
        )
    i18n.set_language(i18n.PSEUDO)
    page = build_report(
        read_results([tmp_path / "results.csv"]),
        LevelLibrary([], data, builtin=True),
        generated_at="2026-01-05 09:00",
        game_version="0.1.0",
    )
    shown = level_text(level.model, "en")
    npc = level.npc(b)
    rows = read_results([tmp_path / "results.csv"]).rows
    words = {shown.title, shown.debrief_notes, shown.player.role, npc.name, npc.role}
    words |= {i.name for i in shown.issues} | {
        o for i in shown.issues for o in getattr(i, "options", [])
    }
    words |= {r.student for r in rows} | {r.pair for r in rows} | {r.class_code for r in rows}
    words |= {r.file for r in rows} | {"results.csv", "Atkinson Hyperlegible", "used-car"}
    words |= {f"class {installed.code}", installed.name}
    assert f"{OPEN}Role-play:{CLOSE}" in page
    assert _bypassing(page, words) == []


def test_report_language_option(tmp_path, capsys):
    out = tmp_path / "report.html"
    args = ("report", *EXPORTS, "--out", out, "--pack", DATA / "class.cgpack")
    code, _, err = run_cli(*args, "--language", "es", capsys=capsys)
    assert code == 0, err
    assert "<h1>Repaso de la clase" in out.read_text(encoding="utf-8")
    code, _, err = run_cli(*args, capsys=capsys)  # the computer's language: English in tests
    assert code == 0, err
    assert "<h1>Class debrief" in out.read_text(encoding="utf-8")
    code, _, err = run_cli(*args, "--language", "fr", capsys=capsys)
    assert code != 0
    assert (
        err.strip()
        .splitlines()[-1]
        .endswith("--language fr: not a language the game has (it has en, es)")
    )
    assert "Traceback" not in err


@pytest.mark.parametrize("variable", ["LANG", "LANGUAGE"])
def test_the_report_follows_the_computers_language(tmp_path, capsys, monkeypatch, variable):
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(variable, "es_ES.UTF-8")
    out = tmp_path / "report.html"
    code, _, err = run_cli(
        "report", *EXPORTS, "--out", out, "--pack", DATA / "class.cgpack", capsys=capsys
    )
    assert code == 0, err
    assert '<html lang="es">' in out.read_text(encoding="utf-8")
