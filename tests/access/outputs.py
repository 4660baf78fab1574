"""Access rules of outputs."""

from tests.access import Rule  # noqa: F401

ACCESS: dict = {}
