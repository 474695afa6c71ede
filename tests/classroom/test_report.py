"""The class debrief built from several exports: merged, malformed rows skipped and named, flagged."""

from __future__ import annotations

import csv
import io
import re

from game.classroom.pack import read_pack
from game.classroom.report import LevelLibrary, build_report
from game.classroom.results import read_results

from .helpers import DATA, run_cli

EXPORTS = sorted(DATA.glob("results-*.csv"))


def _rows(path):
    text = path.read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def _write(path, rows):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8-sig", newline="")
    return path


def _bad_export(tmp_path):
    """Return an export (copied from a fixture) with malformed rows at known row numbers."""
    rows = _rows(EXPORTS[0])
    header = rows[0]
    column = {name: i for i, name in enumerate(header)}
    good = rows[1]

    def changed(**cells):
        row = list(good)
        for key, value in cells.items():
            row[column[key]] = value
        row[column["record_id"]] = ""  # not a duplicate of the good row
        return row

    bad = [
        header,
        good,  # row 2: fine (and a duplicate of the fixture's row 2)
        good[:5],  # row 3: cut short
        changed(utility_player="abc"),  # row 4
        changed(level_id="Bad Level!"),  # row 5
        changed(agreement="maybe"),  # row 6
        changed(seed="1.5"),  # row 7
        changed(student=""),  # row 8
        changed(utility_player=""),  # row 9
        changed(deal="<script>alert('x')</script>", level_version="7", student="owl-0001"),  # 10
        changed(level_id="my-own-level", student="owl-0002"),  # row 11: a level nobody has
    ]
    return _write(tmp_path / "results-bad.csv", bad)


def test_merging_skips_malformed_rows_with_a_warning_naming_file_and_row(tmp_path):
    bad = _bad_export(tmp_path)
    not_export = tmp_path / "notes.csv"
    not_export.write_text("name,mark\nAda,12\n", encoding="utf-8")
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("student,café\n".encode("latin-1"))
    merged = read_results([*EXPORTS, bad, not_export, latin1, tmp_path / "missing.csv"])
    warnings = merged.warnings
    assert f"{bad}: row 3: has 5 cells, the header has 24; skipped" in warnings
    assert f"{bad}: row 4: utility_player is not a number ('abc'); skipped" in warnings
    assert f"{bad}: row 5: level_id is not a level id ('Bad Level!'); skipped" in warnings
    assert f"{bad}: row 6: agreement must be yes or no ('maybe'); skipped" in warnings
    assert f"{bad}: row 7: seed is not a whole number ('1.5'); skipped" in warnings
    assert f"{bad}: row 8: student is empty or too long; skipped" in warnings
    assert f"{bad}: row 9: utility_player is empty; skipped" in warnings
    assert any(w.startswith(f"{not_export}: not a results export (no student") for w in warnings)
    assert f"{latin1}: not UTF-8 text (not a results export?); skipped" in warnings
    assert f"{tmp_path / 'missing.csv'}: not found or not a file; skipped" in warnings
    assert merged.skipped == 7
    assert merged.duplicates == 1  # row 2 of the bad file is row 2 of the first fixture
    fixture_rows = sum(len(_rows(p)) - 1 for p in EXPORTS)
    assert len(merged.rows) == fixture_rows + 2
    flagged = {r.student: r.flags for r in merged.rows if r.flags}
    assert any("level v7" in f for f in flagged["owl-0001"])
    assert any(f.startswith("game 0.0.9") for flags in flagged.values() for f in flags)


def test_the_report_from_several_exports(tmp_path, capsys):
    bad = _bad_export(tmp_path)
    out = tmp_path / "report.html"
    code, stdout, err = run_cli(
        "report", *EXPORTS, bad, "--out", out, "--pack", DATA / "class.cgpack",
        "--data-dir", tmp_path / "none", capsys=capsys,
    )  # fmt: skip
    assert code == 0
    assert f"warning: {bad}: row 4: utility_player is not a number ('abc'); skipped" in err
    assert "(1 duplicates merged; 7 malformed rows skipped; " in stdout
    page = out.read_text(encoding="utf-8")
    assert "<h1>Class debrief: Demo class</h1>" in page  # the pack gives the class's name
    assert "<script>alert" not in page
    assert 'title="&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"' in page  # the deal, escaped
    assert "The Blue Bowl" in page and "The Tablet Desk" in page
    assert "my-own-level" in page and "its utility space cannot be drawn" in page
    assert "level v7 (report: v1)" in page
    assert "7 malformed rows skipped" in page and "row 4: utility_player is not a number" in page
    assert page.count('<svg class="chart"') == 2
    assert re.search(r'<table class="sortable">', page)
    assert not re.search(r"""(src|href)\s*=""", page)
    assert page.count("@font-face") == 3 and "font-src data:" in page  # the game's font, inside


