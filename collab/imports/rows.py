"""A list of people, row by row: what each field says, what is wrong with it, who is who.

The pasted list and the imported file share this module, so both accept the same words,
report the same mistakes and recognise the same people (by the rules of
collab.attendance.people.find_participant).
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from babel import Locale
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select

from collab.attendance.models import GENDERS, ROLES, Attendance, Participant, name_key
from collab.attendance.people import find_participant, record_attendance
from collab.config import LANGUAGES
from collab.events.models import FUNCTIONS
from collab.extensions import db
from collab.organisations.models import Organisation

# What a list can say about a person, in the order a pasted line gives it.
FIELD_LABELS = {
    "name": _l("Name"),
    "surname": _l("Surname"),
    "organisation": _l("Organisation"),
    "country": _l("Country"),
    "function": _l("Function"),
    "email": _l("E-mail"),
    "gender": _l("Gender"),
    "role": _l("Role"),
}
PASTE_FIELDS = ("name", "organisation", "country", "function", "email", "role")
MAX_LENGTH = {"name": 200, "organisation": 200, "email": 254}

WITH_COUNTRY = re.compile(r"^(?P<name>.+?)\s*\((?P<country>[A-Za-z]{2})\)$")
EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>.]+$")
# Two-letter territory codes in CLDR that are not countries a person comes from.
NOT_COUNTRIES = {"EU", "EZ", "UN", "ZZ", "QO"}
# How people write a gender besides the labels of the form.
GENDER_WORDS = {
    "woman": "female",
    "sieviete": "female",
    "moteris": "female",
    "man": "male",
    "vīrietis": "male",
    "vyras": "male",
}
ROLE_WORDS = {"organizer": "organiser", "presenter": "speaker", "moderator": "facilitator"}


def _word(text: str) -> str:
    """A word as compared with the accepted ones: no case, accents or punctuation."""
    return name_key(text)


def _organisation_word(text: str) -> str:
    return " ".join(text.casefold().split())


class Vocabulary:
    """What people may write for a country, function, role, gender and organisation: the
    codes, and the names in English, Latvian and Lithuanian."""

    def __init__(self):
        self.countries: dict[str, str] = {}
        codes = [
            code
            for code in Locale("en").territories
            if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
        ]
        for code in codes:
            self.countries[_word(code)] = code
        for lang in LANGUAGES:
            territories = Locale(lang).territories
            for code in codes:
                if code in territories:
                    self.countries.setdefault(_word(territories[code]), code)
        self.functions = self._words(FUNCTIONS)
        self.roles = self._words(ROLES, ROLE_WORDS)
        self.genders = self._words(GENDERS, GENDER_WORDS)
        self.organisations: dict[str, int] = {}
        self.organisation_names: dict[int, str] = {}
        self.organisation_countries: dict[int, str] = {}
        found = db.session.execute(
            select(
                Organisation.id, Organisation.name, Organisation.short_name, Organisation.country
            ).order_by(Organisation.id)
        ).all()
        # A full name wins over another organisation's short name that reads the same.
        for organisation_id, name, _short, country in found:
            self.organisations.setdefault(_organisation_word(name), organisation_id)
            self.organisation_names[organisation_id] = name
            self.organisation_countries[organisation_id] = country
        for organisation_id, _name, short_name, _country in found:
            if short_name:
                self.organisations.setdefault(_organisation_word(short_name), organisation_id)

    def organisation(self, text: str) -> int | None:
        """The known organisation a typed name or short name means, also when written as
        the organisation field of the attendance page offers it: "Name (LV)"."""
        found = self.organisations.get(_organisation_word(text))
        if found is None and (parts := WITH_COUNTRY.match(text)):
            found = self.organisations.get(_organisation_word(parts["name"]))
            if self.organisation_countries.get(found) != parts["country"].upper():
                found = None
        return found

    @staticmethod
    def _words(labels: dict, extra: dict | None = None) -> dict[str, str]:
        words = {}
        for code in labels:
            words[_word(code)] = code
            words[_word(code.replace("_", " "))] = code
        for lang in LANGUAGES:
            with force_locale(lang):
                for code, label in labels.items():
                    words.setdefault(_word(str(label)), code)
        for word, code in (extra or {}).items():
            words.setdefault(_word(word), code)
        return words


@dataclass
class Problem:
    """Something wrong with a row (an error: it is not imported) or worth a look (a warning)."""

    kind: str
    value: str = ""
    number: int = 0
    warning: bool = False
    unit: str = "line"

    @property
    def message(self) -> str:
        """The problem in the reader's language (translated when shown, not when found)."""
        if self.kind == "missing_name":
            return _("The name is missing.")
        if self.kind == "too_long":
            return _(
                "%(field)s is too long: at most %(max)d characters.",
                field=FIELD_LABELS[self.value],
                max=MAX_LENGTH[self.value],
            )
        if self.kind == "too_many_fields":
            return _(
                "This line has %(count)d fields but a line holds at most %(max)d: "
                "check the separators (tab or ;).",
                count=self.number,
                max=len(PASTE_FIELDS),
            )
        if self.kind == "unknown_country":
            return _(
                "Unknown country “%(value)s”: write a code such as LV or LT, or the "
                "country's name.",
                value=self.value,
            )
        if self.kind == "unknown_function":
            return _(
                "Unknown function “%(value)s”: write one of the functions listed on this "
                "page, or leave it empty for “%(other)s”.",
                value=self.value,
                other=FUNCTIONS["other"],
            )
        if self.kind == "invalid_email":
            return _("“%(value)s” is not an e-mail address.", value=self.value)
        if self.kind == "unknown_role":
            return _(
                "Unknown role “%(value)s”: write %(choices)s, or leave it empty for a participant.",
                value=self.value,
                choices=", ".join(str(label) for label in ROLES.values()),
            )
        if self.kind == "unknown_gender":
            return _(
                "Unknown gender “%(value)s”: write %(choices)s, or leave it empty.",
                value=self.value,
                choices=", ".join(str(label) for label in GENDERS.values()),
            )
        if self.kind == "duplicate" and self.unit == "row":
            return _(
                "The same person as in row %(number)d: not imported twice.", number=self.number
            )
        if self.kind == "duplicate":
            return _(
                "The same person as on line %(number)d: not imported twice.", number=self.number
            )
        if self.kind == "attending":
            return _("Already attends this event: skipped.")
        if self.kind == "country_assumed":
            from collab.templating import country_name

            return _("No country given: %(country)s assumed.", country=country_name(self.value))
        raise ValueError(f"unknown problem {self.kind!r}")


