"""The arrival rules, each alone, switched off, and in combination; what a comment records of them."""

import pytest
from django.contrib.auth.models import AnonymousUser

from comments import moderation, rules
from comments.models import BlockedCommenter, Comment, DiscussionSettings, TrustedCommenter
from tests.comment_policy import sample, set_discussion
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

SPAM, HELD, PUBLISHED = Comment.Status.SPAM, Comment.Status.PENDING, Comment.Status.APPROVED
RULE_BY_NAME = {rule.name: rule for rule in rules.RULES}


def settings_with(**fields):
    return DiscussionSettings(**fields)


# Each rule alone: what makes it answer, and what it says.


def test_a_filled_trap_is_spam():
    decision = rules.trap_filled_is_spam(sample(trap_filled=True))
    assert (decision.status, decision.rule) == (SPAM, "trap-field-filled")
    assert decision.explanation == "Spam: the hidden trap field was filled in."
    assert rules.trap_filled_is_spam(sample()) is None


@pytest.mark.parametrize(
    ("seconds", "is_spam"), [(0.4, True), (2.9, True), (3.0, False), (40, False), (None, False)]
)
def test_a_comment_sent_faster_than_the_minimum_is_spam_and_an_unknown_time_is_not(seconds, is_spam):
    decision = rules.too_fast_is_spam(sample(seconds_taken=seconds, discussion=settings_with(min_seconds=3)))
    assert (decision is not None) == is_spam
    if is_spam:
        assert decision.rule == "too-fast"
        assert (
            decision.explanation
            == f"Spam: sent {seconds:.1f} seconds after the form was started (minimum 3)."
        )


def test_a_blocked_email_address_is_spam_whatever_its_case():
    BlockedCommenter.objects.create(value="Spammer@Example.org")
    decision = rules.blocked_sender_is_spam(sample(email="SPAMMER@example.ORG"))
    assert (decision.status, decision.rule) == (SPAM, "blocked-commenter")
    assert decision.explanation == "Spam: blocked email address “spammer@example.org”."
    assert rules.blocked_sender_is_spam(sample(email="someone@example.org")) is None


@pytest.mark.parametrize(
    ("entry", "address", "blocked"),
    [
        ("203.0.113.7", "203.0.113.7", True),
        ("203.0.113.7", "203.0.113.8", False),
        ("203.0.113.0/24", "203.0.113.200", True),
        ("203.0.113.0/24", "203.0.114.1", False),
        ("2001:db8::/48", "2001:db8:0:5::1", True),
        ("2001:db8::/48", "2001:db9::1", False),
    ],
)
def test_a_blocked_ip_address_or_network_is_spam(entry, address, blocked):
    BlockedCommenter.objects.create(value=entry)
    decision = rules.blocked_sender_is_spam(sample(ip_address=address))
    assert (decision is not None) == blocked
    if blocked:
        assert decision.explanation == f"Spam: IP address {address} is blocked ({entry})."


def test_a_blocked_word_is_spam_in_the_text_name_email_or_website():
    discussion = settings_with(blocked_words="casino\nviagra")
    for fields in [
        {"body": "Try the Casino tonight"},
        {"name": "Casino King"},
        {"email": "king@casino.example"},
        {"website": "https://viagra.example/"},
    ]:
        decision = rules.blocked_word_is_spam(sample(discussion=discussion, **fields))
        assert (decision.status, decision.rule) == (SPAM, "blocked-word"), fields
    decision = rules.blocked_word_is_spam(sample(discussion=discussion, body="casino"))
    assert decision.explanation == "Spam: blocked word “casino”."
    assert (
        rules.blocked_word_is_spam(sample(discussion=discussion, body="Casinos are not words here")) is None
    )


def test_a_moderators_own_comment_is_published(moderator, django_user_model):
    decision = rules.moderators_are_trusted(sample(user=moderator))
    assert (decision.status, decision.rule) == (PUBLISHED, "moderator")
    editor = django_user_model.objects.create_user("editor", is_staff=True)
    assert rules.moderators_are_trusted(sample(user=editor)) is None


