import uuid
from operator import itemgetter
from typing import NamedTuple

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.functions import Coalesce, RowNumber, TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from articles.addresses import address
from articles.body import prepare_body
from articles.search_index import update_search_index

# First path segments that belong to the site itself, so no section may take them.
RESERVED_SECTION_SLUGS = frozenset(
    {
        "admin",
        "authors",
        "topics",
        "healthz",
        "static",
        "media",
        "search",
        "feeds",
        "comments",
        "pages",
        "archive",
        "sitemap.xml",
        "robots.txt",
        "preview",
        "corrections",
    }
)


# How many of the newest articles sharing a topic or the section related_to() compares.
RELATED_DEPTH = 300

# What an article card shows (ArticleQuerySet.as_cards()); its lead image is loaded whole.
CARD_FIELDS = (
    "headline",
    "slug",
    "standfirst",
    "published_at",
    "lead_image",
    "section__name",
    "section__slug",
    "section__position",
)

# What the search index holds of an article's own row (its topics' names too).
SEARCHED_FIELDS = frozenset({"headline", "standfirst", "body"})


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles a reader may see: published, and due (a future publish time means scheduled)."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def taken_down(self):
        """Articles removed from the site for legal reasons: their pages answer 410 Gone."""
        return self.filter(status=Article.Status.TAKEN_DOWN)

    def published_or_taken_down(self):
        """
        For the article page alone, which tells a page that is gone (410) from one never there (404) with a
        single query; everything else reads published() only.
        """
        return self.published() | self.taken_down()

    def scheduled(self):
        """Published articles whose publish time is still ahead: they appear by themselves at that time."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())

    def in_review(self):
        return self.filter(status=Article.Status.IN_REVIEW)

    def by_user(self, user):
        """Articles the user created or has a byline on (through their author profile)."""
        bylined = Byline.objects.filter(author__user=user).values("article")
        return self.filter(models.Q(created_by=user) | models.Q(pk__in=bylined))

    def for_listing(self):
        """What article lists show, fetched in a fixed number of queries."""
        return self.select_related("section", "lead_image").prefetch_related(
            models.Prefetch("byline_links", queryset=Byline.objects.select_related("author"))
        )

    def as_cards(self):
        """
        Only the columns an article card shows (includes/article_card.html), its section's and its whole lead
        image: a list of cards fetches, converts and builds a fraction of each row.
        """
        return self.only(*CARD_FIELDS)

    def related_to(self, article, count=4, depth=RELATED_DEPTH):
        """
        Up to `count` other articles sharing the most topics with `article`, then the newest of its section,
        in one query (the article's topics must already be loaded). Only the newest `depth` articles sharing a
        topic or the section are compared: counting shared topics over a whole archive would read tens of
        thousands of rows for every article page.
        """
        topic_ids = [topic.pk for topic in article.topics.all()]
        its_topics = Article.topics.through.objects.filter(article=models.OuterRef("pk"), topic__in=topic_ids)
        # Both looked up per candidate, by index: as an EXISTS, PostgreSQL would hash every article bearing
        # one of the topics (tens of thousands) first; as a join and GROUP BY, it would sort the wide rows.
        a_shared_topic = models.Subquery(its_topics.values("topic")[:1])
        shared_topics = models.Subquery(
            its_topics.order_by().values("article").annotate(count=models.Count("pk")).values("count")
        )
        candidates = (
            self.exclude(pk=article.pk)
            .alias(a_shared_topic=a_shared_topic)
            .filter(models.Q(a_shared_topic__isnull=False) | models.Q(section_id=article.section_id))
            .order_by("-published_at", "-pk")
            .values("pk")[:depth]
        )
        return (
            self.filter(pk__in=candidates)
            .annotate(shared_topics=Coalesce(shared_topics, 0))
            .select_related("section", "lead_image")
            .defer("body")
            .order_by("-shared_topics", "-published_at", "-pk")[:count]
        )

    def archive_months(self):
        """Months with articles, newest first, each with its count: [{"month": datetime, "count": n}, ...]."""
        months = (
            self.annotate(month=TruncMonth("published_at"))
            .values("month")
            .annotate(count=models.Count("pk"))
            .order_by()
        )
        # Sorted here, a few dozen rows: ordered in SQL, PostgreSQL sorts every article by its month (on
        # disk, with 100,000) to group them, where unordered it counts them in a hash of the months.
        return sorted(months, key=itemgetter("month"), reverse=True)

    def latest_per_section(self, count):
        """The newest `count` articles of each section, in one query, ordered by section."""
        newest_first = models.Window(
            RowNumber(),
            partition_by=models.F("section_id"),
            order_by=[models.F("published_at").desc(), models.F("pk").desc()],
        )
        return (
            self.annotate(rank_in_section=newest_first)
            .filter(rank_in_section__lte=count)
            .order_by("section__position", "section__name", "rank_in_section")
        )


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_queryset(self):
        # The search vector is written and read in SQL only: no page loads it (kilobytes per article).
        return super().get_queryset().defer("search_vector")


class Section(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    in_navigation = models.BooleanField(_("shown in navigation"), default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return address("articles:section", section=self.slug)

    def clean(self):
        # The admin's first path segment too, wherever ADMIN_URL has moved it.
        if self.slug in RESERVED_SECTION_SLUGS | {settings.ADMIN_URL.split("/")[0]}:
            raise ValidationError({"slug": _("“%(slug)s” is used by the site itself.") % {"slug": self.slug}})


class Author(models.Model):
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    bio = models.TextField(_("short bio"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="authors/", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return address("articles:author", slug=self.slug)


class Topic(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        renamed = not self._state.adding
        super().save(*args, **kwargs)
        if renamed:
            # Articles are found by their topics' names.
            update_search_index(self.articles.all())

    def get_absolute_url(self):
        return reverse("articles:topic", kwargs={"slug": self.slug})


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")
        TAKEN_DOWN = "taken_down", _("Taken down")

    headline = models.CharField(_("headline"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=250)
    standfirst = models.TextField(_("standfirst"), blank=True)
    body = models.TextField(_("body"), blank=True)
    lead_image = models.ForeignKey(
        "images.Image",
        verbose_name=_("lead image"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lead_articles",
        help_text=_(
            "Shown above the article and in lists; its caption and credit come from the image library."
        ),
    )
    # Derived from the body by set_body(), so pages never work them out per request.
    toc = models.JSONField(_("table of contents"), default=list, blank=True, editable=False)
    word_count = models.PositiveIntegerField(_("word count"), default=0, editable=False)
    reading_minutes = models.PositiveSmallIntegerField(
        _("reading time in minutes"), default=0, editable=False
    )
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="articles"
    )
    bylines = models.ManyToManyField(
        Author, verbose_name=_("bylines"), through="Byline", related_name="articles", blank=True
    )
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), related_name="articles", blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publish time"),
        null=True,
        blank=True,
        help_text=_("A time in the future schedules the article: it appears at that moment."),
    )
    updated_at = models.DateTimeField(
        _("updated time"),
        null=True,
        blank=True,
        help_text=_("Shown to readers as “Updated”; set only for substantive revisions."),
    )
    featured = models.BooleanField(_("featured"), default=False)
    comments_open = models.BooleanField(_("comments open"), default=True)
    comments_close_after_days = models.PositiveSmallIntegerField(
        _("close comments after (days)"),
        null=True,
        blank=True,
        help_text=_(
            "Days after publication. Empty: as the discussion settings say; 0: never closed by the article’s age."
        ),
    )
    seo_title = models.CharField(_("SEO title"), max_length=200, blank=True)
    seo_description = models.CharField(_("SEO description"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="created_articles",
    )
    modified_at = models.DateTimeField(_("last saved"), auto_now=True)
    # Counts the saves: the admin form carries the number it was opened with, and a save from an older one is
    # refused rather than overwriting someone else's (articles/revisions.py).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # The corrections and updates shown at the end of the article, as articles/corrections.py keeps them, so
    # the article page shows them without a query of its own.
    correction_notes = models.JSONField(
        _("correction notes"), default=list, blank=True, editable=False, encoder=DjangoJSONEncoder
    )
    # Written by update_search_index() on PostgreSQL only (SQLite keeps an FTS5 table instead); its GIN index
    # is made by migration 0003 on PostgreSQL alone, so it is not declared in Meta.indexes.
    search_vector = SearchVectorField(_("search vector"), null=True, editable=False)

    objects = ArticleManager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.UniqueConstraint(fields=["section", "slug"], name="article_slug_unique_in_section"),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="published_article_has_publish_time",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_published_idx"),
            # A section's page, and the home page's section lists.
            models.Index(
                fields=["section", "status", "-published_at", "-id"], name="article_section_list_idx"
            ),
            # The home page's lead: the newest featured article, else the newest.
            models.Index(fields=["status", "-featured", "-published_at", "-id"], name="article_lead_idx"),
            # The admin's list, newest first whatever the status, and its date hierarchy.
            models.Index(fields=["-published_at", "-id"], name="article_newest_idx"),
        ]
        # Checked by articles/workflow.py, which holds the editorial rules; the roles are groups.
        permissions = [
            ("publish_article", "Can publish, schedule, unpublish and feature articles"),
            ("edit_any_article", "Can edit any article and send it back to its writer"),
            ("take_down_article", "Can take an article down for legal reasons, and lift a takedown"),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or SEARCHED_FIELDS.intersection(update_fields):
            self.reindex()

    def get_absolute_url(self):
        return address("articles:article", section=self.section.slug, slug=self.slug)

    def set_body(self, html):
        """The one way body HTML is stored: sanitised, with what is derived from it kept alongside."""
        prepared = prepare_body(html)
        self.body = prepared.html
        self.toc = prepared.toc
        self.word_count = prepared.word_count
        self.reading_minutes = prepared.reading_minutes

    def reindex(self):
        """
        Bring the article's search index entry up to date. save() does; topics are saved after the row, so
        whoever sets them (the admin, the demo content) calls this once more.
        """
        update_search_index(Article.objects.filter(pk=self.pk))

    def publish(self, at=None):
        self.status = self.Status.PUBLISHED
        self.published_at = at or self.published_at or timezone.now()

    def unpublish(self):
        """Off the site. The publish time is kept, so publishing again restores it."""
        self.status = self.Status.UNPUBLISHED

    def mark_updated(self, at=None):
        self.updated_at = at or timezone.now()

    def take_down(self):
        """Off the site for legal reasons: its address answers 410 Gone until the takedown is lifted."""
        self.status = self.Status.TAKEN_DOWN

    @property
    def corrections_shown(self):
        """The corrections and updates readers see at the end of the article, oldest first (no query)."""
        return [
            CorrectionNote(
                note["id"], Correction.Kind(note["kind"]), note["text"], parse_datetime(note["at"])
            )
            for note in self.correction_notes
        ]

    @property
    def authors(self):
        """Bylines in their order; free when the article came through for_listing()."""
        return [link.author for link in self.byline_links.all()]

    @property
    def is_live(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


class Byline(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="byline_links")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="byline_links")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="byline_author_once_per_article")
        ]

    def __str__(self):
        return f"{self.author} on {self.article}"


class StatusChange(models.Model):
    """One step of an article through the editorial workflow: who took it, when, between which statuses, and why."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("Submitted for review")
        SEND_BACK = "send_back", _("Sent back to the writer")
        PUBLISH = "publish", _("Published")
        SCHEDULE = "schedule", _("Scheduled")
        UNPUBLISH = "unpublish", _("Unpublished")
        TAKE_DOWN = "take_down", _("Taken down")
        LIFT_TAKEDOWN = "lift_takedown", _("Takedown lifted")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="status_changes"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action)
    from_status = models.CharField(_("from"), max_length=20, choices=Article.Status)
    to_status = models.CharField(_("to"), max_length=20, choices=Article.Status)
    note = models.TextField(_("note"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="article_status_changes",
    )
    changed_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        indexes = [models.Index(fields=["article", "-changed_at"], name="statuschange_article_idx")]

    def __str__(self):
        return f"{self.article}: {self.get_action_display()}"


class ArticleRevision(models.Model):
    """
    The article as one save left it: its fields, bylines and topics (articles/revisions.py takes and restores
    these snapshots), who saved it and when.
    """

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="revisions"
    )
    version = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("snapshot"), encoder=DjangoJSONEncoder)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="article_revisions",
    )
    created_at = models.DateTimeField(_("saved"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        indexes = [models.Index(fields=["article", "-created_at"], name="revision_article_idx")]

    def __str__(self):
        return f"{self.article_id} v{self.version} ({self.created_at:%Y-%m-%d %H:%M})"


class CorrectionNote(NamedTuple):
    id: int
    kind: "Correction.Kind"
    text: str
    at: object  # an aware datetime


class CorrectionQuerySet(models.QuerySet):
    def public(self):
        """Corrections and updates of articles a reader may see, newest first, with their articles' sections."""
        return (
            self.filter(article__in=Article.objects.published())
            .select_related("article__section")
            .defer("article__body", "article__toc", "article__correction_notes")
            .order_by("-created_at", "-pk")
        )


class Correction(models.Model):
    """A dated note an editor appends to a published article: a correction of a mistake, or an update."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        UPDATE = "update", _("Update")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.CORRECTION)
    text = models.TextField(
        _("text"),
        help_text=_("Plain text, shown to readers at the end of the article and on the corrections page."),
    )
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="article_corrections",
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        indexes = [models.Index(fields=["-created_at", "-id"], name="correction_newest_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.article}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#correction-{self.pk}"


SHARE_LINK_SALT = "articles.share-link"


class ShareLinkQuerySet(models.QuerySet):
    def active(self):
        """Links that still open their article: neither revoked nor expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def for_token(self, token):
        """The active link a token names; None when the token was tampered with, or the link expired or was revoked."""
        try:
            link_id = uuid.UUID(signing.loads(token, salt=SHARE_LINK_SALT))
        except (signing.BadSignature, TypeError, ValueError):
            return None
        return self.active().filter(pk=link_id).first()


class ShareLink(models.Model):
    """
    Lets someone without an account read an article as it stands, published or not, until the link expires or
    is revoked. The link's address carries a signed token of its random id (articles/share_links.py).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="share_links"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="article_share_links",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("share link")
        verbose_name_plural = _("share links")

    def __str__(self):
        return f"{self.article} ({self.created_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self):
        return reverse("articles:shared-preview", kwargs={"token": self.token})

    @property
    def token(self):
        """The link's id, signed: a changed token no longer names any link."""
        return signing.dumps(str(self.pk), salt=SHARE_LINK_SALT)

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()
