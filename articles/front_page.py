"""What the home page shows, assembled in a fixed number of queries whatever the size of the archive."""

from collections import Counter
from dataclasses import dataclass, field
from itertools import groupby

from django.db import models
from django.db.models import prefetch_related_objects

from articles.models import Article, Byline, Section

TOP_COUNT = 4
LATEST_COUNT = 6
PER_SECTION = 3
# The section lists are looked for among this many of the newest articles first: numbering the articles of
# every section over the whole archive reads every article, where the newest few hundred hold them all.
RECENT = 300


@dataclass
class FrontPage:
    lead: Article | None = None
    top: list[Article] = field(default_factory=list)
    latest: list[Article] = field(default_factory=list)
    sections: list[tuple[Section, list[Article]]] = field(default_factory=list)


def front_page(top_count=TOP_COUNT, latest_count=LATEST_COUNT, per_section=PER_SECTION):
    """The lead story (the newest featured one, else the newest), the newest articles after it (the first
    few as top stories, the rest as latest news), then the newest few of each navigation section that are
    not already on the page. Five queries, and one more when a section has too few of the newest articles."""
    published = Article.objects.published().select_related("section", "lead_image").as_cards()
    lead = published.order_by("-featured", "-published_at", "-pk").first()
    if lead is None:
        return FrontPage()
    newest = list(published.exclude(pk=lead.pk)[: top_count + latest_count])
    shown = [lead.pk, *(article.pk for article in newest)]
    in_sections = _latest_in_sections(
        published.filter(section__in_navigation=True).exclude(pk__in=shown), per_section
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


def _latest_in_sections(candidates, per_section):
    """The newest `per_section` of `candidates` in each section, ordered by section."""
    newest = candidates.order_by("-published_at", "-pk").values("pk")[:RECENT]
    found = list(candidates.filter(pk__in=newest).latest_per_section(per_section))
    counts = Counter(article.section_id for article in found)
    complete = [section_id for section_id, count in counts.items() if count >= per_section]
    # Sections with fewer among the newest, or none, are looked up over the whole archive (small ones, as a rule).
    short = list(
        Section.objects.filter(in_navigation=True).exclude(pk__in=complete).values_list("pk", flat=True)
    )
    rest = list(candidates.filter(section__in=short).latest_per_section(per_section)) if short else []
    found = [article for article in found if article.section_id in complete] + rest
    # Stable: each section's articles stay newest first.
    return sorted(
        found, key=lambda article: (article.section.position, article.section.name, article.section_id)
    )
