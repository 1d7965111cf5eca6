"""Many published articles at once, for pagination and query-budget tests (factories make one at a time)."""

from datetime import timedelta
from itertools import count

from django.utils import timezone

from articles.models import Article, Byline

_sequence = count(1)


def publish_many(section, number, *, authors=(), topics=(), featured=False):
    """`number` published articles in `section`, a minute apart, the newest a minute old."""
    now = timezone.now()
    articles = Article.objects.bulk_create(
        Article(
            headline=f"Bulk story {n}",
            slug=f"bulk-story-{n}",
            section=section,
            body="<p>Body text.</p>",
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(minutes=i + 1),
            featured=featured,
        )
        for i, n in enumerate(next(_sequence) for _ in range(number))
    )
    Byline.objects.bulk_create(
        Byline(article=article, author=author, position=position)
        for article in articles
        for position, author in enumerate(authors)
    )
    ArticleTopic = Article.topics.through
    ArticleTopic.objects.bulk_create(
        ArticleTopic(article=article, topic=topic) for article in articles for topic in topics
    )
    return articles
