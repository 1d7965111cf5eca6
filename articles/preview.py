"""
Previews: an article shown with the public article template before (or whether or not) it is published.

Staff preview what is in the admin form, saved or not (ArticleAdmin.preview_view builds the unsaved article);
people without an account follow a share link, a signed token that expires and can be revoked. Either way
the page is never cached and never indexed, and share links live under /preview/, which robots.txt excludes.
"""

from datetime import timedelta

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from articles.models import Article, Byline, ShareLink
from articles.workflow import state

ROBOTS = "noindex, nofollow"


def for_page(article, *, authors, topics):
    """
    Make `article`, perhaps never saved, readable by the article template with the bylines and topics given
    instead of those in the database. It is for showing only: a new article gets the placeholder id 0, and
    nothing here saves it.
    """
    if article.pk is None:
        article.pk = 0
    article._prefetched_objects_cache = {
        "byline_links": [
            Byline(article=article, author=author, position=position)
            for position, author in enumerate(authors)
        ],
        "topics": list(topics),
    }
    return article


def render_preview(request, article, *, share_link=None):
    """The public article page for `article`, marked as a preview, never cached, never indexed."""
    article_state = state(article)
    if article.published_at is None:
        # As it would read if published now.
        article.published_at = timezone.now()
    response = render(
        request,
        "articles/article_preview.html",
        {"article": article, "article_state": article_state, "share_link": share_link},
    )
    add_never_cache_headers(response)
    response.headers["X-Robots-Tag"] = ROBOTS
    return response


@require_safe
def shared_preview(request, token):
    """A share link's article as it is saved now; a tampered, expired or revoked token is a 404."""
    link = ShareLink.objects.for_token(token)
    if link is None:
        raise Http404("No such preview.")
    article = get_object_or_404(Article.objects.for_listing().prefetch_related("topics"), pk=link.article_id)
    return render_preview(request, article, share_link=link)


def create_share_link(article, *, by):
    """A new share link for `article`, valid for SHARE_LINK_HOURS."""
    now = timezone.now()
    return ShareLink.objects.create(
        article=article,
        created_by=by,
        created_at=now,
        expires_at=now + timedelta(hours=settings.SHARE_LINK_HOURS),
    )


def revoke_share_link(link):
    """From now on the link answers 404. Revoking twice keeps the first time."""
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
