"""A screen's keys as data: one table drives both what a key does and what F1 lists.

Each screen declares its keys once, as a tuple of :class:`KeyBinding`: the words the
help page shows (``keys``, ``what``; ``hint`` for a hint line on the screen itself), the
key names it answers (``names``, see :func:`key_name`) and what pressing it does
(``run``).  The screen looks a key up with :func:`binding_for` and builds its help page
with :func:`help_lines` (and a hint line with :func:`key_hints`), so what it says is
what the keys do.  A binding without ``names`` is listed only: a control
handles that key itself (Tab, Enter on a button, the arrows on a slider).

The negotiation table keeps its own table of the same shape (``table_moves.TABLE_KEYS``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import pygame

from game.i18n import tr

__all__ = ["KeyBinding", "binding_for", "help_lines", "key_hints", "key_name", "run_key"]

S = TypeVar("S")

_CHORD = pygame.KMOD_CTRL | pygame.KMOD_ALT | pygame.KMOD_META


@dataclass(frozen=True)
class KeyBinding(Generic[S]):
    """One key of a screen: what the help page says, and what pressing it does."""

    keys: str
    """As the help page shows it ("F5", "1 to 9", "Tab / Shift+Tab")."""
    what: str
    """What it does, in the help page's words."""
    names: tuple[str, ...] = ()
    """The key names (:func:`key_name`) it answers; none: a control handles the key."""
    run: Callable[[S, str], object] | None = None
    """``run(screen, key name)``; returning False means the key was not used after all."""
    first: bool = False
    """True: the key acts before the focused control sees it (the screen's shortcuts)."""
    hint: str = ""
    """A few words for a hint line on the screen itself ("F2 rename"; empty: none)."""


def key_name(key: int, mod: int = 0) -> str:
    """Return a key's name as the tables use it: pygame's name in capitals, "?" for Shift+/.

    Keypad digits are named as the digits ("[1]" is "1").
    """
    if key == pygame.K_SLASH and mod & pygame.KMOD_SHIFT:
        return "?"
    name = pygame.key.name(key).upper()
    if len(name) == 3 and name[0] == "[" and name[2] == "]" and name[1].isdigit():
        return name[1]
    return name


def binding_for(
    bindings: Iterable[KeyBinding[S]], event: pygame.event.Event, *, first: bool | None = None
) -> KeyBinding[S] | None:
    """Return the binding a key press acts on (None: none; Ctrl / Alt chords never match).

    ``first``: only the bindings that act before (True) or after (False) the focused control.
    """
    if event.type != pygame.KEYDOWN or getattr(event, "mod", 0) & _CHORD:
        return None
    name = key_name(event.key, getattr(event, "mod", 0))
    for binding in bindings:
        if first is not None and binding.first != first:
            continue
        if name in binding.names and binding.run is not None:
            return binding
    return None


def run_key(
    screen: S,
    bindings: Iterable[KeyBinding[S]],
    event: pygame.event.Event,
    *,
    first: bool | None = None,
) -> bool:
    """Do what ``event``'s key does on ``screen``; return True when a binding used it."""
    binding = binding_for(bindings, event, first=first)
    if binding is None or binding.run is None:
        return False
    used: Any = binding.run(screen, key_name(event.key, getattr(event, "mod", 0)))
    return used is not False


def help_lines(bindings: Iterable[KeyBinding[Any]]) -> list[str]:
    """Return the help page's lines: "keys: what they do", in the table's order."""
    return [f"{tr(binding.keys)}: {tr(binding.what)}" for binding in bindings]


def key_hints(bindings: Iterable[KeyBinding[Any]]) -> str:
    """Return a screen's hint line from the table: its bindings' hints, " · " between."""
    return " \u00b7 ".join(tr(binding.hint) for binding in bindings if binding.hint)
