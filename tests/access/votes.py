"""Access rules of votes."""

from tests.access import Rule  # noqa: F401

ACCESS: dict = {}