@dataclass
class Row:
    """One person of the list, as typed and as understood."""

    number: int  # the line or row as the person sees it in their list
    typed: dict[str, str]
    name: str = ""
    organisation_id: int | None = None
    organisation_name: str | None = None
    organisation_label: str = ""
    country: str | None = None
    function: str = "other"
    email: str | None = None
    gender: str | None = None
    role: str = "participant"
    problems: list[Problem] = field(default_factory=list)
    participant_id: int | None = None  # the participant this person already is
    attending: bool = False

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def to_import(self) -> bool:
        return self.is_valid and not self.attending

    @property
    def status(self) -> str:
        """ "invalid", "attending", "known" (an existing participant) or "new"."""
        if not self.is_valid:
            return "invalid"
        if self.attending:
            return "attending"
        return "known" if self.participant_id is not None else "new"

    @property
    def function_label(self) -> str:
        return str(FUNCTIONS[self.function])

    @property
    def role_label(self) -> str:
        return str(ROLES[self.role])

    @property
    def gender_label(self) -> str:
        return str(GENDERS[self.gender]) if self.gender else ""

    def error_in(self, name: str) -> bool:
        """Whether the mistake is in this field (to mark its cell)."""
        kinds = {
            "name": {"missing_name"},
            "country": {"unknown_country"},
            "function": {"unknown_function"},
            "email": {"invalid_email"},
            "role": {"unknown_role"},
            "gender": {"unknown_gender"},
        }.get(name, set())
        return any(
            p.kind in kinds or (p.kind == "too_long" and p.value == name) for p in self.errors
        )

    def participant_values(self, project_id: int) -> dict:
        """The new participant this row describes, as column values."""
        return {
            "project_id": project_id,
            "name": self.name,
            "name_key": name_key(self.name),
            "organisation_id": self.organisation_id,
            "organisation_name": self.organisation_name,
            "country": self.country,
            "function": self.function,
            "email": self.email.strip().lower() if self.email else None,
            "gender": self.gender,
        }

    def new_participant(self, project_id: int) -> Participant:
        return Participant(**self.participant_values(project_id))


