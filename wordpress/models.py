import functools
import hashlib
import json
import operator

from django.contrib.flatpages.models import FlatPage
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Author, Section, Topic
from comments.models import Comment
from images.models import Image

# The field each kind of WordPress record points to here.
TARGETS = {
    "author": "author",
    "category": "section",
    "tag": "topic",
    "attachment": "image",
    "post": "article",
    "page": "page",
    "comment": "comment",
}


def one_target_per_kind():
    """The check that a row points to exactly one record, in its kind's field."""
    return functools.reduce(
        operator.or_,
        (
            models.Q(
                kind=kind,
                **{f"{field}__isnull": False},
                **{f"{other}__isnull": True for other in TARGETS.values() if other != field},
            )
            for kind, field in TARGETS.items()
        ),
    )


def digest_of(value):
    """A digest of what an import writes for a record (any JSON-able value), to tell whether it changed."""
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


class WordPressIdQuerySet(models.QuerySet):
    def with_targets(self):
        """Everything public_url() reads, in the same query."""
        return self.select_related("article__section", "section", "topic", "author", "page")

    def find(self, kind, wp_id):
        """The row for a WordPress record, with what it became; None when it was never imported."""
        return self.filter(kind=kind, wp_id=wp_id).select_related(TARGETS[kind]).first()

    def remember(self, kind, wp_id, target, digest, wp_slug="", known=None):
        """Record what a WordPress record became; `known` is its row from an earlier import, if there was one."""
        if known is None:
            return self.create(
                kind=kind, wp_id=wp_id, digest=digest, wp_slug=wp_slug, **{TARGETS[kind]: target}
            )
        known.digest, known.wp_slug = digest, wp_slug
        setattr(known, TARGETS[kind], target)
        known.save()
        return known


class WordPressId(models.Model):
    """
    What an imported WordPress record became here. Importing the same export again finds its records by these
    ids and updates them; WordPress's own addresses with ids in them (/?p=123) are answered from them too.
    """

    class Kind(models.TextChoices):
        AUTHOR = "author", _("author")
        CATEGORY = "category", _("category")
        TAG = "tag", _("tag")
        ATTACHMENT = "attachment", _("attachment")
        POST = "post", _("post")
        PAGE = "page", _("page")
        COMMENT = "comment", _("comment")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    wp_id = models.PositiveBigIntegerField(_("WordPress id"))
    wp_slug = models.CharField(
        _("WordPress slug"), max_length=200, blank=True, help_text=_("As WordPress had it, decoded.")
    )
    # A digest of what the import last wrote: when the export still gives the same, the record is left alone,
    # edits made here since included.
    digest = models.CharField(_("digest"), max_length=64, editable=False)
    # Exactly one of these, the one TARGETS names for the kind.
    author = models.ForeignKey(
        Author, verbose_name=_("author"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    image = models.ForeignKey(
        Image, verbose_name=_("image"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    page = models.ForeignKey(
        FlatPage, verbose_name=_("page"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported"), auto_now=True)

    objects = WordPressIdQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "wp_id"]
        verbose_name = _("WordPress id")
        verbose_name_plural = _("WordPress ids")
        constraints = [
            models.UniqueConstraint(fields=["kind", "wp_id"], name="wordpress_id_once_per_kind"),
            models.CheckConstraint(condition=one_target_per_kind(), name="wordpress_id_has_its_kinds_target"),
        ]
        indexes = [models.Index(fields=["kind", "wp_slug"], name="wordpress_id_slug_idx")]

    def __str__(self):
        return f"{self.kind} {self.wp_id}"

    @property
    def target(self):
        return getattr(self, TARGETS[self.kind])

    def public_url(self):
        """The address readers find the record at now, or None when it is not public."""
        if self.kind == self.Kind.POST:
            return self.article.get_absolute_url() if self.article.is_live else None
        if self.kind in {self.Kind.COMMENT, self.Kind.ATTACHMENT}:
            return None
        if self.kind == self.Kind.PAGE and self.page.registration_required:
            return None
        return self.target.get_absolute_url()
