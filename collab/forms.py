"""Form pieces every feature uses: text per language, the edit version, clean text input."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, FormField, HiddenField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from collab.config import LANGUAGES
from collab.i18n import LANGUAGE_NAMES, Translations, current_language


def strip(value):
    """Trim what people type; empty becomes None so optional columns stay NULL."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def options(pairs) -> list[SelectChoice]:
    """Choices of a select field from (value, label) pairs or a {value: label} mapping."""
    items = pairs.items() if isinstance(pairs, dict) else pairs
    return [SelectChoice(value, label) for value, label in items]


class TranslatedField(FormField):
    """One input per language; at least one must be filled when the field is required."""

    def __init__(self, label=None, *, required=True, textarea=False, max_length=300, **kwargs):
        field = TextAreaField if textarea else StringField
        subform = type(
            "TranslatedSubform",
            (Form,),
            {
                lang: field(LANGUAGE_NAMES[lang], [Optional(), Length(max=max_length)])
                for lang in LANGUAGES
            },
        )
        super().__init__(subform, label, **kwargs)
        self.required = required
        self.textarea = textarea

    def validate(self, form, extra_validators=()):
        valid = super().validate(form, extra_validators)
        if self.required and not any((self.data.get(lang) or "").strip() for lang in LANGUAGES):
            first = self.form[current_language()]
            first.errors = [*first.errors, _l("Fill in at least one language.")]
            return False
        return valid

    @property
    def errors(self):
        return [error for lang in LANGUAGES for error in self.form[lang].errors]

    def languages_in_reading_order(self):
        """The reader's language first, then the others."""
        lang = current_language()
        return [self.form[lang]] + [self.form[code] for code in LANGUAGES if code != lang]

    def populate_obj(self, obj, name):
        existing = getattr(obj, name, None)
        original = existing.original if existing else current_language()
        value = Translations.written(original, self.data)
        setattr(obj, name, value or None)


def status_of(form, conflict=None) -> int:
    """The HTTP status of a form page: 409 on a conflict, 400 with mistakes, else 200."""
    if conflict is not None:
        return 409
    return 400 if form.errors else 200


class EditForm(FlaskForm):
    """A form that edits a stored row: it carries the version it was loaded with."""

    version = HiddenField()

    def populate_obj(self, obj):
        # The version is the database's to count, never the form's to set.
        for name, field in self._fields.items():
            if name != "version":
                field.populate_obj(obj, name)

    def loaded_version(self) -> int | None:
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return None


class EmptyForm(FlaskForm):
    """A button that changes something: only the CSRF token."""
