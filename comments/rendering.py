"""
The comment thread under an article, as HTML: one function, so the rendered thread can be stored and
reused until the article's comments change.
"""

import math
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext

from comments.discussion import comments_open
from comments.models import Comment

# What the thread shows of a comment; the email and the rest stay in the database.
PUBLIC_FIELDS = ["article", "parent", "root", "depth", "name", "website", "body", "status", "created_at"]


@dataclass
class Node:
    """
    One comment in document order, with how the list around it opens and closes, and what the template
    shows of it worked out here once (cheaper than a template's filters and tags per comment).
    """

    comment: Comment
    depth: int
    is_own_pending: bool = False
    opens_replies: bool = False
    closes: range = field(default_factory=lambda: range(0))

    def __post_init__(self):
        sent = localtime(self.comment.created_at)
        self.sent_iso = sent.replace(microsecond=0).isoformat()  # HTML allows milliseconds at most
        self.sent_display = date_format(sent, "DATETIME_FORMAT")
        self.body_html = self.comment.body_html
        self.reply_url = reverse("comments:reply", kwargs={"comment_id": self.comment.pk})
        self.reply_title = gettext("Reply to %(name)s") % {"name": self.comment.name}


@dataclass
class ThreadPage:
    article: object
    number: int
    num_pages: int
    count: int
    nodes: list

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_next(self):
        return self.number < self.num_pages

    def page_url(self, number):
        if number == 1:
            return f"{self.article.get_absolute_url()}#comments"
        return (
            reverse("comments:page", kwargs={"article_id": self.article.pk, "number": number}) + "#comments"
        )

    @property
    def previous_url(self):
        return self.page_url(self.number - 1) if self.has_previous else None

    @property
    def next_url(self):
        return self.page_url(self.number + 1) if self.has_next else None


class PageOutOfRange(Exception):
    pass


# Far beyond any real thread; a page number from the URL past it would overflow the database's OFFSET.
MAX_PAGE_NUMBER = 100_000


def _count(comments):
    """COUNT(*) of a queryset, as a subquery to annotate another query with."""
    return Subquery(comments.order_by().values("article").annotate(n=Count("pk")).values("n")[:1])


def page_of(comment):
    """The page of its article's thread a comment (approved or not) is shown on."""
    top = comment.root if comment.root_id else comment
    earlier = (
        Comment.objects.approved()
        .on_article(comment.article_id)
        .filter(parent__isnull=True)
        .filter(Q(created_at__lt=top.created_at) | Q(created_at=top.created_at, pk__lt=top.pk))
        .count()
    )
    if top.status != Comment.Status.APPROVED:
        # Not counted among the approved: it follows the last of them, on that one's page.
        earlier = max(earlier - 1, 0)
    return earlier // settings.COMMENTS_PER_PAGE + 1


def load_thread(article, number=1, own_comment=None):
    """
    Page `number` of an article's approved comments: its top-level comments, oldest first, each with
    all its replies, and the counts. `own_comment`, a commenter's comment not yet approved, is placed
    where it will appear. One query, whatever the number of comments.
    """
    if not 1 <= number <= MAX_PAGE_NUMBER:
        raise PageOutOfRange(number)
    per_page = settings.COMMENTS_PER_PAGE
    approved = Comment.objects.approved().on_article(article)
    top_level = approved.filter(parent__isnull=True)
    page_ids = top_level.order_by("created_at", "pk").values("pk")[
        (number - 1) * per_page : number * per_page
    ]
    comments = list(
        approved.filter(Q(pk__in=page_ids) | Q(root__in=page_ids))
        .only(*PUBLIC_FIELDS)
        .annotate(thread_count=_count(approved), top_level_count=_count(top_level))
        .order_by("created_at", "pk")
    )
    if number > 1 and not comments:
        raise PageOutOfRange(number)
    count, top_count = (comments[0].thread_count, comments[0].top_level_count) if comments else (0, 0)
    pending = own_comment is not None and own_comment.status != Comment.Status.APPROVED
    if pending:
        comments.append(own_comment)
    nodes = _nodes_in_order(comments, settings.COMMENTS_MAX_DEPTH)
    for node in nodes:
        node.is_own_pending = pending and node.comment is own_comment
    return ThreadPage(
        article=article,
        number=number,
        num_pages=max(1, math.ceil(top_count / per_page)),
        count=count,
        nodes=nodes,
    )


def _nodes_in_order(comments, max_depth):
    """
    Flatten the reply tree into document order. Replies below the deepest allowed level (possible when
    the setting was lowered) follow their deepest ancestor as siblings. A reply whose parent is not
    shown (not approved) is not shown either, except the reader's own comment, which is then shown at
    the top level.
    """
    shown = {comment.pk for comment in comments}
    replies = {}
    top = []
    for comment in comments:
        if comment.parent_id is None or comment.parent_id not in shown:
            if comment.parent_id is None or comment.status != Comment.Status.APPROVED:
                top.append(comment)
        else:
            replies.setdefault(comment.parent_id, []).append(comment)

    ordered = []

    def visit(comment, depth):
        ordered.append((comment, depth))
        children = replies.get(comment.pk, [])
        if depth < max_depth - 1:
            for child in children:
                visit(child, depth + 1)
        else:
            for descendant in sorted(_descendants(children, replies), key=lambda c: (c.created_at, c.pk)):
                ordered.append((descendant, depth))

    for comment in top:
        visit(comment, 0)

    nodes = []
    for index, (comment, depth) in enumerate(ordered):
        next_depth = ordered[index + 1][1] if index + 1 < len(ordered) else 0
        nodes.append(
            Node(
                comment=comment,
                depth=depth,
                opens_replies=next_depth > depth,
                closes=range(max(depth - next_depth, 0)),
            )
        )
    return nodes


def _descendants(children, replies):
    for child in children:
        yield child
        yield from _descendants(replies.get(child.pk, []), replies)


def render_thread(article, number=1, own_comment=None):
    """The HTML of one page of an article's comment thread: heading with the count, comments, page links."""
    thread = load_thread(article, number, own_comment)
    context = {
        "thread": thread,
        "article": article,
        "comments_open": comments_open(article),
    }
    return render_to_string("comments/thread.html", context)
