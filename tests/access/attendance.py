"""Access rules of attendance."""

from tests.access import Rule  # noqa: F401

ACCESS: dict = {}
