"""The parts of every page's frame that are not the page's own content."""

from django import template
from django.conf import settings

from articles.models import Section

register = template.Library()


@register.simple_tag
def site_name():
    """From settings, not the request: the 500 page renders without a request or a database."""
    return settings.SITE_NAME


@register.inclusion_tag("includes/section_nav.html", takes_context=True)
def section_navigation(context):
    """The sections in the header, the one being read marked as current; one query."""
    current = context.get("section") or getattr(context.get("article"), "section", None)
    return {
        "sections": Section.objects.filter(in_navigation=True).only("name", "slug"),
        "current_slug": getattr(current, "slug", None),
    }
