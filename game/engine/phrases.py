"""The English sentences the engine writes for people, as templates the screens translate.

The engine speaks English and imports nothing from the rest of the game.  Each sentence it
writes for a person (why a move is refused now, what is wrong with an offer) is a template
marked with :func:`N_` -- the same marker as ``game.i18n.N_``, so the game's catalogues
collect it -- and filled with ``str.format``.  A screen translates the English where it shows
it: it finds the template the sentence was made from among those listed (``REFUSALS`` here,
in ``game.engine.session`` and in the modules of ``game.npc``), and fills the template's
translation with the same words.  Records and logs keep the English.
"""

from __future__ import annotations

__all__ = ["N_", "OFFER_REFUSALS"]


def N_(message: str) -> str:
    """Return ``message`` unchanged: it marks an English template for the game's catalogues."""
    return message


LEAVES_OPEN = N_("the package leaves open: {issues}")
CLAUSE_OUTSIDE = N_("the clause on {event} cannot decide {issues}")

OFFER_REFUSALS: tuple[str, ...] = (LEAVES_OPEN, CLAUSE_OUTSIDE)
"""Why an offer does not fit the negotiation (``Negotiation.check_offer``)."""
