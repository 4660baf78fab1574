"""Views of events."""

from collab.events import bp  # noqa: F401
