"""The consent statements a participant reads at check-in.

The wording is versioned: when it changes, CONSENT_VERSION changes with it, and every
participant keeps the version they agreed to (Participant.record_consent). The texts are
translated like every other UI string, so a person agrees in the language they read.
"""

from flask_babel import lazy_gettext as _l

from collab.attendance.models import CONSENT_VERSION

__all__ = ["CONSENT_VERSION", "REPORTING", "NAMED", "PHOTOS"]

# (a) Required: without it the project cannot count the person in its report.
REPORTING = _l(
    "I agree that the project partners process the data I give here (name, organisation, "
    "country, function and e-mail) to report this event to the programme that funds the "
    "project, and keep it for as long as the programme requires."
)
# (b) Optional and separate: being named in the published handbook.
NAMED = _l("I agree to be named as a participant in the project's handbook and reports.")
# (c) Optional and separate: photos taken at the event.
PHOTOS = _l(
    "I agree that photos of the event in which I can be recognised may be published by the project."
)
