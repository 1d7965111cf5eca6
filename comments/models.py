import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from comments.text import render_body

# Characters a reader may type that still render as text: line breaks and tabs in a comment's body.
BODY_WHITESPACE = frozenset("\n\r\t")
# Bidirectional embeddings, overrides and isolates: in a name they could reorder the text around it.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def _control_characters(value, allowed=frozenset()):
    return [
        char for char in value if char not in allowed and unicodedata.category(char) in {"Cc", "Cs", "Co"}
    ]


def validate_single_line(value):
    """Names and addresses: no control characters (line breaks included) and no bidirectional overrides."""
    if _control_characters(value) or BIDI_CONTROLS.intersection(value):
        raise ValidationError(_("Control characters are not allowed."), code="control_characters")


def validate_body_text(value):
    """A comment's text may break lines and use tabs; other control characters are refused."""
    if _control_characters(value, allowed=BODY_WHITESPACE):
        raise ValidationError(_("Control characters are not allowed."), code="control_characters")


validate_web_address = URLValidator(
    schemes=["http", "https"], message=_("Enter a web address starting with http:// or https://.")
)


class CommentQuerySet(models.QuerySet):
    def approved(self):
        """Comments readers can see."""
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        """Comments waiting for a moderator's decision."""
        return self.filter(status=Comment.Status.PENDING)

    def on_article(self, article):
        return self.filter(article=article)


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        SPAM = "spam", _("Spam")
        REMOVED = "removed", _("Removed")

    # Indexed by comment_thread_idx and comment_root_idx, which start with these columns.
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="comments", db_index=False
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    # The top-level comment of the thread (empty for a top-level comment): a page of threads is then
    # fetched in one query, however deep the replies go.
    root = models.ForeignKey(
        "self",
        verbose_name=_("thread"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="thread_replies",
        editable=False,
        db_index=False,
    )
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)
    name = models.CharField(_("name"), max_length=100, validators=[validate_single_line])
    email = models.EmailField(_("email"), max_length=254, validators=[validate_single_line])
    website = models.URLField(
        _("website"), max_length=200, blank=True, validators=[validate_web_address, validate_single_line]
    )
    body = models.TextField(_("comment"), validators=[validate_body_text])
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PENDING)
    rule = models.CharField(
        _("deciding rule"),
        max_length=50,
        blank=True,
        editable=False,
        help_text=_("The moderation rule that set the status when the comment was sent."),
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True, editable=False)
    user_agent = models.CharField(_("browser"), max_length=500, blank=True, editable=False)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(parent__isnull=True, root__isnull=True, depth=0)
                | models.Q(parent__isnull=False, root__isnull=False, depth__gt=0),
                name="comment_thread_consistent",
            ),
        ]
        indexes = [
            # The moderation queue: one status, newest first (the id breaks ties, as the queue's order does).
            models.Index(fields=["status", "-created_at", "-id"], name="comment_queue_order_idx"),
            # An article's thread: its approved top-level comments in order, then their replies.
            models.Index(fields=["article", "status", "parent", "created_at"], name="comment_thread_idx"),
            models.Index(fields=["root", "status"], name="comment_root_idx"),
        ]

    def __str__(self):
        return f"{self.name}: {self.excerpt}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self):
        return f"comment-{self.pk}"

    @property
    def excerpt(self):
        return Truncator(" ".join(self.body.split())).chars(100)

    @property
    def body_html(self):
        return render_body(self.body)

    def get_reply_url(self):
        return reverse("comments:reply", kwargs={"comment_id": self.pk})

    def place_under(self, parent, max_depth=None):
        """
        Make this comment a reply to `parent`; below the deepest allowed level it joins the replies of
        the deepest comment in its branch instead, so nesting never exceeds `max_depth` levels.
        """
        max_depth = max_depth or settings.COMMENTS_MAX_DEPTH
        while parent is not None and parent.depth >= max_depth - 1:
            parent = parent.parent
        self.parent = parent
        self.root_id = (parent.root_id or parent.pk) if parent else None
        self.depth = parent.depth + 1 if parent else 0


class StoredThread(models.Model):
    """
    The first page of an article's comment thread as HTML, rendered when its comments change and read with
    the article, so its page needs no comment query and no per-comment template work (comments/threads.py).
    """

    article = models.OneToOneField(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="stored_thread",
    )
    # Counts changes to the article's public comments; the HTML is current while it was rendered at this count.
    version = models.PositiveIntegerField(_("version"), default=0)
    rendered_version = models.PositiveIntegerField(_("rendered at version"), null=True, blank=True)
    # What else the HTML depends on (the article's address, comments open or closed, the templates).
    rendered_for = models.CharField(_("rendered for"), max_length=64, blank=True)
    html = models.TextField(_("HTML"), blank=True)
    rendered_at = models.DateTimeField(_("rendered"), null=True, blank=True)

    class Meta:
        ordering = ["article"]
        verbose_name = _("stored comment thread")
        verbose_name_plural = _("stored comment threads")

    def __str__(self):
        return f"{self.article_id} @ {self.version}"
