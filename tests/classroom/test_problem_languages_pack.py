"""A class pack's problems, a GENIUS file's, a level's own portraits', why a level is not a
role-play and which level id is unknown go through the translation layer: in the marking
pseudo-language every word is marked (only ids, paths, file names and values stay as they
are), and they read as Spanish in Spanish.  English is checked by the other tests, line
for line."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from game import i18n
from game.classroom.class_results import check_results
from game.classroom.errors import PackError
from game.classroom.pack import (
    _member_label,
    _portrait_problems,
    pack_weight_problem,
    read_pack,
    read_pack_bytes,
    role_play_problem,
)
from game.levels.catalog import resolve_level, role_play_refusal
from game.levels.genius import import_genius, read_domain, read_profile
from game.levels.loader import load_level
from game.levels.portraits import level_portrait_problems
from game.levels.problems import LevelError, Problem
from game.levels.roleplay import other_side

from .helpers import ROOT, pack_members, rehash, write_zip

OPEN, CLOSE = "\u27e6", "\u27e7"
GENIUS = ROOT / "tests" / "fixtures" / "genius"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR"


def _unmarked(text: str, *values: str) -> str:
    """Return what is left of ``text`` once its marked words and the given values are out."""
    text = re.sub(f"{OPEN}[^{CLOSE}]*{CLOSE}", "", text)
    for value in sorted(values, key=len, reverse=True):
        text = text.replace(value, "")
    return text


def _assert_marked(text: str, *values: str) -> None:
    left = _unmarked(text, *values)
    assert not re.search(r"[A-Za-z]", left), f"unmarked words in {text!r}: {left!r}"
    assert OPEN in text, text


def _problems(call, *args) -> list[Problem]:
    with pytest.raises((PackError, LevelError)) as caught:
        call(*args)
    return caught.value.problems


def _png(width: int, height: int) -> bytes:
    return PNG + width.to_bytes(4, "big") + height.to_bytes(4, "big") + b"\x08\x06\x00\x00\x00"


# --------------------------------------------------------------------------- class packs
def _pack(tmp_path: Path, members: dict[str, bytes], name: str = "case") -> Path:
    return write_zip(tmp_path / f"{name}.cgpack", list(members.items()))


HOSTILE = {
    "traversal": ("../evil.json", ()),
    "absolute": ("/tmp/evil.json", ("/tmp/evil.json",)),
    "backslash": ("levels\\..\\evil.json", ()),
    "unexpected": ("readme.txt", ()),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_member_name_is_said_in_words(tmp_path, case):
    name, _ = HOSTILE[case]
    path = write_zip(tmp_path / "bad.cgpack", [(name, b"{}")])
    i18n.set_language(i18n.PSEUDO)
    (problem,) = _problems(read_pack, path)
    _assert_marked(
        problem.message,
        "manifest.json",
        "settings.json",
        "results.json",
        "levels/<level id>.json",
        "portraits/<set>/<expression>.png",
    )


def test_the_archive_and_its_members_are_said_in_words(tmp_path):
    i18n.set_language(i18n.PSEUDO)
    (missing,) = _problems(read_pack, tmp_path / "nothing.cgpack")
    _assert_marked(missing.location)
    _assert_marked(missing.message)
    not_zip = tmp_path / "not.cgpack"
    not_zip.write_bytes(b"hello")
    (damaged,) = _problems(read_pack, not_zip)
    _assert_marked(damaged.location)
    _assert_marked(damaged.message)
    big = write_zip(tmp_path / "big.cgpack", [("levels/big.json", b" " * (1024 * 1024 + 10))])
    (large,) = _problems(read_pack, big)
    _assert_marked(large.message)
    bomb = write_zip(tmp_path / "bomb.cgpack", [("levels/bomb.json", b"0" * (900 * 1024))])
    (ratio,) = _problems(read_pack, bomb)
    _assert_marked(ratio.message)
    twice = write_zip(tmp_path / "twice.cgpack", [("manifest.json", b"{}")] * 2)
    for problem in _problems(read_pack, twice):
        _assert_marked(problem.message)
    links = write_zip(
        tmp_path / "links.cgpack", [("manifest.json", b"{}")], symlinks=("manifest.json",)
    )
    (link,) = _problems(read_pack, links)
    _assert_marked(link.message)
    secret = write_zip(
        tmp_path / "secret.cgpack", [("manifest.json", b"{}")], flags={"manifest.json": 1}
    )
    (encrypted,) = _problems(read_pack, secret)
    _assert_marked(encrypted.message)
    (no_manifest,) = _problems(
        read_pack, write_zip(tmp_path / "s.cgpack", [("settings.json", b"{}")])
    )
    assert no_manifest.location == "manifest.json"
    _assert_marked(no_manifest.message, "`class new`")


def test_an_empty_member_name_is_said_in_words():
    i18n.set_language(i18n.PSEUDO)
    _assert_marked(_member_label(""))
    assert _member_label("levels/a.json") == "levels/a.json"


def _changed_manifest(pack_bytes: bytes, **changes) -> dict[str, bytes]:
    members = pack_members(pack_bytes)
    manifest = json.loads(members["manifest.json"])
    manifest.update(changes)
    return {**members, "manifest.json": json.dumps(manifest).encode()}


def test_the_manifest_and_the_checksums_are_said_in_words(tmp_path, pack_bytes):
    i18n.set_language(i18n.PSEUDO)
    cases = {
        "newer": _changed_manifest(pack_bytes, format_version=7),
        "format": _changed_manifest(pack_bytes, format="zip"),
        "hash": _changed_manifest(pack_bytes, created_at="yesterday"),
        "extra": {**pack_members(pack_bytes), "levels/extra.json": b"{}"},
        "missing": {
            k: v for k, v in pack_members(pack_bytes).items() if k != "levels/tablet-deal.json"
        },
        "changed": {**pack_members(pack_bytes), "settings.json": b'{"seed": 2}'},
    }
    seen = 0
    for name, members in cases.items():
        for problem in _problems(read_pack, _pack(tmp_path, members, name)):
            _assert_marked(problem.message, "Common Ground", "format_version")
            seen += 1
    assert seen >= len(cases)


def test_the_manifests_and_settings_fields_are_said_in_words(tmp_path, pack_bytes):
    members = pack_members(pack_bytes)
    settings = {"seed": -1, "hints": "maybe", "round_limit": "x", "seats": ["ab-01", "ab-01"]}
    bad_settings = rehash({**members, "settings.json": json.dumps(settings).encode()})
    manifest = json.loads(members["manifest.json"])
    manifest["class"] = {"name": "", "code": "X", "teacher": "me"}
    manifest["levels"] = []
    bad_manifest = rehash(members, manifest_changes={"class": manifest["class"], "levels": []})
    duplicated = rehash(
        {**members, "settings.json": json.dumps({"seed": 1, "seats": ["ab-01", "ab-01"]}).encode()}
    )
    i18n.set_language(i18n.PSEUDO)
    found = []
    for name, case in {"s": bad_settings, "m": bad_manifest, "d": duplicated}.items():
        for problem in _problems(read_pack, _pack(tmp_path, case, name)):
            found.append(problem)
            _assert_marked(problem.message, "'on'", "'off'", "_Settings", "'^[A-Z0-9-]")
    kinds = " ".join(p.location for p in found)
    assert "settings.json: seed" in kinds and "manifest.json: class.teacher" in kinds
    assert any("⟦student⟧ ⟦id⟧" in p.message for p in found), found


def test_the_portraits_a_pack_carries_are_said_in_words():
    i18n.set_language(i18n.PSEUDO)
    (old,) = _portrait_problems({"portraits/ada/neutral.png": _png(256, 256)}, 2)
    _assert_marked(old.message, "format_version")
    found = _portrait_problems(
        {"portraits/ada/neutral.png": _png(64, 64), "portraits/ada/warm.png": b"GIF89a"}, 3
    )
    assert len(found) == 3
    for problem in found:
        _assert_marked(problem.message, "frustrated.png", "angry.png", "hurt.png")


def test_role_plays_and_weight_are_said_in_words():
    i18n.set_language(i18n.PSEUDO)
    climate = load_level(ROOT / "levels" / "climate-accord.json")
    book = load_level(ROOT / "levels" / "book-deal.json")
    unknown = role_play_problem(["nowhere"], {})
    _assert_marked(unknown, "'nowhere'")
    sides = role_play_problem(["climate-accord"], {"climate-accord": climate})
    _assert_marked(sides, "'climate-accord'")
    mediator = role_play_problem(["book-deal"], {"book-deal": book})
    _assert_marked(mediator, "'book-deal'")
    _assert_marked(pack_weight_problem([10**9]))
    with pytest.raises(LevelError) as caught:
        other_side(climate)
    _assert_marked(caught.value.problems[0].message)
    _assert_marked(role_play_refusal({"npcs": [{"preferences": {}}, {"id": "m"}]}))


def test_the_class_results_are_said_in_words(pack_bytes, tmp_path):
    pack = read_pack_bytes(pack_bytes, "pack")
    levels = {level.id: level.level for level in pack.levels}
    i18n.set_language(i18n.PSEUDO)
    bad = {"format": "common-ground-class-results", "made_at": "", "levels": [{"id": 3}]}
    _, found = check_results(json.dumps(bad).encode(), levels, "pack")
    assert len(found) >= 3
    for problem in found:
        _assert_marked(problem.message)
    results = {
        "format": "common-ground-class-results",
        "made_at": "2026-01-01",
        "levels": [
            {"id": "nowhere", "version": 1, "deals": []},
            {
                "id": "market-stall",
                "version": 99,
                "deals": [{"agreement": True, "utilities": {"ghost": 0.5}}],
            },
            {"id": "market-stall", "version": 99, "deals": []},
        ],
    }
    _, found = check_results(json.dumps(results).encode(), levels, "pack")
    assert len(found) == 6, found
    for problem in found:
        _assert_marked(problem.message, "'nowhere'", "'market-stall'", "'ghost'", "(player)")


# --------------------------------------------------------------------------- levels
def test_an_unknown_level_id_is_said_in_words():
    i18n.set_language(i18n.PSEUDO)
    (problem,) = _problems(resolve_level, "market-stal")
    _assert_marked(problem.location)
    _assert_marked(problem.message, "'market-stall'", "`levels`", ".json")


def test_a_levels_own_portraits_are_said_in_words(tmp_path):
    folder = tmp_path / "portraits" / "ada"
    folder.mkdir(parents=True)
    (folder / "neutral.png").write_bytes(_png(64, 64))
    (folder / "warm.png").write_bytes(b"GIF89a")
    (folder / "angry.png").write_bytes(b"\x89PNG" + b"\x00" * 600 * 1024)
    (folder / "smug.png").write_bytes(_png(256, 256))
    i18n.set_language(i18n.PSEUDO)
    found = level_portrait_problems(tmp_path, "ada")
    assert len(found) == 6, found
    expressions = ("neutral", "warm", "frustrated", "angry", "hurt", "surprised", "thinking")
    values = ["portraits/ada/", "smug.png", *(f"{e}.png" for e in expressions), "PNG"]
    for problem in found:
        _assert_marked(problem, *values)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


DOMAINS = [
    "",
    "<utility_space/>",
    '<o><issue index="1" name="A" type="discrete"/></o>',
    '<o><issue index="1" name="A"><item value="x"/><item value="x"/></issue></o>',
    '<o><issue index="1" name="A"><item value="x"/></issue><issue index="1" name="B"><item value="y"/></issue></o>',
    '<o><issue index="1" name="A" type="integer"/></o>',
    '<o><issue index="1" name="A" type="integer" lowerbound="1" upperbound="x"/></o>',
    '<o><issue index="1" name="A" type="integer" lowerbound="1.5" upperbound="3"/></o>',
    '<o><issue index="1" name="A" type="integer" lowerbound="0" upperbound="100000"/></o>',
    '<o><issue index="1" name="A" type="real" lowerbound="5" upperbound="1"/></o>',
    '<o><issue index="1" name="A" type="set"/></o>',
]


@pytest.mark.parametrize("text", DOMAINS)
def test_a_genius_domains_problems_are_said_in_words(tmp_path, text):
    path = _write(tmp_path, "domain.xml", text)
    i18n.set_language(i18n.PSEUDO)
    (problem,) = _problems(read_domain, path)
    _assert_marked(problem.message, "XML", "'A'", "'B'", "'x'", "'set'", "discrete, integer, real")
    if not problem.location.startswith("issue"):
        _assert_marked(problem.location)


def _profile(issues: str, weights: str = "", extra: str = "") -> str:
    return f"<utility_space><objective>{issues}{weights}</objective>{extra}</utility_space>"


FLAVOURS = '<item value="plain" evaluation="1"/><item value="berry" evaluation="2"/><item value="chocolate" evaluation="3"/>'
DAYS = '<issue index="2" type="integer" name="Delivery days"><evaluator slope="-0.25" offset="1"/></issue>'
PROFILES = [
    _profile(f'<issue index="1" name="Flavour">{FLAVOURS}</issue>{DAYS}'),
    _profile(
        f'<issue index="1" name="Flavour">{FLAVOURS}</issue>{DAYS}',
        '<weight index="1" value="-1"/><weight index="2" value="1"/>',
    ),
    _profile(
        f'<issue index="1" name="Flavour">{FLAVOURS}</issue>{DAYS}',
        '<weight index="1" value="0"/><weight index="2" value="0"/>',
    ),
    _profile(
        f'<issue index="1" name="Flavour">{FLAVOURS}<item value="mint" evaluation="1"/></issue>{DAYS}',
        '<weight index="1" value="1"/><weight index="2" value="1"/>',
    ),
    _profile(
        '<issue index="1" name="Flavour"><item value="plain" evaluation="0"/></issue>' + DAYS,
        '<weight index="1" value="1"/><weight index="2" value="1"/>',
    ),
    _profile(
        '<issue index="1" name="Flavour"><item value="plain" evaluation="-2"/></issue>' + DAYS,
        '<weight index="1" value="1"/><weight index="2" value="1"/>',
    ),
]


@pytest.mark.parametrize("text", PROFILES)
def test_a_genius_profiles_problems_are_said_in_words(tmp_path, text):
    path = _write(tmp_path, "profile.xml", text)
    i18n.set_language(i18n.PSEUDO)
    (problem,) = _problems(
        import_genius, GENIUS / "bakery_domain.xml", path, GENIUS / "bakery_baker.xml"
    )
    _assert_marked(problem.message, "'Delivery days'", "'Flavour'", "mint", "GENIUS")


NUMBERS = [
    _profile("", '<weight index="1" value="NaN"/>'),
    _profile('<issue index="1" name="A"><item value="a" evaluation="lots"/></issue>'),
    _profile('<issue index="1" type="integer" name="A"><evaluator slope="x" offset="0"/></issue>'),
    _profile('<issue index="1" type="integer" name="A"><evaluator slope="0" offset="y"/></issue>'),
    _profile('<issue index="1" type="integer" name="A" lowerbound="z"/>'),
    _profile('<issue index="1" type="real" name="A"><evaluator ftype="triangular"/></issue>'),
    _profile(
        '<issue index="1" type="real" name="A"><evaluator ftype="linear" parameter1="q"/></issue>'
    ),
    _profile(
        '<issue index="1" type="real" name="A"><evaluator ftype="linear" parameter1="1" parameter0="q"/></issue>'
    ),
    _profile('<issue index="1" type="real" name="A"/>'),
    _profile("", extra='<reservation value="1.5"/>'),
    _profile("", extra='<reservation value="high"/>'),
    _profile("", extra='<discount_factor value="high"/>'),
]


@pytest.mark.parametrize("text", NUMBERS)
def test_a_genius_profiles_numbers_are_said_in_words(tmp_path, text):
    path = _write(tmp_path, "profile.xml", text)
    i18n.set_language(i18n.PSEUDO)
    (problem,) = _problems(read_profile, path)
    values = ["'NaN'", "'lots'", "'a'", "'x'", "'y'", "'z'", "'q'", "'high'", "'triangular'"]
    _assert_marked(
        problem.message, *values, "parameter0", "parameter1", "<evaluator>", "linear, constant"
    )


def test_a_genius_file_that_cannot_be_read_is_said_in_words(tmp_path):
    i18n.set_language(i18n.PSEUDO)
    (missing,) = _problems(read_domain, tmp_path / "nothing.xml")
    _assert_marked(missing.location)
    _assert_marked(missing.message)
    (folder,) = _problems(read_domain, tmp_path)
    _assert_marked(folder.message)
    hostile = _write(tmp_path, "e.xml", '<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>')
    (unsafe,) = _problems(read_domain, hostile)
    _assert_marked(unsafe.message, "XML", "EntitiesForbidden", "GENIUS")
    broken = _write(tmp_path, "b.xml", "<a><b></a>")
    (parse,) = _problems(read_domain, broken)
    _assert_marked(parse.location)


# --------------------------------------------------------------------------- Spanish
def test_a_class_packs_problems_read_as_spanish(tmp_path, pack_bytes):
    i18n.set_language("es")
    (missing,) = _problems(read_pack, tmp_path / "nothing.cgpack")
    assert missing.line("x.cgpack") == "x.cgpack: (paquete): el paquete no existe"
    (traversal,) = _problems(read_pack, write_zip(tmp_path / "t.cgpack", [("../evil.json", b"{}")]))
    assert traversal.message == (
        "el nombre lleva fuera de la carpeta donde se desempaqueta (path traversal)"
    )
    members = pack_members(pack_bytes)
    settings = json.dumps({"seed": -1, "seats": ["ab-01", "ab-01"]}).encode()
    found = _problems(read_pack, _pack(tmp_path, rehash({**members, "settings.json": settings})))
    assert [p.line("x") for p in found] == [
        "x: settings.json: seed: la entrada debe ser mayor o igual que 0"
    ]
    settings = json.dumps({"seed": 1, "seats": ["ab-01", "ab-01"]}).encode()
    found = _problems(
        read_pack, _pack(tmp_path, rehash({**members, "settings.json": settings}), "d")
    )
    assert [p.message for p in found] == [
        "error de valor, cada puesto tiene su propio identificador de estudiante"
    ]


def test_genius_portraits_and_role_plays_read_as_spanish(tmp_path):
    i18n.set_language("es")
    (problem,) = _problems(read_domain, _write(tmp_path, "d.xml", "<a><b></a>"))
    assert problem.line("d.xml") == ("d.xml: línea 1 columna 9: XML mal formado: mismatched tag")
    (problem,) = _problems(read_domain, _write(tmp_path, "e.xml", "<utility_space/>"))
    assert problem.line("e.xml") == "e.xml: (raíz): el dominio no declara ningún tema"
    folder = tmp_path / "portraits" / "ada"
    folder.mkdir(parents=True)
    (folder / "neutral.png").write_bytes(_png(64, 64))
    found = level_portrait_problems(tmp_path, "ada")
    assert found[0].startswith("portraits/ada/ no tiene warm.png: un juego de retratos necesita ")
    assert found[-1] == (
        "portraits/ada/neutral.png mide 64 × 64 píxeles; un retrato mide 256 × 256: "
        "escálalo o vuelve a dibujarlo a 256 × 256"
    )
    climate = load_level(ROOT / "levels" / "climate-accord.json")
    assert role_play_problem(["climate-accord"], {"climate-accord": climate}) == (
        "'climate-accord' no puede ser un juego de rol: tiene 4 partes; un juego de rol es para dos"
    )
    (problem,) = _problems(resolve_level, "market-stal")
    assert problem.location == "(nivel)"


def test_english_is_unchanged(tmp_path, pack_bytes):
    (missing,) = _problems(read_pack, tmp_path / "nothing.cgpack")
    assert missing.line("x") == "x: (pack): the pack does not exist"
    members = pack_members(pack_bytes)
    settings = json.dumps({"seed": -1, "hints": "maybe", "seats": ["ab-01", "ab-01"]}).encode()
    found = _problems(read_pack, _pack(tmp_path, rehash({**members, "settings.json": settings})))
    assert [p.line("x") for p in found] == [
        "x: settings.json: seed: input should be greater than or equal to 0",
        "x: settings.json: hints: input should be 'on' or 'off'",
    ]
    with zipfile.ZipFile(_pack(tmp_path, members, "ok")) as archive:
        assert "manifest.json" in archive.namelist()
