"""The front door and the language switch."""

from flask import redirect, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField

from collab.auth.routes import _safe_next
from collab.config import LANGUAGES
from collab.forms import options
from collab.i18n import LANGUAGE_AUTONYMS
from collab.main import bp
from collab.security import public


class LanguageForm(FlaskForm):
    language = SelectField(choices=options((code, LANGUAGE_AUTONYMS[code]) for code in LANGUAGES))
    next = HiddenField()


@bp.route("/")
def index():
    return redirect(url_for("projects.index"))


@bp.route("/language", methods=["POST"])
@public
def set_language():
    from flask import session

    form = LanguageForm()
    if form.validate_on_submit():
        session["language"] = form.language.data
        if current_user.is_authenticated:
            # The switch is the person saying which language they want: remember it.
            current_user.language = form.language.data
    return redirect(_safe_next(form.next.data))
