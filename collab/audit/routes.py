"""Views of audit (being built)."""

from collab.audit import bp  # noqa: F401
