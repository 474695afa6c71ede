"""The negotiation table: one screen made of parts.

``game.ui.table.scene.TableScene`` is the screen; the other modules are its parts and
never import it (an import contract in ``pyproject.toml`` holds this).  See
``docs/architecture.md`` for which part owns what.
"""
