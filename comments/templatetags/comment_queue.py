from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince

from comments.models import Comment
from comments.statistics import article_stats

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


@register.inclusion_tag("admin/comments/article_stats.html", takes_context=True)
def article_comment_stats(context, article):
    """An article's comments by status and the median time to a moderator's decision, for those who see comments."""
    user = context.get("user")
    if article is None or user is None or not user.has_perm("comments.view_comment"):
        return {}
    queue = reverse("admin:comments_comment_changelist")
    stats = article_stats(article)
    now = timezone.now()
    median = stats.median_time_to_decision
    return {
        "stats": stats,
        "median": None if median is None else timesince(now - median, now),
        "queue_url": f"{queue}?article={article.pk}&status=all",
    }