def test_a_trusted_commenter_is_published_whatever_the_case_of_the_address():
    TrustedCommenter.objects.create(email="Ada@Example.org")
    decision = rules.trusted_commenter_is_published(sample(email="ADA@example.org"))
    assert (decision.status, decision.rule) == (PUBLISHED, "trusted-commenter")
    assert decision.explanation == "Published: a trusted commenter."
    assert rules.trusted_commenter_is_published(sample(email="other@example.org")) is None


def test_a_moderation_word_holds_the_comment():
    discussion = settings_with(moderation_words="refund\nlawsuit")
    decision = rules.moderation_word_holds(sample(discussion=discussion, body="I want a REFUND."))
    assert (decision.status, decision.rule) == (HELD, "moderation-word")
    assert decision.explanation == "Held: moderation word “refund”."
    assert rules.moderation_word_holds(sample(discussion=discussion, body="Refunds are words apart")) is None


@pytest.mark.parametrize(("links", "held"), [(0, False), (1, False), (2, True), (3, True)])
def test_two_or_more_links_hold_the_comment(links, held):
    body = " ".join(f"See https://example.org/{n}." for n in range(links)) or "No links."
    decision = rules.many_links_hold(sample(discussion=settings_with(link_limit=2), body=body))
    assert (decision is not None) == held
    if held:
        assert (decision.status, decision.rule) == (HELD, "links")
        assert decision.explanation == f"Held: {links} links (limit 2)."


def test_addresses_that_are_not_links_do_not_count():
    body = "www.example.org and example.org and ftp://example.org and https://"
    assert rules.many_links_hold(sample(discussion=settings_with(link_limit=1), body=body)) is None


def test_a_commenter_with_an_earlier_approved_comment_is_published():
    article = make_article()
    make_comment(article, email="Known@Example.org")
    decision = rules.known_commenter_is_published(sample(email="known@example.org"))
    assert (decision.status, decision.rule) == (PUBLISHED, "known-commenter")
    make_comment(article, email="pending@example.org", status="pending")
    make_comment(article, email="spam@example.org", status="spam")
    for email in ["pending@example.org", "spam@example.org", "new@example.org"]:
        assert rules.known_commenter_is_published(sample(email=email)) is None


def test_every_rule_answers_none_to_a_plain_comment_but_the_last_two():
    plain = sample(discussion=settings_with(moderation_words="refund", blocked_words="casino"))
    answers = {rule.name: rule.check(plain) for rule in rules.RULES}
    assert {name for name, answer in answers.items() if answer} == {"hold_for_moderation", "publish_the_rest"}


# Switches: every rule but two can be switched off in the discussion settings.


def test_every_rule_is_switchable_except_the_moderators_and_the_last():
    always_on = {rule.name for rule in rules.RULES + rules.REFUSALS if rule.switch is None}
    assert always_on == {"moderators_are_trusted", "publish_the_rest"}
    for rule in rules.RULES + rules.REFUSALS:
        if rule.switch:
            assert isinstance(DiscussionSettings._meta.get_field(rule.switch).default, bool), rule.switch


@pytest.mark.parametrize(
    ("switch", "fields", "setup"),
    [
        ("spam_trap_filled", {"trap_filled": True}, None),
        ("spam_too_fast", {"seconds_taken": 0.5}, None),
        ("spam_blocked_commenters", {"email": "bad@example.org"}, "block"),
        ("spam_blocked_words", {"body": "casino"}, None),
        ("hold_moderation_words", {"body": "refund please"}, None),
        ("hold_links", {"body": "https://a.example https://b.example"}, None),
    ],
)
def test_a_rule_switched_off_lets_the_comment_through_to_the_next(switch, fields, setup):
    if setup == "block":
        BlockedCommenter.objects.create(value="bad@example.org")
    words = {"blocked_words": "casino", "moderation_words": "refund", "hold_new_comments": False}
    on = rules.decide_on_arrival(sample(discussion=settings_with(**words), **fields))
    off = rules.decide_on_arrival(sample(discussion=settings_with(**words, **{switch: False}), **fields))
    assert on.status != PUBLISHED
    assert (off.status, off.rule) == (PUBLISHED, "no-rule-held")


