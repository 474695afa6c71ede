"""The one translation layer: every string the game shows goes through here.

``tr("Resume")`` returns the text in the chosen language; ``ngettext`` picks the plural form
the language needs; ``number``/``percent`` write numbers the way the language does
(``1,234.5`` in English, ``1.234,5`` in Spanish; ``35%`` and ``35 %``).  The catalogues are gettext ``.po`` files
under ``game/locale/<language>/LC_MESSAGES/common_ground.po``, managed with Babel by
``scripts/translations`` (extract, update, compile); the compiled ``.mo`` files ship with
the game.

The language is a per-profile setting; with none chosen the system's language is used when
the game has it, else English.  Nothing below the window changes language by itself: the
application calls :func:`set_language` when a profile is chosen or its setting changes.

A pseudo-language (``qps``) is built on the fly from the English catalogue: every
translated word comes back wrapped in ``⟦`` and ``⟧``, so a test can tell a shown string
that went through this layer from one that bypassed it.
"""

from __future__ import annotations

import gettext
import locale
import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

DOMAIN = "common_ground"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SOURCE_LANGUAGE = "en"
PSEUDO = "qps"
"""The pseudo-language of the bypass test (never offered to players)."""

NAMES: dict[str, str] = {"en": "English", "es": "Español"}
"""Each language the game can be played in, by its code, named in itself."""

_current: gettext.NullTranslations = gettext.NullTranslations()
_code = SOURCE_LANGUAGE
_listeners: list[Callable[[str], None]] = []


