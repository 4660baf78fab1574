"""The check-in form a participant fills in on their phone at the door."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from collab.checkin import consent
from collab.events.models import FUNCTIONS
from collab.forms import options, strip
from collab.organisations.forms import country_choices


class CheckinForm(FlaskForm):
    name = StringField(
        _l("Your name"),
        [DataRequired(message=_l("Please write your name.")), Length(max=200)],
        filters=[strip],
        description=_l("First name and surname, as they should appear in the attendance list."),
    )
    organisation = StringField(
        _l("Organisation"),
        [Optional(), Length(max=200)],
        filters=[strip],
        description=_l("Where you work or whom you represent. Leave empty if nobody."),
    )
    country = SelectField(_l("Country"), [DataRequired(message=_l("Please choose a country."))])
    function = SelectField(
        _l("What describes you best"),
        [DataRequired(message=_l("Please choose what describes you best."))],
    )
    email = EmailField(
        _l("E-mail (optional)"),
        [
            Optional(),
            Email(message=_l("This does not look like an e-mail address.")),
            Length(max=254),
        ],
        filters=[strip],
        description=_l("Only if you want the organisers to send you the materials."),
    )
    # The label names the consent in the error summary; the statement itself (description)
    # is what the person reads beside the box.
    consent_reporting = BooleanField(
        _l("Consent for the report"),
        [
            DataRequired(
                message=_l("Please agree to this: the project cannot count you without it.")
            )
        ],
        description=consent.REPORTING,
    )
    consent_named = BooleanField(_l("Consent to be named"), description=consent.NAMED)
    consent_photos = BooleanField(_l("Consent to photos"), description=consent.PHOTOS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = country_choices(blank=_l("Choose your country"))
        self.function.choices = options([("", _l("Choose one")), *FUNCTIONS.items()])
