import unicodedata
from datetime import timedelta
from functools import cached_property
from ipaddress import ip_address, ip_network

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, URLValidator, validate_email
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from comments.text import render_body
from comments.words import WordList

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


def normalise_email(address):
    """Addresses are compared without regard to case: nobody's mail depends on it."""
    return (address or "").strip().lower()


class DiscussionSettings(models.Model):
    """
    The moderation policy: which arrival rules apply and with what limits, when comments close and how long
    spam is kept. One record (pk 1), edited by administrators; comments/discussion.py serves it, cached.
    """

    SOLO_PK = 1

    hold_new_comments = models.BooleanField(
        _("new comments wait for a moderator"),
        default=True,
        help_text=_("When off, a comment that no rule holds or sends to the spam bin is published at once."),
    )
    approve_known_commenters = models.BooleanField(
        _("approve commenters with an earlier approved comment"),
        default=False,
        help_text=_(
            "Same email address. Links and moderation words still hold their comments. An email address "
            "is easy to borrow, so this trusts anyone who knows one."
        ),
    )
    trust_listed_commenters = models.BooleanField(
        _("publish trusted commenters’ comments at once"),
        default=True,
        help_text=_("The addresses under “Trusted commenters”. The spam rules still apply to them."),
    )
    spam_blocked_commenters = models.BooleanField(
        _("send blocked commenters’ comments to the spam bin"),
        default=True,
        help_text=_(
            "The addresses and networks under “Blocked commenters”. Their senders see the usual “awaiting "
            "moderation”, and a mistaken block can be undone from the spam bin."
        ),
    )
    hold_links = models.BooleanField(_("hold comments with many links"), default=True)
    link_limit = models.PositiveSmallIntegerField(
        _("links that hold a comment"),
        default=2,
        validators=[MinValueValidator(1)],
        help_text=_("A comment with this many web addresses or more waits for a moderator."),
    )
    hold_moderation_words = models.BooleanField(_("hold comments with a moderation word"), default=True)
    moderation_words = models.TextField(
        _("moderation words"),
        blank=True,
        help_text=_(
            "One word or phrase a line. A comment with one in its text, name, email or website waits for a "
            "moderator. Whole words only, whatever the case: “press” does not match “WordPress”."
        ),
    )
    spam_blocked_words = models.BooleanField(
        _("send comments with a blocked word to the spam bin"), default=True
    )
    blocked_words = models.TextField(
        _("blocked words"),
        blank=True,
        help_text=_(
            "One word or phrase a line, matched like the moderation words. A domain name here "
            "(spam.example) catches email addresses and websites at it."
        ),
    )
    spam_trap_filled = models.BooleanField(
        _("send comments that fill the hidden trap field to the spam bin"),
        default=True,
        help_text=_("People never see the field; programs that fill every field do."),
    )
    spam_too_fast = models.BooleanField(_("send comments sent too fast to the spam bin"), default=True)
    min_seconds = models.PositiveSmallIntegerField(
        _("fastest plausible comment, in seconds"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Counted from the moment the reader starts on the form. Without JavaScript the time is unknown "
            "and this rule does not apply."
        ),
    )
    limit_rate = models.BooleanField(_("limit comments from one IP address"), default=True)
    rate_limit = models.PositiveSmallIntegerField(
        _("comments a minute from one IP address"),
        default=5,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Further comments in the same minute are refused with a message; the reader’s text is kept."
        ),
    )
    refuse_duplicates = models.BooleanField(
        _("refuse duplicate comments"),
        default=True,
        help_text=_(
            "The same text on the same article from the same email address is refused with a message."
        ),
    )
    close_comments = models.BooleanField(_("close comments on older articles"), default=False)
    close_after_days = models.PositiveSmallIntegerField(
        _("days comments stay open"),
        default=14,
        validators=[MinValueValidator(1)],
        help_text=_("Counted from publication. An article’s own “close comments after” overrides it."),
    )
    spam_days = models.PositiveSmallIntegerField(
        _("days spam is kept"),
        default=30,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Spam stays in the spam bin this long after it was marked, where it can be restored; then the "
            "daily purge_comments command deletes it."
        ),
    )
    modified_at = models.DateTimeField(_("last saved"), auto_now=True)
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last saved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("discussion settings")
        verbose_name_plural = _("discussion settings")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="discussion_settings_one_record"),
            models.CheckConstraint(
                condition=models.Q(
                    link_limit__gte=1,
                    min_seconds__gte=1,
                    rate_limit__gte=1,
                    close_after_days__gte=1,
                    spam_days__gte=1,
                ),
                name="discussion_settings_limits_positive",
            ),
        ]

    def __str__(self):
        return str(_("Discussion settings"))

    def save(self, *args, **kwargs):
        self.pk = self.SOLO_PK
        super().save(*args, **kwargs)

    @cached_property
    def moderation_word_list(self):
        return WordList.parse(self.moderation_words)

    @cached_property
    def blocked_word_list(self):
        return WordList.parse(self.blocked_words)

    @property
    def site_comment_days(self):
        """Days comments stay open on every article without its own setting; None when they never close."""
        return self.close_after_days if self.close_comments else None

    @classmethod
    def site_comment_days_subquery(cls):
        """site_comment_days as a subquery, for annotating articles (comments/discussion.py)."""
        closing = cls.objects.filter(pk=cls.SOLO_PK, close_comments=True)
        return models.Subquery(closing.values("close_after_days")[:1])


