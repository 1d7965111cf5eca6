from django.apps import AppConfig
from django.core.signals import setting_changed
from django.utils.translation import gettext_lazy as _


class CachingConfig(AppConfig):
    name = "caching"
    verbose_name = _("Page cache")

    def ready(self):
        from caching import checks  # noqa: F401 - registers the system checks
        from caching.release import forget_on_setting_change

        setting_changed.connect(forget_on_setting_change)
