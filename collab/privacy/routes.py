"""Views of privacy (being built)."""

from collab.privacy import bp  # noqa: F401
