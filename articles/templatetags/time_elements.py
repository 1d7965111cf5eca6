"""The machine-readable side of <time> elements."""

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def datetime_attribute(moment):
    """
    A <time> element's datetime value: ISO 8601 in the site's time zone, to the second (HTML allows at most
    three digits of a second's fraction, and readers need none).
    """
    if not moment:
        return ""
    return timezone.localtime(moment).replace(microsecond=0).isoformat()
