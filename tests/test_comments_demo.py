"""The demo site's comments: a threaded discussion, a queue with the rules' reasons, a spam bin; loaded once."""

import pytest
from django.core.management import call_command

from articles import demo_data
from comments.models import Comment

pytestmark = pytest.mark.django_db


def test_the_long_demo_article_gets_a_discussion_through_the_rules():
    call_command("demo_content")
    comments = Comment.objects.filter(article__slug=demo_data.LONG_ARTICLE["slug"])
    approved = comments.approved()
    assert approved.count() == 5
    assert approved.filter(depth=2).exists()  # a reply to a reply
    assert set(comments.pending().values_list("rule", flat=True)) == {"held-for-moderation", "links"}
    assert comments.get(rule="links").rule_explanation == "Held: 3 links (limit 2)."
    assert comments.spam().get().rule == "trap-field-filled"


def test_loading_the_demo_twice_adds_no_comments():
    call_command("demo_content")
    count = Comment.objects.count()
    call_command("demo_content")
    assert Comment.objects.count() == count
