"""Django's minimum-length password check, saying its length in the page's
digits («دست‌کم ۸ نویسه»): Django's own writes it with %d, in Latin digits."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

from registry.language import LocalNumber, local_digits


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                ngettext(
                    "This password is too short. It must contain at least %(min_length)s character.",
                    "This password is too short. It must contain at least %(min_length)s characters.",
                    self.min_length,
                ),
                code="password_too_short",
                params={"min_length": LocalNumber(self.min_length)},
            )

    def get_help_text(self):
        return ngettext(
            "Your password must contain at least %(min_length)s character.",
            "Your password must contain at least %(min_length)s characters.",
            self.min_length,
        ) % {"min_length": local_digits(self.min_length)}
