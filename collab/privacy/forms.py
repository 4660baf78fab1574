"""Forms of a participant's rights."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField


class WithdrawConsentForm(FlaskForm):
    """Which consent the person takes back. The view removes the boxes of consent that was
    never given, so only what can be withdrawn is offered."""

    named = BooleanField(_l("Withdraw consent to be named"))
    photos = BooleanField(_l("Withdraw consent to photos"))

    def chosen(self) -> dict[str, bool]:
        return {
            name: bool(name in self._fields and self[name].data) for name in ("named", "photos")
        }

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if any(self.chosen().values()):
            return True
        message = _l("Choose the consent to withdraw.")
        boxes = [self[name] for name in ("named", "photos") if name in self._fields]
        if boxes:
            boxes[0].errors.append(message)
        else:
            self.form_errors.append(_l("This person gave no consent that could be withdrawn."))
        return False
