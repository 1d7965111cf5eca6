"""
The search index, kept current from the save path (`Article.save()`, and whoever changes an article's topics).

PostgreSQL keeps a weighted tsvector in `Article.search_vector` (GIN-indexed); SQLite keeps an FTS5 table,
`articles_search`, whose rowid is the article's id. Both index the same four texts with the same weights:
headline (A), topics and standfirst (B), body as plain text (C). Reading the index is `articles/search.py`'s job.
"""

import html
import re

from django.conf import settings
from django.db import connection
from django.db.models import F, Func, OuterRef, Subquery, TextField, Value
from django.db.models.aggregates import StringAgg

FTS_TABLE = "articles_search"
FTS_COLUMNS = ("headline", "topics", "standfirst", "body")
TAG = re.compile(r"<[^>]*>")
BATCH = 500


def search_config():
    """The PostgreSQL text search configuration: stemming for English, plain words otherwise."""
    return "english" if settings.LANGUAGE_CODE.startswith("en") else "simple"


class HtmlText(Func):
    """Body HTML as text, in SQL: tags become spaces (entities are left for the reader of the result)."""

    function = "REGEXP_REPLACE"
    template = "%(function)s(%(expressions)s, '<[^>]*>', ' ', 'g')"
    output_field = TextField()


def plain_text(body):
    return html.unescape(TAG.sub(" ", body or ""))


def update_search_index(articles):
    """Bring the index entries of these articles (a queryset) up to date with their rows and topics."""
    if connection.vendor == "postgresql":
        _update_vectors(articles)
    else:
        _update_fts(articles)


def _update_vectors(articles):
    from django.contrib.postgres.search import SearchVector

    config = search_config()
    Topic = articles.model.topics.field.related_model
    topic_names = Subquery(
        Topic.objects.filter(articles=OuterRef("pk"))
        .values("articles")
        .annotate(names=StringAgg("name", Value(" ")))
        .values("names")
    )
    articles.update(
        search_vector=SearchVector("headline", config=config, weight="A")
        + SearchVector(topic_names, config=config, weight="B")
        + SearchVector("standfirst", config=config, weight="B")
        + SearchVector(HtmlText(F("body")), config=config, weight="C")
    )


def _update_fts(articles):
    Topics = articles.model.topics.through
    ids = list(articles.order_by().values_list("pk", flat=True))
    with connection.cursor() as cursor:
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            topics = {}
            for article_id, name in Topics.objects.filter(article_id__in=batch).values_list(
                "article_id", "topic__name"
            ):
                topics.setdefault(article_id, []).append(name)
            rows = [
                (pk, headline, " ".join(topics.get(pk, ())), standfirst, plain_text(body))
                for pk, headline, standfirst, body in articles.model.objects.filter(pk__in=batch).values_list(
                    "pk", "headline", "standfirst", "body"
                )
            ]
            cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(pk,) for pk in batch])  # noqa: S608
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, {', '.join(FTS_COLUMNS)}) VALUES (%s, %s, %s, %s, %s)",  # noqa: S608
                rows,
            )


def rebuild_search_index(articles):
    """Index every article afresh and forget entries of articles that no longer exist."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            table = articles.model._meta.db_table
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid NOT IN (SELECT id FROM {table})")  # noqa: S608
    update_search_index(articles.all())
