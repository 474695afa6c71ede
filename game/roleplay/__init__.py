"""Role-plays: two people negotiate a level against each other at one machine."""
