"""Views of trash (being built)."""

from collab.trash import bp  # noqa: F401