def test_trusted_and_known_commenters_are_held_like_anyone_when_their_rules_are_off():
    TrustedCommenter.objects.create(email="ada@example.org")
    make_comment(make_article(), email="ada@example.org")
    off = settings_with(trust_listed_commenters=False, approve_known_commenters=False)
    assert rules.decide_on_arrival(sample(discussion=off)).rule == "held-for-moderation"
    known_on = settings_with(trust_listed_commenters=False, approve_known_commenters=True)
    assert rules.decide_on_arrival(sample(discussion=known_on)).rule == "known-commenter"


def test_with_holding_switched_off_a_comment_no_rule_holds_is_published():
    decision = rules.decide_on_arrival(sample(discussion=settings_with(hold_new_comments=False)))
    assert (decision.status, decision.rule, decision.explanation) == (
        PUBLISHED,
        "no-rule-held",
        "Published: no rule held it.",
    )


def test_approving_known_commenters_is_off_by_default():
    make_comment(make_article(), email="ada@example.org")
    assert rules.decide_on_arrival(sample()).rule == "held-for-moderation"


# In combination: spam rules first, then what publishes at once, then what holds.


@pytest.mark.parametrize(
    ("fields", "trusted", "expected_rule"),
    [
        ({"trap_filled": True, "body": "casino"}, True, "trap-field-filled"),
        ({"seconds_taken": 1, "body": "casino"}, True, "too-fast"),
        ({"body": "casino night"}, True, "blocked-word"),
        ({"body": "refund https://a.example https://b.example"}, True, "trusted-commenter"),
        ({"body": "refund https://a.example https://b.example"}, False, "moderation-word"),
        ({"body": "https://a.example https://b.example"}, False, "links"),
        ({"body": "Nothing to see.", "seconds_taken": 12}, False, "held-for-moderation"),
    ],
)
def test_the_first_rule_in_order_decides(fields, trusted, expected_rule):
    if trusted:
        TrustedCommenter.objects.create(email="ada@example.org")
    discussion = settings_with(blocked_words="casino", moderation_words="refund")
    assert rules.decide_on_arrival(sample(discussion=discussion, **fields)).rule == expected_rule


def test_a_blocked_sender_is_spam_even_with_an_approved_past_and_a_moderators_rights(moderator):
    BlockedCommenter.objects.create(value="203.0.113.0/24")
    make_comment(make_article(), email="ada@example.org")
    discussion = settings_with(approve_known_commenters=True)
    assert rules.decide_on_arrival(sample(discussion=discussion, user=moderator)).rule == "blocked-commenter"


def test_a_known_commenter_is_still_held_by_links_and_moderation_words():
    make_comment(make_article(), email="ada@example.org")
    discussion = settings_with(approve_known_commenters=True, moderation_words="refund")
    assert rules.decide_on_arrival(sample(discussion=discussion, body="refund")).rule == "moderation-word"
    links = "https://a.example https://b.example"
    assert rules.decide_on_arrival(sample(discussion=discussion, body=links)).rule == "links"
    assert rules.decide_on_arrival(sample(discussion=discussion)).rule == "known-commenter"


# What the comment records.


def test_a_stored_comment_records_its_deciding_rule_and_why():
    set_discussion(moderation_words="refund")
    comment = sample(article=make_article(), body="Refund me.").comment
    comment.place_under(None)
    moderation.submit(comment, user=AnonymousUser())
    comment.refresh_from_db()
    assert (comment.status, comment.rule, comment.rule_explanation) == (
        "pending",
        "moderation-word",
        "Held: moderation word “refund”.",
    )
    assert comment.decided_at is None


def test_spam_by_a_rule_records_the_time_it_was_decided():
    comment = sample(article=make_article()).comment
    comment.place_under(None)
    moderation.submit(comment, seconds_taken=0.2)
    comment.refresh_from_db()
    assert (comment.status, comment.rule) == ("spam", "too-fast")
    assert comment.decided_at is not None
    assert comment.decided_by is None


def test_a_long_explanation_is_cut_to_fit():
    word = "x" * 400
    set_discussion(blocked_words=word)
    comment = sample(article=make_article(), body=word).comment
    comment.place_under(None)
    moderation.submit(comment)
    comment.refresh_from_db()
    assert comment.rule == "blocked-word"
    assert len(comment.rule_explanation) == 300
