"""The trash: deleted events, challenges and outputs, kept 30 days with what hung on them."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from collab.database import UTCDateTime, utcnow
from collab.extensions import db


class TrashItem(db.Model):
    """A deleted object: its rows and the rows that depended on it, ready to put back."""

    id: Mapped[int] = mapped_column(primary_key=True)
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int] = mapped_column(Integer)
    project_id: Mapped[int | None] = mapped_column(Integer, index=True)
    # What the person saw (a title), to find it in the trash.
    label: Mapped[str] = mapped_column(String(300))
    deleted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    deleted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # {table: [row, ...]} in the order to insert them back, plus links to re-attach.
    payload: Mapped[dict] = mapped_column(JSON)
