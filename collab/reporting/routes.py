"""Routes: see the feature package."""

from collab.reporting import bp  # noqa: F401
