"""The moderation policy in the admin: discussion settings, trusted and blocked lists, the rule tester, and what
the queue shows and does with the rules' decisions."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse, reverse_lazy

from comments import moderation
from comments.discussion import discussion_settings
from comments.models import BlockedCommenter, Comment, DiscussionSettings, TrustedCommenter
from tests.comment_policy import sample, set_discussion
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

QUEUE = reverse_lazy("admin:comments_comment_changelist")
SETTINGS = reverse_lazy("admin:comments_discussionsettings_change", args=[DiscussionSettings.SOLO_PK])
TESTER = reverse_lazy("admin:comments_discussionsettings_test")


@pytest.fixture
def admin_client_(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("boss", "boss@example.org", "pw"))
    return client


def settings_form(**changes):
    """The settings form as the admin shows it (defaults), with some values changed."""
    solo = DiscussionSettings.objects.get(pk=1)
    data = {}
    for field in DiscussionSettings._meta.concrete_fields:
        if not field.editable or field.primary_key:
            continue
        value = getattr(solo, field.attname)
        if isinstance(value, bool):
            if value:
                data[field.name] = "on"
        else:
            data[field.name] = value
    for name, value in changes.items():
        if value is False:
            data.pop(name, None)
        else:
            data[name] = "on" if value is True else value
    return data


# The discussion settings.


def test_there_is_one_record_with_safe_defaults():
    solo = DiscussionSettings.objects.get()
    assert solo.pk == 1
    assert (solo.hold_new_comments, solo.approve_known_commenters, solo.link_limit) == (True, False, 2)
    assert (solo.min_seconds, solo.rate_limit, solo.spam_days) == (3, 5, 30)
    assert solo.close_comments is False


def test_the_settings_list_opens_the_one_record(admin_client_):
    response = admin_client_.get(reverse("admin:comments_discussionsettings_changelist"))
    assert response.status_code == 302
    assert response.url == SETTINGS


def test_the_settings_page_explains_each_setting_and_links_the_tester(admin_client_):
    page = admin_client_.get(SETTINGS).text
    for text in [
        "Whole words only, whatever the case",
        "Without JavaScript the time is unknown",
        "Further comments in the same minute are refused",
        "where it can be restored",
        str(TESTER),
    ]:
        assert text in page


def test_no_second_record_and_no_deletion(admin_client_):
    assert admin_client_.get(reverse("admin:comments_discussionsettings_add")).status_code == 403
    assert (
        admin_client_.post(reverse("admin:comments_discussionsettings_delete", args=[1])).status_code == 403
    )


def test_saving_changes_the_rules_at_once_and_records_who(admin_client_):
    assert discussion_settings().link_limit == 2  # now in the cache
    response = admin_client_.post(SETTINGS, settings_form(link_limit=4, moderation_words="refund\nlawsuit"))
    assert response.status_code == 302
    solo = discussion_settings()
    assert (solo.link_limit, solo.moderation_words) == (4, "refund\nlawsuit")
    assert DiscussionSettings.objects.get().modified_by.username == "boss"


def test_a_limit_below_one_is_refused_with_a_message(admin_client_):
    response = admin_client_.post(SETTINGS, settings_form(link_limit=0))
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 1." in response.text
    assert DiscussionSettings.objects.get().link_limit == 2


def test_moderators_cannot_see_the_settings(moderator_client):
    assert moderator_client.get(SETTINGS).status_code == 403
    assert moderator_client.get(TESTER).status_code == 403


# The trusted and blocked lists.


def test_a_moderator_adds_a_trusted_commenter_by_address_in_any_case(moderator_client, moderator):
    url = reverse("admin:comments_trustedcommenter_add")
    response = moderator_client.post(url, {"email": "Ada@Example.ORG", "note": "Regular"})
    assert response.status_code == 302
    trusted = TrustedCommenter.objects.get()
    assert (trusted.email, trusted.added_by) == ("ada@example.org", moderator)
    again = moderator_client.post(url, {"email": "ADA@example.org"})
    assert "already exists" in again.text
    assert TrustedCommenter.objects.count() == 1


@pytest.mark.parametrize(
    ("value", "kind", "stored"),
    [
        ("Spam@Example.org", "email", "spam@example.org"),
        ("203.0.113.7", "network", "203.0.113.7"),
        ("203.0.113.9/24", "network", "203.0.113.0/24"),
        ("2001:DB8::1/48", "network", "2001:db8::/48"),
    ],
)
def test_a_blocked_entry_is_an_email_an_address_or_a_network(moderator_client, value, kind, stored):
    response = moderator_client.post(reverse("admin:comments_blockedcommenter_add"), {"value": value})
    assert response.status_code == 302
    assert BlockedCommenter.objects.values_list("kind", "value").get() == (kind, stored)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("not an address", "Enter an email address, an IP address or a network"),
        ("spam@", "Enter a valid email address."),
        ("0.0.0.0/0", "This network is too wide"),
        ("2000::/8", "This network is too wide"),
    ],
)
def test_a_blocked_entry_that_is_none_of_those_is_refused(moderator_client, value, message):
    response = moderator_client.post(reverse("admin:comments_blockedcommenter_add"), {"value": value})
    assert message in response.text
    assert not BlockedCommenter.objects.exists()


def test_an_address_cannot_be_trusted_and_blocked_at_once(moderator_client):
    TrustedCommenter.objects.create(email="ada@example.org")
    response = moderator_client.post(
        reverse("admin:comments_blockedcommenter_add"), {"value": "ADA@example.org"}
    )
    assert "is a trusted commenter" in response.text
    BlockedCommenter.objects.create(value="ben@example.org")
    response = moderator_client.post(
        reverse("admin:comments_trustedcommenter_add"), {"email": "ben@example.org"}
    )
    assert "is on the blocked list" in response.text
    assert TrustedCommenter.objects.count() == BlockedCommenter.objects.count() == 1


# The rule tester.


def post_sample(client, **fields):
    data = {
        "name": "Ada",
        "email": "ada@example.org",
        "website": "",
        "ip_address": "",
        "body": "Hello.",
        **fields,
    }
    return client.post(TESTER, data)


def test_the_rule_tester_shows_the_deciding_rule_and_why(admin_client_):
    set_discussion(blocked_words="casino")
    response = post_sample(admin_client_, body="Play at the Casino")
    assert response.status_code == 200
    verdicts = response.context["verdicts"]
    deciding = [verdict for verdict in verdicts if verdict.decides]
    assert [verdict.rule.name for verdict in deciding] == ["blocked_word_is_spam"]
    assert "Decided by: Blocked word" in response.text
    assert "Spam: blocked word “casino”." in response.text
    # Every rule is listed, in order, with its own answer.
    assert [verdict.rule.name for verdict in verdicts][:2] == ["trap_filled_is_spam", "too_fast_is_spam"]
    assert "Held: every new comment waits for a moderator." in response.text


def test_the_rule_tester_shows_what_a_switched_off_rule_would_have_said(admin_client_):
    set_discussion(hold_links=False)
    response = post_sample(admin_client_, body="https://a.example https://b.example https://c.example")
    assert "Held: 3 links (limit 2). (switched off)" in response.text
    assert next(v for v in response.context["verdicts"] if v.decides).rule.name == "hold_for_moderation"


@pytest.mark.parametrize(
    ("fields", "rule"),
    [
        ({"trap_filled": "on"}, "trap_filled_is_spam"),
        ({"seconds_taken": "1.5"}, "too_fast_is_spam"),
        ({"ip_address": "203.0.113.50"}, "blocked_sender_is_spam"),
        ({"email": "trusted@example.org"}, "trusted_commenter_is_published"),
        ({"body": "I want a refund"}, "moderation_word_holds"),
        ({"seconds_taken": "30"}, "hold_for_moderation"),
    ],
)
def test_the_rule_tester_runs_every_rule(admin_client_, fields, rule):
    set_discussion(moderation_words="refund")
    BlockedCommenter.objects.create(value="203.0.113.0/24")
    TrustedCommenter.objects.create(email="trusted@example.org")
    response = post_sample(admin_client_, **fields)
    assert next(v for v in response.context["verdicts"] if v.decides).rule.name == rule


def test_the_rule_tester_stores_and_counts_nothing(admin_client_, settings):
    article = make_article()
    before = Comment.objects.count()
    for _ in range(10):
        post_sample(admin_client_, ip_address="203.0.113.5")
    assert Comment.objects.count() == before
    # The sample counted towards no limit: a reader at that address can still post.
    assert moderation.refuse(sample(article=article, ip_address="203.0.113.5").comment) is None


def test_the_rule_tester_says_what_is_wrong_with_a_sample(admin_client_):
    response = post_sample(admin_client_, body="", ip_address="not-an-ip", seconds_taken="-1")
    assert response.context["verdicts"] is None
    for message in [
        "This field is required.",
        "Enter a valid IPv4 or IPv6 address.",
        "greater than or equal to 0",
    ]:
        assert message in response.text


# The queue.


def test_the_queue_shows_why_each_comment_was_held(moderator_client):
    set_discussion(moderation_words="refund")
    article = make_article()
    for body in ["Refund me now.", "https://a.example https://b.example https://c.example", "Plain words."]:
        comment = sample(article=article, body=body).comment
        comment.place_under(None)
        moderation.submit(comment)
    page = moderator_client.get(QUEUE).text
    for explanation in [
        "Held: moderation word “refund”.",
        "Held: 3 links (limit 2).",
        "Held: every new comment waits for a moderator.",
    ]:
        assert explanation in page


def test_the_spam_bin_offers_restore_actions_and_the_queue_does_not(moderator_client):
    make_comment(make_article(), status="spam")
    queue_actions = moderator_client.get(QUEUE).context["action_form"].fields["action"].choices
    bin_actions = (
        moderator_client.get(QUEUE, {"status": "spam"}).context["action_form"].fields["action"].choices
    )
    assert "restore_and_trust_selected" not in dict(queue_actions)
    assert {"restore_selected", "restore_and_trust_selected"} <= set(dict(bin_actions))


def test_restore_and_trust_from_the_spam_bin(moderator_client, moderator):
    article = make_article()
    spam = make_comment(article, status="spam", email="ada@example.org")
    response = moderator_client.post(
        f"{QUEUE}?status=spam",
        {"action": "restore_and_trust_selected", "_selected_action": [spam.pk]},
        follow=True,
    )
    assert "Restored 1 comment from the spam bin: it is on the site." in response.text
    assert "1 sender is now a trusted commenter." in response.text
    spam.refresh_from_db()
    assert (spam.status, spam.decided_by) == ("approved", moderator)
    assert TrustedCommenter.objects.filter(email="ada@example.org").exists()


def test_restoring_needs_the_right_to_trust_for_the_trusting_action(client, django_user_model):
    viewer = django_user_model.objects.create_user("helper", is_staff=True)
    viewer.user_permissions.set(
        Group.objects.get(name="Moderators").permissions.filter(content_type__model="comment")
    )
    client.force_login(viewer)
    actions = dict(client.get(QUEUE, {"status": "spam"}).context["action_form"].fields["action"].choices)
    assert "restore_selected" in actions
    assert "restore_and_trust_selected" not in actions
