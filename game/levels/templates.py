"""Starting points for level designers: ``new-level --template NAME`` writes one of these.

Each template is a complete, valid, winnable level whose text fields say what to change.
Its numbers match what its texts claim (the tests check them with the engine's analysis).
"""

from __future__ import annotations

import copy
from typing import Any

TEMPLATE_NAMES = ("distributive", "integrative", "contingent", "multiparty", "grievance")

_EDIT = "EDIT ME: "


def _base(level_id: str, kind: str, title: str) -> dict[str, Any]:
    return {
        "$schema": "level.schema.json",
        "schema_version": 1,
        "id": level_id,
        "version": 1,
        "title": title,
        "chapter": 90,
        "order": 1,
        "kind": kind,
    }


def _distributive(level_id: str) -> dict[str, Any]:
    level = _base(level_id, "distributive", "A Price at the Fair")
    level.update(
        {
            "summary": _EDIT + "one sentence shown on the level list.",
            "briefing": _EDIT
            + "the story the player reads first (under a minute). Here: you want to buy a "
            "hand-made chair at a craft fair. You would pay at most $180; the maker will not "
            "sell below $120. Anything in between is the agreement zone.",
            "teaching_points": [
                "Know your reservation price before you talk, and keep it to yourself.",
                "The first number on the table anchors the rest: open ambitiously but credibly.",
            ],
            "debrief_notes": _EDIT
            + "what the debrief says. Here: the agreement zone ran from $120 to $180; every "
            "dollar you saved the maker lost, so the skill is claiming value without walking "
            "past the zone.",
            "issues": [
                {
                    "type": "numeric",
                    "id": "price",
                    "name": "Price",
                    "low": 100,
                    "high": 200,
                    "step": 5,
                    "unit": "$",
                    "unit_position": "before",
                    "description": _EDIT + "what the issue means.",
                }
            ],
            "player": {
                "role": "a visitor at the craft fair",
                "preferences": {
                    "weights": {"price": 1},
                    "values": {"price": {"kind": "linear", "direction": "down"}},
                    "reservation": 0.2,
                },
                "batna": "A similar chair costs $180 in a shop in town.",
                "knows": ["Makers at this fair often start 40% above what they accept."],
            },
            "npcs": [
                {
                    "id": "maker",
                    "name": "Ines",
                    "role": "the chair maker",
                    "portrait": "market_vendor",
                    "preferences": {
                        "weights": {"price": 1},
                        "values": {"price": {"kind": "linear", "direction": "up"}},
                        "reservation": 0.2,
                    },
                    "strategy": {"kind": "boulware", "e": 0.5},
                }
            ],
            "rules": {"deadline_rounds": 8, "hints": {"agreement_zone": True}},
            "objectives": [
                {
                    "id": "deal",
                    "text": "Buy the chair for less than the shop in town.",
                    "kind": "beats_batna",
                    "stars": 1,
                }
            ],
            # Three stars for at least half the zone ($150): the maker is a firm bargainer,
            # and a patient buyer can get there (tests/authoring checks a bot does).
            "scoring": {"measure": "player_utility", "stars": [0.2, 0.4, 0.5]},
        }
    )
    return level


