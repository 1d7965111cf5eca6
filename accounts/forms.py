import math

from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

from accounts import throttle
from newsroom.client_ip import client_ip


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    """The admin login form, refusing attempts while the username or the client's address is locked out."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if username is None:
            return super().clean()
        address = client_ip(self.request)
        remaining = throttle.lockout_remaining(username, address)
        if remaining:
            throttle.record_refusal(username, address, remaining)
            minutes = math.ceil(remaining.total_seconds() / 60)
            raise ValidationError(
                ngettext(
                    "Too many failed login attempts. Logging in is blocked for %(minutes)d more minute.",
                    "Too many failed login attempts. Logging in is blocked for %(minutes)d more minutes.",
                    minutes,
                ),
                code="locked_out",
                params={"minutes": minutes},
            )
        try:
            cleaned_data = super().clean()
        except ValidationError:
            throttle.record_failure(username, address)
            raise
        throttle.record_success(username, address)
        return cleaned_data
