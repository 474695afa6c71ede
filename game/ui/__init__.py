"""The game window: scenes, widgets, fonts, palettes and the main loop (pygame-ce)."""
