"""Access rules of board."""

from tests.access import Rule  # noqa: F401

ACCESS: dict = {}
