from django import template
from django.urls import reverse

from comments.models import Comment

register = template.Library()


@register.inclusion_tag("admin/comments/pending_link.html", takes_context=True)
def pending_comments_link(context):
    """The number of comments waiting for a decision, for those who may see them; one query."""
    user = context.get("user")
    if user is None or not user.has_perm("comments.view_comment"):
        return {}
    return {
        "pending_count": Comment.objects.pending().count(),
        "queue_url": reverse("admin:comments_comment_changelist"),
    }
