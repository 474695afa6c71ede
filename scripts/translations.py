"""Keep the game's translation catalogues in step with the code (Babel).

    python scripts/translations.py extract     # game/**.py -> game/locale/common_ground.pot
    python scripts/translations.py update      # the template -> every language's .po (new
                                               # strings added empty, old ones marked obsolete)
    python scripts/translations.py compile     # every .po -> its .mo (what the game reads)
    python scripts/translations.py init LANG   # start a new language's catalogue
    python scripts/translations.py check       # exit 1 when a step above is due, saying which

The strings are those the code passes to ``tr``, ``ngettext``, ``pgettext``, ``N_``,
``N_plural``, ``said`` and ``nsaid`` from ``game.i18n``.  Translators edit only the ``.po``
files; ``compile`` is run before a commit (the test suite runs ``check``).
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game import __version__  # noqa: E402
from game.i18n import DOMAIN, LOCALE_DIR  # noqa: E402

TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
KEYWORDS = {
    "tr": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "N_": None,
    "N_plural": (1, 2),
    "said": None,
    "nsaid": (1, 2),
}
METHOD_MAP = [("**.py", "python")]


def template() -> Catalog:
    """Return the catalogue of every string the code marks, with where each is used."""
    catalog = Catalog(
        project="Common Ground",
        version=__version__,
        copyright_holder="the Common Ground developers",
        msgid_bugs_address="https://common-ground.invalid/issues",
        last_translator="the Common Ground developers",
        language_team="the Common Ground developers",
        domain=DOMAIN,
        fuzzy=False,
    )
    for filename, lineno, message, comments, context in extract_from_dir(
        ROOT / "game",
        METHOD_MAP,
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    ):
        catalog.add(
            message,
            None,
            [(f"game/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    return catalog


def _po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=96, omit_header=False, sort_output=False, include_lineno=False)
    return out.getvalue()


def _mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def languages() -> list[str]:
    """Return the codes of the languages with a catalogue."""
    return sorted(p.name for p in LOCALE_DIR.iterdir() if (p / "LC_MESSAGES").is_dir())


def po_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(path: Path, code: str | None = None) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream, locale=code, domain=DOMAIN)


def updated(code: str, new_template: Catalog) -> Catalog:
    catalog = read(po_path(code), code)
    catalog.update(new_template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    return catalog


def _steps_due() -> list[str]:
    due = []
    fresh = template()
    if not TEMPLATE.is_file() or _ids(read(TEMPLATE)) != _ids(fresh):
        due.append("extract (the code's strings changed)")
    for code in languages():
        catalog = read(po_path(code), code)
        missing = _ids(fresh) - _ids(catalog)
        if missing:
            due.append(f"update ({code}: {len(missing)} new string(s))")
        mo = po_path(code).with_suffix(".mo")
        if not mo.is_file() or mo.read_bytes() != _mo_bytes(catalog):
            due.append(f"compile ({code}: the .mo is older than the .po)")
    return due


def _ids(catalog: Catalog) -> set[tuple[str, str | None]]:
    return {(str(m.id), m.context) for m in catalog if m.id}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="step", required=True)
    sub.add_parser("extract")
    sub.add_parser("update")
    sub.add_parser("compile")
    sub.add_parser("check")
    init = sub.add_parser("init")
    init.add_argument("code")
    args = parser.parse_args(argv)
    if args.step == "extract":
        TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
        TEMPLATE.write_bytes(_po_bytes(template()))
        print(f"{TEMPLATE.relative_to(ROOT)}: {len(template())} strings")
    elif args.step == "init":
        path = po_path(args.code)
        if path.exists():
            print(f"{path.relative_to(ROOT)} exists already; use update", file=sys.stderr)
            return 1
        catalog = read(TEMPLATE, args.code)
        catalog.locale = args.code  # type: ignore[assignment]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_po_bytes(catalog))
        print(f"{path.relative_to(ROOT)}: started")
    elif args.step == "update":
        fresh = read(TEMPLATE)
        for code in languages():
            catalog = updated(code, fresh)
            po_path(code).write_bytes(_po_bytes(catalog))
            left = sum(1 for m in catalog if m.id and not m.string)
            print(f"{po_path(code).relative_to(ROOT)}: {left} string(s) to translate")
    elif args.step == "compile":
        for code in languages():
            catalog = read(po_path(code), code)
            po_path(code).with_suffix(".mo").write_bytes(_mo_bytes(catalog))
            print(f"{code}: compiled")
    else:
        due = _steps_due()
        for step in due:
            print(f"translations: run scripts/translations.py {step}", file=sys.stderr)
        return 1 if due else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