class _Pseudo(gettext.NullTranslations):
    """Marks every word of every string: ``⟦Quit⟧ ⟦the⟧ ⟦game⟧`` (plural forms too), so a
    line cut from a wrapped paragraph is still marked throughout."""

    def gettext(self, message: str) -> str:
        return " ".join(f"\u27e6{word}\u27e7" if word else word for word in message.split(" "))

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self.gettext(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return self.gettext(message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return self.ngettext(msgid1, msgid2, n)


def available() -> list[str]:
    """Return the language codes the game can be played in (English first)."""
    found = [SOURCE_LANGUAGE]
    for code in sorted(NAMES):
        if (
            code != SOURCE_LANGUAGE
            and (LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()
        ):
            found.append(code)
    return found


def system_language() -> str:
    """Return the system's language when the game has it, else English."""
    candidates = [
        os.environ.get(name, "") for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
    ]
    try:
        candidates.append(locale.getlocale()[0] or "")
    except ValueError:  # an unknown locale name in the environment
        pass
    have = available()
    for value in candidates:
        for part in value.split(":"):
            code = part.split(".")[0].split("_")[0].split("-")[0].lower()
            if code in have:
                return code
    return SOURCE_LANGUAGE


@lru_cache(maxsize=8)
def _translations(code: str) -> gettext.NullTranslations:
    if code == PSEUDO:
        return _Pseudo()
    if code == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[code], fallback=True)


def set_language(code: str | None) -> str:
    """Use ``code`` (None or unknown: the system's language); return the code in use."""
    global _current, _code
    if code != PSEUDO and code not in available():
        code = system_language()
    assert code is not None
    if code != _code:
        _current, _code = _translations(code), code
        for listener in list(_listeners):
            listener(code)
    return code


def language() -> str:
    """Return the code of the language in use."""
    return _code


def on_change(listener: Callable[[str], None]) -> None:
    """Call ``listener(code)`` whenever the language changes (e.g. to re-lay out screens)."""
    _listeners.append(listener)


def tr(message: str) -> str:
    """Return ``message`` in the language in use."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Return the form of a message for ``count`` (``"{n} round"``/``"{n} rounds"``)."""
    return _current.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """Return ``message`` in the language in use, told apart by ``context`` (one English
    word that needs two translations)."""
    return _current.pgettext(context, message)


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it now (a constant translated
    where it is shown)."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a message with a plural form without translating it now: shown later by
    ``ngettext(*pair, count)``, which picks the form the language uses for the count."""
    return singular, plural


class Said(str):
    """A sentence kept in English (its value as a string, what records store) that can say
    itself again in the language in use: ``shown(said)``.

    Made by :func:`said`, :func:`nsaid`, :func:`said_number` and :func:`said_join`, it
    remembers the message and its parameters, so text the game keeps (a score's objective
    details, in the history) is never stored translated and is still shown in the player's
    language.  Pickled or copied it becomes the plain English string.
    """

    __slots__ = ("_how",)
    _how: tuple

    def __reduce__(self):  # copies and pickles keep the English only
        return (str, (str(self),))

    def shown(self) -> str:
        """Return the sentence in the language in use."""
        kind, *data = self._how
        if kind == "msg":
            message, params = data
            return tr(message).format(**_shown_params(params))
        if kind == "nmsg":
            singular, plural, count, params = data
            return ngettext(singular, plural, count).format(**_shown_params(params))
        if kind == "number":
            value, decimals, signed = data
            text = number(abs(value) if signed else value, decimals)
            return (("-" if value < 0 else "+") + text) if signed else text
        if kind == "percent":
            return percent(data[0])
        separator, parts = data
        return separator.join(shown(p) for p in parts)


def _said(english: str, how: tuple) -> Said:
    made = Said(english)
    made._how = how
    return made


def _english_params(params: dict) -> dict:
    return {k: str(v) if isinstance(v, Said) else v for k, v in params.items()}


def _shown_params(params: dict) -> dict:
    return {k: shown(v) if isinstance(v, Said) else v for k, v in params.items()}


def said(message: str, **params: object) -> Said:
    """Return ``message.format(**params)`` kept in English, to be shown translated (marked
    for the catalogue like ``tr``; parameters may be :class:`Said` themselves)."""
    return _said(message.format(**_english_params(params)), ("msg", message, params))


def nsaid(singular: str, plural: str, count: int, **params: object) -> Said:
    """Return the form of a message for ``count`` kept in English (like ``ngettext``)."""
    english = (singular if count == 1 else plural).format(**_english_params(params))
    return _said(english, ("nmsg", singular, plural, count, params))


def said_number(value: float, decimals: int = 2, *, signed: bool = False) -> Said:
    """Return a number kept as English writes it (``0.48``, ``+15``), shown as the language
    in use writes it (``0,48``)."""
    english = f"{value:+.{decimals}f}" if signed else f"{value:.{decimals}f}"
    return _said(english, ("number", float(value), decimals, signed))


def said_percent(fraction: float) -> Said:
    """Return a fraction kept as an English whole percentage (``35%``), shown as the
    language in use writes it (``35 %``)."""
    return _said(f"{fraction:.0%}", ("percent", float(fraction)))


def said_join(separator: str, parts: list) -> Said:
    """Return ``parts`` joined by ``separator`` (punctuation: ``"; "``), kept in English and
    shown part by part in the language in use."""
    parts = list(parts)
    return _said(separator.join(str(p) for p in parts), ("join", separator, tuple(parts)))


def shown(text: object) -> str:
    """Return ``text`` in the language in use: a :class:`Said` says itself again; anything
    else (a plain string, e.g. one an older version stored) is shown as it is."""
    return text.shown() if isinstance(text, Said) else str(text)


def number(value: float, decimals: int = 0, code: str | None = None) -> str:
    """Return a number written as the language writes it (grouping and decimal mark):
    the language in use, or ``code``'s (a match played in its own language)."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    where = _babel_locale() if code is None or code == PSEUDO else code
    return _formatted(value, pattern, where)


@lru_cache(maxsize=4096)
def _formatted(value: float, pattern: str, where: str) -> str:
    """Return Babel's writing of a number (remembered: it parses the pattern and looks the
    language's symbols up each time, a tenth of a millisecond, and a debrief writes the
    same few numbers hundreds of times)."""
    from babel.numbers import format_decimal

    return format_decimal(value, format=pattern, locale=where)


def percent(fraction: float, decimals: int = 0) -> str:
    """Return a fraction (0.35) as a percentage the way the language writes it (35 %)."""
    from babel import Locale
    from babel.numbers import format_percent

    where = Locale.parse(_babel_locale())
    pattern = where.percent_formats[None].pattern.split(";")[0]
    if decimals > 0:  # "#,##0 %" has one 0: the units
        pattern = pattern.replace("0", "0." + "0" * decimals, 1)
    return format_percent(fraction, format=pattern, locale=where)


def _babel_locale() -> str:
    return SOURCE_LANGUAGE if _code == PSEUDO else _code
