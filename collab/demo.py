"""Demo data from the seed documents: the real projects, partners and figures.

The people are invented (names that mean "example" and "sample") and so are their e-mails,
except the speakers of the final conference, named by initials as in the published programme.
"""

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from collab.auth.models import User
from collab.auth.passwords import hash_password
from collab.challenges.demo import seed_challenges
from collab.events.demo import seed_events, seed_tourism_center_events
from collab.extensions import db
from collab.handbook.demo import seed_handbook
from collab.i18n import Translations
from collab.organisations.models import Organisation
from collab.projects.models import Indicator, Partner, Project
from collab.reporting.demo import seed_reporting

KPR = "Kurzemes plānošanas reģions"
KLAIPEDA = "Asociacija „Klaipėdos regionas“"

# name, short name, country, kind, town
ORGANISATIONS = [
    (KPR, "KPR", "LV", "regional_public_authority", "Liepāja"),
    (KLAIPEDA, "Klaipėdos regionas", "LT", "regional_public_authority", "Klaipėda"),
    # Speakers' organisations in the final conference programme (Ventspils, 12 Oct 2022).
    (
        "Ventspils valstspilsētas pašvaldība",
        "Ventspils",
        "LV",
        "local_public_authority",
        "Ventspils",
    ),
    ("Kuldīgas novada pašvaldība", "Kuldīga", "LV", "local_public_authority", "Kuldīga"),
    ("Saldus novada pašvaldība", "Saldus", "LV", "local_public_authority", "Saldus"),
    ("Liepājas valstspilsētas pašvaldība", "Liepāja", "LV", "local_public_authority", "Liepāja"),
    (
        "Vides aizsardzības un reģionālās attīstības ministrija",
        "VARAM",
        "LV",
        "national_public_authority",
        "Rīga",
    ),
    ("Zinātnes centrs VIZIUM", "VIZIUM", "LV", "education_centre", "Ventspils"),
    ("Drevernos uostas", "Dreverna", "LT", "infrastructure_provider", "Dreverna"),
    (
        "Skuodo rajono savivaldybės administracija",
        "Skuodas",
        "LT",
        "local_public_authority",
        "Skuodas",
    ),
    (
        "Kretingos rajono savivaldybės administracija",
        "Kretinga",
        "LT",
        "local_public_authority",
        "Kretinga",
    ),
    # Baltic Sea Tourism Center partners (Interreg South Baltic).
    ("Tourismusverband Mecklenburg-Vorpommern", "TMV", "DE", "interest_group", "Rostock"),
    ("Hochschule Stralsund", "HOST", "DE", "higher_education", "Stralsund"),
    ("Pomorska Regionalna Organizacja Turystyczna", "PROT", "PL", "interest_group", "Gdańsk"),
    ("Danish Centre for Tourism Innovation", None, "DK", "business_support", None),
]

DEMO_PASSWORD = "{role}-demo-Kurzeme"
# role, e-mail, name, organisation, language
DEMO_USERS = [
    ("admin", "admin@collab.example", "Ada Paraugs", KPR, "en"),
    ("coordinator", "coordinator@collab.example", "Ilze Paraudziņa", KPR, "lv"),
    ("facilitator", "facilitator@collab.example", "Jonas Pavyzdys", KLAIPEDA, "lt"),
    ("member", "member@collab.example", "Rūta Pavyzdėlė", KLAIPEDA, None),
]

SMART_PLANNING_INDICATORS = [
    (
        {
            "en": "Thematic workshops and seminars",
            "lv": "Tematiskie semināri un darbnīcas",
            "lt": "Teminiai seminarai ir dirbtuvės",
        },
        "workshops",
        9,
        9,
    ),
    (
        {
            "en": "Participants of the workshops",
            "lv": "Darbnīcu dalībnieki",
            "lt": "Dirbtuvių dalyviai",
        },
        "participants",
        200,
        200,
    ),
    (
        {"en": "Innovation camps", "lv": "Inovāciju nometnes", "lt": "Inovacijų stovyklos"},
        "camps",
        2,
        2,
    ),
    (
        {"en": "Study visits", "lv": "Pieredzes apmaiņas braucieni", "lt": "Pažintinės kelionės"},
        "visits",
        2,
        2,
    ),
    (
        {
            "en": "Participants of the final conference",
            "lv": "Noslēguma konferences dalībnieki",
            "lt": "Baigiamosios konferencijos dalyviai",
        },
        "participants",
        80,
        80,
    ),
    (
        {
            "en": "Handbook for cross-border planning",
            "lv": "Rokasgrāmata pārrobežu plānošanai",
            "lt": "Tarpvalstybinio planavimo gidas",
        },
        "handbook",
        1,
        1,
    ),
]
UNITS = {
    "workshops": {"en": "events", "lv": "pasākumi", "lt": "renginiai"},
    "participants": {"en": "people", "lv": "cilvēki", "lt": "žmonės"},
    "camps": {"en": "camps", "lv": "nometnes", "lt": "stovyklos"},
    "visits": {"en": "visits", "lv": "braucieni", "lt": "kelionės"},
    "handbook": {"en": "document", "lv": "dokuments", "lt": "dokumentas"},
}


def _organisations() -> dict[str, Organisation]:
    existing = {o.name: o for o in db.session.scalars(select(Organisation))}
    for name, short, country, kind, town in ORGANISATIONS:
        if name not in existing:
            existing[name] = Organisation(
                name=name, short_name=short, country=country, kind=kind, town=town
            )
            db.session.add(existing[name])
    return existing


