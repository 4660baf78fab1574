"""Forms of the reporting pages: a reporting period."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField
from wtforms.validators import DataRequired, ValidationError

from collab.forms import EditForm, TranslatedField


class PeriodForm(EditForm):
    name = TranslatedField(
        _l("Name"),
        max_length=200,
        description=_l("As the programme calls it, e.g. Period 3."),
    )
    start_date = DateField(_l("First day"), [DataRequired(_l("Enter the first day."))])
    end_date = DateField(
        _l("Last day"),
        [DataRequired(_l("Enter the last day."))],
        description=_l("The last day belongs to the period."),
    )

    def validate_end_date(self, field):
        if self.start_date.data and field.data and field.data < self.start_date.data:
            raise ValidationError(_l("The last day cannot be before the first day."))
