"""Password rules (ASVS 2.1): length, not composition; Dutch messages.

Django's Dutch catalogue lacks the 6.x wording of these messages, so the
validators carry their own.
"""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return _("Dit wachtwoord is te kort: gebruik minimaal %(min)d tekens.") % {
            "min": self.min_length
        }

    def get_help_text(self):
        return _("Minimaal %(min)d tekens. Een zin van een paar woorden werkt goed.") % {
            "min": self.min_length
        }


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    def get_error_message(self):
        return _("Dit wachtwoord lijkt te veel op je %(verbose_name)s.")

    def get_help_text(self):
        return _("Niet te veel lijken op je naam of e-mailadres.")


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self):
        return _("Dit wachtwoord wordt te vaak gebruikt en is makkelijk te raden.")

    def get_help_text(self):
        return _("Geen veelgebruikt wachtwoord.")


class MaximumLengthValidator:
    """Long passphrases are welcome, but hashing megabytes is a denial of service."""

    def __init__(self, max_length=128):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(
                _("Het wachtwoord mag hoogstens %(max)d tekens lang zijn."),
                code="password_too_long",
                params={"max": self.max_length},
            )

    def get_help_text(self):
        return _("Hoogstens %(max)d tekens.") % {"max": self.max_length}