def comments_close_at(article, site_comment_days):
    """When comments on `article` close by its age (its own days, else the site's); None when they never do."""
    days = article.comments_close_after_days
    if days is None:
        days = site_comment_days
    if not days or article.published_at is None:
        return None
    return article.published_at + timedelta(days=days)


class ListEntry(models.Model):
    """What the trusted and blocked lists keep of each entry besides its address: a note, who added it and when."""

    note = models.CharField(_("note"), max_length=200, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now, editable=False)

    class Meta:
        abstract = True


class TrustedCommenterQuerySet(models.QuerySet):
    def for_email(self, address):
        return self.filter(email=normalise_email(address))


class TrustedCommenter(ListEntry):
    """An email address whose comments skip moderation (when the discussion settings use the list)."""

    email = models.EmailField(
        _("email"),
        max_length=254,
        unique=True,
        help_text=_("Compared without regard to case. The spam rules still apply to its comments."),
    )

    objects = TrustedCommenterQuerySet.as_manager()

    class Meta:
        ordering = ["email"]
        verbose_name = _("trusted commenter")
        verbose_name_plural = _("trusted commenters")

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    def clean(self):
        # Before the uniqueness check, so that "Ada@Example.org" is found to be "ada@example.org".
        self.email = normalise_email(self.email)
        if BlockedCommenter.objects.filter(kind=BlockedCommenter.Kind.EMAIL, value=self.email).exists():
            raise ValidationError(
                {"email": _("This address is on the blocked list: take it off that list first.")}
            )


class BlockedCommenterQuerySet(models.QuerySet):
    def first_match(self, email, address):
        """The entry blocking this email address or IP address, or None."""
        try:
            address = ip_address(address) if address else None
        except ValueError:
            address = None
        candidates = self.filter(
            models.Q(kind=BlockedCommenter.Kind.EMAIL, value=normalise_email(email))
            | models.Q(kind=BlockedCommenter.Kind.NETWORK)
        ).order_by("kind", "pk")
        for entry in candidates:
            if entry.kind == BlockedCommenter.Kind.EMAIL or (address and address in entry.network):
                return entry
        return None


