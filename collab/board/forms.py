"""Forms of the workshop board: the capture bar, and the cards edited in place."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from collab.forms import EditForm, options, strip
from collab.templating import number

KINDS = {
    "challenge": _l("Challenge"),
    "solution": _l("Solution"),
    "note": _l("Note"),
}
# How long each kind of text may be: a challenge is a title, a solution a paragraph or
# two, a note whatever the table said.
MAX_LENGTHS = {"challenge": 300, "solution": 5000, "note": 20000}
NOTE_TITLE_LENGTH = 120


class CaptureForm(FlaskForm):
    """One item typed during the session; the browser names it with a key of its own, so
    sending it again after a dropped connection saves it once."""

    kind = RadioField(_l("Type"), choices=options(KINDS), default="challenge")
    # The challenges and themes are the event's: set by the view. A challenge still in the
    # browser's queue is named "key:<its client key>", so a solution typed offline can
    # answer a challenge typed offline just before it.
    challenge_id = SelectField(_l("Answers the challenge"), validate_choice=False)
    theme_id = SelectField(_l("Theme"), validate_choice=False)
    text = TextAreaField(_l("Text"), filters=[strip])
    client_key = HiddenField(
        validators=[Optional(), Length(max=64), Regexp(r"^[A-Za-z0-9-]+$")],
    )

    def validate_text(self, field):
        if not field.data:
            raise ValidationError(_l("Type the text first."))
        limit = MAX_LENGTHS.get(self.kind.data, MAX_LENGTHS["note"])
        if len(field.data) > limit:
            raise ValidationError(_("Keep it under %(limit)s characters.", limit=number(limit)))

    def validate_challenge_id(self, field):
        if self.kind.data == "solution" and not field.data:
            raise ValidationError(_l("Choose the challenge this solution answers."))


class ChallengeCardForm(EditForm):
    title = TextAreaField(
        _l("Challenge"), [DataRequired(), Length(max=MAX_LENGTHS["challenge"])], filters=[strip]
    )


class SolutionCardForm(EditForm):
    text = TextAreaField(
        _l("Solution"), [DataRequired(), Length(max=MAX_LENGTHS["solution"])], filters=[strip]
    )


class NoteCardForm(EditForm):
    title = StringField(
        _l("Title"), [DataRequired(), Length(max=NOTE_TITLE_LENGTH)], filters=[strip]
    )
    text = TextAreaField(_l("Note"), [Optional(), Length(max=MAX_LENGTHS["note"])], filters=[strip])


CARD_FORMS = {"challenge": ChallengeCardForm, "solution": SolutionCardForm, "note": NoteCardForm}
