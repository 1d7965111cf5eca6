from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from comments.protection import form_token
from tests.comment_forms import SAME_ORIGIN, send_comment
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return make_article()


def test_a_posted_comment_is_stored_pending_and_the_reader_is_sent_to_their_own_view(client, article):
    response = send_comment(client, article, body="First!\r\nSecond line.", website="example.org")
    assert response.status_code == 302
    assert response.url.startswith("/comments/posted/")
    comment = Comment.objects.get()
    assert (comment.article, comment.status, comment.name) == (article, "pending", "Ada Reader")
    assert comment.body == "First!\nSecond line."
    assert comment.website == "https://example.org"
    assert comment.ip_address == "127.0.0.1"


def test_the_post_and_the_readers_own_view_are_never_cached(client, article):
    response = send_comment(client, article)
    own_view = client.get(response.url)
    for answer in [response, own_view]:
        cache_control = answer.headers["Cache-Control"]
        assert "private" in cache_control
        assert "no-store" in cache_control


def test_the_readers_own_view_shows_the_pending_comment_marked(client, article):
    own_view = client.get(send_comment(client, article, body="Still waiting.").url)
    assert own_view.status_code == 200
    assert "awaiting moderation" in own_view.text
    assert "Still waiting." in own_view.text
    assert 'class="comment comment--pending"' in own_view.text


def test_a_reply_lands_under_its_parent(client, article):
    parent = make_comment(article)
    send_comment(client, article, parent=str(parent.pk))
    reply = Comment.objects.exclude(pk=parent.pk).get()
    assert (reply.parent, reply.root, reply.depth) == (parent, parent, 1)


def test_a_reply_below_the_deepest_level_joins_the_deepest_level(client, article, settings):
    settings.COMMENTS_MAX_DEPTH = 3
    top = make_comment(article)
    second = make_comment(article, parent=top)
    third = make_comment(article, parent=second)
    send_comment(client, article, parent=str(third.pk))
    reply = Comment.objects.latest("pk")
    assert (reply.parent, reply.root, reply.depth) == (second, top, 2)


@pytest.mark.parametrize("status", ["pending", "spam", "removed"])
def test_replying_to_a_comment_that_is_not_shown_is_refused(client, article, status):
    hidden = make_comment(article, status=status)
    response = send_comment(client, article, parent=str(hidden.pk), body="Kept text.")
    assert response.status_code == 400
    assert "no longer available" in response.text
    assert "Kept text." in response.text
    assert Comment.objects.count() == 1


def test_replying_to_a_comment_on_another_article_is_refused(client, article):
    elsewhere = make_comment(make_article())
    assert send_comment(client, article, parent=str(elsewhere.pk)).status_code == 400
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("field", ["name", "email", "body"])
def test_a_missing_required_field_is_named_and_the_text_kept(client, article, field):
    kept = {"name": "Kept Name"} if field == "body" else {"body": "Kept words."}
    response = send_comment(client, article, **{field: "", **kept})
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in response.text
    assert "This field is required." in response.text
    assert next(iter(kept.values())) in response.text
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "website",
    ["javascript:alert(1)", "ftp://example.org/file", "data:text/html,hi", "http://", "mailto:a@b.c"],
)
def test_a_website_that_is_not_http_is_refused(client, article, website):
    response = send_comment(client, article, website=website)
    assert response.status_code == 400
    assert 'id="id_website_error"' in response.text
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("body", "Hello\x00world"),
        ("body", "Bell\x07"),
        ("body", "Escape \x1b[31m red"),
        ("name", "Ada\x00"),
        ("name", "Ada\nLovelace"),
        ("name", "Ada\u202eecalevol"),
        ("website", "https://example.org/\x00"),
    ],
)
def test_null_bytes_and_control_characters_are_refused(client, article, field, value):
    response = send_comment(client, article, **{field: value})
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in response.text
    assert not Comment.objects.exists()


def test_line_breaks_and_tabs_in_a_comment_are_welcome(client, article):
    send_comment(client, article, body="Line one\n\tindented\r\nline three")
    assert Comment.objects.get().body == "Line one\n\tindented\nline three"


def test_an_overlong_comment_is_refused_naming_the_limit(client, article, settings):
    settings.COMMENTS_MAX_LENGTH = 5000
    response = send_comment(client, article, body="x" * 5001)
    assert response.status_code == 400
    assert "at most 5,000 characters" in response.text
    assert "this one has 5,001" in response.text
    assert not Comment.objects.exists()
    assert send_comment(client, article, body="x" * 5000).status_code == 302


def test_the_email_typed_is_not_written_back_into_the_form(client, article):
    response = send_comment(client, article, email="secret-person@example.org", body="")
    assert response.status_code == 400
    assert "secret-person" not in response.text


def test_a_closed_article_refuses_comments_and_saves_nothing(client):
    closed = make_article(comments_open=False)
    response = send_comment(client, closed)
    assert response.status_code == 403
    assert "closed" in response.text
    assert not Comment.objects.exists()


def test_a_draft_or_scheduled_article_does_not_exist_for_comments(client):
    draft = make_article(published=False)
    scheduled = make_article(published_at=timezone.now() + timedelta(days=1))
    for article in [draft, scheduled]:
        assert send_comment(client, article).status_code == 404
    assert not Comment.objects.exists()


