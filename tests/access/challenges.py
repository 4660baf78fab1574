"""Access rules of challenges."""

from tests.access import Rule  # noqa: F401

ACCESS: dict = {}
