from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from collab.auth.forms import NewPasswordMixin
from collab.forms import EditForm, options, strip
from collab.i18n import LANGUAGE_AUTONYMS


class UserForm(EditForm):
    name = StringField(
        lazy_pgettext("person", "Name"), [DataRequired(), Length(max=120)], filters=[strip]
    )
    email = EmailField(
        _l("E-mail"),
        [
            DataRequired(),
            Email(message=_l("Enter an e-mail address such as name@example.lv.")),
            Length(max=254),
        ],
        filters=[strip],
    )
    organisation_id = SelectField(_l("Organisation"), coerce=int)
    role = SelectField(_l("Role"))
    language = SelectField(
        _l("Preferred language"),
        [Optional()],
        choices=options([("", _l("Same as the browser")), *LANGUAGE_AUTONYMS.items()]),
    )
    is_active = BooleanField(_l("Active: may log in"), default=True)


class NewUserForm(UserForm):
    password = PasswordField(
        _l("Initial password"),
        [DataRequired(), Length(max=1000)],
        description=_l("Tell it to the person; they can change it after logging in."),
    )


class ResetPasswordForm(NewPasswordMixin, FlaskForm):
    pass


class UserSearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search by name or e-mail"), filters=[strip])
