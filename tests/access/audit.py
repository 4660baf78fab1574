"""Access rules of audit."""

from tests.access import Rule  # noqa: F401

ACCESS: dict = {}
