"""The audit log: who changed what and when, refused accesses, logins and logouts."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from collab.database import UTCDateTime, utcnow
from collab.extensions import db

ACTIONS = {
    "create": _l("Created"),
    "update": _l("Changed"),
    "delete": _l("Deleted"),
    "restore": _l("Restored"),
    "login": _l("Logged in"),
    "login_failed": _l("Failed login"),
    "logout": _l("Logged out"),
    "access_denied": _l("Access refused"),
    "export": _l("Personal data exported"),
    "erase": _l("Personal data erased"),
    "consent_withdrawn": _l("Consent withdrawn"),
}


class AuditEntry(db.Model):
    """One recorded fact. Written in the same transaction as the change it records.

    Never holds a password, a token, or personal data of a participant: see
    collab.audit.recording for what is left out.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    action: Mapped[str] = mapped_column(String(20), index=True)
    # Who: the account and its organisation at the time (kept if the account goes).
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    # What: the kind of object (its table) and its id; the project, for filtering.
    object_type: Mapped[str | None] = mapped_column(String(40), index=True)
    object_id: Mapped[int | None] = mapped_column(Integer, index=True)
    project_id: Mapped[int | None] = mapped_column(Integer, index=True)
    # {field: [before, after]} for changes; other facts for other actions (e.g. the path).
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    def __repr__(self) -> str:
        return f"<AuditEntry {self.id} {self.action} {self.object_type} {self.object_id}>"

    @property
    def action_label(self) -> str:
        return str(ACTIONS.get(self.action, self.action))
