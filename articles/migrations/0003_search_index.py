"""
The search index: on PostgreSQL a stored tsvector column with a GIN index, on SQLite an FTS5 table. Each database
gets only its own part; the column exists on both so the model is the same everywhere.
"""

import django.contrib.postgres.search
from django.db import migrations

GIN_INDEX = "article_search_vector_idx"
FTS_TABLE = "articles_search"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX {GIN_INDEX} ON articles_article USING GIN (search_vector)")
    else:
        # Porter stemming matches PostgreSQL's English configuration closely enough ("rivers" finds "river").
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
            "headline, topics, standfirst, body, tokenize = 'porter unicode61 remove_diacritics 2')"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
    else:
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def index_existing_articles(apps, schema_editor):
    from articles.search_index import rebuild_search_index

    rebuild_search_index(apps.get_model("articles", "Article").objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_body_outline_and_reading_time"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, verbose_name="search vector"
            ),
        ),
        migrations.RunPython(create_index, drop_index),
        migrations.RunPython(index_existing_articles, migrations.RunPython.noop),
    ]
