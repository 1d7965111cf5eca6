"""
What a page says about itself to search engines, social networks and feed readers: description, canonical URL,
Open Graph and Twitter cards, JSON-LD structured data and its feeds. Built from objects the page has already
loaded, so it costs no query.
"""

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from articles.feeds import feed_url
from articles.models import Section
from articles.sharing import absolute_url, default_image, publisher_logo, sharing_image

DESCRIPTION_LENGTH = 300
OG_LOCALES = {"en": "en_US", "zh-hans": "zh_CN"}
# JSON inside <script> must not be able to close the element or open a comment.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
FEED_FORMATS = {"rss": ("RSS", "application/rss+xml"), "atom": ("Atom", "application/atom+xml")}


@dataclass
class FeedLink:
    title: str
    url: str
    type: str


@dataclass
class PageMetadata:
    title: str
    canonical: str
    description: str = ""
    image: object = field(default_factory=default_image)
    og_type: str = "website"
    # Further Open Graph properties, such as article:published_time, as (property, content) pairs.
    og_properties: list = field(default_factory=list)
    structured_data: list = field(default_factory=list)
    feeds: list = field(default_factory=list)
    noindex: bool = False

    @property
    def site_name(self):
        return settings.SITE_NAME

    @property
    def locale(self):
        return OG_LOCALES.get(settings.LANGUAGE_CODE, settings.LANGUAGE_CODE.replace("-", "_"))

    @property
    def json_ld(self):
        """The structured data as one JSON-LD document, safe to place inside a <script> element."""
        document = {"@context": "https://schema.org", "@graph": self.structured_data}
        text = json.dumps(document, ensure_ascii=False, separators=(",", ":")).translate(JSON_SCRIPT_ESCAPES)
        return mark_safe(text)  # noqa: S308 - the characters that could end the element are escaped above


def describe(text):
    return Truncator(" ".join((text or "").split())).chars(DESCRIPTION_LENGTH)


def listing_url(path, page_obj=None):
    """The canonical URL of a list: its first page is its plain path, later pages keep their number."""
    if page_obj is not None and page_obj.number > 1:
        return absolute_url(f"{path}?page={page_obj.number}")
    return absolute_url(path)


def iso(moment):
    return timezone.localtime(moment).isoformat()


def home_url():
    return absolute_url(reverse("articles:home"))


def feed_links(subject, label):
    return [
        FeedLink(
            _("%(name)s (%(format)s)") % {"name": label, "format": format_name},
            absolute_url(feed_url(subject, kind)),
            mime_type,
        )
        for kind, (format_name, mime_type) in FEED_FORMATS.items()
    ]


def site_feed_links():
    return feed_links(None, settings.SITE_NAME)


def organization():
    logo = publisher_logo()
    return {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": home_url(),
        "logo": {"@type": "ImageObject", "url": logo.url, "width": logo.width, "height": logo.height},
    }


def breadcrumbs(*trail):
    """A BreadcrumbList from the home page down through (name, absolute URL) pairs."""
    items = [(_("Home"), home_url()), *trail]
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(items, start=1)
        ],
    }


def article_metadata(article):
    """An article page: a NewsArticle, its breadcrumbs, and the site's and its section's feeds."""
    canonical = absolute_url(article.get_absolute_url())
    title = article.seo_title or article.headline
    description = describe(article.seo_description or article.standfirst)
    image = sharing_image(article) or default_image()
    modified = article.updated_at or article.published_at
    authors = article.authors
    topics = [topic.name for topic in article.topics.all()]
    section = article.section
    news_article = {
        "@type": "NewsArticle",
        "@id": f"{canonical}#article",
        "headline": article.headline,
        "description": description,
        "image": [{"@type": "ImageObject", "url": image.url, "width": image.width, "height": image.height}],
        "datePublished": iso(article.published_at),
        "dateModified": iso(modified),
        "author": [
            {"@type": "Person", "name": author.name, "url": absolute_url(author.get_absolute_url())}
            for author in authors
        ]
        or [organization()],
        "publisher": organization(),
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "url": canonical,
        "articleSection": section.name,
        "keywords": topics,
        "inLanguage": settings.LANGUAGE_CODE,
    }
    if getattr(article, "word_count", None):
        news_article["wordCount"] = article.word_count
    section_url = absolute_url(section.get_absolute_url())
    return PageMetadata(
        title=title,
        canonical=canonical,
        description=description,
        image=image,
        og_type="article",
        og_properties=[
            ("article:published_time", iso(article.published_at)),
            ("article:modified_time", iso(modified)),
            ("article:section", section.name),
            *(("article:author", absolute_url(author.get_absolute_url())) for author in authors),
            *(("article:tag", topic) for topic in topics),
        ],
        structured_data=[
            news_article,
            breadcrumbs((section.name, section_url), (article.headline, canonical)),
        ],
        # The article itself is an entry of both feeds.
        feeds=site_feed_links() + feed_links(section, section.name),
    )


def subject_metadata(subject, page_obj, description=""):
    """A section, author or topic page; its feeds are advertised only when they have an entry."""
    has_articles = page_obj is not None and page_obj.paginator.count > 0
    canonical = listing_url(subject.get_absolute_url(), page_obj)
    structured_data = []
    if isinstance(subject, Section):
        structured_data.append(breadcrumbs((subject.name, absolute_url(subject.get_absolute_url()))))
    return PageMetadata(
        title=str(subject),
        canonical=canonical,
        description=describe(description),
        structured_data=structured_data,
        feeds=feed_links(subject, str(subject)) if has_articles else [],
    )


def home_metadata(has_articles):
    """The home page: the WebSite with its search action, the publisher, and the site's feeds."""
    search = absolute_url(reverse("articles:search"))
    website = {
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "url": home_url(),
        "inLanguage": settings.LANGUAGE_CODE,
        "publisher": organization(),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        },
    }
    return PageMetadata(
        title=settings.SITE_NAME,
        canonical=home_url(),
        description=_("The latest news from %(site)s, with analysis and readers’ comments.")
        % {"site": settings.SITE_NAME},
        structured_data=[website],
        feeds=site_feed_links() if has_articles else [],
    )


def page_metadata(path, title, description="", page_obj=None, noindex=False, feeds=False):
    """Any other page: archives, search, static pages."""
    return PageMetadata(
        title=title,
        canonical=listing_url(path, page_obj),
        description=describe(description),
        noindex=noindex,
        feeds=site_feed_links() if feeds else [],
    )
