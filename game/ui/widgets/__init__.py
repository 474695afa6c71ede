"""ui/widgets package."""
