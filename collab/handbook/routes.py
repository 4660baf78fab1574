"""The handbook's pages: the plan, the preview and translation report, the drafts."""

from collab.handbook import draft_views, plan_views, preview_views  # noqa: F401
