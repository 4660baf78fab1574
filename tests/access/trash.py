"""Access rules of trash."""

from tests.access import Rule  # noqa: F401

ACCESS: dict = {}
