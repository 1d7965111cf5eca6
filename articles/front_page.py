"""What the home page shows, assembled in a fixed number of queries whatever the size of the archive."""

from dataclasses import dataclass, field
from itertools import groupby

from django.db import models
from django.db.models import prefetch_related_objects

from articles.models import Article, Byline, Section

TOP_COUNT = 4
LATEST_COUNT = 6
PER_SECTION = 3


@dataclass
class FrontPage:
    lead: Article | None = None
    top: list[Article] = field(default_factory=list)
    latest: list[Article] = field(default_factory=list)
    sections: list[tuple[Section, list[Article]]] = field(default_factory=list)


def front_page(top_count=TOP_COUNT, latest_count=LATEST_COUNT, per_section=PER_SECTION):
    """The lead story (the newest featured one, else the newest), the newest articles after it (the first
    few as top stories, the rest as latest news), then the newest few of each navigation section that are
    not already on the page. Four queries."""
    published = Article.objects.published().select_related("section", "lead_image").defer("body", "toc")
    lead = published.order_by("-featured", "-published_at", "-pk").first()
    if lead is None:
        return FrontPage()
    newest = list(published.exclude(pk=lead.pk)[: top_count + latest_count])
    shown = [lead.pk, *(article.pk for article in newest)]
    in_sections = list(
        published.filter(section__in_navigation=True).exclude(pk__in=shown).latest_per_section(per_section)
    )
    prefetch_related_objects(
        [lead, *newest, *in_sections],
        models.Prefetch("byline_links", queryset=Byline.objects.select_related("author")),
    )
    by_section = [list(group) for _, group in groupby(in_sections, key=lambda article: article.section_id)]
    return FrontPage(
        lead=lead,
        top=newest[:top_count],
        latest=newest[top_count:],
        sections=[(articles[0].section, articles) for articles in by_section],
    )
