from django.contrib import admin
from django.contrib.flatpages.admin import FlatPageAdmin
from django.contrib.flatpages.forms import FlatpageForm
from django.contrib.flatpages.models import FlatPage
from django.utils.translation import gettext_lazy as _

from articles.sanitize import sanitize
from caching.admin import ChangesPublicPages


class PageForm(FlatpageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["url"].help_text = _(
            "The page’s address under /pages/: “/about/” is shown at /pages/about/. "
            "Start and end it with a slash."
        )

    def clean_content(self):
        """Pages are HTML written by editors: stored with the same allow-list as article bodies."""
        return sanitize(self.cleaned_data["content"])


admin.site.unregister(FlatPage)


@admin.register(FlatPage)
class PageAdmin(ChangesPublicPages, FlatPageAdmin):
    form = PageForm
