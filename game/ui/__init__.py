"""The game window: scenes, widgets, fonts, theme and the main loop (pygame-ce, pygame_gui).

pygame_gui translates its few built-in strings with ``python-i18n``, which imports PyYAML
when it is installed to offer YAML translation files.  pygame_gui's own translations are
JSON (its UIManager asks for JSON), and compiling PyYAML's regular expressions took about
a tenth of the time to the first title frame, so ``i18n`` is imported here with ``yaml``
hidden.  Nothing else changes: code that imports ``yaml`` later gets it as usual.
"""

import sys


def _import_i18n_without_yaml() -> None:
    if "i18n" in sys.modules or "yaml" in sys.modules:
        return
    sys.modules["yaml"] = None  # type: ignore[assignment] # makes `import yaml` fail fast
    try:
        import i18n  # noqa: F401
    except ImportError:  # pragma: no cover - pygame_gui then fails with its own message
        pass
    finally:
        sys.modules.pop("yaml", None)


_import_i18n_without_yaml()
