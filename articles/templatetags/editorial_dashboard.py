from django import template

from articles.dashboard import dashboard

register = template.Library()


@register.inclusion_tag("admin/articles/dashboard.html", takes_context=True)
def editorial_dashboard(context):
    """`{% editorial_dashboard %}`: the admin front page's lists for the signed-in user."""
    return dashboard(context["user"])
