#!/usr/bin/env python3
"""Build the NPC portraits: assets/portraits/<npc_id>/<emotion>.png (+ manifest.json).

Run at build time, not by the game:

    python -m pip install python-avatars cairosvg   # build-time only
    python scripts/make_portraits.py                 # all characters
    python scripts/make_portraits.py --only car_seller --sheet /tmp/sheet.png

People are composed with python-avatars (MIT; Avataaars art by Pablo Stanley, free for
personal and commercial use) and rendered SVG→PNG with cairosvg (SDL's own SVG loader
draws these files wrongly).  The AI agent ``tablet_agent`` is an original robot drawn
here as SVG.  The PNGs are committed; the game needs neither package.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from pathlib import Path

logger = logging.getLogger("make_portraits")

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "assets" / "portraits"
SIZE = 256
EMOTIONS = ("neutral", "warm", "frustrated", "angry", "hurt", "surprised", "thinking")

# emotion -> (eyebrows, eyes, mouth): python-avatars part names.
EXPRESSIONS: dict[str, tuple[str, str, str]] = {
    "neutral": ("DEFAULT_NATURAL", "DEFAULT", "DEFAULT"),
    "warm": ("DEFAULT_NATURAL", "HAPPY", "SMILE"),
    "frustrated": ("FLAT_NATURAL", "EYE_ROLL", "GRIMACE"),
    "angry": ("ANGRY_NATURAL", "SQUINT", "SERIOUS"),
    "hurt": ("SAD_CONCERNED_NATURAL", "DEFAULT", "SAD"),
    "surprised": ("RAISED_EXCITED_NATURAL", "SURPRISED", "DISBELIEF"),
    "thinking": ("UP_DOWN_NATURAL", "SIDE", "SERIOUS"),
}

# Skin tones (python-avatars' own), hair colours and soft background discs.
SKIN = {
    "pale": "#FFDBB4",
    "light": "#EDB98A",
    "tanned": "#D9A066",
    "brown": "#D08B5B",
    "dark_brown": "#AE5D29",
    "black": "#614335",
}
HAIR = {
    "black": "#2C1B18",
    "brown_dark": "#4A312C",
    "brown": "#724133",
    "auburn": "#A55728",
    "blonde": "#B58143",
    "golden": "#D6B370",
    "silver": "#E8E1E1",
    "platinum": "#ECDCBF",
    "grey": "#9E9E9E",
}

# id -> description, look.  "bg" is the disc behind the head; "cloth" the clothing colour.
# "pronouns" is how the face reads ("she", "he", "it", or "any"): a level's text about a
# character with this portrait uses these pronouns (tests/levels/test_portraits_match.py).
CHARACTERS: dict[str, dict] = {
    "player": dict(
        label="You (player avatar)",
        pronouns="any",
        top="SHORT_ROUND",
        hair="brown",
        skin="light",
        clothing="HOODIE",
        cloth="#2E8B83",
        bg="#CFE8E4",
    ),
    "market_vendor": dict(
        label="Market stall owner, an older woman",
        pronouns="she",
        top="BOB",
        hair="silver",
        skin="brown",
        clothing="OVERALL",
        cloth="#C2571A",
        bg="#F6D8AE",
        accessory="PRESCRIPTION_2",
    ),
    "car_seller": dict(
        label="Used-car dealer with a moustache",
        pronouns="he",
        top="SHORT_WAVED",
        hair="brown_dark",
        skin="light",
        facial="MOUSTACHE_MAGNUM",
        clothing="BLAZER_SHIRT",
        cloth="#25557C",
        bg="#F3E3B5",
    ),
    "hard_bargainer": dict(
        label="Stern procurement officer",
        pronouns="he",
        top="CAESAR",
        hair="black",
        skin="light",
        clothing="BLAZER_SWEATER",
        cloth="#3C4F5C",
        bg="#DCE3EA",
        accessory="PRESCRIPTION_2",
    ),
    "tablet_agent": dict(
        label="AI customer-service agent (robot)", pronouns="it", robot=True, bg="#D6ECF7"
    ),
    "hiring_manager": dict(
        label="Hiring manager",
        pronouns="she",
        top="CURLY",
        hair="black",
        skin="dark_brown",
        clothing="BLAZER_SHIRT",
        cloth="#7B3F98",
        bg="#EADCF2",
    ),
    "benchmark_buyer": dict(
        label="Buyer who bargains over one number, a woman with glasses",
        pronouns="she",
        top="MIA_WALLACE",
        hair="auburn",
        skin="pale",
        clothing="BLAZER_SHIRT",
        cloth="#5A6B2E",
        bg="#E3EBCF",
        accessory="PRESCRIPTION_1",
    ),
    "mediator": dict(
        label="Mediator",
        pronouns="he",
        top="SIDES",
        hair="grey",
        skin="tanned",
        facial="BEARD_MEDIUM",
        clothing="COLLAR_SWEATER",
        cloth="#2E7D5B",
        bg="#D4EDE1",
        accessory="ROUND",
    ),
    "city_mediator": dict(
        label="Mediator, a woman with glasses",
        pronouns="she",
        top="BIG_HAIR",
        hair="black",
        skin="dark_brown",
        clothing="COLLAR_SWEATER",
        cloth="#2E7D5B",
        bg="#D4EDE1",
        accessory="ROUND",
    ),
    "publisher": dict(
        label="Publisher",
        pronouns="she",
        top="STRAIGHT_STRAND",
        hair="auburn",
        skin="light",
        clothing="BLAZER_SWEATER",
        cloth="#8C2F39",
        bg="#F4D9DC",
    ),
    "author": dict(
        label="Author",
        pronouns="he",
        top="SHAGGY",
        hair="brown",
        skin="light",
        facial="BEARD_MEDIUM",
        clothing="SHIRT_CREW_NECK",
        cloth="#D98C3F",
        bg="#F7E6C8",
    ),
    "supplier": dict(
        label="Supplier",
        pronouns="he",
        top="SHORT_DREADS_1",
        hair="black",
        skin="black",
        clothing="OVERALL",
        cloth="#25557C",
        bg="#D9E6F2",
    ),
    "builder": dict(
        label="Owner of a building firm, a woman in work overalls",
        pronouns="she",
        top="LOOSE_HAIR",
        hair="brown",
        skin="light",
        clothing="OVERALL",
        cloth="#C2571A",
        bg="#F1E0CC",
    ),
    "investor": dict(
        label="Investor",
        pronouns="she",
        top="PIXIE",
        hair="brown_dark",
        skin="pale",
        clothing="BLAZER_SHIRT",
        cloth="#262E33",
        bg="#E6E1F0",
    ),
    "founder": dict(
        label="Founder of a small company, a woman",
        pronouns="she",
        top="LONG_NOT_TOO_LONG",
        hair="black",
        skin="tanned",
        clothing="HOODIE",
        cloth="#E0663E",
        bg="#FBE0D4",
    ),
    "partner": dict(
        label="Household partner",
        pronouns="she",
        top="CURVY",
        hair="brown_dark",
        skin="brown",
        clothing="SHIRT_SCOOP_NECK",
        cloth="#3E8EC4",
        bg="#D8EAF6",
    ),
    "customer": dict(
        label="Customer",
        pronouns="he",
        top="BUZZCUT",
        hair="black",
        skin="dark_brown",
        facial="BEARD_LIGHT",
        clothing="SHIRT_CREW_NECK",
        cloth="#65C9FF",
        bg="#E1F1FA",
    ),
    "trade_minister": dict(
        label="Trade minister",
        pronouns="she",
        top="HIJAB",
        hat="#1F5F8B",
        skin="tanned",
        clothing="BLAZER_SHIRT",
        cloth="#3C4F5C",
        bg="#DCE7F0",
    ),
    "climate_north": dict(
        label="Delegate of a northern industrial country",
        pronouns="he",
        top="CAESAR_SIDE_PART",
        hair="golden",
        skin="pale",
        clothing="BOND_SUIT",
        cloth="#25557C",
        bg="#DDE6EE",
    ),
    "climate_south": dict(
        label="Delegate of a southern developing country",
        pronouns="she",
        top="FRO_BAND",
        hair="black",
        skin="black",
        clothing="SHIRT_V_NECK",
        cloth="#D9A21B",
        bg="#F7EBC8",
    ),
    "climate_islands": dict(
        label="Delegate of a small island state, a woman",
        pronouns="she",
        top="STRAIGHT_1",
        hair="black",
        skin="brown",
        clothing="COLLAR_SWEATER",
        cloth="#1E8C8C",
        bg="#D0EEEE",
    ),
    "former_partner": dict(
        label="Former business partner",
        pronouns="he",
        top="SHORT_CURLY",
        hair="brown",
        skin="light",
        facial="BEARD_MEDIUM",
        clothing="BLAZER_SWEATER",
        cloth="#6B4F3A",
        bg="#EDE0D2",
    ),
    "season_client": dict(
        label="Client for the whole season",
        pronouns="she",
        top="STRAIGHT_1",
        hair="blonde",
        skin="light",
        clothing="SHIRT_SCOOP_NECK",
        cloth="#B33C6F",
        bg="#F6DCE8",
    ),
}


def _square(svg: str) -> str:
    """Return the Avataaars SVG with a square view box (the original is 264x280)."""
    head = re.search(r"<svg[^>]*>", svg)
    assert head is not None
    tag = head.group(0)
    tag = re.sub(r'\swidth="[^"]*"', f' width="{SIZE}"', tag, count=1)
    tag = re.sub(r'\sheight="[^"]*"', f' height="{SIZE}"', tag, count=1)
    tag = re.sub(r'viewBox="[^"]*"', 'viewBox="-8 0 280 280"', tag, count=1)
    return svg[: head.start()] + tag + svg[head.end() :]


def person_svg(spec: dict, emotion: str) -> str:
    """Return the SVG of a python-avatars person with ``emotion``'s face."""
    import python_avatars as pa

    brows, eyes, mouth = EXPRESSIONS[emotion]
    top_name = spec.get("top", "SHORT_ROUND")
    top = getattr(pa.HatType, top_name) if "hat" in spec else getattr(pa.HairType, top_name)
    avatar = pa.Avatar(
        style=pa.AvatarStyle.CIRCLE,
        background_color=spec["bg"],
        top=top,
        hat_color=spec.get("hat", "#3C4F5C"),
        eyebrows=getattr(pa.EyebrowType, brows),
        eyes=getattr(pa.EyeType, eyes),
        nose=pa.NoseType.DEFAULT,
        mouth=getattr(pa.MouthType, mouth),
        facial_hair=getattr(pa.FacialHairType, spec.get("facial", "NONE")),
        facial_hair_color=HAIR[spec.get("hair", "black")],
        skin_color=SKIN[spec["skin"]],
        hair_color=HAIR[spec.get("hair", "black")],
        accessory=getattr(pa.AccessoryType, spec.get("accessory", "NONE")),
        clothing=getattr(pa.ClothingType, spec["clothing"]),
        clothing_color=spec["cloth"],
        shirt_graphic=pa.ClothingGraphic.NONE,
        title=spec["label"],
    )
    return _square(avatar.render())


