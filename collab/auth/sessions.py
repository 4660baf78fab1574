"""Loading the person behind a session cookie."""

from sqlalchemy import select

from collab.extensions import db


def load_user(session_token: str):
    """The active user with this session id, or None (a deactivated user is logged out)."""
    from collab.auth.models import User

    return db.session.scalar(
        select(User).where(User.session_token == session_token, User.is_active.is_(True))
    )
