from babel import Locale
from flask_babel import get_locale, lazy_pgettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, URLField
from wtforms.validators import URL, DataRequired, Length, Optional

from collab.forms import EditForm, options, strip
from collab.organisations.models import KINDS, MAIN_COUNTRIES


def country_choices(blank: str | None = None):
    """The partners' countries first, then every other country, named in the reader's language."""
    names = Locale.parse(str(get_locale())).territories
    main = [(code, names[code]) for code in MAIN_COUNTRIES]
    others = sorted(
        (
            (code, name)
            for code, name in names.items()
            if len(code) == 2
            and code.isalpha()
            and code not in MAIN_COUNTRIES
            and code not in {"ZZ", "XA", "XB", "EU", "EZ", "UN", "QO"}
        ),
        key=lambda item: item[1],
    )
    return options(([("", blank)] if blank else []) + main + others)


class OrganisationForm(EditForm):
    name = StringField(
        lazy_pgettext("organisation", "Name"), [DataRequired(), Length(max=200)], filters=[strip]
    )
    short_name = StringField(
        _l("Short name"),
        [Optional(), Length(max=60)],
        filters=[strip],
        description=_l("Common abbreviation, e.g. KPR."),
    )
    country = SelectField(_l("Country"), [DataRequired()])
    kind = SelectField(
        _l("Kind"),
        [DataRequired()],
        choices=options(KINDS),
        description=_l("Target group used in the programme's monitoring reports."),
    )
    town = StringField(_l("Town"), [Optional(), Length(max=100)], filters=[strip])
    website = URLField(
        _l("Website"),
        [
            Optional(),
            URL(message=_l("Enter a web address starting with https://.")),
            Length(max=200),
        ],
        filters=[strip],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = country_choices()


class OrganisationFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search by name or town"), filters=[strip])
    country = SelectField(_l("Country"))
    kind = SelectField(_l("Kind"), choices=options([("", _l("All kinds")), *KINDS.items()]))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = country_choices(blank=str(_l("All countries")))