# --- the robot (original art) -------------------------------------------------------------
_ROBOT_FACE = {
    # eyes and mouth drawn on the face screen (centre 128,118); glow colour #7FE3FF.
    "neutral": (
        '<circle cx="100" cy="112" r="11"/><circle cx="156" cy="112" r="11"/>',
        '<path d="M108 146 Q128 154 148 146" />',
    ),
    "warm": (
        '<path d="M88 116 Q100 98 112 116"/><path d="M144 116 Q156 98 168 116"/>',
        '<path d="M100 140 Q128 168 156 140" />',
    ),
    "frustrated": (
        '<path d="M88 112 L112 112"/><path d="M144 112 L168 112"/>'
        '<path d="M86 100 L112 104"/><path d="M170 100 L144 104"/>',
        '<path d="M104 150 Q112 142 120 150 Q128 158 136 150 Q144 142 152 150" />',
    ),
    "angry": (
        '<circle cx="100" cy="116" r="9"/><circle cx="156" cy="116" r="9"/>'
        '<path d="M84 96 L114 106"/><path d="M172 96 L142 106"/>',
        '<path d="M106 154 Q128 138 150 154" />',
    ),
    "hurt": (
        '<circle cx="100" cy="116" r="9"/><circle cx="156" cy="116" r="9"/>'
        '<path d="M86 104 L112 96"/><path d="M170 104 L144 96"/>',
        '<path d="M108 154 Q128 142 148 154" />',
    ),
    "surprised": (
        '<circle cx="100" cy="110" r="14" fill="none"/><circle cx="156" cy="110" r="14" fill="none"/>'
        '<circle cx="100" cy="110" r="5"/><circle cx="156" cy="110" r="5"/>',
        '<ellipse cx="128" cy="150" rx="9" ry="11" fill="none"/>',
    ),
    "thinking": (
        '<circle cx="106" cy="106" r="10"/><circle cx="162" cy="106" r="10"/>',
        '<path d="M112 150 L140 146" />',
    ),
}


