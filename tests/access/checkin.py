"""Access rules of checkin."""

from tests.access import Rule  # noqa: F401

ACCESS: dict = {}
