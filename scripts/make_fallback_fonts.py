"""Make the fallback fonts in assets/fonts from Debian's Noto packages (run by hand, rarely).

    apt-get install -y fonts-noto-core fonts-noto-cjk
    pip install fonttools==4.68.0
    python scripts/make_fallback_fonts.py [--out assets/fonts]

Atkinson Hyperlegible draws Latin only; these faces draw what it lacks (see
game/ui/fonts.py, FALLBACK_FILES). Every one is Noto (SIL OFL 1.1, assets/fonts/OFL-Noto.txt),
cut down to the scripts it is there for so the repository stays small:

* NotoSans-Regular/Bold: Latin extensions, Greek, Cyrillic, combining marks, punctuation.
* NotoSansArabic-Regular, NotoSansHebrew-Regular/Bold: whole (they are small); their
  shaping tables stay, HarfBuzz joins Arabic letters with them.
* NotoSansCJK-Subset: the Simplified Chinese face of Noto Sans CJK cut to the characters of
  GB 2312 (6,763 hanzi: nearly every Chinese name), JIS X 0208 (kana and 6,355 kanji) and
  KS X 1001's 2,350 Hangul syllables (not its hanja), CJK punctuation and full-width forms.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

NOTO = Path("/usr/share/fonts/truetype/noto")
NOTO_CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")

#: Latin extensions, Greek, Cyrillic, combining marks, general punctuation, currency.
_WESTERN = [
    (0x0020, 0x024F),
    (0x0250, 0x02FF),
    (0x0300, 0x036F),
    (0x0370, 0x03FF),
    (0x0400, 0x052F),
    (0x1C80, 0x1C8F),
    (0x1E00, 0x1EFF),
    (0x1F00, 0x1FFF),
    (0x2000, 0x206F),
    (0x20A0, 0x20CF),
    (0x2DE0, 0x2DFF),
    (0xA640, 0xA69F),
]


def _is_han(char: str) -> bool:
    return 0x4E00 <= ord(char) <= 0x9FFF or 0xF900 <= ord(char) <= 0xFAFF


def _cjk_codepoints() -> set[int]:
    """Return the characters of GB 2312, JIS X 0208 and KS X 1001, plus CJK punctuation."""
    points: set[int] = set()
    for codec in ("gb2312", "euc_jp", "euc_kr"):
        for lead in range(0xA1, 0xFF):
            for trail in range(0xA1, 0xFF):
                try:
                    char = bytes((lead, trail)).decode(codec)
                except UnicodeDecodeError:
                    continue
                # Korean names are written in Hangul: KS X 1001's hanja are left out.
                if len(char) == 1 and not (codec == "euc_kr" and _is_han(char)):
                    points.add(ord(char))
    points.update(range(0x3000, 0x3100))  # CJK punctuation, kana, bopomofo
    points.update(range(0xFF00, 0xFFF0))  # full-width and half-width forms
    points.update(range(0x20, 0x7F))
    return points


def _subset(font: TTFont, codepoints: set[int], out: Path, *, shaping: bool = True) -> None:
    options = subset.Options()
    # Keep shaping (Arabic joining, marks, ligatures); the CJK face needs none, and its
    # vertical and regional variants would double its glyphs.
    options.layout_features = ["*"] if shaping else []
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False  # drawn at many sizes with light hinting anyway
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    font.save(out)
    print(f"{out.name}: {out.stat().st_size / 1024:.0f} KiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("assets/fonts"))
    out = parser.parse_args().out
    western = {c for low, high in _WESTERN for c in range(low, high + 1)}
    for name in ("NotoSans-Regular", "NotoSans-Bold"):
        _subset(TTFont(NOTO / f"{name}.ttf"), western, out / f"{name}.ttf")
    for name in ("NotoSansArabic-Regular", "NotoSansHebrew-Regular", "NotoSansHebrew-Bold"):
        font = TTFont(NOTO / f"{name}.ttf")
        _subset(font, set(font.getBestCmap()), out / f"{name}.ttf")
    collection = TTCollection(NOTO_CJK)
    chinese = next(f for f in collection.fonts if "SC" in f["name"].getDebugName(1))
    _subset(chinese, _cjk_codepoints(), out / "NotoSansCJK-Subset.otf", shaping=False)


if __name__ == "__main__":
    main()