def robot_svg(spec: dict, emotion: str) -> str:
    """Return the SVG of the friendly service robot with ``emotion`` on its face screen."""
    eyes, mouth = _ROBOT_FACE[emotion]
    extras = ""
    if emotion == "warm":
        extras += '<ellipse cx="84" cy="136" rx="10" ry="6" fill="#FF9DB5" opacity="0.8"/>'
        extras += '<ellipse cx="172" cy="136" rx="10" ry="6" fill="#FF9DB5" opacity="0.8"/>'
    if emotion == "hurt":
        extras += '<path d="M168 126 Q172 136 168 142 Q162 136 168 126 Z" fill="#7FE3FF"/>'
    if emotion == "thinking":
        extras += "".join(
            f'<circle cx="{x}" cy="{y}" r="{r}" fill="#FFFFFF" stroke="#4A6375" stroke-width="3"/>'
            for x, y, r in ((196, 60, 6), (212, 42, 9), (232, 22, 12))
        )
    if emotion == "surprised":
        extras += '<path d="M112 22 L104 12 M144 22 L152 12 M128 18 L128 6" stroke="#E0663E" stroke-width="4" stroke-linecap="round"/>'
    antenna = "#E0663E" if emotion not in ("angry", "frustrated") else "#D9A21B"
    return f"""<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" viewBox="0 0 256 256">
  <title>{spec["label"]} ({emotion})</title>
  <defs><clipPath id="disc"><circle cx="128" cy="128" r="120"/></clipPath></defs>
  <circle cx="128" cy="136" r="120" fill="{spec["bg"]}"/>
  <g clip-path="url(#disc)">
    <path d="M44 256 Q44 200 96 194 L160 194 Q212 200 212 256 Z" fill="#5B8DB8"/>
    <rect x="104" y="206" width="48" height="30" rx="8" fill="#DDE8F1" stroke="#4A6375" stroke-width="3"/>
    <circle cx="118" cy="221" r="5" fill="#2E8B83"/><circle cx="138" cy="221" r="5" fill="#E0663E"/>
  </g>
  <rect x="112" y="176" width="32" height="22" rx="6" fill="#A9BCCB" stroke="#4A6375" stroke-width="3"/>
  <line x1="128" y1="40" x2="128" y2="62" stroke="#4A6375" stroke-width="5" stroke-linecap="round"/>
  <circle cx="128" cy="36" r="9" fill="{antenna}" stroke="#4A6375" stroke-width="3"/>
  <rect x="44" y="96" width="20" height="44" rx="8" fill="#A9BCCB" stroke="#4A6375" stroke-width="3"/>
  <rect x="192" y="96" width="20" height="44" rx="8" fill="#A9BCCB" stroke="#4A6375" stroke-width="3"/>
  <rect x="58" y="60" width="140" height="124" rx="34" fill="#EEF3F7" stroke="#4A6375" stroke-width="4"/>
  <rect x="74" y="80" width="108" height="88" rx="22" fill="#1D3347"/>
  <g fill="#7FE3FF" stroke="#7FE3FF" stroke-width="6" stroke-linecap="round" stroke-linejoin="round">
    <g>{eyes}</g>
    <g fill="none">{mouth}</g>
  </g>
  {extras}
  <path d="M84 70 Q100 64 116 66" stroke="#FFFFFF" stroke-width="5" stroke-linecap="round" fill="none" opacity="0.9"/>
</svg>"""