def test_the_deal_text_is_escaped_in_the_table(tmp_path):
    bad = _bad_export(tmp_path)
    merged = read_results([bad])
    library = LevelLibrary([read_pack(DATA / "class.cgpack")], builtin=False)
    page = build_report(merged, library, generated_at="2026-01-01 09:00", game_version="0.1.0")
    assert "<script>alert" not in page
    assert page.count("<script>") == 1  # the sorting script only


def test_no_usable_rows_means_no_report(tmp_path, capsys):
    empty = _write(tmp_path / "empty.csv", [_rows(EXPORTS[0])[0]])
    out = tmp_path / "report.html"
    code, _, err = run_cli("report", empty, "--out", out, capsys=capsys)
    assert code == 1 and "no usable rows" in err and not out.exists()
    code, _, err = run_cli("report", tmp_path / "nothing-*.csv", "--out", out, capsys=capsys)
    assert code == 1 and "no results files match" in err


def test_the_report_ranks_the_deals_role_by_role(tmp_path):
    from game.classroom.report import rankings_html, role_rankings

    merged = read_results(EXPORTS)
    library = LevelLibrary([read_pack(DATA / "class.cgpack")])
    page = build_report(merged, library, generated_at="2026-01-01 09:00", game_version="0.1.0")
    assert page.count("Deals ranked, role by role") == len({r.level_id for r in merged.rows})
    for level_id in {r.level_id for r in merged.rows}:
        rows = [r for r in merged.rows if r.level_id == level_id]
        source = library.get(level_id)
        roles = role_rankings(source.level if source else None, rows)
        assert roles[0][0].startswith("The student")
        parties = {p for r in rows for p in r.utilities}
        assert len(roles) == len(parties)
        for _title, places in roles:
            assert len(places) == len(rows)
            deals = [p for p in places if p[1].agreement]
            assert places[: len(deals)] == deals  # the deals first, then no deal
            worths = [worth for _, _, worth in deals]
            assert worths == sorted(worths, reverse=True)
            ranks = [rank for rank, _, _ in places]
            assert ranks[0] == 1 and ranks == sorted(ranks)
        assert "<h4>The student" in rankings_html(source.level if source else None, rows)


def test_a_ranking_shares_ranks_on_ties_and_puts_no_deal_last():
    from dataclasses import replace

    from game.classroom.report import role_rankings

    base = read_results(EXPORTS).rows[0]
    rows = [
        replace(base, student="a", agreement=True, utilities={"player": 0.6, "rosa": 0.4}),
        replace(base, student="b", agreement=True, utilities={"player": 0.6, "rosa": 0.4}),
        replace(base, student="c", agreement=True, utilities={"player": 0.7, "rosa": 0.3}),
        replace(base, student="d", agreement=False, utilities={"player": 0.9, "rosa": 0.9}),
    ]
    (student, places), (npc, theirs) = role_rankings(None, rows)
    assert [(rank, row.student) for rank, row, _ in places] == [
        (1, "c"), (2, "a"), (2, "b"), (4, "d")
    ]  # fmt: skip
    assert [row.student for _, row, _ in theirs] == ["a", "b", "c", "d"]
    assert npc == "rosa"


# --------------------------------------------------------------------------- debrief needs
def _class_with_replays_and_an_outsider(tmp_path):
    """Return the fixture exports plus one: fox-8528 plays the Blue Bowl twice more, and a
    profile outside the class (no class code) plays it once."""
    rows = _rows(EXPORTS[0])
    header, column = rows[0], {name: i for i, name in enumerate(rows[0])}
    (first,) = [
        r for r in rows[1:] if r[0] == "fox-8528" and r[column["level_id"]] == "market-stall"
    ]

    def attempt(record, when, utility, stars, deal, **extra):
        row = list(first)
        row[column["record_id"]] = record
        row[column["finished_at"]] = when
        row[column["utility_player"]] = str(utility)
        row[column["utility_rosa"]] = str(round(1 - utility, 6))
        row[column["stars"]] = str(stars)
        row[column["deal"]] = deal
        for key, value in extra.items():
            row[column[key]] = value
        return row

    more = [
        header,
        attempt("replay-1", "2026-11-27T10:00:00Z", 0.7, 3, "price=40"),
        attempt("replay-2", "2026-11-28T10:00:00Z", 0.4, 1, "price=52"),
        attempt(
            "outsider-1", "2026-11-27T11:00:00Z", 0.9, 3, "price=38",
            student="anon-1a2b3c4d", **{"class": ""},
        ),
    ]  # fmt: skip
    return [*EXPORTS, _write(tmp_path / "results-more.csv", more)]


