"""
The editorial dashboard on the admin's front page: the user's own unpublished articles and their status, what
waits for review, what is scheduled next and what was published last, and the comments waiting for a
moderator. Each list is one query, whatever the number of articles.
"""

from django.db import models
from django.utils import timezone

from articles import workflow
from articles.models import Article, StatusChange
from comments.models import Comment

LIST_LENGTH = 8


def dashboard(user):
    """What the admin's front page shows `user`; lists they have no use for are None."""
    context = dict.fromkeys(
        ["pending_comments", "my_articles", "in_review", "scheduled", "recently_published"]
    )
    context["time_zone"] = timezone.get_current_timezone_name()
    if user.has_perm("comments.view_comment"):
        context["pending_comments"] = Comment.objects.pending().count()
    if not user.has_perm("articles.view_article"):
        return context
    articles = Article.objects.select_related("section").defer("body", "toc")
    latest_note = (
        StatusChange.objects.filter(article=models.OuterRef("pk"))
        .exclude(note="")
        .order_by("-changed_at", "-pk")
    )
    context |= {
        "my_articles": list(
            articles.by_user(user)
            .exclude(status=Article.Status.PUBLISHED)
            .annotate(latest_note=models.Subquery(latest_note.values("note")[:1]))
            .order_by("-modified_at", "-pk")[:LIST_LENGTH]
        ),
        "in_review": (
            list(articles.in_review().select_related("created_by").order_by("modified_at")[:LIST_LENGTH])
            if user.has_perm(workflow.EDIT_ANY)
            else None
        ),
        "scheduled": list(articles.scheduled().order_by("published_at")[:LIST_LENGTH]),
        "recently_published": list(articles.published().order_by("-published_at")[:LIST_LENGTH]),
    }
    return context
