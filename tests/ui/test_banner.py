import pygame

from game.ui.widgets.banner import Banner


def test_banner_shows_queues_and_dismisses_with_escape(context):
    banner = Banner(context.fonts)
    assert not banner.visible
    banner.show("Your save was repaired: the newest backup was used.", "warning")
    banner.show("Second message")
    assert banner.message.kind == "warning"
    assert banner.handle_event(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0))
    assert banner.message.text == "Second message"
    banner.dismiss()
    assert not banner.visible
    assert not banner.handle_event(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0))


def test_banner_click_on_dismiss_and_timeout(display, context):
    banner = Banner(context.fonts)
    banner.set_area((20, 20), 900)
    banner.show("Saved.", "success", timeout=2.0)
    banner.draw(display, context.palette)
    close = banner._close_rect()
    assert banner.rect().contains(close)
    banner.update(1.0)
    assert banner.visible
    banner.update(1.5)
    assert not banner.visible
    banner.show("Problem", "error")
    click = pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=banner._close_rect().center)
    assert banner.handle_event(click)
    assert not banner.visible


def test_long_message_wraps_and_grows(context):
    banner = Banner(context.fonts)
    banner.set_area((0, 0), 400)
    banner.show("short")
    one = banner.rect().height
    banner.dismiss()
    banner.show("a much longer message " * 10)
    assert banner.rect().height > one


def test_tooltip_sits_next_to_its_anchor_and_grows_with_text(display, context, assets):
    from game.ui.fonts import FontCache
    from game.ui.widgets.tooltip import draw_tooltip, tooltip_rect

    anchor = pygame.Rect(500, 600, 150, 50)
    bounds = display.get_rect()
    reason = "You cannot walk away yet: hear their first offer before leaving."
    small, _ = tooltip_rect(reason, anchor, bounds, context.fonts)
    large, lines = tooltip_rect(reason, anchor, bounds, FontCache(assets.fonts, 2.0))
    assert small.bottom <= anchor.top and bounds.contains(small)
    assert large.width > small.width and len(lines) >= 2
    drawn = draw_tooltip(display, reason, anchor, context.fonts, context.palette)
    assert drawn == small
