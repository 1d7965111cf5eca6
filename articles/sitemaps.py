"""
Sitemaps: an index naming one sitemap each for articles, sections, authors and topics, plus a Google News
sitemap of the last two days. URLs are absolute from SITE_URL (never from the sites framework's stored
domain), and only published articles, and the pages listing them, appear.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from articles.models import Article, Author, Section, Topic
from articles.sharing import absolute_url
from caching.pages import cached_page

NEWS_WINDOW = timedelta(days=2)
# Google News reads at most 1,000 entries from one news sitemap.
NEWS_LIMIT = 1000
# Google News language codes where they differ from the site's.
NEWS_LANGUAGES = {"zh-hans": "zh-cn"}


class SiteSitemap(Sitemap):
    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        parts = urlsplit(settings.SITE_URL)
        return parts.netloc + parts.path


class ArticleSitemap(SiteSitemap):
    def items(self):
        return (
            Article.objects.published()
            .select_related("section")
            .only("slug", "published_at", "updated_at", "section__slug")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, article):
        return article.updated_at or article.published_at

    def get_latest_lastmod(self):
        # One aggregate, rather than Django's default of reading every article.
        return Article.objects.published().aggregate(latest=Max(Coalesce("updated_at", "published_at")))[
            "latest"
        ]


class ListingSitemap(SiteSitemap):
    """Section, author or topic pages that list at least one published article; lastmod is the newest one."""

    model = None

    def items(self):
        return self.listed

    @cached_property
    def listed(self):
        # Read once: the index asks for the newest lastmod and for the number of pages, and either would
        # otherwise group every published article again (some 50-90 ms each with 100,000).
        return list(
            self.model.objects.filter(articles__in=Article.objects.published())
            .annotate(latest=Max("articles__published_at"))
            .order_by("slug")
        )

    def lastmod(self, item):
        return item.latest


class SectionSitemap(ListingSitemap):
    model = Section


class AuthorSitemap(ListingSitemap):
    model = Author


class TopicSitemap(ListingSitemap):
    model = Topic


class NewsSitemap(ArticleSitemap):
    limit = NEWS_LIMIT

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return (
            super()
            .items()
            .filter(published_at__gte=since)
            .only("slug", "headline", "published_at", "updated_at", "section__slug")[:NEWS_LIMIT]
        )

    def get_urls(self, page=1, site=None, protocol=None):
        language = NEWS_LANGUAGES.get(settings.LANGUAGE_CODE, settings.LANGUAGE_CODE)
        return [{**url, "publication_language": language} for url in super().get_urls(page, site, protocol)]


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "authors": AuthorSitemap,
    "topics": TopicSitemap,
}
NEWS_SITEMAPS = {"news": NewsSitemap}


@cached_page(query=["p"])
def sitemap(request, **kwargs):
    """Django's sitemap view (pages of 50,000 addresses, ?p=2 onwards), for the page cache."""
    return sitemap_views.sitemap(request, **kwargs)


@cached_page
@x_robots_tag
def sitemap_index(request):
    """The sitemap index (Django's own builds its URLs from the sites framework's domain, not SITE_URL)."""
    entries = []
    for name, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        location = absolute_url(reverse("sitemap", kwargs={"section": name}))
        lastmod = sitemap.get_latest_lastmod()
        entries.append(SitemapIndexItem(location, lastmod))
        entries.extend(
            SitemapIndexItem(f"{location}?p={page}", lastmod)
            for page in range(2, sitemap.paginator.num_pages + 1)
        )
    entries.append(SitemapIndexItem(absolute_url(reverse("news-sitemap")), None))
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )
