"""Routes: see the feature package."""

from collab.handbook import bp  # noqa: F401
