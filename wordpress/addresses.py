"""
WordPress's addresses of imported records, into the redirect table (articles/redirects.py).

For each public post the table gets its permalink as exported, and the two address forms WordPress sites use
most (/2024/05/17/slug/ and /slug/), so links made under an earlier permalink setting keep working too; pages,
categories (/category/parent/child/), tags (/tag/slug/) and authors (/author/name/) get theirs. Addresses with a
query string (/?p=123) are left to wordpress/middleware.py.

The table is consulted only when this site answers 404, so an old address never shadows a page of this site:
an address this site already answers (a section called like an old post, say) gets no redirect, and is named
in the report.
"""

from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.flatpages.models import FlatPage
from django.contrib.redirects.models import Redirect
from django.urls import Resolver404, resolve
from django.utils.text import slugify

from articles.models import Article, Section
from articles.redirects import MAX_PATH_LENGTH, normalise_path, record_move
from wordpress.wxr import local_date


def answered_here(path):
    """Whether this site itself answers `path` (a normalised path without query) with a page."""
    try:
        match = resolve(unquote(path))
    except Resolver404:
        return False
    if match.url_name == "section":
        return Section.objects.filter(slug=match.kwargs["section"]).exists()
    if match.url_name == "article":
        return (
            Article.objects.published()
            .filter(section__slug=match.kwargs["section"], slug=match.kwargs["slug"])
            .exists()
        )
    if match.url_name == "flatpage":
        return FlatPage.objects.filter(url=f"/{match.kwargs['url']}").exists()
    return True


class OldAddresses:
    def __init__(self, report, blog_url):
        self.report = report
        # A blog in a folder of its site (https://example.com/blog) had its addresses under that folder.
        self.prefix = urlsplit(blog_url).path.rstrip("/")

    def post(self, item, new):
        self.record(item.link, new, exact=True)
        date = local_date(item.post_date)
        likely = [f"{self.prefix}/{date:%Y/%m/%d}/{item.slug}/"] if date else []
        likely.append(f"{self.prefix}/{item.slug}/")
        permalink = normalise_path(item.link) if item.link else None
        for old in likely:
            if item.slug and normalise_path(old) != permalink:
                self.record(old, new)

    def page(self, item, new):
        self.record(item.link, new, exact=True)

    def category(self, slugs, new):
        """`slugs`: the category's own slug last, its parents' before it."""
        self.record(f"{self.prefix}/category/{'/'.join(slugs)}/", new, exact=True)
        if len(slugs) > 1:
            self.record(f"{self.prefix}/category/{slugs[-1]}/", new)

    def tag(self, slug, new):
        self.record(f"{self.prefix}/tag/{slug}/", new, exact=True)

    def author(self, login, new):
        self.record(f"{self.prefix}/author/{slugify(login)}/", new, exact=True)

    def record(self, old, new, exact=False):
        """
        Redirect `old` to `new`. An `exact` address (WordPress's own for the record) takes over a redirect that
        another record's likely address left there; a likely one never overwrites.
        """
        if not old:
            return
        old, new = normalise_path(old), normalise_path(new)
        if "?" in old or old == new:
            return
        if len(old) > MAX_PATH_LENGTH:
            self.report.skip("old addresses too long for the redirect table")
            return
        if answered_here(old):
            self.report.note(
                f"{unquote(old)} is a page of this site, which keeps it: it does not redirect to {new}."
            )
            return
        existing = (
            Redirect.objects.filter(site_id=settings.SITE_ID, old_path=old)
            .values_list("new_path", flat=True)
            .first()
        )
        if existing == new or (existing is not None and not exact):
            self.report.count("redirects", "unchanged")
            return
        record_move(old, new)
        self.report.count("redirects", "added" if existing is None else "updated")
