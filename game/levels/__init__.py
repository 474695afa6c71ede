"""levels package."""
