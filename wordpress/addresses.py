"""
WordPress's addresses of imported records, into the redirect table (articles/redirects.py).

For each public post the table gets its permalink as exported, and the two address forms WordPress sites use
most (/2024/05/17/slug/ and /slug/), so links made under an earlier permalink setting keep working too, with the
slugs and days the post had before it was renamed or redated (WordPress answered those too); pages,
categories (/category/parent/child/), tags (/tag/slug/) and authors (/author/name/) get theirs. The feeds readers
subscribed to (/feed/, and /feed/ after a category's, tag's or author's address) lead to the RSS feeds here.
Addresses with a query string (/?p=123) are left to wordpress/middleware.py.

The table is consulted only when this site answers 404, so an old address never shadows a page of this site:
an address this site already answers (a section called like an old post, say) gets no redirect, and is named
in the report.
"""

import re
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.flatpages.models import FlatPage
from django.contrib.redirects.models import Redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.text import slugify

from articles.models import Article, Section
from articles.redirects import MAX_PATH_LENGTH, normalise_path, record_moves
from wordpress.wxr import local_date

DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


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
        date = local_date(item.post_date)
        days = [f"{date:%Y/%m/%d}"] if date else []
        days += [day.replace("-", "/") for day in item.old_dates if DAY.fullmatch(day)]
        slugs = [slug for slug in [item.slug, *item.old_slugs] if slug]
        likely = [f"{self.prefix}/{day}/{slug}/" for slug in slugs for day in days]
        self.record(new, exact=[item.link], likely=likely + [f"{self.prefix}/{slug}/" for slug in slugs])

    def page(self, item, new):
        self.record(new, exact=[item.link])

    def site_feed(self):
        self.record(reverse("articles:feed-rss"), exact=[f"{self.prefix}/feed/"])

    def category(self, slugs, section):
        """`slugs`: the category's own slug last, its parents' before it."""
        nested = [f"{self.prefix}/category/{slugs[-1]}/"] if len(slugs) > 1 else []
        self._with_feed(section, "section", [f"{self.prefix}/category/{'/'.join(slugs)}/"], nested)

    def tag(self, slug, topic):
        self._with_feed(topic, "topic", [f"{self.prefix}/tag/{slug}/"])

    def author(self, login, author):
        self._with_feed(author, "author", [f"{self.prefix}/author/{slugify(login)}/"])

    def _with_feed(self, record, kind, exact, likely=()):
        """A section's, topic's or author's old addresses, and the old addresses of its feed."""
        self.record(record.get_absolute_url(), exact=exact, likely=likely)
        self.record(
            reverse(f"articles:{kind}-feed-rss", kwargs={"slug": record.slug}),
            exact=[f"{path}feed/" for path in exact],
            likely=[f"{path}feed/" for path in likely],
        )

    def record(self, new, exact=(), likely=()):
        """
        Redirect the old addresses of one record to `new`: its `exact` ones (WordPress's own for it) take over
        a redirect that another record's likely address left there; the `likely` ones never overwrite.
        """
        new = normalise_path(new)
        olds = {}
        for old, is_exact in [*((path, True) for path in exact), *((path, False) for path in likely)]:
            if old and (old := normalise_path(old)) not in olds and self._recordable(old, new):
                olds[old] = is_exact
        if not olds:
            return
        existing = dict(
            Redirect.objects.filter(site_id=settings.SITE_ID, old_path__in=olds).values_list(
                "old_path", "new_path"
            )
        )
        moves = []
        for old, is_exact in olds.items():
            current = existing.get(old)
            if current == new or (current is not None and not is_exact):
                self.report.count("redirects", "unchanged")
            else:
                moves.append((old, new))
                self.report.count("redirects", "added" if current is None else "updated")
        record_moves(moves)

    def _recordable(self, old, new):
        if "?" in old or old == new:
            return False
        if len(old) > MAX_PATH_LENGTH:
            self.report.skip("old addresses too long for the redirect table")
            return False
        if answered_here(old):
            self.report.note(
                f"{unquote(old)} is a page of this site, which keeps it: it does not redirect to {new}."
            )
            return False
        return True
