from decimal import Decimal, InvalidOperation

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto
from wtforms import DateField, DecimalField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from collab.forms import EditForm, TranslatedField, options, strip
from collab.organisations.models import MAIN_COUNTRIES
from collab.projects.models import PARTNER_ROLES
from collab.reporting.measures import APPLIES, FILTERS, MEASURES, filter_values
from collab.templating import country_name

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
        _l("Achieved"),
        [Optional(), NumberRange(min=0)],
        filters=[lambda v: v or Decimal(0)],
        description=_l("Only for an indicator typed in by hand."),
    )
    # Bound to a measure, the achieved value is counted live from the data instead.
    measure = SelectField(
        _l("What to count"),
        default="",
        description=_l("Choose what to count, or keep the achieved value typed in by hand."),
    )
    filter_event_kind = SelectField(_l("Kind of event"), default="")
    filter_country = SelectField(_l("Country"), default="")
    filter_function = SelectField(_l("Function"), default="")
    filter_organisation_kind = SelectField(_l("Kind of organisation"), default="")
    filter_gender = SelectField(_l("Gender"), default="")

    def __init__(self, formdata=_Auto, obj=None, **kwargs):
        super().__init__(formdata=formdata, obj=obj, **kwargs)
        self.measure.choices = options([("", _("Typed in by hand")), *MEASURES.items()])
        for key in FILTERS:
            values = dict(filter_values(key))
            if key == "country":
                values = {code: country_name(code) for code in MAIN_COUNTRIES}
            self[f"filter_{key}"].choices = options([("", _("Any")), *values.items()])
        # A manual indicator's measure is None, which the select shows as "typed in by hand".
        self.measure.data = self.measure.data or ""
        loaded = formdata is None or (formdata is _Auto and not self.is_submitted())
        if obj is not None and loaded:
            self.measure.data = obj.measure or ""
            for key in FILTERS:
                self[f"filter_{key}"].data = (obj.filters or {}).get(key, "")
        # A value stored before the choices changed stays visible, and valid.
        if self.filter_country.data and self.filter_country.data not in MAIN_COUNTRIES:
            code = self.filter_country.data
            self.filter_country.choices.extend(options([(code, country_name(code))]))

    def filter_fields(self):
        return [self[f"filter_{key}"] for key in FILTERS]

    @staticmethod
    def applicability() -> list[tuple[str, list[str]]]:
        """Each measure with the filters it takes, for the hint beside the selects."""
        return [
            (str(label), [str(FILTERS[key]) for key in APPLIES[measure]])
            for measure, label in MEASURES.items()
        ]

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        measure = self.measure.data or None
        if measure is not None and measure not in MEASURES:
            return False  # the select said so already
        for key in FILTERS:
            field = self[f"filter_{key}"]
            if not field.data:
                continue
            if measure is None:
                field.errors.append(
                    _(
                        "A filter needs something counted from the data: choose it, or "
                        "clear the filter."
                    )
                )
                valid = False
            elif key not in APPLIES[measure]:
                field.errors.append(
                    _(
                        "This filter does not apply to “%(measure)s”.",
                        measure=MEASURES[measure],
                    )
                )
                valid = False
        return valid

    def populate_obj(self, obj):
        for name in ("name", "unit", "target", "achieved"):
            self[name].populate_obj(obj, name)
        measure = self.measure.data or None
        obj.measure = measure
        obj.filters = (
            {
                key: self[f"filter_{key}"].data
                for key in APPLIES[measure]
                if self[f"filter_{key}"].data
            }
            if measure
            else {}
        )