def read_row(
    number: int, typed: dict[str, str], vocabulary: Vocabulary, default_country: str, unit="line"
) -> Row:
    """Understand one person's fields; every mistake is kept, none stops the others."""
    typed = {key: " ".join((value or "").split()) for key, value in typed.items()}
    row = Row(number=number, typed=typed)
    for name, limit in MAX_LENGTH.items():
        if len(typed.get(name, "")) > limit:
            row.problems.append(Problem("too_long", name, unit=unit))
    row.name = typed.get("name", "")
    if not row.name:
        row.problems.append(Problem("missing_name", unit=unit))

    organisation = typed.get("organisation", "")
    if organisation:
        row.organisation_id = vocabulary.organisation(organisation)
        if row.organisation_id is None:
            row.organisation_name = organisation
            row.organisation_label = organisation
        else:
            row.organisation_label = vocabulary.organisation_names[row.organisation_id]

    country = typed.get("country", "")
    if country:
        row.country = vocabulary.countries.get(_word(country))
        if row.country is None:
            row.problems.append(Problem("unknown_country", country, unit=unit))
    else:
        # The column is required; an organisation we know says where the person is from,
        # else the event's country is the best guess. The preview shows it as a warning.
        row.country = vocabulary.organisation_countries.get(row.organisation_id, default_country)
        row.problems.append(Problem("country_assumed", row.country, warning=True, unit=unit))

    for name, words, default in (
        ("function", vocabulary.functions, "other"),
        ("role", vocabulary.roles, "participant"),
        ("gender", vocabulary.genders, None),
    ):
        text = typed.get(name, "")
        value = words.get(_word(text)) if text else default
        if value is None and text:
            row.problems.append(Problem(f"unknown_{name}", text, unit=unit))
        else:
            setattr(row, name, value)

    email = typed.get("email", "")
    if email:
        if EMAIL.match(email) and len(email) <= MAX_LENGTH["email"]:
            row.email = email.lower()
        else:
            row.problems.append(Problem("invalid_email", email, unit=unit))
    return row


def _organisation_key(organisation_id: int | None, organisation_name: str | None):
    if organisation_id is not None:
        return ("id", organisation_id)
    if organisation_name:
        return ("name", organisation_name.casefold())
    return None


def _attending(event) -> set[int]:
    return set(
        db.session.scalars(select(Attendance.participant_id).where(Attendance.event_id == event.id))
    )


class AskEach:
    """Recognises people one by one with find_participant: for a short pasted list."""

    def __init__(self, event):
        self.project_id = event.project_id
        self.attending = _attending(event)

    def find(self, row: Row) -> int | None:
        participant = find_participant(
            self.project_id, row.name, row.email, row.organisation_id, row.organisation_name
        )
        return participant.id if participant is not None else None


class ProjectPeople:
    """Recognises people with the rules of find_participant, from the project's participants
    loaded once: checking a file of 5 000 people takes two queries, not 5 000."""

    def __init__(self, event):
        self.by_email: dict[str, int] = {}
        self.by_name: dict[tuple, int] = {}
        found = db.session.execute(
            select(
                Participant.id,
                Participant.name_key,
                Participant.email,
                Participant.organisation_id,
                Participant.organisation_name,
            )
            .where(Participant.project_id == event.project_id)
            .order_by(Participant.id)
        )
        for participant_id, key, email, organisation_id, organisation_name in found:
            if email:
                self.by_email.setdefault(email, participant_id)
            # find_participant compares the known organisation, or else the typed name
            # (whatever else the participant has): one entry for each way they can match.
            if organisation_id is not None:
                self.by_name.setdefault((key, ("id", organisation_id)), participant_id)
            if organisation_name:
                self.by_name.setdefault(
                    (key, _organisation_key(None, organisation_name)), participant_id
                )
            if organisation_id is None and not organisation_name:
                self.by_name.setdefault((key, None), participant_id)
        self.attending = _attending(event)

    def find(self, row: Row) -> int | None:
        matches = []
        if row.email:
            matches.append(self.by_email.get(row.email.strip().lower()))
        key = name_key(row.name)
        if key:
            organisation = _organisation_key(row.organisation_id, row.organisation_name)
            matches.append(self.by_name.get((key, organisation)))
        # The oldest participant wins, as in find_participant.
        found = [match for match in matches if match is not None]
        return min(found) if found else None


