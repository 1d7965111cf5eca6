"""
An article's comment thread, rendered once per change of its comments and stored with the article
(StoredThread), so that an article page costs no comment query and no per-comment template work, with or
without a cache.

The moderation functions call changed() in the transaction that changes comments: it counts the change, and
once the transaction commits the thread is rendered again. A page finding its stored thread out of date (a
change since, a new release, a renamed article) renders it and stores it, unless another change came
meanwhile: the HTML is stored only against the count it was rendered after, so it is never older than it
says. An article without a stored thread never had a comment through the moderation functions (migration
0004 made one for every article that had comments): its empty thread is rendered, not stored. Code that adds
comments another way (an import) calls changed() for their articles.
"""

import functools
import hashlib

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import F
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, to_locale

from articles.models import Article
from comments.discussion import comments_open
from comments.models import StoredThread
from comments.rendering import render_thread

# Raise when the thread's HTML changes in a way the templates and settings below do not show (rendering.py,
# text.py): every stored thread is then rendered again on its next reading.
FORMAT_VERSION = 1
TEMPLATES = ["comments/thread.html"]


def changed(article_ids, *, render=True):
    """
    Count a change to the public comments of these articles (inside the transaction making it); their
    threads are rendered again once it commits. With render=False (comments added to a great many articles
    at once) each is rendered by the first page that shows it instead.
    """
    article_ids = sorted(set(article_ids))
    if not article_ids:
        return
    StoredThread.objects.bulk_create(
        [StoredThread(article_id=article_id) for article_id in article_ids], ignore_conflicts=True
    )
    StoredThread.objects.filter(article_id__in=article_ids).update(version=F("version") + 1)
    if render:
        transaction.on_commit(functools.partial(refresh, article_ids), robust=True)


def refresh(article_ids):
    """Render and store the threads of these articles (those still published)."""
    articles = (
        Article.objects.published().filter(pk__in=article_ids).select_related("section", "stored_thread")
    )
    for article in articles:
        if (stored := _stored(article)) is not None:
            _render_and_store(article, stored)


def thread_html(article):
    """
    The first page of the article's thread as HTML, as stored; rendered (and stored) when out of date. The
    article should come with select_related("section", "stored_thread").
    """
    stored = _stored(article)
    if (
        stored is not None
        and stored.rendered_version == stored.version
        and stored.rendered_for == rendered_for(article)
    ):
        return mark_safe(stored.html)  # noqa: S308 - rendered by comments/thread.html, which escapes
    if stored is None:
        return render_thread(article)
    return _render_and_store(article, stored)


def _stored(article):
    try:
        return article.stored_thread
    except ObjectDoesNotExist:
        return None


def _render_and_store(article, stored):
    html = render_thread(article)
    StoredThread.objects.filter(article=article, version=stored.version).update(
        html=html,
        rendered_version=stored.version,
        rendered_for=rendered_for(article),
        rendered_at=timezone.now(),
    )
    return html


def rendered_for(article):
    """A fingerprint of what the thread's HTML depends on besides its comments."""
    # Open or closed as the reader sees it: closed by hand, or by the article's age (the discussion settings).
    facts = f"{thread_format()}|{article.get_absolute_url()}|{article.pk}|{comments_open(article)}"
    return hashlib.sha256(facts.encode()).hexdigest()[:32]


def thread_format():
    """The templates, language and settings the thread is rendered with, as a fingerprint (once per process)."""
    return _thread_format(
        get_language(),
        settings.TIME_ZONE,
        settings.COMMENTS_PER_PAGE,
        settings.COMMENTS_MAX_DEPTH,
    )


@functools.cache
def _thread_format(*facts):
    digest = hashlib.sha256(repr((FORMAT_VERSION, *facts)).encode())
    for name in TEMPLATES:
        digest.update(get_template(name).template.source.encode())
    for path in settings.LOCALE_PATHS:
        for catalogue in sorted(path.glob(f"{to_locale(facts[0])}/LC_MESSAGES/django.mo")):
            digest.update(catalogue.read_bytes())
    return digest.hexdigest()
