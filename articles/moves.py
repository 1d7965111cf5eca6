"""
Moves: an article whose slug or section changes, or a section, author or topic whose slug changes, leaves its
old addresses in the redirect table (articles/redirects.py), each answering 301 with the current one in a
single hop. The admin calls these after saving; anything else that renames calls them too.
"""

from django.urls import reverse

from articles.models import Article, Author, Section, Topic
from articles.redirects import record_move, record_moves


def article_address(section_slug, slug):
    return reverse("articles:article", kwargs={"section": section_slug, "slug": slug})


def article_moved(article, old_address):
    """
    `article` was at `old_address` (a path) before this save: that address now leads to its current one. A
    draft never published had no public address, so its renames leave nothing behind.
    """
    if old_address and article.published_at is not None:
        record_move(old_address, article.get_absolute_url())


# The pages at a section's, an author's or a topic's slug: (URL name, the argument the slug fills).
PAGES_AT_SLUG = {
    Section: [
        ("articles:section", "section"),
        ("articles:section-feed-rss", "slug"),
        ("articles:section-feed-atom", "slug"),
    ],
    Author: [
        ("articles:author", "slug"),
        ("articles:author-feed-rss", "slug"),
        ("articles:author-feed-atom", "slug"),
    ],
    Topic: [
        ("articles:topic", "slug"),
        ("articles:topic-feed-rss", "slug"),
        ("articles:topic-feed-atom", "slug"),
    ],
}


def pages_moved(subject, old_slug):
    """(old, new) addresses of the pages and feeds at `subject`'s slug."""
    return [
        (reverse(name, kwargs={argument: old_slug}), reverse(name, kwargs={argument: subject.slug}))
        for name, argument in PAGES_AT_SLUG[type(subject)]
    ]


def renamed(subject, old_slug):
    """
    `subject`, a section, an author or a topic, was at `old_slug` before this save: its old page and feeds lead
    to its new (and a section's articles too: section_moved()).
    """
    if isinstance(subject, Section):
        section_moved(subject, old_slug)
    elif old_slug and old_slug != subject.slug:
        record_moves(pages_moved(subject, old_slug))


def section_moved(section, old_slug):
    """
    `section` was at `old_slug` before this save: its page, its feeds and every article in it that has a
    publish time (published, scheduled or published once) keep answering at their old addresses.
    """
    if not old_slug or old_slug == section.slug:
        return
    published_once = Article.objects.filter(section=section, published_at__isnull=False)
    articles = (
        (article_address(old_slug, slug), article_address(section.slug, slug))
        for slug in published_once.values_list("slug", flat=True).iterator()
    )
    record_moves([*pages_moved(section, old_slug), *articles])
