"""Access rules of privacy."""

from tests.access import Rule  # noqa: F401

ACCESS: dict = {}
