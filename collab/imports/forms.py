from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.validators import DataRequired, ValidationError

from collab.forms import options
from collab.imports.spreadsheets import TARGETS, target_label

MAX_PASTED_LINES = 1000


class PasteForm(FlaskForm):
    text = TextAreaField(
        _l("People"), [DataRequired(message=_l("Paste or type at least one person."))]
    )
    # Set by the button pressed: preview, import, or import_valid (only the valid lines).
    action = HiddenField(default="preview")
    mode = HiddenField()

    def validate_text(self, field):
        lines = [line for line in (field.data or "").splitlines() if line.strip()]
        if len(lines) > MAX_PASTED_LINES:
            raise ValidationError(
                _l(
                    "At most %(max)d lines can be pasted at once: import longer lists as a file.",
                    max=MAX_PASTED_LINES,
                )
            )

    @property
    def wants_import(self) -> bool:
        return self.action.data in ("import", "import_valid")

    @property
    def valid_only(self) -> bool:
        return self.action.data == "import_valid" or self.mode.data == "valid_only"


class UploadForm(FlaskForm):
    file = FileField(
        _l("Spreadsheet file"),
        [FileRequired(message=_l("Choose a file to upload."))],
        description=_l(
            "CSV or Excel (.xlsx). The first row names the columns; every other row is one "
            "person. At most 5 MB and 20 000 rows."
        ),
    )


class MappingForm(FlaskForm):
    """For each field, the column of the file that holds it."""

    # A field left out of the form is not in the file ("").
    name = SelectField(
        _l("Name"),
        [DataRequired(message=_l("Choose the column that holds the names."))],
        default="",
    )
    surname = SelectField(default="")
    organisation = SelectField(_l("Organisation"), default="")
    country = SelectField(_l("Country"), default="")
    function = SelectField(_l("Function"), default="")
    email = SelectField(_l("E-mail"), default="")
    gender = SelectField(_l("Gender"), default="")
    role = SelectField(_l("Role"), default="")

    def __init__(self, columns: list[str], *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("(not in the file)"))] + [
            (str(index), heading) for index, heading in enumerate(columns)
        ]
        for target in TARGETS:
            self[target].choices = options(choices)
            self[target].label.text = target_label(target)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        chosen: dict[str, str] = {}
        for target in TARGETS:
            field = self[target]
            if not field.data:
                continue
            if field.data in chosen:
                field.errors = [
                    *field.errors,
                    _(
                        "This column is already chosen for “%(other)s”.",
                        other=target_label(chosen[field.data]),
                    ),
                ]
                valid = False
            else:
                chosen[field.data] = target
        return valid

    def mapping(self) -> dict[str, int | None]:
        return {target: int(self[target].data) if self[target].data else None for target in TARGETS}


class RunForm(FlaskForm):
    mode = HiddenField()

    def validate_mode(self, field):
        if field.data not in ("valid_only", "all_or_nothing"):
            raise ValidationError(_l("Choose what to import."))