def render_png(svg: str, path: Path) -> None:
    """Render ``svg`` to a ``SIZE``-pixel square PNG at ``path``."""
    import cairosvg

    path.parent.mkdir(parents=True, exist_ok=True)
    cairosvg.svg2png(
        bytestring=svg.encode("utf-8"), write_to=str(path), output_width=SIZE, output_height=SIZE
    )


def contact_sheet(out_dir: Path, ids: list[str], sheet: Path) -> None:
    """Save one PNG with every portrait of ``ids`` (rows) × emotion (columns), for review."""
    import os

    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    tile = 128
    canvas = pygame.Surface((tile * len(EMOTIONS), tile * len(ids)))
    canvas.fill((255, 255, 255))
    for row, npc in enumerate(ids):
        for col, emotion in enumerate(EMOTIONS):
            image = pygame.image.load(str(out_dir / npc / f"{emotion}.png"))
            canvas.blit(pygame.transform.smoothscale(image, (tile, tile)), (col * tile, row * tile))
    pygame.image.save(canvas, str(sheet))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument("--only", nargs="*", help="only these character ids")
    parser.add_argument("--sheet", type=Path, help="also save a contact sheet PNG here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    ids = args.only or list(CHARACTERS)
    unknown = [i for i in ids if i not in CHARACTERS]
    if unknown:
        print(f"unknown character ids: {', '.join(unknown)}", file=sys.stderr)
        return 2
    for npc in ids:
        spec = CHARACTERS[npc]
        for emotion in EMOTIONS:
            svg = robot_svg(spec, emotion) if spec.get("robot") else person_svg(spec, emotion)
            render_png(svg, args.out / npc / f"{emotion}.png")
        logger.info("%s: %d portraits", npc, len(EMOTIONS))
    manifest = {
        "generator": "scripts/make_portraits.py",
        "size": SIZE,
        "emotions": list(EMOTIONS),
        "required_emotions": list(EMOTIONS[:5]),
        "npcs": {
            npc: {
                "label": spec["label"],
                "pronouns": spec["pronouns"],
                "art": "original robot (Common Ground)"
                if spec.get("robot")
                else "python-avatars / Avataaars",
            }
            for npc, spec in CHARACTERS.items()
        },
    }
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    if args.sheet:
        contact_sheet(args.out, ids, args.sheet)
        logger.info("contact sheet: %s", args.sheet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
