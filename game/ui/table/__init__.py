"""The negotiation table: one screen made of parts.

``scene.py`` holds the screen; the other modules are its parts (the shared state, the
controls, the sections and their layout, the painter, the overlay, the panels, the
choosers and keys, the words) and never import it (an import contract in
``pyproject.toml`` holds this).  See ``docs/architecture.md`` for which part owns what.
"""
