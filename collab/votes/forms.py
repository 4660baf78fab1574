"""Forms of dot-votes: opening a vote, and a dot placed or taken back."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from collab.events.forms import CheckboxesField
from collab.forms import options, strip

MAX_DOTS = 10


def table_label(value):
    """A table's name as typed, with its spaces tidied: "Table  3 " and "Table 3" are one."""
    if not isinstance(value, str):
        return value
    return " ".join(value.split()) or None


class VoteForm(FlaskForm):
    question = StringField(
        _l("Question"),
        [Optional(), Length(max=300)],
        filters=[strip],
        description=_l("Optional, e.g. Which challenges should the next workshop take up?"),
    )
    dots_per_voter = IntegerField(
        _l("Dots per voter"),
        [
            InputRequired(message=_l("Give the number of dots each voter has.")),
            NumberRange(min=1, max=MAX_DOTS, message=_l("Give between 1 and 10 dots.")),
        ],
        default=3,
        description=_l("Each participant, and each table the facilitator votes for, has as many."),
    )
    challenges = CheckboxesField(_l("Challenges on the ballot"), coerce=int)

    def validate_challenges(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one challenge to vote on."))


class DotForm(FlaskForm):
    """One click on "+ dot" or "− dot": for the person, or for a table when one is named."""

    challenge_id = IntegerField(
        _l("Challenge"), [InputRequired(message=_l("Choose a challenge on the ballot."))]
    )
    action = SelectField(
        _l("Action"), choices=options({"add": _l("Add a dot"), "remove": _l("Take a dot back")})
    )
    table = StringField(_l("Table"), [Optional(), Length(max=60)], filters=[table_label])
