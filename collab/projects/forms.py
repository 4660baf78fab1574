from decimal import Decimal, InvalidOperation

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from collab.forms import EditForm, TranslatedField, options, strip
from collab.projects.models import PARTNER_ROLES

# The largest amount the money columns hold: Numeric(14, 2).
MAX_AMOUNT = Decimal("999999999999.99")


class AmountField(DecimalField):
    """A number as people type it in Latvia and Lithuania: "363 237,51" or "363237.51"."""

    def _value(self):
        # Shown as the reader writes numbers (9, not 9.00; 1 000,5 in lv); read back above.
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else format_decimal(self.data, format="#,##0.##")

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        text = valuelist[0].replace("\u00a0", "").replace(" ", "").replace("€", "")
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        try:
            self.data = Decimal(text)
        except InvalidOperation:
            self.data = None
        if self.data is None or not self.data.is_finite():
            # "NaN" and "Infinity" are numbers to Decimal, not to people (nor to the database).
            self.data = None
            example = format_decimal(Decimal("1234.56"))
            raise ValueError(_("Enter a number, such as %(example)s.", example=example))
        if abs(self.data) > MAX_AMOUNT:
            # The columns hold 14 digits (Numeric(14, 2)); more overflowed in PostgreSQL.
            self.data = None
            raise ValueError(_("Enter a number up to %(max)s.", max=format_decimal(MAX_AMOUNT)))


class ProjectForm(EditForm):
    code = StringField(
        _l("Code"),
        [DataRequired(), Length(max=40)],
        filters=[strip],
        description=_l("As the programme numbers it, e.g. LLI-431."),
    )
    acronym = StringField(_l("Acronym"), [DataRequired(), Length(max=80)], filters=[strip])
    title = TranslatedField(_l("Title"), max_length=300)
    programme = TranslatedField(_l("Programme"), max_length=200)
    priority = TranslatedField(_l("Priority"), required=False, max_length=200)
    total_budget = AmountField(_l("Total budget (EUR)"), [Optional(), NumberRange(min=0)])
    eu_amount = AmountField(_l("EU funding, e.g. ERDF (EUR)"), [Optional(), NumberRange(min=0)])
    start_date = DateField(_l("Start date"), [DataRequired()])
    end_date = DateField(_l("End date"), [DataRequired()])
    description = TranslatedField(
        _l("Description"), required=False, textarea=True, max_length=20000
    )
    # Personal data of participants goes this long after the end (`flask collab retention`).
    retention_years = IntegerField(
        _l("Keep participants' personal data for N years after the project ends"),
        [Optional(), NumberRange(min=0, max=30)],
        description=_l(
            "N from 0 to 30, as the programme requires. Then names, e-mails and typed "
            "organisations are erased; the figures stay. Leave empty until you know."
        ),
    )

    def validate_end_date(self, field):
        if self.start_date.data and field.data and field.data < self.start_date.data:
            raise ValidationError(_l("The project cannot end before it starts."))

    def validate_eu_amount(self, field):
        if (
            field.data is not None
            and self.total_budget.data is not None
            and field.data > self.total_budget.data
        ):
            raise ValidationError(_l("EU funding cannot be larger than the total budget."))


class PartnerForm(FlaskForm):
    organisation_id = SelectField(_l("Organisation"), coerce=int)
    role = SelectField(_l("Role in the project"), choices=options(PARTNER_ROLES))
    budget = AmountField(_l("Budget share (EUR)"), [Optional(), NumberRange(min=0)])


class IndicatorForm(EditForm):
    name = TranslatedField(_l("Indicator"), max_length=300)
    unit = TranslatedField(_l("Unit"), required=False, max_length=60)
    target = AmountField(_l("Target"), [DataRequired(), NumberRange(min=0)])
    # Nothing achieved yet is zero, not unknown.
    achieved = AmountField(
        _l("Achieved"), [Optional(), NumberRange(min=0)], filters=[lambda v: v or Decimal(0)]
    )
