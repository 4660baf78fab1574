"""Access rules of imports."""

from tests.access import Rule  # noqa: F401

ACCESS: dict = {}
