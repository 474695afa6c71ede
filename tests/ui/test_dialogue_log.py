import pygame

from game.ui.widgets.dialogue_log import DialogueLog


def _log(context, capacity=200, height=300):
    log = DialogueLog(context.fonts, capacity=capacity)
    log.set_rect(pygame.Rect(0, 0, 500, height))
    return log


def test_log_keeps_at_most_capacity_entries(context):
    log = _log(context)
    for i in range(250):
        log.add("Rosa", f"line {i}")
    assert len(log) == 200
    assert log.entries[0].text == "line 50"
    assert log.entries[-1].text == "line 249"


def test_long_lines_wrap_and_long_words_are_cut(context):
    log = _log(context)
    log.add("Rosa", "word " * 80)
    log.add("You", "x" * 300)
    assert log.line_count() > 4
    font = context.fonts.get("body", DialogueLog.TEXT_SIZE)
    width = log.rect.width - 2 * DialogueLog.PADDING - 8
    assert all(font.size(text)[0] <= width for _, _, text in log.visible_lines())


def test_page_up_and_down_move_by_a_page(context):
    log = _log(context)
    for i in range(100):
        log.add("Rosa", f"short line {i}")
    assert log.scroll == 0
    assert log.visible_lines()[-1][2] == "short line 99"
    page = log.page_size
    assert log.handle_event(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_PAGEUP, mod=0))
    assert log.scroll == page
    assert log.visible_lines()[-1][2] == f"short line {99 - page}"
    log.page_down()
    assert log.scroll == 0
    for _ in range(100):
        log.page_up()
    assert log.scroll == log.max_scroll
    assert log.visible_lines()[0][2] == "short line 0"


def test_new_lines_do_not_move_a_reader_who_scrolled_up(context):
    log = _log(context)
    for i in range(60):
        log.add("Rosa", f"line {i}")
    log.page_up()
    before = [t for _, _, t in log.visible_lines()]
    log.add("You", "a new line")
    assert [t for _, _, t in log.visible_lines()] == before
    log.scroll_to_end()
    assert log.visible_lines()[-1][2] == "a new line"


def test_mouse_wheel_scrolls_only_over_the_log(context, monkeypatch):
    log = _log(context)
    for i in range(60):
        log.add("Rosa", f"line {i}")
    monkeypatch.setattr(pygame.mouse, "get_pos", lambda: (10, 10))
    assert log.handle_event(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1, flipped=False))
    assert log.scroll == 3
    monkeypatch.setattr(pygame.mouse, "get_pos", lambda: (900, 900))
    assert not log.handle_event(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1, flipped=False))


def test_drawing_only_renders_visible_lines(display, context, monkeypatch):
    log = _log(context, height=200)
    for i in range(200):
        log.add("Rosa", f"line {i} " + "and more " * 5, speaker_index=i % 3)
    calls = []
    body = context.fonts.get("body", DialogueLog.TEXT_SIZE)
    original = body.render

    class Spy:
        def __getattr__(self, name):
            return getattr(body, name)

        def render(self, *args, **kwargs):
            calls.append(args[0])
            return original(*args, **kwargs)

    display.fill((0, 0, 0))
    real_get = context.fonts.get
    monkeypatch.setattr(
        context.fonts,
        "get",
        lambda role, size: (
            Spy() if (str(role), size) == ("body", DialogueLog.TEXT_SIZE) else real_get(role, size)
        ),
    )
    log.draw(display, context.palette)
    assert 0 < len(calls) <= 200 // body.get_linesize() + 1


def test_more_below_takes_the_last_slot_and_is_never_drawn_over_a_line(context):
    log = _log(context)
    for i in range(60):
        log.add("Rosa", f"line {i}")
    log.line_count()  # laid out
    slots = log._visible_lines
    assert slots >= 5
    assert len(log.visible_lines()) == slots  # at the newest line: every slot holds text
    top = log.visible_lines()[0]
    log.scroll_by(1)
    shown = log.visible_lines()
    assert len(shown) == slots - 1 and shown[0] == top  # the top stays; the hint takes the last
    log.scroll_to_start()
    assert log.visible_lines()[0][2] == "line 0"
    assert len(log.visible_lines()) == slots - 1
    # Where the lines end and where the hint starts, at every text size the log is drawn at.
    line_h = context.fonts.line_height("body", DialogueLog.TEXT_SIZE)
    text_bottom = log.rect.top + DialogueLog.PADDING + (slots - 1) * line_h
    hint_h = context.fonts.get("italic", 14).get_linesize()
    assert log.rect.bottom - 4 - hint_h >= text_bottom
