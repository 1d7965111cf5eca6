"""
RSS 2.0 and Atom feeds of the newest published articles: the whole site, and each section, author and topic.

Entries carry the standfirst as summary, the full body as content, every byline, the section and topics as
categories, the lead image and time-zoned dates. Links are absolute from SITE_URL.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from articles.models import Article, Author, Section, Topic
from articles.sharing import absolute_url, sharing_image
from caching.pages import cached_page

FEED_LENGTH = 30
DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"
RSS_CONTENT = "http://purl.org/rss/1.0/modules/content/"


class RssWithContent(Rss201rev2Feed):
    """RSS 2.0 with the full body in content:encoded and one dc:creator per byline."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": RSS_CONTENT, "xmlns:dc": DUBLIN_CORE}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, _url in item["bylines"]:
            handler.addQuickElement("dc:creator", name)
        handler.addQuickElement("content:encoded", item["content"])


class AtomWithContent(Atom1Feed):
    """Atom with the full body as HTML content and an <author> per byline."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, url in item["bylines"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", url)
            handler.endElement("author")
        handler.addQuickElement("content", item["content"], {"type": "html"})


@cached_page
class ArticleFeed(Feed):
    """The site's newest articles; subclasses narrow them to one section, author or topic."""

    def __init__(self, feed_type=RssWithContent):
        self.feed_type = feed_type

    def title(self, subject):
        return settings.SITE_NAME

    def description(self, subject):
        return _("The newest articles from %(site)s.") % {"site": settings.SITE_NAME}

    def link(self, subject):
        return absolute_url(subject.get_absolute_url() if subject else reverse("articles:home"))

    def feed_url(self, subject):
        return absolute_url(feed_url(subject, "atom" if self.feed_type is AtomWithContent else "rss"))

    def author_name(self, subject):
        # Atom wants an author for the feed when an entry has none (an unsigned article).
        return settings.SITE_NAME

    def feed_copyright(self, subject):
        return f"© {settings.SITE_NAME}"

    def articles(self, subject):
        return Article.objects.published()

    def items(self, subject):
        return self.articles(subject).for_listing().prefetch_related("topics")[:FEED_LENGTH]

    def item_title(self, article):
        return article.headline

    def item_description(self, article):
        # Read as HTML by feed readers, and the standfirst is plain text.
        return escape(article.standfirst)

    def item_link(self, article):
        return absolute_url(article.get_absolute_url())

    def item_guid_is_permalink(self, article):
        return True

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at or article.published_at

    def item_categories(self, article):
        return [article.section.name, *(topic.name for topic in article.topics.all())]

    def item_enclosures(self, article):
        image = sharing_image(article)
        # RSS asks for the size in bytes and says to give 0 when it is not known, as it is not without a
        # storage look-up per image.
        return [Enclosure(image.url, "0", image.mime_type)] if image else []

    def item_extra_kwargs(self, article):
        return {
            "content": article.body,
            "bylines": [(author.name, absolute_url(author.get_absolute_url())) for author in article.authors],
        }


class SubjectFeed(ArticleFeed):
    """The newest articles of one section, author or topic, found by its slug."""

    model = None
    # How an article refers to the subject, as a filter keyword.
    articles_lookup = None

    def get_object(self, request, slug):
        return get_object_or_404(self.model, slug=slug)

    def title(self, subject):
        return f"{subject} · {settings.SITE_NAME}"

    def articles(self, subject):
        return Article.objects.published().filter(**{self.articles_lookup: subject})


class SectionFeed(SubjectFeed):
    model, articles_lookup = Section, "section"

    def description(self, section):
        return section.description or _("The newest articles in %(section)s.") % {"section": section.name}


class AuthorFeed(SubjectFeed):
    model, articles_lookup = Author, "bylines"

    def description(self, author):
        return _("The newest articles by %(author)s.") % {"author": author.name}


class TopicFeed(SubjectFeed):
    model, articles_lookup = Topic, "topics"

    def description(self, topic):
        return _("The newest articles about %(topic)s.") % {"topic": topic.name}


FEED_URL_NAMES = {None: "feed", Section: "section-feed", Author: "author-feed", Topic: "topic-feed"}


def feed_url(subject, kind):
    """The path of the RSS ("rss") or Atom ("atom") feed of the site (subject None) or of a section, author or topic."""
    name = f"articles:{FEED_URL_NAMES[type(subject) if subject else None]}-{kind}"
    return reverse(name, kwargs={"slug": subject.slug} if subject else {})
