"""The campaign map (locks, stars, the suggested level) and the briefing's numbers."""

import json

import pygame

from game.levels.catalog import builtin_entries, resolve_level
from game.levels.loader import load_level
from game.ui.scenes.briefing import BriefingScene
from game.ui.scenes.campaign_map import CampaignMapScene

K = pygame


def test_map_shows_locks_stars_and_the_suggested_level(make_app, drive):
    app = make_app(profile="Ada")
    app.store.record_level_result("Ada", "market-stall", 2, badges=["walk-away"])
    app.navigator.to_campaign()
    scene = app.stack.top
    assert isinstance(scene, CampaignMapScene)
    rows = {row.key: row for row in scene.levels.rows if not row.header}
    entries = builtin_entries()
    assert list(rows) == [e.id for e in entries]
    assert rows["market-stall"].detail == "Best: 2 of 3 stars"
    assert rows["used-car"].detail.startswith("Next up")
    third = entries[2].id
    assert rows[third].detail == "Locked: earn a star on The Red Hatchback first"
    assert scene.levels.selected_row.key == "used-car"  # the map opens on the next level
    headers = [row.title for row in scene.levels.rows if row.header]
    assert headers[0] == "Chapter 1: The fixed pie"
    assert scene.overview.earned_badges[0][1] == "Walk Away"

    # Down to a locked level: the briefing button is disabled with the reason; Enter says why.
    drive.run(app, {0: [drive.key(K.K_DOWN)]})
    assert scene.levels.selected_row.key == third
    assert not scene.button("open").is_enabled
    details = " ".join(scene.details.text_lines())
    assert "Locked: earn a star on The Red Hatchback first." in details
    assert "Locked: Locked" not in details  # the note's word is not repeated in its text
    drive.run(app, {0: [drive.key(K.K_RETURN)]})
    assert scene.banner.visible
    assert scene.banner.message.text == "Locked: earn a star on The Red Hatchback first."
    drive.run(app, {0: [drive.key(K.K_ESCAPE)]})  # dismiss the banner
    # Up to the open level, Enter: its briefing.
    drive.run(app, {0: [drive.key(K.K_UP)], 1: [drive.key(K.K_RETURN)]})
    assert isinstance(app.stack.top, BriefingScene)
    assert app.stack.top.level.id == "used-car"


def test_a_level_with_a_result_is_never_shown_locked(make_app, drive):
    # ``play tablet-deal`` opens a level out of order; its result must open it on the map.
    app = make_app(profile="Ada")
    app.store.record_level_result("Ada", "tablet-deal", 2)
    app.store.record_level_result("Ada", "hotel-bread", 0)  # played, no deal, no star
    app.navigator.to_campaign()
    scene = app.stack.top
    rows = {row.key: row for row in scene.levels.rows if not row.header}
    assert rows["tablet-deal"].data.unlocked
    assert rows["tablet-deal"].detail == "Best: 2 of 3 stars"
    assert rows["job-offer"].data.unlocked  # the level after it opens as before
    assert rows["hotel-bread"].data.unlocked
    assert rows["hotel-bread"].detail == "Played · no stars yet"
    assert rows["print-run"].detail.startswith("Locked")  # untouched levels stay locked
    scene.levels.set_rows(scene.level_rows(), select_key="tablet-deal")
    scene._on_select(scene.levels.selected_row)
    assert scene.button("open").is_enabled
    details = " ".join(scene.details.text_lines())
    assert "Your best: 2 of 3 stars" in details and "Locked" not in details


def test_briefing_shows_the_levels_numbers(make_app):
    app = make_app(profile="Ada")
    level = load_level(resolve_level("market-stall"))
    app.navigator.to_briefing(level)
    lines = app.stack.top.text_lines()
    text = " ".join(lines)  # wrapped lines joined back into sentences
    model = level.model
    assert lines[0] == model.title
    assert f"If there is no deal: {model.player.batna}" in lines  # short enough for one line
    for objective in model.objectives:
        goal = objective.text.rstrip(".")
        assert goal in text or goal[:1].lower() + goal[1:] in text  # mid-sentence after ";"
    assert "Price: 100 %" in lines  # the priority bar
    # The zone hint gives the player's own limit, never Rosa's private floor ($38).
    assert "Agreement zone: A price of $56 or less is at least as good as your BATNA." in text
    assert "$38" not in text
    assert "Rosa" in lines and model.npcs[0].role in lines
    assert "1 star: " in text
    for fact in model.player.knows:
        assert fact.split()[0] in text


def test_briefing_hides_what_the_level_does_not_reveal(make_app, tmp_path):
    app = make_app(profile="Ada")
    used_car = load_level(resolve_level("used-car"))
    app.navigator.to_briefing(used_car)
    text = "\n".join(app.stack.top.text_lines())
    assert "Agreement zone" not in text
    assert "What matters to" not in text
    # The same level with both hints on shows the zone verdict and the other side's weights.
    data = json.loads(resolve_level("used-car").read_text(encoding="utf-8"))
    data["rules"]["hints"].update(agreement_zone=True, other_priorities=True)
    path = tmp_path / "used-car-hints.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    app.navigator.to_briefing(load_level(path))
    lines = app.stack.top.text_lines()
    assert any(line.startswith("Agreement zone: a package worth at least 0.615") for line in lines)
    npc = used_car.model.npcs[0].name
    assert f"What matters to {npc}:" in lines


def test_briefing_adapts_to_a_small_window_at_double_text(make_app, drive):
    app = make_app(profile="Ada", size=(1024, 600), text_scale=200)
    level = load_level(resolve_level("tablet-deal"))
    app.navigator.to_briefing(level)
    scene = app.stack.top
    assert scene.context.text_scale == 2.0
    assert not scene.two_columns  # one column: the characters follow the page
    assert scene.page.scrollable
    assert scene.page.rect.right <= 1024 and scene.button("start").rect.bottom <= 600
    scene.focus_key("page")
    drive.run(app, {0: [drive.key(K.K_PAGEDOWN)], 1: [drive.key(K.K_END)]})
    assert scene.page.scroll > 0
    names = [n.name for n in level.model.npcs]
    assert all(name in scene.text_lines() for name in names)
