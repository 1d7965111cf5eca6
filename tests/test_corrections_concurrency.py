"""
Saves and notes at the same moment (PostgreSQL; SQLite serialises writers): two corrections added together both
show at the article's end, and the lock an editor's save holds on the article does not hold up readers' comments.
"""

import threading

import pytest
from django.db import connection, connections, transaction

from articles import corrections, revisions
from articles.models import Article, Correction
from tests.factories import make_article, make_comment

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite", reason="SQLite serialises writers; the race needs PostgreSQL"
    ),
]


def someone_waits_for_a_lock():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # read afresh, not as this transaction first saw it
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def test_two_corrections_added_at_the_same_moment_are_both_shown(monkeypatch):
    article = make_article()
    first_written, failures = threading.Event(), []
    announce = corrections.events.content_changed

    def held_open_by_the_first(reason):
        # The first correction's transaction stays open, its note copied, until the second is under way.
        announce(reason)
        if threading.current_thread().name == "first":
            first_written.set()
            for _attempt in range(1000):
                if someone_waits_for_a_lock():
                    return
                threading.Event().wait(0.01)

    monkeypatch.setattr(corrections.events, "content_changed", held_open_by_the_first)

    def add(text):
        try:
            corrections.save_correction(Correction(article_id=article.pk, text=text), by=None)
        except Exception as error:  # noqa: BLE001 - reported by the test below
            failures.append(error)
        finally:
            connections.close_all()

    first = threading.Thread(target=add, args=("The first note.",), name="first")
    first.start()
    assert first_written.wait(timeout=10)
    second = threading.Thread(target=add, args=("The second note.",), name="second")
    second.start()
    for thread in (first, second):
        thread.join(timeout=30)
    assert failures == []
    article = Article.objects.get(pk=article.pk)
    assert [note.text for note in article.corrections_shown] == ["The first note.", "The second note."]


def test_a_comment_is_stored_while_an_editors_save_holds_the_article():
    article = make_article()
    stored = []

    def post_comment():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '5s'")  # waiting for the editor would fail, not hang
            stored.append(make_comment(article).pk)
        finally:
            connections.close_all()

    with transaction.atomic():
        revisions.check_version(article, article.version)  # as the admin does before it saves
        reader = threading.Thread(target=post_comment)
        reader.start()
        reader.join(timeout=30)
        assert len(stored) == 1
