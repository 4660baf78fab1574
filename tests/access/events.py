"""Access rules of events."""

from tests.access import Rule  # noqa: F401

ACCESS: dict = {}
