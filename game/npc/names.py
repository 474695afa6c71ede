"""The names of the NPC archetypes and of the scripted players (no imports: cheap to load)."""

ARCHETYPES = (
    "boulware",
    "linear",
    "conceder",
    "tit-for-tat",
    "hardliner",
    "integrative",
    "customer-service",
    "mediator",
    "grudge-holder",
)

PLAYER_BOTS = (
    "boulware",
    "linear",
    "conceder",
    "haggler",
    "integrator",
    "grudge",
    "reconciler",
    "walker",
    "accepter",
    "teacher",
    "flatterer",
    "spammer",
    "stonewall",
    "tiny-steps",
    "liar",
    "box-ticker",
    "walk-out",
    "favour-taker",
    "favour-farmer",
    "empty-repayer",
)
"""Scripted players for ``simulate`` and the tests (``game.npc.bots``)."""

MATRIX_BOTS = (
    "teacher",
    "integrator",
    "reconciler",
    "haggler",
    "boulware",
    "linear",
    "conceder",
    "grudge",
    "walker",
    "accepter",
)
"""The players ``simulate --player all`` compares: ways people play, from the lesson player
to the pushover (the rest of :data:`PLAYER_BOTS` probe exploits; name one to run it)."""
