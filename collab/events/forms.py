"""Forms of an event and of its agenda."""

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import DateField, SelectField, SelectMultipleField, StringField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from collab.events.models import FUNCTIONS, KINDS, STATUSES, Event, Theme
from collab.extensions import db
from collab.forms import EditForm, TranslatedField, options, strip
from collab.organisations.forms import country_choices
from collab.organisations.models import Organisation
from collab.projects.models import Project
from collab.templating import day as format_day


def _row_id(value) -> int:
    """An id from a submitted value or from a related row (when the form loads an event)."""
    return value.id if hasattr(value, "id") else int(value)


class CheckboxesField(SelectMultipleField):
    """Several choices, one checkbox each."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RelatedRowsField(CheckboxesField):
    """Rows of a related table (organisations, themes) chosen by id, stored as the rows."""

    def __init__(self, label=None, validators=None, *, model=None, **kwargs):
        super().__init__(label, validators, coerce=_row_id, **kwargs)
        self.model = model

    def populate_obj(self, obj, name):
        ids = self.data or []
        rows = db.session.scalars(select(self.model).where(self.model.id.in_(ids))).all()
        setattr(obj, name, list(rows))


class EventForm(EditForm):
    title = TranslatedField(_l("Title"), max_length=300)
    kind = SelectField(_l("Kind of event"), choices=options(KINDS))
    status = SelectField(_l("Status"), choices=options(STATUSES))
    start_date = DateField(_l("First day"), [DataRequired()])
    end_date = DateField(
        _l("Last day"),
        [Optional()],
        description=_l("Leave empty for a one-day event."),
    )
    venue = StringField(
        _l("Venue"),
        [Optional(), Length(max=200)],
        filters=[strip],
        description=_l("The building or the room, e.g. Zinātnes centrs VIZIUM."),
    )
    town = StringField(_l("Town"), [Optional(), Length(max=100)], filters=[strip])
    country = SelectField(_l("Country"), [DataRequired()])
    organiser_id = SelectField(_l("Organiser"), coerce=int)
    co_organisers = RelatedRowsField(
        _l("Co-organisers"),
        model=Organisation,
        description=_l("Their coordinators and facilitators may edit the event too."),
    )
    themes = RelatedRowsField(_l("Themes"), model=Theme)
    target_groups = CheckboxesField(
        _l("Target groups"),
        choices=options(FUNCTIONS),
        description=_l("Whom the event invites."),
    )
    description = TranslatedField(
        _l("Description"), required=False, textarea=True, max_length=20000
    )
    host_region = StringField(
        _l("Host region"),
        [Optional(), Length(max=200)],
        filters=[strip],
        description=_l("The region visited, e.g. Kurzeme."),
    )
    sites_visited = TranslatedField(
        _l("Sites visited"), required=False, textarea=True, max_length=20000
    )

    # Who fills the form in: the organiser they choose must leave them able to edit.
    editor = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = country_choices()

    def validate_end_date(self, field):
        if self.start_date.data and field.data and field.data < self.start_date.data:
            raise ValidationError(_l("The event cannot end before it starts."))

    def validate_organiser_id(self, field):
        editor = self.editor
        if editor is None or editor.is_admin:
            return
        organisations = {field.data, *(self.co_organisers.data or [])}
        if editor.organisation_id not in organisations:
            raise ValidationError(
                _l(
                    "You would no longer be able to edit this event: choose your organisation "
                    "as the organiser or as a co-organiser."
                )
            )

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if valid:
            if self.end_date.data is None:
                self.end_date.data = self.start_date.data
            # The organiser is not also its own co-organiser.
            self.co_organisers.data = [
                i for i in self.co_organisers.data or [] if i != self.organiser_id.data
            ]
        return valid


def event_form(project: Project, user, event: Event | None = None, **defaults) -> EventForm:
    """The event form with the choices of `project`: its partners organise, its themes."""
    form = EventForm(obj=event, **defaults)
    form.editor = user
    partners = sorted(
        (p.organisation for p in project.partners), key=lambda o: (o.country, o.name.casefold())
    )
    form.organiser_id.choices = options((o.id, f"{o.name} ({o.country})") for o in partners)
    # The project's partners first, since they organise together most often; then the rest.
    if event is not None and event.organiser not in partners:
        # No longer a partner, yet still the organiser: it stays a choice, not an error.
        form.organiser_id.choices.append(
            SelectChoice(event.organiser.id, f"{event.organiser.name} ({event.organiser.country})")
        )
    partner_ids = {o.id for o in partners}
    others = [
        o
        for o in db.session.scalars(select(Organisation).order_by(func.lower(Organisation.name)))
        if o.id not in partner_ids
    ]
    form.co_organisers.choices = options(
        (o.id, f"{o.name} ({o.country})") for o in [*partners, *others]
    )
    themes = db.session.scalars(
        select(Theme).where(Theme.project_id == project.id).order_by(Theme.position, Theme.id)
    )
    form.themes.choices = options((t.id, str(t.name)) for t in themes)
    return form


def new_event_defaults(project: Project, user) -> dict:
    """What a new event starts with: organised by the person's organisation, in its country."""
    partners = [p.organisation for p in project.partners]
    own = next((o for o in partners if o.id == user.organisation_id), None)
    organiser = own or (partners[0] if partners else None)
    defaults = {"status": "planned"}
    if organiser is not None:
        defaults.update(organiser_id=organiser.id, country=organiser.country)
    return defaults


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


class AgendaItemForm(FlaskForm):
    day = SelectField(_l("Day"), coerce=_day)
    time = TimeField(
        _l("Time"),
        [Optional()],
        format="%H:%M",
        description=_l("Optional, e.g. 10:30."),
    )
    title = TranslatedField(_l("Title"), max_length=300)
    speaker = StringField(_l("Speaker"), [Optional(), Length(max=200)], filters=[strip])
    speaker_organisation = StringField(
        _l("Speaker's organisation"), [Optional(), Length(max=200)], filters=[strip]
    )


def agenda_item_form(event: Event, item=None, **kwargs) -> AgendaItemForm:
    """The agenda form with the event's days to choose from (and the item's own day, should
    the event's dates have changed since)."""
    form = AgendaItemForm(obj=item, **kwargs)
    days = list(event.days)
    if item is not None and item.day not in days:
        days = sorted([*days, item.day])
    form.day.choices = options((d, format_day(d, "full")) for d in days)
    return form
