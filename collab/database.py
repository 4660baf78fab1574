"""Database behaviour shared by every feature: SQLite pragmas, timestamps, versioning."""

from datetime import UTC, datetime

from sqlalchemy import DateTime, Integer, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, declared_attr, mapped_column
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Instants are stored in UTC and always come back timezone-aware, on SQLite too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given; use collab.database.utcnow()")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class Timestamped:
    """created_at / updated_at on a model."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Versioned:
    """Optimistic locking: the version counts the edits people make (collab.locking).

    The application raises it, not SQLAlchemy: a login stamping last_login_at is not an
    edit and must not make someone's open form stale. Every UPDATE still checks the
    version it read, so two saves in the same instant cannot both win (StaleDataError).
    """

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls):  # noqa: N805 - SQLAlchemy's declared_attr takes the class
        return {"version_id_col": cls.__table__.c.version, "version_id_generator": False}


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


# Far beyond any list; a page number much larger would overflow the database's integers.
MAX_PAGE = 1_000_000


def paginate(query):
    """One page of `query`, from the ?page= argument, with the app's page size."""
    from flask import current_app, request

    from collab.extensions import db

    page = min(max(request.args.get("page", 1, type=int), 1), MAX_PAGE)
    return db.paginate(
        query, page=page, per_page=current_app.config["ITEMS_PER_PAGE"], error_out=False
    )


def init_app(app):
    """One transaction per request: views and operations flush, the request commits."""
    from collab.extensions import db

    @app.after_request
    def _commit(response):
        # A page that answered with an error (a form with mistakes, a conflict) saves nothing.
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
        return response

    @app.teardown_request
    def _rollback_on_error(exc):
        if exc is not None:
            db.session.rollback()
