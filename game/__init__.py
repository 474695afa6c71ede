"""Common Ground: a desktop game that trains people to negotiate."""

__version__ = "0.1.0"