def test_an_unknown_article_is_404(client):
    response = client.post(reverse("comments:post", kwargs={"article_id": 999999}), {}, headers=SAME_ORIGIN)
    assert response.status_code == 404


def test_the_post_endpoint_takes_only_posts(client, article):
    assert client.get(reverse("comments:post", kwargs={"article_id": article.pk})).status_code == 405


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
        {"Sec-Fetch-Site": "same-site", "Origin": "https://sub.testserver"},
        {"Sec-Fetch-Site": "none"},
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Referer": "https://evil.example/page"},
        {},
    ],
)
def test_a_post_from_another_site_or_from_nowhere_is_refused(client, article, headers):
    response = send_comment(client, article, headers=headers)
    assert response.status_code == 403
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://testserver"},
        {"Referer": "http://testserver/some/article/"},
        {"Sec-Fetch-Site": "same-origin"},
    ],
)
def test_a_post_from_this_site_is_accepted_by_what_the_browser_sends(client, article, headers):
    assert send_comment(client, article, headers=headers).status_code == 302


def test_the_sites_public_address_counts_as_this_site(client, article, settings):
    settings.SITE_URL = "https://news.example.com"
    assert send_comment(client, article, headers={"Origin": "https://news.example.com"}).status_code == 302


def test_a_forged_token_is_refused_and_the_text_kept(client, article):
    response = send_comment(client, article, token="1:abc:forged", body="My careful words.")
    assert response.status_code == 400
    assert "could not be checked" in response.text
    assert "My careful words." in response.text
    assert not Comment.objects.exists()


def test_a_token_for_another_article_is_refused(client, article):
    other = make_article()
    assert send_comment(client, article, token=form_token(other.pk)).status_code == 400
    assert not Comment.objects.exists()


def test_an_expired_form_asks_to_send_again_with_a_fresh_token(client, article, settings):
    settings.COMMENTS_FORM_MAX_AGE = 7 * 24 * 3600
    with time_machine.travel(timezone.now() - timedelta(days=8)):
        old_token = form_token(article.pk)
    response = send_comment(client, article, token=old_token, body="Written slowly.")
    assert response.status_code == 400
    assert "expired" in response.text
    assert "Written slowly." in response.text
    assert old_token not in response.text
    assert not Comment.objects.exists()
    fresh = response.text.split('name="token" value="')[1].split('"')[0]
    assert send_comment(client, article, token=fresh).status_code == 302


def test_a_token_from_a_page_cached_for_days_still_works(client, article):
    with time_machine.travel(timezone.now() - timedelta(days=6)):
        token = form_token(article.pk)
    assert send_comment(client, article, token=token).status_code == 302


def test_the_form_token_is_the_same_for_everyone_within_the_hour(article):
    start = timezone.now().replace(minute=0, second=1)
    with time_machine.travel(start, tick=False):
        first = form_token(article.pk)
    with time_machine.travel(start + timedelta(minutes=58), tick=False):
        assert form_token(article.pk) == first


def test_a_filled_trap_is_stored_as_spam_but_looks_like_any_post(client, article):
    response = send_comment(client, article, subject="Buy now")
    assert response.status_code == 302
    own_view = client.get(response.url)
    assert "awaiting moderation" in own_view.text
    assert Comment.objects.get().status == Comment.Status.SPAM


def test_a_moderator_commenting_is_published_at_once(client, article, django_user_model):
    moderator = django_user_model.objects.create_user("mod", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    own_view = client.get(send_comment(client, article).url)
    assert "Your comment is published" in own_view.text
    assert Comment.objects.get().status == Comment.Status.APPROVED


def test_a_forged_or_stale_posted_link_is_404(client, article):
    response = send_comment(client, article)
    assert client.get(reverse("comments:posted", kwargs={"token": "1:forged"})).status_code == 404
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        assert client.get(response.url).status_code == 404


def test_the_readers_own_view_of_a_removed_comment_says_so(client, article):
    response = send_comment(client, article, body="Rude words.")
    Comment.objects.update(status=Comment.Status.REMOVED)
    own_view = client.get(response.url)
    assert "removed by a moderator" in own_view.text
    assert "Rude words." not in own_view.text


def test_form_fields_keep_the_readers_text_escaped(client, article):
    response = send_comment(client, article, name='"><b>x</b>', body="</textarea><b>y</b>", email="")
    assert response.status_code == 400
    assert "<b>" not in response.text.split('id="comment-form"')[1]


def test_the_readers_own_view_shows_the_page_their_comment_is_on(client, article, settings):
    settings.COMMENTS_PER_PAGE = 2
    threads = [make_comment(article, body=f"Thread {n}.") for n in range(4)]
    reply_view = client.get(send_comment(client, article, parent=str(threads[2].pk), body="On page two.").url)
    assert "Thread 2." in reply_view.text
    assert "Thread 0." not in reply_view.text
    assert "On page two." in reply_view.text
    # A new thread follows the last approved one, on its page, even when that page is full.
    new_view = client.get(send_comment(client, article, body="A new thread.").url)
    assert "Thread 3." in new_view.text
    assert new_view.text.index("Thread 3.") < new_view.text.index("A new thread.")