def _page(files, **options):
    pack = read_pack(DATA / "class.cgpack")
    return build_report(
        read_results(files),
        LevelLibrary([pack], builtin=False),
        generated_at="2026-01-05 09:00",
        game_version="0.1.0",
        class_names={pack.code: pack.name},
        class_codes=[pack.code],
        **options,
    )


def _section(page, marker):
    start = page.index(marker)
    return page[start : page.index("</section>", start)]


def test_each_deal_shows_its_terms_in_the_table_and_on_hover(tmp_path):
    page = _page(EXPORTS)
    every = _section(page, '<section id="every">')
    assert '<td class="deal" title="Price 46 — worth Student 0.57 · Rosa 0.43"' in every
    assert ">Price 460; Warranty 2 years; Accessories case, keyboard and pen; Delivery " in every
    chart = _section(page, 'id="level-market-stall"')
    assert "fox-8528: Price 46" in chart  # the chart's hover names the terms too
    assert "price=46" not in every  # the export's ids, not the level's words


def test_the_figures_count_one_attempt_per_student_and_level(tmp_path):
    files = _class_with_replays_and_an_outsider(tmp_path)
    first = _page(files)
    assert (
        "Figures count each student’s first attempt at each level (2 other attempts left out)"
        in first
    )
    bowl = _section(first, 'id="level-market-stall"')
    assert "<b>8</b><span>negotiations</span>" in bowl  # 8 students, once each
    assert "<b>2.1</b><span>mean stars</span>" in bowl
    best = _section(_page(files, attempts="best"), 'id="level-market-stall"')
    # fox-8528's attempts: 2, 3 then 1 stars; the other seven students' stars sum to 15
    assert (
        "<b>8</b><span>negotiations</span>" in best and "<b>2.2</b><span>mean stars</span>" in best
    )
    last = _section(_page(files, attempts="last"), 'id="level-market-stall"')
    assert "<b>2.0</b><span>mean stars</span>" in last
    every = _section(_page(files, attempts="all"), 'id="level-market-stall"')
    assert "<b>10</b><span>negotiations</span>" in every


def test_the_student_summary_has_attempts_and_first_best_and_last(tmp_path):
    page = _page(_class_with_replays_and_an_outsider(tmp_path))
    students = _section(page, '<section id="students">')
    row = re.search(r"<tr><td[^>]*>fox-8528</td><td[^>]*>The Blue Bowl</td>(.*?)</tr>", students)
    assert row is not None
    cells = re.findall(r">([^<]*)</td>", row.group(1))
    assert cells == ["3", "★★ 0.57", "★★★ 0.70", "★ 0.40"]
    assert 'title="Price 40"' in row.group(1)  # the best attempt's terms on hover
    every = _section(page, '<section id="every">')
    assert ">2 of 3<" in every and ">1 of 3 ✓<" in every  # the counted one is marked


def test_rows_from_outside_the_class_are_apart_and_not_counted(tmp_path, capsys):
    files = _class_with_replays_and_an_outsider(tmp_path)
    page = _page(files)
    outside = _section(page, '<section id="outside">')
    assert "anon-1a2b3c4d" in outside and "From outside the class" in outside
    for part in ('id="level-market-stall"', '<section id="students">', '<section id="every">'):
        assert "anon-1a2b3c4d" not in _section(page, part)
    assert "1 negotiation from outside the class is shown apart" in page
    out = tmp_path / "r.html"
    code, stdout, _ = run_cli(
        "report", *files, "--pack", DATA / "class.cgpack", "--out", out, capsys=capsys
    )
    assert code == 0 and "1 rows from outside the class shown apart" in stdout
    # without --pack, the class is every class code in the exports: no code is outside
    code, stdout, _ = run_cli("report", *files, "--out", out, capsys=capsys)
    assert code == 0 and "1 rows from outside the class shown apart" in stdout
    assert "anon-1a2b3c4d" in _section(out.read_text(encoding="utf-8"), '<section id="outside">')


def test_the_report_draws_the_in_game_debriefs_symbols(tmp_path):
    # the game's debrief draws the deal as a star and the Nash point as a diamond
    page = _page(EXPORTS)
    nash = page[page.index("<title>Nash point") :]
    nash = nash[: nash.index("</g>")]
    assert 'fill="#009E73"' in nash and "L" in nash and "<circle" not in nash  # a diamond
    legend = _section(page, 'id="level-market-stall"')
    assert "Nash point (fair and efficient)" in legend
    deals = re.findall(r"<g><title>\d+ × deal at [^<]*</title>(<[a-z]+ [^>]*>)", page)
    assert deals and all('fill="#E69F00"' in d or 'stroke="#CC79A7"' in d for d in deals)
