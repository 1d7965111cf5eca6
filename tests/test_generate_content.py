import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F

from articles.management.commands.generate_content import LONG_ARTICLE_COMMENTS, LONG_ARTICLE_SLUG
from articles.models import Article
from articles.search import search_articles
from comments import threads
from comments.models import Comment, StoredThread

pytestmark = pytest.mark.django_db


def generate(capture, articles=60, comments=400):
    with capture(execute=True):
        call_command(
            "generate_content",
            articles=articles,
            comments=comments,
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )


@pytest.fixture
def generated(django_capture_on_commit_callbacks):
    generate(django_capture_on_commit_callbacks)


def test_generates_the_articles_and_comments_asked_for(generated):
    # The long article comes on top of those asked for, with its own comments.
    assert Article.objects.count() == 60 + 1
    assert Comment.objects.count() == 400 + LONG_ARTICLE_COMMENTS
    assert Article.objects.published().count() > 40


def test_bodies_are_stored_as_the_save_path_prepares_them(generated):
    article = Article.objects.published().exclude(slug=LONG_ARTICLE_SLUG).first()
    assert article.word_count > 50
    assert article.reading_minutes >= 1
    assert article.toc and f'id="{article.toc[0]["id"]}"' in article.body
    assert article.authors and article.topics.exists()


def test_comments_are_threaded_and_only_answer_approved_comments(generated):
    replies = Comment.objects.filter(parent__isnull=False)
    assert replies.exists()
    assert not replies.exclude(parent__status=Comment.Status.APPROVED).exists()
    assert not replies.exclude(root__parent__isnull=True).exists()
    assert not Comment.objects.filter(depth__gte=3).exists()
    assert set(Comment.objects.values_list("status", flat=True)) > {Comment.Status.APPROVED}
    assert not Comment.objects.exclude(article__status=Article.Status.PUBLISHED).exists()


def test_the_long_article_has_fifty_approved_comments_in_threads(generated):
    article = Article.objects.get(slug=LONG_ARTICLE_SLUG)
    comments = Comment.objects.on_article(article)
    assert comments.approved().count() == comments.count() == LONG_ARTICLE_COMMENTS
    assert comments.filter(depth=2).exists()
    assert article.toc and article.is_live


def test_search_finds_generated_articles(generated):
    article = Article.objects.published().exclude(slug=LONG_ARTICLE_SLUG).first()
    place = article.headline.split(":")[0]
    assert article.pk in search_articles(place).ranked_ids


def test_commented_articles_have_a_stored_thread(generated):
    commented = set(Comment.objects.approved().values_list("article", flat=True).distinct())
    stored = StoredThread.objects.filter(article__in=commented)
    assert stored.count() == len(commented)
    rendered = StoredThread.objects.get(article__slug=LONG_ARTICLE_SLUG)
    assert rendered.rendered_version == rendered.version
    assert rendered.html.count('<li class="comment') == LONG_ARTICLE_COMMENTS


def test_a_second_run_adds_as_much_again_and_keeps_one_long_article(django_capture_on_commit_callbacks):
    generate(django_capture_on_commit_callbacks, articles=20, comments=50)
    generate(django_capture_on_commit_callbacks, articles=20, comments=50)
    assert Article.objects.count() == 41
    assert Article.objects.filter(slug=LONG_ARTICLE_SLUG).count() == 1
    assert Comment.objects.count() == 100 + LONG_ARTICLE_COMMENTS


def test_nothing_is_made_from_bad_numbers():
    with pytest.raises(CommandError):
        call_command("generate_content", articles=0, comments=10)
    assert not Article.objects.exists()


def test_a_thread_left_unrendered_is_rendered_by_its_first_reader(django_capture_on_commit_callbacks):
    generate(django_capture_on_commit_callbacks, articles=5, comments=30)
    article = Article.objects.published().filter(comments__status=Comment.Status.APPROVED).first()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        threads.changed([article.pk], render=False)
    assert not callbacks
    stored = StoredThread.objects.get(article=article)
    assert stored.rendered_version != stored.version
    article = Article.objects.select_related("section", "stored_thread").get(pk=article.pk)
    assert threads.thread_html(article)
    assert StoredThread.objects.filter(article=article, rendered_version=F("version")).exists()
