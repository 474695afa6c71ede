"""npc package."""