def _integrative(level_id: str) -> dict[str, Any]:
    level = _base(level_id, "integrative", "Renting the Studio")
    level.update(
        {
            "summary": _EDIT + "one sentence shown on the level list.",
            "briefing": _EDIT
            + "the story. Here: you want to rent a small studio. The rent matters most to "
            "you; the landlord cares most about a long lease. Trade one for the other.",
            "teaching_points": [
                "When the two sides rank issues differently, trading across them creates value.",
                "Ask what matters most to the other side before you make a concession.",
            ],
            "debrief_notes": _EDIT
            + "what the debrief says. Here: splitting both issues down the middle is worse for "
            "both of you than a low rent with a long lease.",
            "issues": [
                {
                    "type": "numeric",
                    "id": "rent",
                    "name": "Rent",
                    "low": 800,
                    "high": 1200,
                    "step": 50,
                    "unit": "$",
                    "unit_position": "before",
                },
                {
                    "type": "options",
                    "id": "lease",
                    "name": "Lease",
                    "options": ["6 months", "1 year", "2 years", "3 years"],
                },
            ],
            "player": {
                "role": "a tenant looking for a studio",
                "preferences": {
                    "weights": {"rent": 0.75, "lease": 0.25},
                    "values": {
                        "rent": {"kind": "linear", "direction": "down"},
                        "lease": {
                            "kind": "options",
                            "scores": {"6 months": 10, "1 year": 8, "2 years": 5, "3 years": 3},
                        },
                    },
                    "reservation": 0.3,
                },
                "batna": "A studio further out costs $1,050 a month on a one-year lease.",
            },
            "npcs": [
                {
                    "id": "landlord",
                    "name": "Mr Adeyemi",
                    "role": "the landlord",
                    "portrait": "supplier",
                    "preferences": {
                        "weights": {"rent": 0.3, "lease": 0.7},
                        "values": {
                            "rent": {"kind": "linear", "direction": "up"},
                            "lease": {
                                "kind": "options",
                                "scores": {"6 months": 0, "1 year": 4, "2 years": 8, "3 years": 10},
                            },
                        },
                        "reservation": 0.3,
                    },
                    "strategy": {"kind": "integrative", "packages": 3},
                    "interests": [
                        {
                            "id": "steady-income",
                            "fact": "is paying off the building and needs a steady tenant",
                            "issues": ["lease"],
                            "question": "Why does a long lease matter to you?",
                            "trust": 40,
                            "says": _EDIT
                            + "how the character tells it. Here: the bank wants to see the "
                            "building let for years, not months.",
                            "opens": [{"issue": "lease", "value": "3 years"}],
                        }
                    ],
                }
            ],
            "rules": {"deadline_rounds": 10},
            "objectives": [
                {
                    "id": "deal",
                    "text": "Rent the studio on better terms than the one further out.",
                    "kind": "beats_batna",
                    "stars": 1,
                },
                {
                    "id": "frontier",
                    "text": "Leave no value on the table.",
                    "kind": "on_frontier",
                    "stars": 3,
                },
            ],
            "scoring": {"measure": "joint_utility", "stars": [0.9, 1.1, 1.2]},
        }
    )
    return level


def _contingent(level_id: str) -> dict[str, Any]:
    level = _base(level_id, "contingent", "The Harvest Contract")
    level.update(
        {
            "summary": _EDIT + "one sentence shown on the level list.",
            "briefing": _EDIT
            + "the story. Here: you buy apples from an orchard. The grower expects a big "
            "harvest; you expect a poor one. No fixed price works for both of you, but a price "
            "that depends on the harvest does.",
            "teaching_points": [
                "When you disagree about the future, bet on it: a contingent clause lets each side back its own forecast.",
            ],
            "debrief_notes": _EDIT
            + "what the debrief says. Here: there was no plain deal both sides could accept; "
            "a clause on the harvest made one.",
            "issues": [
                {
                    "type": "options",
                    "id": "price",
                    "name": "Price per crate",
                    "options": ["$20", "$25", "$30", "$35"],
                },
                {
                    "type": "options",
                    "id": "volume",
                    "name": "Crates",
                    "options": ["200", "400", "600"],
                },
            ],
            "player": {
                "role": "the buyer for a juice company",
                "preferences": {
                    "weights": {"price": 0.7, "volume": 0.3},
                    "values": {
                        "price": {
                            "kind": "options",
                            "scores": {"$20": 10, "$25": 7, "$30": 3, "$35": 0},
                        },
                        "volume": {"kind": "options", "scores": {"200": 2, "400": 10, "600": 6}},
                    },
                    "reservation": 0.62,
                },
                "batna": "An importer sells crates at $27 with a four-week delay.",
            },
            "npcs": [
                {
                    "id": "grower",
                    "name": "Lena",
                    "role": "the orchard's owner",
                    "portrait": "supplier",
                    "preferences": {
                        "weights": {"price": 0.7, "volume": 0.3},
                        "values": {
                            "price": {
                                "kind": "options",
                                "scores": {"$20": 0, "$25": 3, "$30": 7, "$35": 10},
                            },
                            "volume": {
                                "kind": "options",
                                "scores": {"200": 3, "400": 7, "600": 10},
                            },
                        },
                        "reservation": 0.62,
                    },
                    "strategy": {"kind": "linear"},
                }
            ],
            "events": [
                {
                    "id": "big-harvest",
                    "description": "the harvest is above 50 tonnes",
                    "beliefs": {"player": 0.2, "grower": 0.85},
                    "issues": ["price"],
                }
            ],
            "rules": {"deadline_rounds": 10},
            "objectives": [
                {
                    "id": "deal",
                    "text": "Sign a contract better than the importer's.",
                    "kind": "beats_batna",
                    "stars": 1,
                },
                {
                    "id": "clause",
                    "text": "Use a clause on the harvest.",
                    "kind": "used_contingent_clause",
                    "stars": 2,
                },
            ],
            "scoring": {"measure": "player_utility", "stars": [0.62, 0.66, 0.7]},
        }
    )
    return level


