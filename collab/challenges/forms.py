"""Forms of challenges and solutions: the challenge, a solution, a move on the board, the
handbook mark."""

import uuid

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from collab.attendance.models import Attendance, Participant
from collab.challenges.models import HANDBOOK_CHAPTERS, REGIONS, SOLUTION_KINDS
from collab.challenges.operations import index_search_text
from collab.events.forms import RelatedRowsField
from collab.events.models import Event, Theme
from collab.extensions import db
from collab.forms import EditForm, TranslatedField, options, strip
from collab.organisations.models import Organisation
from collab.projects.models import Project
from collab.templating import day


def new_client_key() -> str:
    return uuid.uuid4().hex


def optional_id(value) -> int | None:
    """An id from a select whose first choice is "none": empty is None, not a mistake."""
    if value is None or value == "":
        return None
    return value.id if hasattr(value, "id") else int(value)


class ChapterField(SelectField):
    """The handbook chapter; an item not assigned yet offers the first chapter."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, choices=options(HANDBOOK_CHAPTERS), **kwargs)

    def process_data(self, value):
        self.data = value if value in HANDBOOK_CHAPTERS else next(iter(HANDBOOK_CHAPTERS))


class ChallengeForm(EditForm):
    title = TranslatedField(_l("Title"), max_length=300)
    description = TranslatedField(
        _l("Description"), required=False, textarea=True, max_length=20000
    )
    theme_id = SelectField(_l("Theme"), coerce=optional_id)
    regions = SelectField(_l("Regions affected"), choices=options(REGIONS), default="both")
    identified_at_id = SelectField(
        _l("Identified at"),
        coerce=optional_id,
        description=_l("The event where the partners found it, usually an innovation camp."),
    )
    analysed_at = RelatedRowsField(_l("Analysed at"), model=Event)
    for_handbook = BooleanField(_l("For the handbook"))
    handbook_chapter = ChapterField(_l("Chapter of the handbook"))

    def populate_obj(self, obj):
        super().populate_obj(obj)
        # Search reads the casefolded copy, which must follow the title and description.
        index_search_text(obj)


def _events_of(project: Project) -> list[Event]:
    return list(
        db.session.scalars(
            select(Event).where(Event.project_id == project.id).order_by(Event.start_date, Event.id)
        )
    )


def event_choices(events: list[Event]) -> list[tuple[int, str]]:
    return [(e.id, f"{day(e.start_date)} · {e.title}") for e in events]


class NewChallengeForm(ChallengeForm):
    # Made when the form is shown: the same form sent twice records one challenge.
    client_key = HiddenField(default=new_client_key)


def challenge_form(
    project: Project, challenge=None, form_class=ChallengeForm, **kwargs
) -> ChallengeForm:
    """The challenge form with the project's themes and events to choose from."""
    form = form_class(obj=challenge, **kwargs)
    themes = db.session.scalars(
        select(Theme).where(Theme.project_id == project.id).order_by(Theme.position, Theme.id)
    )
    form.theme_id.choices = options([("", _l("No theme")), *((t.id, str(t.name)) for t in themes)])
    events = event_choices(_events_of(project))
    form.identified_at_id.choices = options([("", _l("Not recorded")), *events])
    form.analysed_at.choices = options(events)
    return form


class SolutionForm(EditForm):
    text = TranslatedField(_l("Solution"), textarea=True, max_length=20000)
    kind = SelectField(_l("Kind of solution"), choices=options(SOLUTION_KINDS))
    proposed_by = RelatedRowsField(_l("Proposed by"), model=Organisation)
    event_id = SelectField(_l("Proposed at"), coerce=optional_id)
    where_it_works = StringField(
        _l("Where it works"),
        [Optional(), Length(max=200)],
        filters=[strip],
        description=_l("For a good practice: the place where it is done, e.g. a municipality."),
    )
    for_handbook = BooleanField(_l("For the handbook"))
    handbook_chapter = ChapterField(_l("Chapter of the handbook"))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if valid and self.kind.data != "good_practice":
            # Only a good practice has a place where it works; the field is hidden otherwise.
            self.where_it_works.data = None
        return valid


def proposing_organisations(project: Project) -> list[Organisation]:
    """Who may propose a solution: the partners first, then organisations whose people came
    to the project's events."""
    partners = sorted(
        (p.organisation for p in project.partners), key=lambda o: (o.country, o.name.casefold())
    )
    partner_ids = {o.id for o in partners}
    attending = (
        select(Participant.organisation_id)
        .join(Attendance, Attendance.participant_id == Participant.id)
        .where(Participant.project_id == project.id, Participant.organisation_id.is_not(None))
    )
    others = db.session.scalars(
        select(Organisation)
        .where(Organisation.id.in_(attending), Organisation.id.not_in(partner_ids or [0]))
        .order_by(func.lower(Organisation.name))
    )
    return [*partners, *others]


class NewSolutionForm(SolutionForm):
    # Made when the form is shown: the same form sent twice records one solution.
    client_key = HiddenField(default=new_client_key)


def solution_form(
    project: Project, solution=None, form_class=SolutionForm, **kwargs
) -> SolutionForm:
    """The solution form with the organisations and events of the project."""
    form = form_class(obj=solution, **kwargs)
    organisations = proposing_organisations(project)
    if solution is not None:
        # An organisation no longer among the choices still shows, so saving keeps it.
        known = {o.id for o in organisations}
        organisations += [o for o in solution.proposed_by if o.id not in known]
    form.proposed_by.choices = options((o.id, f"{o.name} ({o.country})") for o in organisations)
    events = event_choices(_events_of(project))
    form.event_id.choices = options([("", _l("Not recorded")), *events])
    return form


class MoveForm(FlaskForm):
    """A card moved on the board (button or drag), or a status chosen on the challenge page."""

    status = StringField(_l("Move to"))
    reason = TextAreaField(
        _l("Why is it set aside?"), [Optional(), Length(max=2000)], filters=[strip]
    )
    # The status the card had on the screen: when someone moved it meanwhile, the move
    # is not made and the current board is shown instead.
    from_status = HiddenField()
    back = HiddenField()


class HandbookForm(FlaskForm):
    """The quick handbook mark on the challenge page."""

    for_handbook = BooleanField(_l("For the handbook"), false_values=(False, "false", "", "0"))
    handbook_chapter = ChapterField(_l("Chapter of the handbook"))
