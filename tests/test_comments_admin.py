from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.urls import reverse, reverse_lazy
from django.utils import timezone

from comments.models import Comment
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

QUEUE = reverse_lazy("admin:comments_comment_changelist")


def decide_url(comment, word):
    return reverse("admin:comments_comment_decide", args=[comment.pk, word])


def test_the_queue_opens_on_pending_comments_newest_first(moderator_client):
    article = make_article(headline="Rivers rise")
    old = make_comment(article, status="pending", body="Older pending.", ip_address="203.0.113.9")
    new = make_comment(article, status="pending", body="Newer pending.", email="new@example.org")
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=1))
    make_comment(article, body="Already approved.")
    response = moderator_client.get(QUEUE)
    assert response.status_code == 200
    page = response.text
    assert "Already approved." not in page
    assert page.index("Newer pending.") < page.index("Older pending.")
    for column in ["Rivers rise", new.name, "new@example.org", "203.0.113.9"]:
        assert column in page
    assert list(response.context["cl"].result_list) == [new, old]


@pytest.mark.parametrize("status", ["approved", "spam", "removed"])
def test_the_status_filter_shows_other_statuses_and_all(moderator_client, status):
    article = make_article()
    pending = make_comment(article, status="pending")
    other = make_comment(article, status=status)
    assert list(moderator_client.get(QUEUE, {"status": status}).context["cl"].result_list) == [other]
    assert set(moderator_client.get(QUEUE, {"status": "all"}).context["cl"].result_list) == {pending, other}


def test_the_article_filter_offers_the_busiest_articles_and_narrows_the_queue(moderator_client):
    quiet, busy = make_article(headline="Quiet one"), make_article(headline="Busy one")
    make_comment(quiet, status="pending")
    busy_comments = [make_comment(busy, status="pending") for _ in range(3)]
    page = moderator_client.get(QUEUE).text
    assert "Busy one (3)" in page
    assert page.index("Busy one (3)") < page.index("Quiet one (1)")
    narrowed = moderator_client.get(QUEUE, {"article": busy.pk}).context["cl"].result_list
    assert set(narrowed) == set(busy_comments)


@pytest.mark.parametrize(
    ("term", "field"),
    [("needle", "body"), ("Zebediah", "name"), ("zeb@example", "email"), ("198.51.100", "ip_address")],
)
def test_the_queue_searches_text_name_email_and_ip(moderator_client, term, field):
    article = make_article()
    found = make_comment(
        article,
        status="pending",
        body="A needle here.",
        name="Zebediah",
        email="zeb@example.org",
        ip_address="198.51.100.7",
    )
    make_comment(article, status="pending", ip_address="192.0.2.1")
    assert list(moderator_client.get(QUEUE, {"q": term}).context["cl"].result_list) == [found], field


@pytest.mark.parametrize(
    ("word", "status"), [("approve", "approved"), ("spam", "spam"), ("remove", "removed")]
)
def test_one_click_decides_a_comment_and_returns_to_the_queue_as_it_was(
    moderator_client, moderator, word, status
):
    article = make_article()
    comment = make_comment(article, status="pending")
    queue_page = f"http://testserver{QUEUE}?article={article.pk}"
    response = moderator_client.post(decide_url(comment, word), headers={"Referer": queue_page})
    assert response.status_code == 302
    assert response.url == queue_page
    comment.refresh_from_db()
    assert (comment.status, comment.decided_by) == (status, moderator)


def test_each_row_has_buttons_for_the_other_decisions(moderator_client):
    comment = make_comment(make_article(), status="pending")
    page = moderator_client.get(QUEUE).text
    for word in ["approve", "spam", "remove"]:
        assert f'formaction="{decide_url(comment, word)}"' in page


def test_a_decision_needs_a_post_and_a_known_word(moderator_client):
    comment = make_comment(make_article(), status="pending")
    assert moderator_client.get(decide_url(comment, "approve")).status_code == 405
    assert (
        moderator_client.post(reverse("admin:comments_comment_decide", args=[comment.pk, "x"])).status_code
        == 404
    )
    comment.refresh_from_db()
    assert comment.status == "pending"