def _multiparty(level_id: str) -> dict[str, Any]:
    level = _base(level_id, "multiparty", "The River Agreement")
    level.update(
        {
            "summary": _EDIT + "one sentence shown on the level list.",
            "briefing": _EDIT
            + "the story. Here: three towns share a river and must agree how much water each "
            "takes and who pays for the new weir. All three must sign.",
            "teaching_points": [
                "With several parties, build support one by one: a proposal needs everyone you need.",
                "A chair's single text helps when every party defends its own draft.",
            ],
            "debrief_notes": _EDIT + "what the debrief says.",
            "issues": [
                {
                    "type": "options",
                    "id": "share",
                    "name": "Your water share",
                    "options": ["20%", "30%", "40%"],
                },
                {
                    "type": "options",
                    "id": "weir",
                    "name": "Weir costs paid by you",
                    "options": ["20%", "33%", "50%"],
                },
            ],
            "player": {
                "role": "the mayor of the upstream town",
                "preferences": {
                    "weights": {"share": 0.6, "weir": 0.4},
                    "values": {
                        "share": {"kind": "options", "scores": {"20%": 0, "30%": 6, "40%": 10}},
                        "weir": {"kind": "options", "scores": {"20%": 10, "33%": 6, "50%": 0}},
                    },
                    "reservation": 0.3,
                },
                "batna": "Without a deal, the province imposes a rationing plan.",
            },
            "npcs": [
                {
                    "id": "millbrook",
                    "name": "Mayor Quinn",
                    "role": "mayor of Millbrook",
                    "portrait": "climate_north",
                    "preferences": {
                        "weights": {"share": 0.7, "weir": 0.3},
                        "values": {
                            "share": {"kind": "options", "scores": {"20%": 10, "30%": 7, "40%": 2}},
                            "weir": {"kind": "options", "scores": {"20%": 2, "33%": 6, "50%": 10}},
                        },
                        "reservation": 0.3,
                    },
                    "strategy": {"kind": "linear"},
                    "interests": [
                        {
                            "id": "dry-summers",
                            "fact": "runs the town's mill, which needs the river most in August",
                            "issues": ["share"],
                            "question": "When does Millbrook need the water most?",
                            "trust": 40,
                            "says": _EDIT
                            + "how the mayor tells it, to the one delegate who asked. Here: "
                            "the mill stops when the river is low, and August is when it is.",
                        }
                    ],
                },
                {
                    "id": "lowfield",
                    "name": "Mayor Osei",
                    "role": "mayor of Lowfield",
                    "portrait": "climate_south",
                    "preferences": {
                        "weights": {"share": 0.4, "weir": 0.6},
                        "values": {
                            "share": {"kind": "options", "scores": {"20%": 10, "30%": 6, "40%": 0}},
                            "weir": {"kind": "options", "scores": {"20%": 0, "33%": 6, "50%": 10}},
                        },
                        "reservation": 0.3,
                    },
                    "strategy": {"kind": "conceder"},
                },
                {
                    "id": "chair",
                    "name": "Judge Marsh",
                    "role": "the provincial chair",
                    "portrait": "mediator",
                    "strategy": {"kind": "mediator"},
                },
            ],
            "rules": {
                "deadline_rounds": 8,
                "protocol": "unanimity",
                "mediator": {"allowed": True},
            },
            "objectives": [
                {
                    "id": "deal",
                    "text": "Get all three towns to sign.",
                    "kind": "agreement",
                    "stars": 1,
                }
            ],
            "scoring": {"measure": "min_satisfaction", "stars": [0.3, 0.4, 0.45]},
        }
    )
    return level


