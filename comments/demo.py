"""
Readers' comments for the demo site, under the long demo article: sent through the moderation rules as a
reader's would be, then some approved by the system, so the demo shows a threaded discussion, a queue with
the rules' explanations and a spam bin.
"""

from datetime import timedelta

from django.utils import timezone

from articles import demo_data
from articles.models import Article
from comments import moderation
from comments.models import Comment

# (key, replying to, name, email, minutes ago, approved, text); addresses from the documentation ranges.
THREAD = [
    (
        "pilot",
        None,
        "Ines Okafor",
        "ines.okafor@example.org",
        110,
        True,
        "I pilot ships into a port that went electric two years ago. The quiet at night is the first thing "
        "the crews mention, before the air.",
    ),
    (
        "grid",
        "pilot",
        "Pieter de Wit",
        "pieter@example.net",
        95,
        True,
        "Quiet for the quay, maybe. Does anyone know where the extra load on the local grid comes from? "
        "A cruise ship at berth is a small town.",
    ),
    (
        "grid-answer",
        "grid",
        "Ines Okafor",
        "ines.okafor@example.org",
        80,
        True,
        "Ours signed a contract for wind power at night, when ships draw most and the grid has room.",
    ),
    (
        "fees",
        None,
        "Sam Reyes",
        "sam.reyes@example.com",
        70,
        True,
        "The article says electricity is often cheaper than fuel. Cheaper for whom, once the connection "
        "fees are counted?",
    ),
    (
        "fees-answer",
        "fees",
        "Dana Holm",
        "dana.holm@example.org",
        55,
        True,
        "For the shipowner, mostly. The port carries the substation for a decade before the fees pay it back.",
    ),
    (
        "waiting",
        None,
        "Leo Marchetti",
        "leo.m@example.com",
        20,
        False,
        "Retrofitting older ships is the real bottleneck. Yards are booked years ahead.",
    ),
    (
        "links",
        None,
        "Harbour Deals",
        "offers@deals.example",
        12,
        False,
        "Compare shore power suppliers: https://deals.example/one https://deals.example/two "
        "https://deals.example/three",
    ),
]
SPAM = ("Cheap Pills", "pills@spam.example", 5, "Best prices online, no prescription needed.")


def load():
    """Comment on the long demo article once; returns how many comments were added (none when it has some)."""
    article = Article.objects.published().filter(slug=demo_data.LONG_ARTICLE["slug"]).first()
    if article is None or article.comments.exists():
        return 0
    now = timezone.now()
    sent = {}
    for index, (key, parent_key, name, email, minutes_ago, approved, body) in enumerate(THREAD):
        comment = _comment(article, name, email, body, index)
        comment.place_under(sent.get(parent_key))
        moderation.submit(comment)
        if approved:
            moderation.approve(comment, by=None)
        _backdate(comment, now - timedelta(minutes=minutes_ago))
        sent[key] = comment
    name, email, minutes_ago, body = SPAM
    spam = _comment(article, name, email, body, len(THREAD))
    spam.place_under(None)
    moderation.submit(spam, trap_filled=True)
    _backdate(spam, now - timedelta(minutes=minutes_ago))
    return len(THREAD) + 1


def _comment(article, name, email, body, index):
    return Comment(
        article=article,
        name=name,
        email=email,
        body=body,
        ip_address=f"198.51.100.{10 + index}",
        user_agent="Newsroom demo",
    )


def _backdate(comment, moment):
    # Spread over the article's first two hours, as a discussion grows.
    Comment.objects.filter(pk=comment.pk).update(created_at=moment, decided_at=comment.decided_at and moment)
