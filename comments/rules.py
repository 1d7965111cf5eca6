"""
The rules a new comment meets, as plain functions, asked by comments/moderation.py.

Two questions, in this order:
1. Refuse it outright? REFUSALS answer with a Refusal (the reader gets a message, their text kept, nothing is
   stored): too many comments from one address this minute, or the same comment sent again.
2. Spam, held or published? RULES are asked in order and the first with an answer decides; the comment
   records the rule's name and its explanation, which the moderation queue shows.

Each rule takes a Submission and returns a Decision (or a Refusal), or None when it has no opinion. The
discussion settings switch each one on or off (`Rule.switch`); the rule tester in the admin asks them all.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from comments import rate_limit
from comments.models import BlockedCommenter, Comment, DiscussionSettings, TrustedCommenter
from comments.text import links_in


@dataclass(frozen=True)
class Submission:
    """A comment on its way in, with what is known about how it was sent."""

    comment: Comment
    discussion: DiscussionSettings = field(default_factory=DiscussionSettings)
    user: object = field(default_factory=AnonymousUser)
    trap_filled: bool = False
    # From the moment the reader started on the form to the post; None when unknown (no JavaScript).
    seconds_taken: float | None = None


@dataclass(frozen=True)
class Decision:
    status: Comment.Status
    rule: str
    explanation: str = ""


@dataclass(frozen=True)
class Refusal:
    rule: str
    message: str
    status_code: int = 400


@dataclass(frozen=True)
class Rule:
    check: Callable
    label: Promise
    # The DiscussionSettings field that switches the rule on; None for a rule that is always on.
    switch: str | None = None

    @property
    def name(self):
        return self.check.__name__

    def is_on(self, discussion):
        return self.switch is None or getattr(discussion, self.switch)


# Refusals.


def too_many_from_one_address(submission):
    """Counts the comment against its address's limit for the minute: call once per comment sent."""
    limit = submission.discussion.rate_limit
    if rate_limit.count(submission.comment.ip_address) <= limit:
        return None
    message = ngettext(
        "At most %(limit)d comment a minute can be sent from one address. Please wait a minute and send it "
        "again: your comment is kept below.",
        "At most %(limit)d comments a minute can be sent from one address. Please wait a minute and send it "
        "again: your comment is kept below.",
        limit,
    ) % {"limit": limit}
    return Refusal("rate-limit", message, status_code=429)


def duplicate_is_refused(submission):
    comment = submission.comment
    earlier = (
        Comment.objects.on_article(comment.article_id).from_email(comment.email).filter(body=comment.body)
    )
    if earlier.exists():
        return Refusal("duplicate", gettext("You have already sent this comment on this article."))
    return None


REFUSALS = [
    Rule(too_many_from_one_address, _("Too many comments from one address"), "limit_rate"),
    Rule(duplicate_is_refused, _("Duplicate comment"), "refuse_duplicates"),
]


# Decisions: spam first, then what publishes at once, then what holds.


def trap_filled_is_spam(submission):
    """Only a program fills the field people cannot see."""
    if submission.trap_filled:
        return Decision(
            Comment.Status.SPAM, "trap-field-filled", gettext("Spam: the hidden trap field was filled in.")
        )
    return None


def too_fast_is_spam(submission):
    """Nobody reads, writes and sends a comment in a second or two; an unknown time proves nothing."""
    taken, minimum = submission.seconds_taken, submission.discussion.min_seconds
    if taken is None or taken >= minimum:
        return None
    explanation = gettext(
        "Spam: sent %(seconds)s seconds after the form was started (minimum %(minimum)d)."
    ) % {
        "seconds": number_format(max(taken, 0), 1),
        "minimum": minimum,
    }
    return Decision(Comment.Status.SPAM, "too-fast", explanation)


def blocked_sender_is_spam(submission):
    comment = submission.comment
    entry = BlockedCommenter.objects.first_match(comment.email, comment.ip_address)
    if entry is None:
        return None
    if entry.kind == BlockedCommenter.Kind.EMAIL:
        explanation = gettext("Spam: blocked email address “%(email)s”.") % {"email": entry.value}
    else:
        explanation = gettext("Spam: IP address %(address)s is blocked (%(entry)s).") % {
            "address": comment.ip_address,
            "entry": entry.value,
        }
    return Decision(Comment.Status.SPAM, "blocked-commenter", explanation)


