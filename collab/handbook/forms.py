"""Forms of the handbook's plan: its title and foreword, a chapter's title, a move, inclusion,
and the editor's free texts."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField
from wtforms.validators import InputRequired, Regexp

from collab.forms import EditForm, TranslatedField, options


class HandbookForm(EditForm):
    title = TranslatedField(_l("Title"), max_length=200)
    subtitle = TranslatedField(_l("Subtitle"), required=False, max_length=300)
    foreword = TranslatedField(
        _l("Foreword"),
        required=False,
        textarea=True,
        max_length=20000,
        description=_l("Markdown: **bold**, *italic*, lists with -, links."),
    )


class ChapterTitleForm(EditForm):
    title = TranslatedField(
        _l("Title of the chapter"),
        required=False,
        max_length=200,
        description=_l("A language left empty shows the chapter's usual title in that language."),
    )


class MoveForm(FlaskForm):
    """A move by a button (up, down) or by a drop (the index it was dropped at)."""

    to = HiddenField(
        validators=[InputRequired(), Regexp(r"^(up|down|[0-9]{1,4})$")],
    )


class IncludeForm(FlaskForm):
    included = SelectField(
        choices=options([("1", _l("Include")), ("0", _l("Leave out"))]),
        validators=[InputRequired()],
    )


class TextForm(EditForm):
    title = TranslatedField(_l("Heading"), required=False, max_length=300)
    text = TranslatedField(
        _l("Text"),
        textarea=True,
        max_length=20000,
        description=_l("Markdown: **bold**, *italic*, lists with -, links."),
    )


class NewTextForm(TextForm):
    place = SelectField(_l("Place in the chapter"), default="end")


def new_text_form(sections: list, section_title, after: str | None = None, **kwargs):
    """The form that adds a text, with every place between the chapter's sections."""
    form = NewTextForm(prefix="new", **kwargs)
    choices = [("start", _l("At the beginning"))]
    choices += [(str(s.id), _l("After “%(title)s”", title=section_title(s))) for s in sections]
    choices.append(("end", _l("At the end")))
    form.place.choices = options(choices)
    if after is not None and form.place.data == "end":
        form.place.data = after
    return form