class BlockedCommenter(ListEntry):
    """An email address, IP address or network whose comments go to the spam bin."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("Email address")
        NETWORK = "network", _("IP address or network")

    # Networks wider than these would block a large part of the internet.
    WIDEST_PREFIX = {4: 8, 6: 16}

    value = models.CharField(
        _("email, IP address or network"),
        max_length=254,
        unique=True,
        help_text=_(
            "An email address (any case), an IP address (203.0.113.7, 2001:db8::7) or a network "
            "(203.0.113.0/24, 2001:db8::/48)."
        ),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, editable=False)

    objects = BlockedCommenterQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "value"]
        verbose_name = _("blocked commenter")
        verbose_name_plural = _("blocked commenters")

    def __str__(self):
        return self.value

    def save(self, *args, **kwargs):
        self.kind, self.value = self.classify(self.value)
        super().save(*args, **kwargs)

    def clean(self):
        try:
            self.kind, self.value = self.classify(self.value)
        except ValueError as exc:
            raise ValidationError({"value": exc.args[0]}) from exc
        if self.kind == self.Kind.EMAIL and TrustedCommenter.objects.for_email(self.value).exists():
            raise ValidationError(
                {"value": _("This address is a trusted commenter: take it off that list first.")}
            )

    @classmethod
    def classify(cls, value):
        """(kind, normalised value) of an entry; ValueError with a message for anything else."""
        value = (value or "").strip()
        if "@" in value:
            try:
                validate_email(value)
            except ValidationError as exc:
                raise ValueError(_("Enter a valid email address.")) from exc
            return cls.Kind.EMAIL, normalise_email(value)
        try:
            network = ip_network(value, strict=False)
        except ValueError as exc:
            raise ValueError(
                _("Enter an email address, an IP address or a network such as 203.0.113.0/24.")
            ) from exc
        if network.prefixlen < cls.WIDEST_PREFIX[network.version]:
            raise ValueError(_("This network is too wide: it would block a large part of the internet."))
        whole = network.prefixlen == network.max_prefixlen
        return cls.Kind.NETWORK, str(network.network_address) if whole else str(network)

    @property
    def network(self):
        return ip_network(self.value, strict=False)


class CommentQuerySet(models.QuerySet):
    def approved(self):
        """Comments readers can see."""
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        """Comments waiting for a moderator's decision."""
        return self.filter(status=Comment.Status.PENDING)

    def spam(self):
        """The spam bin."""
        return self.filter(status=Comment.Status.SPAM)

    def on_article(self, article):
        return self.filter(article=article)

    def from_email(self, address):
        """Comments sent with this email address, whatever its case (on the comment_email_idx index)."""
        return self.alias(email_lower=Lower("email")).filter(email_lower=normalise_email(address))

    def spam_marked_before(self, moment):
        """Spam that has been in the spam bin since before `moment`."""
        return self.spam().filter(
            models.Q(decided_at__lt=moment) | models.Q(decided_at__isnull=True, created_at__lt=moment)
        )


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
    rule_explanation = models.CharField(
        _("why"),
        max_length=300,
        blank=True,
        default="",
        db_default="",
        editable=False,
        help_text=_("What the deciding rule found, in words."),
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
            # A commenter's comments by address, whatever its case: earlier approved ones, duplicates.
            models.Index(Lower("email"), "status", name="comment_email_idx"),
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


class CommentEdit(models.Model):
    """A moderator's change to a comment's text: who, when, and the text before and after."""

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="edits"
    )
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("edited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    edited_at = models.DateTimeField(_("edited"), default=timezone.now)
    body_before = models.TextField(_("text before"))
    body_after = models.TextField(_("text after"))

    class Meta:
        ordering = ["-edited_at", "-pk"]
        verbose_name = _("comment edit")
        verbose_name_plural = _("comment edits")

    def __str__(self):
        return f"{self.comment_id} @ {self.edited_at:%Y-%m-%d %H:%M}"


class ModeratorDigest(models.Model):
    """
    The moderators' e-mail about newly held comments (comments/notifications.py): one record (pk 1), locked
    while a digest is decided, so that two processes never send two.
    """

    SOLO_PK = 1

    sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)
    # Held comments up to this id were reported (or decided before a digest was due).
    reported_up_to = models.PositiveBigIntegerField(_("reported up to comment"), default=0)
    # When a deferred digest is already queued (backends that run tasks later), no other is queued.
    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("moderator digest")
        verbose_name_plural = _("moderator digests")
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="moderator_digest_one_record")]

    def __str__(self):
        return str(_("Moderator digest"))
