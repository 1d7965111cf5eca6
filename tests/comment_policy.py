"""The discussion settings and the rules' inputs, made for the comment tests."""

from django.contrib.auth.models import AnonymousUser

from comments.discussion import save_discussion_settings
from comments.models import Comment, DiscussionSettings
from comments.rules import Submission


def set_discussion(**fields):
    """Save the discussion settings with these fields changed, as an administrator would; returns them."""
    # get_or_create: a transactional test's flush empties the table the migration filled.
    solo, _created = DiscussionSettings.objects.get_or_create(pk=DiscussionSettings.SOLO_PK)
    for name, value in fields.items():
        setattr(solo, name, value)
    save_discussion_settings(solo)
    return solo


def sample(*, article=None, discussion=None, user=None, trap_filled=False, seconds_taken=None, **fields):
    """A submission of an unsaved comment, by an anonymous reader unless told otherwise."""
    values = {
        "name": "Ada Reader",
        "email": "ada@example.org",
        "website": "",
        "body": "A thoughtful comment.",
        "ip_address": "203.0.113.5",
        **fields,
    }
    comment = Comment(article=article, **values)
    return Submission(
        comment=comment,
        discussion=discussion or DiscussionSettings(),
        user=user or AnonymousUser(),
        trap_filled=trap_filled,
        seconds_taken=seconds_taken,
    )
