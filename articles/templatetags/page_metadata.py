"""
Tags that put a page's metadata in its <head>, one per kind of page, all rendering includes/metadata.html:
`{% article_metadata article %}`, `{% subject_metadata section page_obj section.description %}`,
`{% home_metadata front_page.lead %}` and, for any other page, `{% page_metadata title %}`.
"""

from django import template

from articles import metadata

register = template.Library()
TEMPLATE = "includes/metadata.html"


@register.inclusion_tag(TEMPLATE)
def article_metadata(article):
    return {"metadata": metadata.article_metadata(article)}


@register.inclusion_tag(TEMPLATE)
def subject_metadata(subject, page_obj=None, description=""):
    return {"metadata": metadata.subject_metadata(subject, page_obj, description)}


@register.inclusion_tag(TEMPLATE)
def home_metadata(has_articles):
    return {"metadata": metadata.home_metadata(bool(has_articles))}


@register.inclusion_tag(TEMPLATE, takes_context=True)
def page_metadata(context, title, description="", noindex=False, feeds=False):
    """Metadata of a page at the request's path (its page number kept, other parameters dropped)."""
    request = context["request"]
    return {
        "metadata": metadata.page_metadata(
            request.path, title, description, page_obj=context.get("page_obj"), noindex=noindex, feeds=feeds
        )
    }