def recognise(rows: list[Row], people, unit: str = "line") -> list[Row]:
    """Say who each valid row is (new, a known participant, already attending) and mark a
    person listed twice: the later rows are mistakes, so a person is imported once."""
    seen: dict[tuple, int] = {}
    for row in rows:
        if not row.is_valid:
            continue
        row.participant_id = people.find(row)
        keys = [
            (
                "name",
                name_key(row.name),
                _organisation_key(row.organisation_id, row.organisation_name),
            )
        ]
        if row.email:
            keys.append(("email", row.email))
        if row.participant_id is not None:
            keys.append(("participant", row.participant_id))
        earlier = next((seen[key] for key in keys if key in seen), None)
        if earlier is not None:
            row.problems.append(Problem("duplicate", number=earlier, unit=unit))
            continue
        for key in keys:
            seen[key] = row.number
        if row.participant_id is not None and row.participant_id in people.attending:
            row.attending = True
            row.problems.append(Problem("attending", warning=True, unit=unit))
    return rows


def people_in_paste(event, text: str) -> list[Row]:
    """The people of a pasted list, checked: one per line, fields separated by tabs or ;."""
    vocabulary = Vocabulary()
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = [cell.strip() for cell in (line.split("\t") if "\t" in line else line.split(";"))]
        while cells and not cells[-1]:
            cells.pop()
        row = read_row(
            number, dict(zip(PASTE_FIELDS, cells, strict=False)), vocabulary, event.country
        )
        if len(cells) > len(PASTE_FIELDS):
            row.problems.insert(0, Problem("too_many_fields", number=len(cells)))
        rows.append(row)
    # A pasted list is short: each person is looked up as the attendance page does.
    return recognise(rows, AskEach(event), unit="line")


@dataclass
class Counts:
    rows: int
    to_import: int
    invalid: int
    attending: int


def counts(rows: list[Row]) -> Counts:
    return Counts(
        rows=len(rows),
        to_import=sum(1 for row in rows if row.to_import),
        invalid=sum(1 for row in rows if not row.is_valid),
        attending=sum(1 for row in rows if row.attending),
    )


def import_one_by_one(event, rows: list[Row]) -> int:
    """Add the valid rows of a short list through record_attendance; returns how many."""
    added = 0
    for row in rows:
        if not row.to_import:
            continue
        if row.participant_id is not None:
            participant = db.session.get(Participant, row.participant_id)
        else:
            participant = row.new_participant(event.project_id)
            db.session.add(participant)
        _attendance, created = record_attendance(
            event, participant, role=row.role, recorded="import"
        )
        added += int(created)
    return added


def import_all_at_once(event, rows: list[Row]) -> int:
    """Add the valid rows of a long list in a few statements: the new participants and all
    the attendances are inserted in batches, not one statement per person. Returns how many.

    The rows went through recognise() with ProjectPeople: people already attending and
    people listed twice are not among the rows to import, so the one-attendance-per-person
    constraint holds.
    """
    chosen = [row for row in rows if row.to_import]
    participant_ids = {id(row): row.participant_id for row in chosen}
    new = [row for row in chosen if row.participant_id is None]
    if new:
        # The unit of work would insert these one per statement on SQLite (it needs the new
        # ids in order, which SQLite cannot promise for a batch). A bulk INSERT … RETURNING
        # in any order, with each id matched back to its row by what was inserted, takes a
        # few statements. A bulk insert skips the mapper's events: the name key and the
        # e-mail are normalised here as Participant's before_insert listener would.
        values = [row.participant_values(event.project_id) for row in new]
        returned = db.session.execute(
            insert(Participant).returning(
                Participant.id,
                Participant.name_key,
                Participant.email,
                Participant.organisation_id,
                Participant.organisation_name,
            ),
            values,
        )
        inserted = defaultdict(list)
        for participant_id, *key in returned:
            inserted[tuple(key)].append(participant_id)
        for row, value in zip(new, values, strict=True):
            key = (
                value["name_key"],
                value["email"],
                value["organisation_id"],
                value["organisation_name"],
            )
            participant_ids[id(row)] = inserted[key].pop()
    if chosen:
        db.session.execute(
            insert(Attendance),
            [
                {
                    "event_id": event.id,
                    "participant_id": participant_ids[id(row)],
                    "role": row.role,
                    "recorded": "import",
                }
                for row in chosen
            ],
        )
    return len(chosen)
