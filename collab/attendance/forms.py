"""Forms of the attendance page: a person at the event, the headcount, participant search."""

from flask_babel import format_decimal, lazy_pgettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, IntegerField, SelectField, StringField
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from collab.attendance.models import GENDERS, ROLES
from collab.events.models import FUNCTIONS
from collab.forms import EditForm, options, strip
from collab.organisations.forms import country_choices


class AttendeeForm(FlaskForm):
    """A person at an event: who they are (the participant) and their role there."""

    name = StringField(
        lazy_pgettext("person", "Name"), [DataRequired(), Length(max=200)], filters=[strip]
    )
    organisation = StringField(
        _l("Organisation"),
        [Optional(), Length(max=200)],
        filters=[strip],
        description=_l("Pick a known organisation from the suggestions, or type any name."),
    )
    country = SelectField(_l("Country"), [Optional()])
    function = SelectField(_l("Function"), choices=options(FUNCTIONS), default="other")
    email = EmailField(
        _l("E-mail"),
        [
            Optional(),
            Email(message=_l("Enter an e-mail address such as name@example.lv.")),
            Length(max=254),
        ],
        filters=[strip],
    )
    gender = SelectField(
        _l("Gender"), [Optional()], choices=options([("", _l("Not given")), *GENDERS.items()])
    )
    role = SelectField(_l("Role at the event"), choices=options(ROLES), default="participant")
    consent_named = BooleanField(_l("Agrees to be named"))
    consent_photos = BooleanField(_l("Agrees to photos"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = options({"": _("The organisation's country")}) + country_choices()


class AttendeeEditForm(EditForm, AttendeeForm):
    """A row of the list edited in place; the version is the participant's, since editing
    the row is editing the person."""


# More people than any event has; the column is a 32-bit integer in PostgreSQL.
MAX_COUNT = 1_000_000


class CountField(IntegerField):
    """A number of people: a whole number, said plainly when it is not one."""

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").replace(" ", "").replace("\u00a0", "")
        if not text:
            self.data = None
            return
        try:
            self.data = int(text)
        except ValueError:
            self.data = None
            raise ValueError(_("Enter a whole number, such as 25.")) from None
        if self.data > MAX_COUNT:
            self.data = None
            raise ValueError(_("Enter a number up to %(max)s.", max=format_decimal(MAX_COUNT)))


class HeadcountForm(FlaskForm):
    unnamed_count = CountField(
        _l("People who came but were not named"),
        [InputRequired(message=_l("Enter a number; 0 when everyone is on the list."))],
        description=_l("Added to the named people for the event's total."),
    )

    def validate_unnamed_count(self, field):
        # Only spaces get past InputRequired, which looks at what was sent, as no number.
        if field.data is None and not field.errors:
            raise ValidationError(_l("Enter a number; 0 when everyone is on the list."))
        # Not NumberRange: it would repeat its message under "Enter a whole number".
        if field.data is not None and field.data < 0:
            raise ValidationError(_l("The number cannot be below 0."))


class ParticipantSearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search by name"), filters=[strip])
