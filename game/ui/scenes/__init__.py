"""ui/scenes package."""
