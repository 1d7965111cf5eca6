from django import template
from django.conf import settings
from django.contrib.flatpages.models import FlatPage

register = template.Library()


@register.inclusion_tag("includes/footer_pages.html")
def footer_pages():
    """The site's public static pages, in one query (by SITE_ID: no lookup of the current site)."""
    pages = FlatPage.objects.filter(sites__id=settings.SITE_ID, registration_required=False)
    return {"pages": pages.only("url", "title")}
