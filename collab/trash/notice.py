"""The message a delete view shows: where the deleted object went and how to get it back."""

from flask import flash, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from collab.policy import can


def flash_moved_to_trash(project) -> None:
    """Flash "Moved to the trash", with a link to it for those who may restore."""
    message = _("Moved to the trash; it can be restored for 30 days.")
    if project is not None and can(current_user, "trash.manage", project):
        message = Markup('{message} <a href="{url}">{link}</a>').format(
            message=message,
            url=url_for("trash.index", project_id=project.id),
            link=_("Open the trash"),
        )
    flash(message, "success")
