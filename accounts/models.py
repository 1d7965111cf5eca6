from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LoginFailureQuerySet(models.QuerySet):
    def since(self, moment):
        return self.filter(attempted_at__gte=moment)

    def for_username(self, username):
        return self.filter(username=username)

    def from_address(self, ip_address):
        return self.filter(ip_address=ip_address)


class LoginFailure(models.Model):
    """A failed admin login, kept while it counts towards a lockout (see accounts/throttle.py)."""

    username = models.CharField(_("username"), max_length=150, help_text=_("As typed, in lower case."))
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    attempted_at = models.DateTimeField(_("attempted at"), default=timezone.now)

    objects = LoginFailureQuerySet.as_manager()

    class Meta:
        ordering = ["-attempted_at"]
        indexes = [
            models.Index(fields=["username", "-attempted_at"], name="loginfailure_username"),
            models.Index(fields=["ip_address", "-attempted_at"], name="loginfailure_address"),
            models.Index(fields=["attempted_at"], name="loginfailure_attempted_at"),
        ]
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")

    def __str__(self):
        return f"{self.username} from {self.ip_address or '?'} at {self.attempted_at:%Y-%m-%d %H:%M:%S}"
