"""Spanish where the level's own words meet the game's: numbers in the briefing's issue
ranges, the offer builder's contingent clause (its event and issues), the characters' names
at a table of several, a role-play's offer form."""

from __future__ import annotations

from game import i18n
from game.levels.catalog import resolve_level
from game.levels.loader import load_level
from game.ui.scenes.briefing import briefing_blocks

from .table_harness import make_table


def _texts(blocks) -> str:
    return " ".join(
        " ".join([str(getattr(b, "text", "")), *getattr(b, "items", ())]) for b in blocks
    )


def test_the_briefing_writes_issue_ranges_the_spanish_way():
    level = load_level(resolve_level("freelance-quote"))
    i18n.set_language("es")
    assert "($1.500 a $4.500)" in _texts(briefing_blocks(level))
    i18n.set_language("en")
    assert "($1,500 to $4,500)" in _texts(briefing_blocks(level))


def test_the_clause_speaks_of_the_event_and_issues_in_spanish(display):
    i18n.set_language("es")
    table = make_table("book-deal")
    table.frames(2)
    builder = table.scene.controls.builder
    (event,) = builder.events
    assert builder.event_words(event) == (
        "el libro vende más de 20.000 ejemplares en su primer año"
    )
    example = builder._example()
    assert " si el libro vende más de 20.000 ejemplares en su primer año" in example
    assert "the book" not in example and "Royalty" not in example
    names = {row.issue.id: row.issue.name for row in builder.clause_rows()}
    english = {i.id: i.name for i in table.scene.state.level.negotiation.space.issues}
    assert names and all(names[i] != english[i] for i in names), names


def test_a_table_of_several_names_the_characters_as_the_language_writes_them(display):
    i18n.set_language("es")
    table = make_table("climate-accord")
    table.frames(2)
    state = table.scene.state
    assert state.name_of("nordhavn") == "Ministro Eriksen"
    chips = [c for c in table.scene.controls.chips if c.party is not None]
    assert "Embajadora Rao" in [c.party.name for c in chips]
    said = [speaker for speaker, _text, kind, _ in state.entries if kind != "player"]
    assert "Ambassador Lindgren" not in said


def test_a_trade_the_deal_missed_is_said_in_spanish():
    import itertools

    from game.engine import Offer
    from game.ui.scenes.debrief import missed_words

    level = load_level(resolve_level("tablet-deal"))
    space = level.negotiation.space
    missed = next(
        report.missed[0]
        for combo in itertools.product(*[issue.values for issue in space.issues])
        if (
            report := level.analysis.report(Offer(dict(zip(space.issue_ids, combo, strict=True))))
        ).missed
    )
    english = missed_words(level, missed)
    assert english == (
        "You cared more about accessories and Nova about price: Accessories case, keyboard and "
        "pen with Price $410 would have given you +0.18 and Nova +0.17."
    )
    i18n.set_language("es")
    spanish = missed_words(level, missed)
    assert spanish.startswith("A ti te importaba más ")
    assert "tú habrías ganado +0," in spanish and "Nova" in spanish
    assert not any(word in spanish for word in ("cared", "would have", "Price", "case"))


def test_a_favour_of_another_meeting_names_its_level_by_its_title():
    from game.ui.reasons import change_reason_words

    kept = "you returned the favour I did you on the price last time (market-stall)"
    assert change_reason_words(kept).endswith("last time (The Blue Bowl)")
    i18n.set_language("es")
    assert change_reason_words(kept).endswith("la última vez (El cuenco azul)")
    assert change_reason_words(kept.replace("market-stall", "my-own-level")).endswith(
        "(my-own-level)"
    )
