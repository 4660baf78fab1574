"""Jinja filters and globals: money, dates, countries and languages in the reader's locale."""

from datetime import date

from babel import Locale
from babel.dates import format_interval
from flask import request, url_for
from flask_babel import format_currency as babel_currency
from flask_babel import format_date, format_datetime, format_percent, get_locale
from flask_babel import format_decimal as babel_decimal
from flask_login import current_user
from markupsafe import Markup

from collab.config import LANGUAGES
from collab.i18n import LANGUAGE_AUTONYMS, LANGUAGE_NAMES, current_language, render_translated


def money(amount, currency: str = "EUR") -> str:
    """363 237,51 € in lv and lt, €363,237.51 in en."""
    return "" if amount is None else babel_currency(amount, currency)


def percent(fraction) -> str:
    """0.85 as "85%" in en and "85 %" in lv and lt."""
    return "" if fraction is None else format_percent(fraction)


def number(value) -> str:
    return "" if value is None else babel_decimal(value)


def country_name(code: str | None) -> str:
    if not code:
        return ""
    return Locale.parse(str(get_locale())).territories.get(code.upper(), code.upper())


FLAGS = {"LV", "LT", "EE", "FI", "SE", "DK", "DE", "PL"}


def flag(code: str | None) -> Markup:
    """A small flag of a partner country; decorative, since the name is written next to it.

    Drawn as SVG files: flag emoji show as empty boxes without an emoji font (and on
    Windows as letter pairs).
    """
    if not code or code.upper() not in FLAGS:
        return Markup("")
    src = url_for("static", filename=f"img/flags/{code.lower()}.svg")
    return Markup('<img class="flag" src="{}" alt="" width="18" height="12">').format(src)


def day(value: date | None, format: str = "medium") -> str:  # noqa: A002 - Babel's name
    return "" if value is None else format_date(value, format)


def day_range(start: date | None, end: date | None = None, format: str = "medium") -> str:  # noqa: A002
    """The days of an event as the reader writes them: one day, or "15–16 Sept 2021"."""
    if start is None:
        return ""
    if end is None or end <= start:
        return format_date(start, format)
    return format_interval(start, end, "yMMMd", locale=get_locale())


def instant(value, format: str = "medium") -> str:  # noqa: A002 - Babel's name
    return "" if value is None else format_datetime(value, format)


def url_with(**changes) -> str:
    """The current URL with some query arguments changed (filters, sorting, pages)."""
    args = request.args.to_dict()
    args.update({key: value for key, value in changes.items() if value is not None})
    for key in [key for key, value in changes.items() if value is None]:
        args.pop(key, None)
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def init_app(app):
    from collab.markdown import markdown
    from collab.policy import can

    app.jinja_env.filters.update(
        money=money,
        number=number,
        percent=percent,
        country=country_name,
        flag=flag,
        day=day,
        day_range=day_range,
        instant=instant,
        tr=render_translated,
        markdown=markdown,
    )
    app.jinja_env.globals.update(can=can, url_with=url_with)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def _globals():
        return {
            "languages": LANGUAGES,
            "language_autonyms": LANGUAGE_AUTONYMS,
            "language_names": LANGUAGE_NAMES,
            "current_language": current_language(),
            "current_user": current_user,
        }
