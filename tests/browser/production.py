"""
The site as it runs in production, for the page checks: gunicorn with DEBUG off (tests/servers.py), static files
collected and served compressed by WhiteNoise, a PostgreSQL database of its own made by the migrations and loaded
with the demo content, the long article with 50 comments.
"""

from django.db import connection

from tests import servers

COMMENT_TEXTS = [
    "The harbour near us tried this five years ago and the difference on still evenings is obvious.",
    "Who pays for the substation is the whole story. Ports cannot carry that alone, and the article says so.",
    "Worth adding that cruise ships draw far more power at berth than container ships do: the cables differ.",
    "A clear piece. I would like to read more about the grid connections inland, see https://example.org/grid.",
    "We live two streets from the quay. Fewer generators running at night would be welcome.",
]


def run_sql(statement):
    with connection._nodb_cursor() as cursor:
        cursor.execute(statement)


def database_name():
    """The test database's name (whether or not it is made yet) with `_production` added."""
    return "test_" + connection.settings_dict["NAME"].removeprefix("test_") + "_production"


def start(directory):
    """A release as the README describes it (migrate, collectstatic), the demo content, then gunicorn."""
    database = database_name()
    run_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    run_sql(f'CREATE DATABASE "{database}"')
    settings = servers.production_environment(directory, "locmemcache://") | {
        "DATABASE_URL": servers.database_url(database)
    }
    servers.manage(settings, "migrate", "--no-input", "--verbosity=0")
    settings["STATIC_ROOT"] = str(servers.collected_static(settings))
    servers.manage(settings, "demo_content")
    servers.manage(
        settings, "shell", "--command=from tests.browser.production import add_comments; add_comments()"
    )
    # Uploaded images are served too, as the web server in front would serve them (production_wsgi.py).
    site = servers.AppServer(settings=settings, application="tests.browser.production_wsgi")
    site.start()
    return site


def stop(site):
    site.stop()
    run_sql(f'DROP DATABASE IF EXISTS "{database_name()}" WITH (FORCE)')


def add_comments(approved=50):
    """Run by `manage.py shell` in the production set-up: approved comments on the long article, in threads."""
    from django.db import transaction

    from articles import demo_data
    from articles.models import Article
    from comments import threads
    from comments.models import Comment
    from tests.factories import make_comment

    article = Article.objects.get(slug=demo_data.LONG_ARTICLE["slug"])
    comments = [None]
    with transaction.atomic():
        for number in range(approved - Comment.objects.approved().filter(article=article).count()):
            parent = comments[number % len(comments)] if number % 3 else None
            comment = make_comment(article, parent=parent, body=COMMENT_TEXTS[number % len(COMMENT_TEXTS)])
            comments.append(comment)
        threads.changed([article.pk])  # the stored thread is rendered again
