"""A level played in Spanish: the briefing, the campaign map and the table show the level's
Spanish text (names, roles, issue names, option labels), read through one accessor."""

from __future__ import annotations

import pytest

from game import i18n
from game.levels.catalog import resolve_level
from game.levels.loader import load_level
from game.levels.setup import start_match
from game.ui.scenes.briefing import BriefingScene, briefing_blocks, people_blocks


@pytest.fixture(autouse=True)
def english_after():
    yield
    i18n.set_language("en")


def _words(blocks) -> str:
    out = []
    for block in blocks:
        for name in ("text", "items", "name", "role", "bio"):
            value = getattr(block, name, None)
            if isinstance(value, str):
                out.append(value)
            elif isinstance(value, tuple):
                out.extend(str(v) for v in value)
    return "\n".join(out)


def test_a_level_played_in_spanish_shows_its_spanish_text(make_app, drive):
    app = make_app(profile="Ada")
    assert i18n.set_language("es") == "es"
    level = load_level(resolve_level("used-car"))
    app.navigator.to_briefing(level)
    drive.settle(app)
    briefing = app.stack.top
    assert isinstance(briefing, BriefingScene)
    assert briefing.heading == "El utilitario rojo"
    words = _words(briefing_blocks(level))
    assert "Necesitas un coche para tu nuevo trabajo." in words
    assert "Neumáticos de invierno (no incluidos, incluidos)" in words
    assert "Do not buy" not in words and "You need a car" not in words
    people = _words(people_blocks(level))
    assert "vendedor particular" in people and "private seller" not in people


def test_the_table_shows_spanish_names_roles_and_issue_names(make_app):
    from game.ui.table.state import TableState
    from game.ui.table.view import build_view

    make_app(profile="Ada")
    i18n.set_language("es")
    level = load_level(resolve_level("used-car"))
    state = TableState(level, seed=3)
    state.match = start_match(level, seed=3)
    view = build_view(state)
    assert view.title == "El utilitario rojo"
    assert view.npcs["dan"].role == "vendedor particular"
    assert state.issue_names() == {"price": "Precio", "tyres": "Neumáticos de invierno"}
    i18n.set_language("en")
    state = TableState(level, seed=3)
    state.match = start_match(level, seed=3)
    assert build_view(state).npcs["dan"].role == "private seller"


def test_the_offer_builder_and_packages_show_spanish_labels_and_make_english_offers(make_app):
    from game.engine import Offer
    from game.levels.text import describe_offer
    from game.ui.table.state import TableState
    from game.ui.table.view import build_view

    make_app(profile="Ada")
    i18n.set_language("es")
    level = load_level(resolve_level("used-car"))
    offer = Offer({"price": 4250.0, "tyres": "included"})
    assert (
        describe_offer(level.model, level.negotiation, offer)
        == "Precio $4.250, Neumáticos de invierno incluidos"
    )
    state = TableState(level, seed=3)
    state.match = start_match(level, seed=3)
    packages = build_view(state).packages
    assert packages and "Neumáticos de invierno no incluidos" in packages[0].words
    i18n.set_language("en")
    assert (
        describe_offer(level.model, level.negotiation, offer)
        == "Price $4,250, Winter tyres included"
    )


def test_the_debrief_in_spanish_teaches_in_spanish_and_the_record_stays_english():
    from game.campaign.scoring import score_record
    from game.npc.bots import make_bot, play
    from game.ui.scenes.debrief import debrief_blocks
    from game.ui.widgets.document import Bullets, Paragraph

    level = load_level(resolve_level("print-run"))
    i18n.set_language("es")
    match = start_match(level, seed=3)
    play(match, make_bot("haggler", match, 3))
    record = match.record()
    score = score_record(level, record)
    assert "Pay no more than the online printer would charge." in [o.text for o in score.objectives]
    words = []
    for block in debrief_blocks(level, record, score):
        if isinstance(block, Bullets):
            words.extend(block.items)
        elif isinstance(block, Paragraph):
            words.append(block.text)
    text = "\n".join(words)
    assert "No pagues más de lo que cobraría la imprenta online" in text
    assert "Una apertura extrema es una táctica, no un hecho" in text
    assert level.model.debrief_notes not in text
    assert "El precio mínimo que Viktor aceptaba" in text


def test_the_campaign_map_lists_and_summarises_levels_in_spanish():
    from game.levels.catalog import builtin_entries
    from game.ui.scenes.campaign_map import level_headline

    entry = next(e for e in builtin_entries() if e.id == "market-stall")
    i18n.set_language("es")
    assert entry.title_in(i18n.language()) == "El cuenco azul"
    headline = level_headline(entry)
    assert headline["summary"].startswith("Regatea por un cuenco hecho a mano")
    assert (1, "Paga menos que los $56 de la tienda.") in headline["objectives"]
    i18n.set_language("en")
    assert entry.title_in(i18n.language()) == "The Blue Bowl"
    assert level_headline(entry)["summary"].startswith("Haggle for a hand-made bowl")