def _smart_planning(orgs: dict[str, Organisation]) -> Project:
    project = Project(
        code="LLI-431",
        acronym="Smart Planning",
        title=Translations(
            {
                "en": "Inter-regional Cooperation for Sustainable, Integrated and Smart Planning",
                "lv": "Starpreģionu sadarbība ilgtspējīgai, integrētai un viedai plānošanai",
                "lt": "Regioninis bendradarbiavimas darniam, integruotam ir sumaniam planavimui",
            }
        ),
        programme=Translations(
            {
                "en": "Interreg V-A Latvia–Lithuania Cross Border Cooperation Programme 2014–2020",
                "lv": "Interreg V-A Latvijas–Lietuvas pārrobežu sadarbības programma"
                " 2014.–2020. gadam",
                "lt": "2014–2020 m. Interreg V-A Latvijos–Lietuvos bendradarbiavimo per sieną"
                " programa",
            }
        ),
        priority=Translations(
            {
                "lt": "Efektyvios viešosios paslaugos",
                "lv": "Efektīvi publiskie pakalpojumi",
                "en": "Efficient public services",
            }
        ),
        total_budget=Decimal("363237.51"),
        eu_amount=Decimal("308751.88"),
        start_date=date(2020, 6, 1),
        end_date=date(2022, 5, 31),
        description=Translations(
            {
                "en": "To strengthen the capacity of local and regional stakeholders in spatial "
                "and development planning by integrating a cross-border perspective into "
                "strategic planning, for coherent development and productive cross-border "
                "cooperation.",
                "lv": "Stiprināt vietējo un reģionāla līmeņa ieinteresēto pušu kapacitāti "
                "telpiskajā un attīstības plānošanā, integrējot pārrobežu perspektīvu "
                "stratēģiskajā plānošanā, lai veicinātu saskaņotu attīstību un produktīvu "
                "pārrobežu sadarbību.",
                "lt": "Stiprinti regiono dalyvių žmogiškuosius gebėjimus, kompetencijas ir "
                "strateginio planavimo įgūdžius, didinti tarpvalstybinį regioninį "
                "bendradarbiavimą darniai ir veiksmingai regionų plėtrai.",
            }
        ),
    )
    project.partners = [
        Partner(organisation=orgs[KPR], role="lead", position=0),
        Partner(organisation=orgs[KLAIPEDA], role="partner", position=1),
    ]
    project.indicators = [
        Indicator(
            name=Translations(name),
            unit=Translations(UNITS[unit]),
            target=Decimal(target),
            achieved=Decimal(achieved),
            position=i,
        )
        for i, (name, unit, target, achieved) in enumerate(SMART_PLANNING_INDICATORS)
    ]
    return project


def _baltic_sea_tourism_center(orgs: dict[str, Organisation]) -> Project:
    project = Project(
        code="BSTC",  # the seed gives no programme number
        acronym="BSTC",
        title=Translations(
            {
                "en": "Baltic Sea Tourism Center",
                "lt": "Baltijos jūros turizmo centras",
                "lv": "Baltijas jūras tūrisma centrs",
            }
        ),
        programme=Translations(
            {
                "lt": "2014–2020 m. Interreg Pietų Baltijos bendradarbiavimo per sieną programa",
                "en": "Interreg South Baltic Cross-border Cooperation Programme 2014–2020",
                "lv": "Interreg Dienvidbaltijas pārrobežu sadarbības programma 2014.–2020. gadam",
            }
        ),
        total_budget=Decimal("1640866.85"),
        eu_amount=Decimal("1337521.14"),
        start_date=date(2017, 1, 1),
        end_date=date(2019, 12, 31),
        description=Translations(
            {
                "lt": "Įgyvendinti Baltijos jūros regiono strategiją, populiarinti šio regiono "
                "gamtos ir kultūros paveldo panaudojimą darniajam turizmui skatinti.",
                "en": "To implement the EU Strategy for the Baltic Sea Region and promote the use "
                "of the region's natural and cultural heritage for sustainable tourism.",
            }
        ),
    )
    project.partners = [
        Partner(
            organisation=orgs["Tourismusverband Mecklenburg-Vorpommern"], role="lead", position=0
        ),
        Partner(organisation=orgs["Hochschule Stralsund"], role="partner", position=1),
        Partner(
            organisation=orgs["Pomorska Regionalna Organizacja Turystyczna"],
            role="partner",
            position=2,
        ),
        Partner(
            organisation=orgs["Danish Centre for Tourism Innovation"], role="partner", position=3
        ),
        Partner(
            organisation=orgs[KLAIPEDA], role="partner", position=4, budget=Decimal("204005.50")
        ),
    ]
    return project


def seed_demo() -> bool:
    """Load the demo data; False (and nothing changed) when it is already there."""
    if db.session.scalar(select(Project.id).where(Project.code == "LLI-431")):
        return False
    orgs = _organisations()
    smart_planning, tourism_center = _smart_planning(orgs), _baltic_sea_tourism_center(orgs)
    db.session.add_all([smart_planning, tourism_center])
    for role, email, name, organisation, language in DEMO_USERS:
        if db.session.scalar(select(User.id).where(User.email == email)) is None:
            db.session.add(
                User(
                    email=email,
                    name=name,
                    role=role,
                    organisation=orgs[organisation],
                    language=language,
                    password_hash=hash_password(DEMO_PASSWORD.format(role=role)),
                )
            )
    db.session.flush()  # the events' participants refer to the projects by id
    seed_events(smart_planning, orgs)
    seed_tourism_center_events(tourism_center, orgs)
    seed_challenges(smart_planning, orgs)
    seed_handbook(smart_planning)
    seed_reporting(smart_planning)
    db.session.commit()
    return True


def demo_logins() -> list[tuple[str, str, str]]:
    """(role, e-mail, password) of the demo accounts, for `make run` to print."""
    return [(role, email, DEMO_PASSWORD.format(role=role)) for role, email, *_ in DEMO_USERS]
