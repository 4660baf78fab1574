from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), [DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), [DataRequired(), Length(max=1000)])
    remember = BooleanField(_l("Keep me logged in on this device"))


class NewPasswordMixin:
    new_password = PasswordField(_l("New password"), [DataRequired(), Length(max=1000)])
    confirm = PasswordField(
        _l("Repeat the new password"),
        [DataRequired(), EqualTo("new_password", message=_l("The two passwords differ."))],
    )


class ChangePasswordForm(NewPasswordMixin, FlaskForm):
    current_password = PasswordField(_l("Current password"), [DataRequired()])


class ResetForm(NewPasswordMixin, FlaskForm):
    """A new password set through a link an admin or coordinator made."""
