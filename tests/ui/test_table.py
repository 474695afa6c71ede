"""The negotiation table, played headless with the keyboard (and a little mouse)."""

from __future__ import annotations

import pygame
import pytest

from game.engine import ContingentClause, MoveKind
from game.ui.scenes.debrief import DebriefScene
from game.ui.scenes.dialogs import ConfirmScene
from game.ui.scenes.pause import PauseScene
from game.ui.table.choice import ChoiceScene, TableHelpScene
from game.ui.widgets.focus import FocusManager
from game.ui.widgets.move_menu import reason_text

from .table_harness import PROFILE, make_table

# The fair package of tablet-deal (the match's Nash point): Nova accepts it within a few
# rounds, and it is worth 0.63 to the player (two stars).
FAIR = {
    "price": ("end", 0),
    "warranty": ("right", 3),
    "accessories": ("right", 3),
    "delivery": ("right", 1),
    "trade_in": ("right", 2),
}


@pytest.fixture
def data_dir(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def tables():
    made = []

    def make(*args, **kwargs):
        table = make_table(*args, **kwargs)
        made.append(table)
        return table

    yield make
    for table in made:
        if table.store is not None:
            table.store.close()


def _set_issue(table, issue_id: str, how: tuple[str, int]) -> None:
    table.tab_to(f"issue:{issue_id}")
    key, times = how
    if key == "end":
        table.keys("end")
    else:
        table.key(pygame.key.key_code(key), times=times)


def test_keyboard_only_deal_is_saved_with_stars_before_the_debrief(tables, data_dir, display):
    table = tables("tablet-deal", data_dir=data_dir)
    scene = table.scene
    for _ in range(2):  # Y, Enter: "What is it for?" until Nova tells of its old stock
        table.keys("y", "return")
        table.frames(2)
    assert [i["id"] for i in scene.state.match.interests()["found"]] == [
        "sales-target",
        "old-stock",
    ]
    for issue_id, how in FAIR.items():
        _set_issue(table, issue_id, how)
    assert scene.controls.builder.describe_choices() == [
        "Price: $500",
        "Warranty: 3 years",
        "Accessories: case, keyboard and pen",
        "Delivery: in 2 days",
        "Trade-in credit: $60",
    ]
    table.tab_to("propose")
    for _ in range(12):
        if scene.state.match.finished:
            break
        table.keys("return")
        table.frames(2)
    assert scene.state.match.state.status.value == "agreed"
    # Saved before the debrief appears (in a worker thread): history, stars, memory.
    scene.wait_for_save()
    history = table.store.history(PROFILE)
    assert len(history) == 1
    record = history[0]
    assert record["level_id"] == "tablet-deal" and record["stars"] >= 1
    assert record["agreement"] is True and record["outcome"]["terms"]["warranty"] == "3 years"
    assert record["timeline"] and record["offers"]
    profile = table.store.get_profile(PROFILE)
    assert profile["progress"]["stars"]["tablet-deal"] == record["stars"]
    assert table.store.get_relationship(PROFILE, "nova") is not None
    assert "Deal agreed" in scene.state.result_lines[0]
    assert scene.focus.focused is scene.controls.continue_button
    table.keys("return")
    assert isinstance(table.stack.top, DebriefScene)
    table.frames(2)


def test_illegal_moves_are_disabled_with_the_match_reason(tables, display):
    table = tables("tablet-deal")
    scene = table.scene
    table.frames(1)
    legal = scene.state.match.legal_player_moves()
    checked = 0
    for spec in scene.controls.menu.specs:
        button = scene.controls.menu.buttons[spec.key]
        reason = legal[spec.kind]
        assert button.is_enabled == (reason is None), spec.key
        if reason is not None:
            assert FocusManager.disabled_reason(button) == reason_text(reason)
            assert reason in button.tool_tip_text
            checked += 1
    assert checked >= 1  # "there is nothing to apologise for"
    apologise = scene.controls.menu.buttons["apologise"]
    hint = scene.focus.hint_at(apologise.rect.center)
    assert hint is not None and "nothing to apologise for" in hint[1]
    # Keyboard players reach a disabled move with Tab: its reason shows beside it, and
    # Enter says why in a note instead of doing nothing.
    table.tab_to("move:apologise")
    assert scene.focus.focused is apologise
    surface = table.frames(1)
    tip = surface.subsurface(apologise.rect.inflate(500, 200).clip(surface.get_rect()))
    colours = {
        tuple(tip.get_at((x, y)))[:3]
        for x in range(0, tip.get_width(), 7)
        for y in range(0, tip.get_height(), 5)
    }
    assert tuple(scene.palette.colour("tooltip_bg"))[:3] in colours  # the tool-tip is drawn
    table.keys("return")
    assert scene.overlay.toast is not None and "nothing to apologise for" in scene.overlay.toast[0]
    # The reasons are also on the help page (F1), and pressing the shortcut of a
    # disabled move says why in a note.
    table.keys("f1")
    help_page = table.stack.top
    assert isinstance(help_page, TableHelpScene)
    assert any("nothing to apologise for" in line for line in help_page.text_lines())
    table.keys("escape")
    assert table.stack.top is scene
    # Use up the talk moves of this round: every talk move is then disabled, with the reason.
    for _ in range(3):
        table.keys("q")
    legal = scene.state.match.legal_player_moves()
    assert legal[MoveKind.ASK_PRIORITIES] is not None
    button = scene.controls.menu.buttons["ask_priorities"]
    assert not button.is_enabled
    assert "talked 3 times" in button.tool_tip_text
    table.keys("q")
    assert scene.overlay.toast is not None and "talked 3 times" in scene.overlay.toast[0]


def test_the_gauge_shows_what_the_built_offer_is_worth(tables, display):
    table = tables("tablet-deal")
    scene = table.scene
    match = scene.state.match
    for issue_id, how in (("warranty", ("right", 2)), ("trade_in", ("right", 1))):
        _set_issue(table, issue_id, how)
        offer = scene.controls.builder.offer()
        assert scene.controls.offer_gauge.value == pytest.approx(match.utility_of("player", offer))
    batna = match.negotiation.player.preferences.reservation
    text = scene.controls.offer_gauge.text()
    assert f"{scene.controls.offer_gauge.value:.2f}" in text and f"BATNA ({batna:.2f})" in text
    # The offer on the table is described in words with its value to the player.
    table_offer = match.state.table.offer
    assert scene.table_text()[1] == match.describe(table_offer)
    assert scene.controls.table_gauge.value == pytest.approx(
        match.utility_of("player", table_offer)
    )
    # Copy (C) puts it into the builder.
    table.keys("c")
    assert scene.controls.builder.offer() == table_offer
    # Leaving an issue open shows a range and turns Propose into a question.
    table.tab_to("open:price")
    table.keys("space")
    assert scene.controls.builder.partial and scene.controls.offer_gauge.value is None
    assert scene.controls.offer_gauge.low <= scene.controls.offer_gauge.high
    assert scene.controls.propose_button.text == "Ask them to fill in"


def test_a_partial_offer_gets_a_completion_to_copy(tables, display):
    table = tables("tablet-deal")
    scene = table.scene
    table.tab_to("open:price")
    table.keys("space")
    table.keys("p")
    suggestions = [p for p in scene.state.view.packages if p.kind == "suggestion"]
    assert suggestions, scene.log_lines()[-4:]
    assert scene.state.current_package() is suggestions[-1]
    table.keys("c")
    assert scene.controls.builder.offer() == suggestions[-1].offer
    assert not scene.controls.builder.partial


def test_a_contingent_clause_built_in_the_ui_reaches_the_match(tables, display):
    table = tables("book-deal")
    scene = table.scene
    table.tab_to("clause")
    table.keys("space")
    assert scene.controls.builder.clause_on
    table.tab_to("if:bestseller:royalty")
    table.keys("end")  # 15 % if the book passes 20,000 copies
    table.tab_to("else:bestseller:royalty")
    table.keys("home")  # 8 % otherwise
    _set_issue(table, "advance", ("right", 2))
    _set_issue(table, "release", ("right", 1))
    expected = scene.controls.builder.offer()
    assert expected.clause == ContingentClause("bestseller", {"royalty": "15%"}, {"royalty": "8%"})
    assert scene.controls.offer_gauge.value == pytest.approx(
        scene.state.match.utility_of("player", expected)
    )
    table.tab_to("propose")
    table.keys("return")
    offers = [e.move for e in scene.state.match.state.log if e.move.kind is MoveKind.OFFER]
    mine = [m for m in offers if m.actor == "player"]
    assert mine and mine[0].offer.clause is not None
    assert mine[0].offer.clause.event_id == "bestseller"
    assert dict(mine[0].offer.clause.if_happens) == {"royalty": "15%"}
    assert any("if the book sells more than 20,000 copies" in line for line in scene.log_lines())


def test_a_multiparty_table_shows_every_party_and_its_stance(tables, display):
    table = tables("climate-accord")
    scene = table.scene
    match = scene.state.match
    names = [scene.state.name_of(n) for n in scene.state.npc_ids()]
    assert [chip.party.name for chip in scene.controls.chips if chip.party] == names
    table.keys("p")  # propose the builder's package to everyone
    table.frames(1)
    state = match.state
    assert state.table is not None
    for chip in scene.controls.chips:
        if chip.party is None:
            continue
        pid = chip.party.id
        if pid == state.table.proposer or pid in state.table.supporters:
            assert chip.party.stance in ("proposed", "supports")
        elif pid in state.table.opponents:
            assert chip.party.stance == "opposes"
        else:
            assert chip.party.stance == "undecided"
    lines = " ".join(scene.state.view.coalition_lines)
    for name in ["You", *names]:
        assert name in lines
    assert scene.controls.card_buttons["primary"].text == "Support"
    assert scene.controls.card_buttons["reject"].text == "Oppose"
    # Selecting a delegate addresses talk moves to them alone.
    chip = scene.controls.chips[2]
    scene.focus.focus(chip)
    table.keys("return")
    assert scene.state.target == chip.party.id
    before = len(match.state.log)
    table.keys("q")
    asked = [e.move for e in match.state.log[before:] if e.move.actor == "player"]
    assert asked and asked[0].target == chip.party.id


def test_talk_moves_with_choices_and_grievances(tables, display):
    table = tables("two-forks")
    scene = table.scene
    assert "acknowledge" in scene.controls.menu.buttons and "let_go" in scene.controls.menu.buttons
    table.keys("g")
    assert isinstance(table.stack.top, ChoiceScene)
    chooser = table.stack.top
    assert chooser.choices and chooser.choices[0].words
    table.keys("return")  # the list has focus: Enter chooses the selected grievance
    assert table.stack.top is scene
    kinds = [e.move.kind for e in scene.state.match.state.log if e.move.actor == "player"]
    assert MoveKind.ACKNOWLEDGE_GRIEVANCE in kinds
    assert any("trust" in line or "rapport" in line for line in scene.log_lines())
    meters = scene.controls.meters[scene.state.npc_ids()[0]]
    assert meters[0].reason or meters[1].reason


def test_walking_away_asks_first(tables, data_dir, display):
    table = tables("tablet-deal", data_dir=data_dir)
    scene = table.scene
    table.keys("w")
    assert isinstance(table.stack.top, ConfirmScene)
    table.keys("return")  # the focus starts on "Keep negotiating"
    assert table.stack.top is scene and not scene.state.match.finished
    table.keys("w")
    table.keys("tab", "return")
    assert scene.state.match.finished and scene.state.match.state.status.value == "walked_away"
    scene.wait_for_save()
    assert table.store.history(PROFILE)[0]["agreement"] is False


def test_escape_pauses_and_leaving_remembers_without_scoring(tables, data_dir, display):
    table = tables("tablet-deal", data_dir=data_dir)
    scene = table.scene
    table.keys("escape")
    assert isinstance(table.stack.top, PauseScene)
    table.keys("escape")
    assert table.stack.top is scene
    # Closing the window mid-negotiation asks.
    assert table.stack.request_quit() is False
    assert isinstance(table.stack.top, ConfirmScene)
    table.keys("escape")
    assert table.stack.top is scene
    scene._quit_to_map()
    assert scene.state.abandoned and table.store.history(PROFILE) == []
    assert table.store.get_relationship(PROFILE, "nova") is not None


@pytest.mark.parametrize(
    "size, scale, mode",
    [((1280, 720), 1.0, "wide"), ((1024, 600), 1.0, "two"), ((1280, 720), 2.0, "one")],
)
def test_every_control_is_reachable_by_tab_and_revealed(tables, display, size, scale, mode):
    table = tables("book-deal", size=size, text_scale=scale)
    scene = table.scene
    assert scene.state.mode == mode
    tabs = (
        ["talk", "offer", "moves"]
        if mode == "one"
        else ["offer", "moves"]
        if mode == "two"
        else [None]
    )
    for tab in tabs:
        if tab is not None:
            scene.set_tab(tab)
        seen = set()
        for _ in range(len(scene.focus.elements) + 2):
            table.keys("tab")
            focused = scene.focus.focused
            assert focused is not None
            seen.add(focused.key)
            column = scene.layout.column_of(focused)
            if column is not None and focused.rect.height < column.rect.height:
                assert column.rect.contains(focused.rect), (focused.key, focused.rect, column.rect)
        table.frames(1)
        if tab in (None, "offer"):
            assert "propose" in seen and "issue:advance" in seen
        if tab in (None, "moves"):
            assert "move:ask_priorities" in seen


def test_resizing_and_rebuilding_keep_the_talks(tables, display):
    table = tables("tablet-deal")
    scene = table.scene
    table.keys("q")
    lines = scene.log_lines()
    _set_issue(table, "warranty", ("right", 2))
    offer = scene.controls.builder.offer()
    table.stack.on_resize((1024, 600))
    assert scene.state.mode == "two"
    table.frames(1)
    scene.exit()
    scene.enter(table.stack.context)
    scene.on_resize((1280, 720))
    assert scene.log_lines() == lines and scene.controls.builder.offer() == offer
    assert len(scene.controls.log) == len(lines)
    table.frames(1)


def test_mouse_clicks_press_buttons_and_move_sliders(tables, display):
    table = tables("tablet-deal")
    scene = table.scene
    table.frames(1)
    slider = scene.controls.builder.row("price").control
    track = slider.track_rect()
    table.click((track.left + 1, track.centery))
    assert slider.index == 0
    picker = scene.controls.builder.row("warranty").control
    table.click((picker.rect.right - 5, picker.rect.centery))
    assert picker.index == 1
    before = len(scene.state.match.state.log)
    button = scene.controls.menu.buttons["ask_priorities"]
    table.click(button.rect.center)
    assert len(scene.state.match.state.log) > before


def test_the_game_from_the_briefing_to_the_debrief_and_back_to_the_map(make_app, drive):
    """The real App: Start negotiation, play by keys, save, debrief, back to the map."""
    from game.levels.catalog import resolve_level
    from game.levels.loader import load_level
    from game.ui.scenes.campaign_map import CampaignMapScene
    from game.ui.table.scene import TableScene

    app = make_app(profile="Ada")
    app.navigator.to_campaign()
    level = load_level(resolve_level("market-stall"))
    app.navigator.to_briefing(level)
    drive.run(app, {0: [drive.key(pygame.K_RETURN)]})  # "Start negotiation" has the focus
    table = app.stack.top
    assert isinstance(table, TableScene) and table.state.level is level
    # Remembered NPCs: the table asked the store (a first meeting here).
    assert table.state.match is not None
    drive.run(
        app,
        {0: [drive.key(pygame.K_w)], 2: [drive.key(pygame.K_TAB)], 3: [drive.key(pygame.K_RETURN)]},
    )
    assert table.state.match.finished
    drive.run(app, {1: [drive.key(pygame.K_RETURN)]}, frames=4)
    assert isinstance(app.stack.top, DebriefScene)
    history = app.store.history("Ada")
    assert len(history) == 1 and history[0]["level_id"] == "market-stall"
    assert app.store.get_relationship("Ada", "rosa") is not None
    app.navigator.back()
    assert isinstance(app.stack.top, CampaignMapScene)


@pytest.mark.parametrize("level_id", ["tablet-deal", "climate-accord"])
def test_a_table_built_in_steps_paints_the_same_picture(tables, display, level_id):
    at_once = tables(level_id, seed=5)
    staged = tables(level_id, seed=5, staged=True)
    assert staged.scene.painter.picture is not None and not staged.scene.painter.in_steps
    # (The one built at once painted its picture before the opening lines came in, and
    # repaints what they changed over its first frames.)
    frames = [pygame.image.tobytes(t.frames(10), "RGB") for t in (at_once, staged)]
    assert frames[0] == frames[1]


def test_repainting_reuses_the_last_picture_and_keeps_to_the_budget(tables, display, monkeypatch):
    """Judged on the band costs the scene has learned, never on this machine's speed."""
    import game.ui.frame as frame_module
    from game.ui.frame import SHARES, Share, Work

    def paint_share(seconds):
        shares = {**SHARES, Work.PAINT: Share(share_s=seconds, by_s=max(seconds, 0.01))}
        monkeypatch.setattr(frame_module, "SHARES", shares)

    table = tables("tablet-deal", seed=5)
    scene = table.scene
    # A budget no band fits in: every frame paints one band, however fast the machine.
    paint_share(0.0)
    scene.layout.changed("all")
    table.frames(1)
    assert scene.painter.back is not None  # painting a new picture, band by band
    bands = 1
    while scene.painter.back is not None:
        table.frames(1)
        bands += 1
    assert bands > 2
    old = scene.painter.spare
    assert old is not None and old is not scene.painter.picture
    # The next full repaint paints into the surface the last swap left over.
    scene.layout.changed("all")
    table.frames(1)
    assert scene.painter.back is old
    # A generous budget: bands expected to end within it share a frame...
    paint_share(60.0)
    scene.painter.band_costs = dict.fromkeys(scene.painter.band_costs, 0.0)
    table.frames(1)
    assert scene.painter.back is None and not scene.painter.jobs
    # ...and bands known to take longer than the budget are left to the next frame once
    # one is painted.
    scene.layout.changed("all")
    scene.painter.band_costs = dict.fromkeys(scene.painter.band_costs, 120.0)
    table.frames(1)
    left = len(scene.painter.jobs)
    assert left > 1
    table.frames(1)
    assert len(scene.painter.jobs) == left - 1


def test_a_frame_already_long_paints_one_band_and_leaves_the_rest(tables, display):
    from game.ui.frame import FRAME_S, FrameBudget

    def still():  # a clock that does not move: only the budget's start counts
        return 0.0

    table = tables("tablet-deal", seed=5)
    scene = table.scene
    scene.painter.band_costs = dict.fromkeys(scene.painter.band_costs, 0.0)
    scene.layout.changed("all")
    # The frame's input (say) has used the whole budget: one band, however cheap.
    scene.stack.frame = FrameBudget(-2 * FRAME_S, clock=still)
    table.frames(1)
    left = len(scene.painter.jobs)
    assert scene.painter.back is not None and left > 1
    table.frames(1)
    assert len(scene.painter.jobs) == left - 1
    # A frame with its time before it paints every band that fits (here: all of them).
    scene.stack.frame = FrameBudget(0.0, clock=still)
    scene.painter.band_costs = dict.fromkeys(scene.painter.band_costs, 0.0)
    table.frames(1)
    scene.stack.frame = None
    assert scene.painter.back is None and not scene.painter.jobs


def test_in_two_columns_the_tabs_stay_painted_when_switched(tables, display):
    table = tables("book-deal", seed=11, size=(1024, 600))
    table.frames(40)
    scene = table.scene
    assert scene.state.mode == "two"
    background = pygame.Color(scene.palette.colour("background"))[:3]
    for key in ("3", "2", "3"):
        table.keys(key)
        surface = table.frames(40)
        for name in ("offer", "moves"):
            rect = scene.controls.tab_buttons[name].rect
            colours = {surface.get_at((x, rect.centery))[:3] for x in range(rect.left, rect.right)}
            assert colours - {background}, f"the {name} tab is not painted after {key}"


def test_a_rebuilt_table_gives_the_focus_back_where_it_was(tables, display):
    table = tables("book-deal", seed=11, size=(1024, 600))
    table.frames(5)
    scene = table.scene
    before = table.focused_key
    scrolls = {name: column.scroll for name, column in scene.layout.columns.items()}
    # As a new text size or palette does: the scene leaves and enters again.
    scene.exit()
    scene.enter(table.stack.context)
    scene.on_resize((1024, 600))
    table.frames(5)
    assert table.focused_key == before and scene.focus.focused.is_enabled
    assert {name: column.scroll for name, column in scene.layout.columns.items()} == scrolls


def test_a_claim_is_questioned_by_keyboard_and_noted(tables, display):
    table = tables("print-run")
    scene = table.scene
    assert "probe" in scene.controls.menu.buttons  # Viktor may claim a school order
    assert any("claims another offer" in note for note in scene.state.view.notes)
    table.keys("k")
    assert isinstance(table.stack.top, ChoiceScene)
    chooser = table.stack.top
    assert [c.key.split(":")[0] for c in chooser.choices] == ["ask_proof", "call_bluff"]
    assert "show me that other offer" in chooser.choices[0].words
    table.keys("return")  # ask for proof
    assert table.stack.top is scene
    kinds = [e.move.kind for e in scene.state.match.state.log if e.move.actor == "player"]
    assert kinds[-1] is MoveKind.ASK_PROOF
    assert any("proof" in note or "wavered" in note for note in scene.state.view.notes)


def test_no_claim_button_where_no_one_makes_claims(tables, display):
    assert "probe" not in tables("tablet-deal").scene.controls.menu.buttons
