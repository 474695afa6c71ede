"""The first level, from the title screen to a finished debrief, with the keyboard only."""

from __future__ import annotations

import pygame

from game.ui.scenes.briefing import BriefingScene
from game.ui.scenes.debrief import DebriefScene
from game.ui.scenes.dialogs import ConfirmScene
from game.ui.scenes.title import TitleScene
from game.ui.table.scene import TableScene


def test_title_to_debrief_of_the_first_level_by_keyboard(make_app, drive):
    app = make_app(profile="Ada")
    assert isinstance(app.stack.top, TitleScene)

    # Enter on "Continue: The Blue Bowl" (the title's first focus) opens its briefing.
    drive.run(app, {0: [drive.key(pygame.K_RETURN)]}, frames=3)
    briefing = app.stack.top
    assert isinstance(briefing, BriefingScene)
    assert briefing.level.id == "market-stall"

    # Enter on "Start negotiation" sits down at the table.
    drive.run(app, {0: [drive.key(pygame.K_RETURN)]}, frames=3)
    table = app.stack.top
    assert isinstance(table, TableScene)

    # Propose (P) the opening offer, then accept (A) what the stall owner answers; repeat
    # until the talks end (a deal, or the deadline).  The coach speaks up before a deal
    # below the BATNA, once: Tab to "Accept anyway" and Enter goes ahead.
    coached = []
    for _ in range(40):
        if table.state.match.finished:
            break
        drive.run(app, {0: [drive.key(pygame.K_p)]}, frames=3)
        if table.state.match.finished:
            break
        drive.run(app, {0: [drive.key(pygame.K_a)]}, frames=3)
        if isinstance(app.stack.top, ConfirmScene):
            coached.append(app.stack.top.title)
            drive.run(app, {0: [drive.key(pygame.K_TAB), drive.key(pygame.K_RETURN)]}, frames=3)
    assert table.state.match.finished
    assert len(coached) <= 1 and all(title.startswith("Coach: ") for title in coached)

    # Enter on "See how you did" opens the debrief once the result is saved.
    for _ in range(20):
        if isinstance(app.stack.top, DebriefScene):
            break
        drive.run(app, {0: [drive.key(pygame.K_RETURN)]}, frames=3)
    debrief = app.stack.top
    assert isinstance(debrief, DebriefScene)

    (record,) = app.store.history("Ada")
    assert record["level_id"] == "market-stall"
    assert record["agreement"] is True  # accepted the stall owner's offer with A
    assert record["stars"] == debrief.score.stars
    progress = app.store.get_profile("Ada")["progress"]
    assert progress["stars"].get("market-stall", 0) == debrief.score.stars
