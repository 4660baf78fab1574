"""Reporting pages: periods and their report, indicators' rows, dashboard, map, evidence."""

from collab.reporting import dashboard_views, evidence_views, period_views  # noqa: F401
