"""The form that adds or edits an output: its kind, texts, file and handbook mark."""

from pathlib import PurePosixPath

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField
from wtforms.validators import ValidationError

from collab.challenges.models import HANDBOOK_CHAPTERS
from collab.events.models import Event
from collab.forms import EditForm, TranslatedField, options
from collab.i18n import Translations, current_language
from collab.outputs.filetypes import (
    ALLOWED_NAMES,
    FileType,
    RefusedFile,
    clean_filename,
    corrected_name,
    detect,
)
from collab.outputs.listing import KIND_ORDER
from collab.outputs.models import KINDS, Output


def _optional_id(value):
    if value in (None, "", "None"):
        return None
    return value if isinstance(value, int) else int(value)


class OutputForm(EditForm):
    kind = SelectField(_l("Kind"), choices=options((k, KINDS[k]) for k in KIND_ORDER))
    title = TranslatedField(
        _l("Title"),
        required=False,
        max_length=300,
        description=_l("Leave empty to use the file's name."),
    )
    text = TranslatedField(
        _l("Text"),
        required=False,
        textarea=True,
        max_length=20000,
        description=_l("Markdown: *italic*, **bold**, lists with - at the start of a line."),
    )
    # Not `file`: the output's `file` is the stored file, which a form must never set.
    upload = FileField(_l("File"))
    agenda_item_id = SelectField(
        _l("Given at (agenda item)"),
        coerce=_optional_id,
        description=_l("For a presentation: the talk it was shown at, with its speaker."),
    )
    publication_consent = BooleanField(
        _l("The people in the photo consented to its publication"),
        description=_l("For a photo. Without consent it stays inside the project."),
    )
    for_handbook = BooleanField(_l("Use in the handbook"))
    handbook_chapter = SelectField(
        _l("Handbook chapter"),
        choices=options([("", _l("Not chosen yet")), *HANDBOOK_CHAPTERS.items()]),
        coerce=lambda value: value or None,
    )

    # What the upload turned out to be, once validated.
    upload_data: bytes | None = None
    upload_type: FileType | None = None
    upload_name: str | None = None

    def __init__(self, *args, has_file: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_file = has_file

    def validate_upload(self, field):
        if not field.data:
            return
        data = field.data.read()
        try:
            kind = detect(data)
        except RefusedFile as refusal:
            raise ValidationError(refusal.message) from None
        self.upload_data, self.upload_type = data, kind
        self.upload_name = corrected_name(clean_filename(field.data.filename), kind)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        kind = self.kind.data
        if kind == "note":
            if not _filled(self.text.data):
                _translated_error(self.text, _("A note needs its text."))
                valid = False
            if not _filled(self.title.data):
                _translated_error(self.title, _("Give the note a title."))
                valid = False
        elif self.upload_data is None and not self.has_file and not self.upload.errors:
            self.upload.errors.append(
                _("Choose the file to upload (%(types)s).", types=ALLOWED_NAMES)
            )
            valid = False
        if kind == "photo" and self.upload_type is not None and not self.upload_type.is_image:
            self.upload.errors.append(_("A photo must be a PNG, JPEG or WebP image."))
            valid = False
        return valid

    def populate_obj(self, obj: Output):
        for name, field in self._fields.items():
            if name not in ("version", "upload"):
                field.populate_obj(obj, name)
        if obj.kind != "presentation":
            obj.agenda_item_id = None
        if obj.kind != "photo":
            obj.publication_consent = False
        if not obj.for_handbook:
            obj.handbook_chapter = None
        if not obj.title:
            # The form allows an empty title for a file: its name stands in.
            name = self.upload_name or obj.filename or _("Output")
            obj.title = Translations({current_language(): PurePosixPath(name).stem or name})


def _filled(texts: dict | None) -> bool:
    return any((value or "").strip() for value in (texts or {}).values())


def _translated_error(field: TranslatedField, message: str) -> None:
    first = field.form[current_language()]
    first.errors = [*first.errors, message]


def output_form(event: Event, output: Output | None = None, **kwargs) -> OutputForm:
    """The form with the event's agenda to choose a presentation's talk from."""
    has_file = output is not None and output.file_id is not None
    form = OutputForm(obj=output, has_file=has_file, **kwargs)
    items = sorted(event.agenda, key=lambda item: (item.day, item.position, item.id))
    several_days = len({item.day for item in items}) > 1
    form.agenda_item_id.choices = options(
        [(None, _("None")), *((item.id, _agenda_label(item, several_days)) for item in items)]
    )
    return form


def _agenda_label(item, with_day: bool) -> str:
    from collab.templating import day

    parts = [str(item.title)]
    who = ", ".join(part for part in (item.speaker, item.speaker_organisation) if part)
    if who:
        parts.append(who)
    if with_day:
        parts.insert(0, day(item.day, "short"))
    elif item.time:
        parts.insert(0, item.time.strftime("%H:%M"))
    return " — ".join(parts)


def max_upload_size() -> str:
    """The upload limit as configured, in MB."""
    from flask_babel import format_decimal

    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
    return format_decimal(round(limit / (1024 * 1024), 1))
