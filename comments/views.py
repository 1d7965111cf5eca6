from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from articles.models import Article
from caching.pages import cached_page, thread_scope, valid_until
from comments import moderation
from comments.discussion import comment_window, comments_open, discussion_settings
from comments.forms import CommentForm
from comments.models import Comment
from comments.protection import (
    comes_from_this_site,
    comment_id_from_posted_link,
    posted_link_token,
    started_token,
)
from comments.rendering import PageOutOfRange, page_of, render_thread
from newsroom.client_ip import client_ip


def _published_article(article_id):
    return get_object_or_404(Article.objects.published().select_related("section"), pk=article_id)


# The article page is the same for every reader (and cached), so it cannot carry Django's per-reader
# CSRF token: comments/protection.py checks where the post comes from and its signed form token instead.
@csrf_exempt
@never_cache
@require_POST
def post_comment(request, article_id):
    article = _published_article(article_id)
    discussion = discussion_settings()
    if not comes_from_this_site(request):
        message = _("Comments can only be sent from this site’s own pages.")
    elif not comments_open(article):
        message = _("Comments are closed on this article.")
    else:
        message = None
    if message:
        return render(request, "comments/refused.html", {"article": article, "message": message}, status=403)
    form = CommentForm(request.POST, article=article)
    if not form.is_valid():
        return render(request, "comments/form_page.html", {"article": article, "form": form}, status=400)
    comment = form.save(commit=False)
    comment.ip_address = client_ip(request) or None
    comment.user_agent = request.headers.get("User-Agent", "")[:500]
    if refusal := moderation.refuse(comment, discussion=discussion):
        form.add_error(None, refusal.message)
        context = {"article": article, "form": form}
        return render(request, "comments/form_page.html", context, status=refusal.status_code)
    moderation.submit(
        comment,
        user=request.user,
        trap_filled=form.trap_filled,
        seconds_taken=form.seconds_taken,
        discussion=discussion,
    )
    return redirect("comments:posted", token=posted_link_token(comment))


@never_cache
@require_GET
def started(request):
    """The signed time a reader started on the comment form (fetched by comments.js, never cached)."""
    response = JsonResponse({"started": started_token()})
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_GET
def posted(request, token):
    """The commenter's own view after sending: the outcome, and their comment where it will appear."""
    comment_id = comment_id_from_posted_link(token)
    if comment_id is None:
        raise Http404
    comment = get_object_or_404(
        Comment.objects.select_related("article__section", "root"),
        pk=comment_id,
        article__in=Article.objects.published(),
    )
    context = {"article": comment.article, "comment": comment}
    if comment.status != Comment.Status.REMOVED:
        context["thread"] = render_thread(comment.article, page_of(comment), own_comment=comment)
    response = render(request, "comments/posted.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def reply(request, comment_id):
    """The comment form set to reply to one comment: replying works without JavaScript."""
    parent = get_object_or_404(
        Comment.objects.approved().select_related("article__section"),
        pk=comment_id,
        article__in=Article.objects.published(),
    )
    if not comments_open(parent.article):
        raise Http404
    form = CommentForm(article=parent.article, reply_to=parent)
    return render(request, "comments/form_page.html", {"article": parent.article, "form": form})


@require_GET
@cached_page(scope=lambda article_id, number: thread_scope(article_id))
def thread_page(request, article_id, number):
    """Page 2 onwards of an article's comments (page 1 is on the article page itself)."""
    article = _published_article(article_id)
    if number == 1:
        return redirect(f"{article.get_absolute_url()}#comments", permanent=True)
    try:
        thread = render_thread(article, number)
    except PageOutOfRange:
        raise Http404 from None
    open_now, closes_at = comment_window(article)
    context = {"article": article, "thread": thread, "comments_open": open_now}
    # Its reply links go when comments close by age: the cached page goes with them.
    return valid_until(render(request, "comments/thread_page.html", context), closes_at)
