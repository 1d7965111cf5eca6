import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from images import renditions


def image_upload_path(image, filename):
    """A fresh random name: the uploaded file's name says nothing the site needs, and may say too much."""
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"images/{timezone.now():%Y/%m}/{secrets.token_hex(10)}.{extension}"


class ImageQuerySet(models.QuerySet):
    def with_usage(self):
        """Annotates `usage`: how many articles show the image, as lead image or in their body."""
        from articles.models import Article

        using_articles = (
            Article.objects.filter(
                models.Q(lead_image=models.OuterRef("pk"))
                | models.Q(inline_images__image=models.OuterRef("pk"))
            )
            .order_by()
            .values(group=models.Value(1))
            .annotate(count=models.Count("pk", distinct=True))
            .values("count")
        )
        return self.annotate(usage=Coalesce(models.Subquery(using_articles), 0))


class Image(models.Model):
    file = models.FileField(_("file"), upload_to=image_upload_path, max_length=255)
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_("What the picture shows, for readers who cannot see it. Required unless decorative."),
    )
    decorative = models.BooleanField(
        _("decorative"),
        default=False,
        help_text=_("Adds nothing to the story (a texture, an ornament): screen readers skip it."),
    )
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True, help_text=_("Photographer or agency."))
    focal_x = models.PositiveSmallIntegerField(
        _("focal point, across (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("Where the subject is, from the left edge: crops keep it in frame. Click the preview."),
    )
    focal_y = models.PositiveSmallIntegerField(
        _("focal point, down (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("Where the subject is, from the top edge."),
    )
    width = models.PositiveIntegerField(_("width"), editable=False)
    height = models.PositiveIntegerField(_("height"), editable=False)
    renditions_key = models.CharField(
        _("renditions in storage"),
        max_length=32,
        blank=True,
        editable=False,
        help_text=_(
            "The set of resized copies that are ready; empty while none are, and pages use the original."
        ),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decorative=True) | ~models.Q(alt_text=""),
                name="image_alt_text_unless_decorative",
                violation_error_message=_("Describe the image in its alt text, or mark it as decorative."),
            ),
            models.CheckConstraint(
                condition=models.Q(focal_x__isnull=True, focal_y__isnull=True)
                | models.Q(focal_x__isnull=False, focal_y__isnull=False, focal_x__lte=100, focal_y__lte=100),
                name="image_focal_point_whole_and_inside",
                violation_error_message=_("A focal point needs both coordinates, each from 0 to 100."),
            ),
        ]

    def __str__(self):
        label = self.caption or self.alt_text or self.file.name.rsplit("/", 1)[-1]
        return Truncator(label).chars(80)

    @property
    def alt(self):
        """The alt attribute: empty for a decorative image, which is what tells screen readers to skip it."""
        return "" if self.decorative else self.alt_text

    @property
    def focal_point(self):
        """(x, y) as fractions of the width and height; the centre when the editor set none."""
        if self.focal_x is None or self.focal_y is None:
            return (0.5, 0.5)
        return (self.focal_x / 100, self.focal_y / 100)

    def articles_using(self):
        """Articles that show the image, as lead image or in their body."""
        from articles.models import Article

        return Article.objects.filter(
            models.Q(lead_image=self) | models.Q(inline_images__image=self)
        ).distinct()

    def wanted_renditions_key(self):
        """Names the rendition set this image's file and focal point call for."""
        return renditions.set_key(self.file.name, self.focal_point)


class InlineImage(models.Model):
    """An image shown in an article's body, recorded so that usage is counted and deletion refused."""

    article = models.ForeignKey(
        "articles.Article", verbose_name=_("article"), on_delete=models.CASCADE, related_name="inline_images"
    )
    image = models.ForeignKey(
        Image, verbose_name=_("image"), on_delete=models.PROTECT, related_name="inline_uses"
    )

    class Meta:
        ordering = ["article", "image"]
        verbose_name = _("image in an article body")
        verbose_name_plural = _("images in article bodies")
        constraints = [
            models.UniqueConstraint(fields=["article", "image"], name="inline_image_once_per_article")
        ]

    def __str__(self):
        return f"{self.image} in {self.article}"