def _grievance(level_id: str) -> dict[str, Any]:
    level = _base(level_id, "grievance", "The Old Workshop")
    level.update(
        {
            "summary": _EDIT + "one sentence shown on the level list.",
            "briefing": _EDIT
            + "the story. Here: you and your former partner must decide what happens to the "
            "workshop you once ran together. She still blames you for how you left.",
            "teaching_points": [
                "Until the past is acknowledged, every offer is heard as part of the old fight.",
                "A shared account of what happened lets both sides close the past.",
            ],
            "debrief_notes": _EDIT + "what the debrief says.",
            "issues": [
                {
                    "type": "options",
                    "id": "workshop",
                    "name": "Workshop",
                    "options": ["she keeps it", "you keep it", "sell it"],
                },
                {
                    "type": "numeric",
                    "id": "payment",
                    "name": "Payment to you",
                    "low": 0,
                    "high": 30000,
                    "step": 5000,
                    "unit": "$",
                    "unit_position": "before",
                },
            ],
            "player": {
                "role": "the partner who left",
                "preferences": {
                    "weights": {"workshop": 0.3, "payment": 0.7},
                    "values": {
                        "workshop": {
                            "kind": "options",
                            "scores": {"she keeps it": 6, "you keep it": 4, "sell it": 10},
                        },
                        "payment": {"kind": "linear", "direction": "up"},
                    },
                    "reservation": 0.35,
                },
                "batna": "A court would order a sale, with fees eating a third of the value.",
                "grievances": [
                    {
                        "id": "locked-out",
                        "text": "She changed the locks the week you left.",
                        "severity": 2,
                    }
                ],
            },
            "npcs": [
                {
                    "id": "former",
                    "name": "Dana",
                    "role": "your former business partner",
                    "portrait": "former_partner",
                    "preferences": {
                        "weights": {"workshop": 0.7, "payment": 0.3},
                        "values": {
                            "workshop": {
                                "kind": "options",
                                "scores": {"she keeps it": 10, "you keep it": 0, "sell it": 3},
                            },
                            "payment": {"kind": "linear", "direction": "down"},
                        },
                        "reservation": 0.3,
                    },
                    "strategy": {"kind": "grudge-holder"},
                    "trust": 25,
                    "rapport": -30,
                    "grievances": [
                        {
                            "id": "walked-out",
                            "text": "You walked out in the middle of our biggest order.",
                            "severity": 3,
                            "shared_account": "The order was too big for two people; leaving mid-order made it worse, and nobody said so at the time.",
                        }
                    ],
                }
            ],
            "rules": {"deadline_rounds": 12},
            "objectives": [
                {
                    "id": "deal",
                    "text": "Agree on the workshop without going to court.",
                    "kind": "beats_batna",
                    "stars": 1,
                },
                {
                    "id": "repair",
                    "text": "Resolve her grievance.",
                    "kind": "grievances_resolved",
                    "stars": 2,
                },
                {
                    "id": "release",
                    "text": "Let go of your own grievance.",
                    "kind": "let_go",
                    "stars": 3,
                },
            ],
            "scoring": {"measure": "player_utility", "stars": [0.35, 0.45, 0.5]},
        }
    )
    return level


_BUILDERS = {
    "distributive": _distributive,
    "integrative": _integrative,
    "contingent": _contingent,
    "multiparty": _multiparty,
    "grievance": _grievance,
}


# How each template's first character speaks, with a few lines of its own chosen by what just
# happened (docs/level-authoring.md, "Lines chosen by what just happened").
_VOICES: dict[str, tuple[str, dict[str, list[dict[str, Any]]]]] = {
    "distributive": (
        "market",
        {
            "first_offer": [
                {
                    "text": "{figure}? I spent three weekends on the joints alone.",
                    "emotion": "surprised",
                    "when": {"standing": ["insulting", "below_floor", "short"]},
                }
            ],
            "held_firm": [
                {"text": "Still {figure}. Sit in it again - then tell me that's its price."}
            ],
            "accept": [
                {
                    "text": "{figure}. Mind the legs on the way out - it's yours.",
                    "emotion": "warm",
                    "when": {"step": ["small", "big"]},
                }
            ],
        },
    ),
    "integrative": (
        "business",
        {
            "held_firm": [
                {
                    "text": "The same terms again. Is it the rent, or the length of the lease?",
                    "when": {"time": {"max": 0.5}},
                }
            ]
        },
    ),
    "contingent": (
        "business",
        {
            "conceded": [
                {
                    "text": "That's a real step - the orchard thanks you.",
                    "emotion": "warm",
                    "when": {"trust": {"min": 40}},
                }
            ]
        },
    ),
    "multiparty": (
        "diplomatic",
        {
            "held_firm": [
                {
                    "text": "The same text again. Millbrook cannot carry the weir alone.",
                    "emotion": "frustrated",
                    "when": {"group": True},
                }
            ]
        },
    ),
    "grievance": (
        "casual",
        {
            "held_firm": [
                {
                    "text": "Same as last time. Some things don't change, do they?",
                    "emotion": "hurt",
                    "when": {"grievances": {"min": 1}},
                }
            ]
        },
    ),
}


def template(name: str, level_id: str = "my-level") -> dict[str, Any]:
    """Return a fresh copy of the named template with the given level id."""
    level = copy.deepcopy(_BUILDERS[name](level_id))
    voice, lines = _VOICES[name]
    first = level["npcs"][0]
    first["voice"] = voice
    first["lines"] = copy.deepcopy(lines)
    return level