def test_a_decision_from_another_site_is_refused_by_csrf(moderator, client):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(moderator)
    comment = make_comment(make_article(), status="pending")
    assert browser.post(decide_url(comment, "approve")).status_code == 403
    comment.refresh_from_db()
    assert comment.status == "pending"


def test_a_referer_elsewhere_is_not_followed_back(moderator_client):
    comment = make_comment(make_article(), status="pending")
    response = moderator_client.post(
        decide_url(comment, "approve"), headers={"Referer": "https://evil.example/"}
    )
    assert response.url == QUEUE


@pytest.mark.parametrize(
    ("action", "status"),
    [("approve_selected", "approved"), ("mark_selected_spam", "spam"), ("remove_selected", "removed")],
)
def test_bulk_actions_decide_every_selected_comment(moderator_client, moderator, action, status):
    article = make_article()
    chosen = [make_comment(article, status="pending") for _ in range(3)]
    untouched = make_comment(article, status="pending")
    response = moderator_client.post(
        QUEUE, {"action": action, "_selected_action": [c.pk for c in chosen]}, follow=True
    )
    assert response.status_code == 200
    assert set(Comment.objects.filter(status=status, decided_by=moderator)) == set(chosen)
    untouched.refresh_from_db()
    assert untouched.status == "pending"


def test_the_pending_count_is_on_every_admin_page(moderator_client, superuser_client):
    article = make_article()
    comment = make_comment(article, status="pending")
    make_comment(article, status="pending")
    make_comment(article, status="spam")
    for browser in [moderator_client, superuser_client]:
        for url in [
            reverse("admin:index"),
            QUEUE,
            f"{QUEUE}{comment.pk}/change/",
            reverse("admin:password_change"),
        ]:
            page = browser.get(url).text
            assert f'<a class="pending-comments" href="{QUEUE}">2 comments pending</a>' in page, url


@pytest.fixture
def superuser_client(django_user_model):
    from django.test import Client

    browser = Client()
    browser.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "pw"))
    return browser


def test_moderators_can_do_nothing_else_in_the_admin(moderator_client):
    index = moderator_client.get(reverse("admin:index"))
    assert [app["app_label"] for app in index.context["app_list"]] == ["comments"]
    assert moderator_client.get(reverse("admin:articles_article_changelist")).status_code == 403
    assert moderator_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    comment = make_comment(make_article(), status="pending")
    assert moderator_client.get(f"{QUEUE}add/").status_code == 403
    assert moderator_client.post(f"{QUEUE}{comment.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_staff_who_may_only_view_comments_cannot_decide(client, django_user_model):
    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_comment"))
    client.force_login(viewer)
    comment = make_comment(make_article(), status="pending")
    assert "formaction" not in client.get(QUEUE).text
    assert client.post(decide_url(comment, "approve")).status_code == 403
    comment.refresh_from_db()
    assert comment.status == "pending"


def test_the_change_form_changes_only_the_text_and_status_through_moderation(moderator_client, moderator):
    comment = make_comment(make_article(), status="pending", name="Original")
    response = moderator_client.post(
        f"{QUEUE}{comment.pk}/change/", {"status": "approved", "name": "Changed", "body": comment.body}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.status, comment.decided_by, comment.name) == ("approved", moderator, "Original")


def insert_pending(articles, count):
    """`count` pending comments spread over three articles, made by the database (ORM objects are slow)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH RECURSIVE serial(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM serial WHERE n < %s)
            INSERT INTO comments_comment
                (article_id, depth, name, email, website, body, status, rule, ip_address, user_agent, created_at)
            SELECT CASE n %% 3 WHEN 0 THEN %s WHEN 1 THEN %s ELSE %s END, 0, 'Spammer ' || n,
                'spam' || n || '@example.org', '', 'Cheap pills ' || n, 'pending', '', '192.0.2.1', '',
                CURRENT_TIMESTAMP
            FROM serial
            """,
            [count, *(article.pk for article in articles)],
        )


def test_the_queue_stays_within_budget_with_100000_pending(
    moderator_client, no_cache, django_assert_max_num_queries
):
    articles = [make_article() for _ in range(3)]
    insert_pending(articles, 100_000)
    with django_assert_max_num_queries(10):
        response = moderator_client.get(QUEUE)
    assert response.status_code == 200
    assert "100,000" in response.text or "100000" in response.text
    assert len(response.context["cl"].result_list) == 50