def _words_in(comment, word_list):
    return word_list.first_found(comment.body, comment.name, comment.email, comment.website)


def blocked_word_is_spam(submission):
    word = _words_in(submission.comment, submission.discussion.blocked_word_list)
    if word is None:
        return None
    return Decision(
        Comment.Status.SPAM, "blocked-word", gettext("Spam: blocked word “%(word)s”.") % {"word": word}
    )


def moderators_are_trusted(submission):
    """A signed-in moderator's comment needs no one else's approval."""
    user = submission.user
    if user.is_authenticated and user.has_perm("comments.change_comment"):
        return Decision(
            Comment.Status.APPROVED, "moderator", gettext("Published: the sender is a moderator.")
        )
    return None


def trusted_commenter_is_published(submission):
    if TrustedCommenter.objects.for_email(submission.comment.email).exists():
        return Decision(
            Comment.Status.APPROVED, "trusted-commenter", gettext("Published: a trusted commenter.")
        )
    return None


def moderation_word_holds(submission):
    word = _words_in(submission.comment, submission.discussion.moderation_word_list)
    if word is None:
        return None
    explanation = gettext("Held: moderation word “%(word)s”.") % {"word": word}
    return Decision(Comment.Status.PENDING, "moderation-word", explanation)


def many_links_hold(submission):
    count, limit = len(links_in(submission.comment.body)), submission.discussion.link_limit
    if count < limit:
        return None
    explanation = ngettext(
        "Held: %(count)d link (limit %(limit)d).", "Held: %(count)d links (limit %(limit)d).", count
    ) % {"count": count, "limit": limit}
    return Decision(Comment.Status.PENDING, "links", explanation)


def known_commenter_is_published(submission):
    """Someone whose earlier comment a moderator approved (by email address)."""
    if Comment.objects.approved().from_email(submission.comment.email).exists():
        explanation = gettext("Published: the sender has an earlier approved comment.")
        return Decision(Comment.Status.APPROVED, "known-commenter", explanation)
    return None


def hold_for_moderation(submission):
    explanation = gettext("Held: every new comment waits for a moderator.")
    return Decision(Comment.Status.PENDING, "held-for-moderation", explanation)


def publish_the_rest(submission):
    return Decision(Comment.Status.APPROVED, "no-rule-held", gettext("Published: no rule held it."))


RULES = [
    Rule(trap_filled_is_spam, _("Hidden trap field filled in"), "spam_trap_filled"),
    Rule(too_fast_is_spam, _("Sent too fast"), "spam_too_fast"),
    Rule(blocked_sender_is_spam, _("Blocked commenter"), "spam_blocked_commenters"),
    Rule(blocked_word_is_spam, _("Blocked word"), "spam_blocked_words"),
    Rule(moderators_are_trusted, _("Moderator’s own comment")),
    Rule(trusted_commenter_is_published, _("Trusted commenter"), "trust_listed_commenters"),
    Rule(moderation_word_holds, _("Moderation word"), "hold_moderation_words"),
    Rule(many_links_hold, _("Many links"), "hold_links"),
    Rule(known_commenter_is_published, _("Earlier approved comment"), "approve_known_commenters"),
    Rule(hold_for_moderation, _("Every new comment waits"), "hold_new_comments"),
    Rule(publish_the_rest, _("Nothing held it")),
]


def first_refusal(submission):
    """The first refusal of the switched-on REFUSALS, or None: the comment may be stored."""
    for rule in REFUSALS:
        if rule.is_on(submission.discussion) and (refusal := rule.check(submission)):
            return refusal
    return None


def decide_on_arrival(submission):
    """The Decision of the first switched-on rule with an opinion."""
    for rule in RULES:
        if rule.is_on(submission.discussion) and (decision := rule.check(submission)):
            return decision
    raise AssertionError("publish_the_rest always decides")


@dataclass(frozen=True)
class Verdict:
    """One rule's answer, for the rule tester: asked whether or not it is switched on."""

    rule: Rule
    is_on: bool
    decision: Decision | None
    decides: bool = False


def every_verdict(submission):
    """Every rule's answer to a submission, the deciding one marked. Stores nothing and counts nothing."""
    verdicts, decided = [], False
    for rule in RULES:
        is_on = rule.is_on(submission.discussion)
        decision = rule.check(submission)
        decides = is_on and decision is not None and not decided
        decided = decided or decides
        verdicts.append(Verdict(rule, is_on, decision, decides))
    return verdicts
