from django import forms
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles import moves, workflow
from articles.corrections_admin import CorrectionAdmin  # noqa: F401 - registers it
from articles.editor import body_form_field
from articles.models import Article, Author, Byline, Section, Topic
from articles.revisions_admin import RevisionsAdminMixin, VersionCheckedForm
from articles.workflow_admin import WorkflowAdminMixin, WorkflowStateFilter
from caching.admin import ChangesPublicPages
from images.embed import record_inline_images


class KeepsOldAddresses:
    """For the admin of sections, authors and topics: a changed slug leaves the old addresses answering 301."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            moves.renamed(obj, form.initial.get("slug"))


@admin.register(Section)
class SectionAdmin(ChangesPublicPages, KeepsOldAddresses, admin.ModelAdmin):
    list_display = ["name", "slug", "position", "in_navigation"]
    list_editable = ["position", "in_navigation"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Author)
class AuthorAdmin(ChangesPublicPages, KeepsOldAddresses, admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    list_select_related = ["user"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    autocomplete_fields = ["user"]


@admin.register(Topic)
class TopicAdmin(ChangesPublicPages, KeepsOldAddresses, admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class ArticleAdminForm(VersionCheckedForm):
    body = body_form_field(label=_("Body"), required=False)
    mark_updated = forms.BooleanField(
        label=_("Mark as updated"),
        required=False,
        help_text=_("For a substantive revision: readers see “Updated” with the time of this save."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"class": "vLargeTextField", "rows": 3}),
        help_text=_(
            "Kept with the status change you make with a button below; required when sending an article back."
        ),
    )
    # Who is editing, set by ArticleAdmin.get_form: what the form accepts depends on it (articles/workflow.py).
    user = None

    class Meta:
        model = Article
        # The admin narrows these to its fieldsets.
        fields = [
            "headline",
            "slug",
            "standfirst",
            "lead_image",
            "body",
            "section",
            "topics",
            "published_at",
            "featured",
            "comments_open",
            "comments_close_after_days",
            "seo_title",
            "seo_description",
        ]
        widgets = {
            "headline": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "standfirst": forms.Textarea(attrs={"class": "vLargeTextField", "rows": 3}),
            "seo_title": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "seo_description": forms.Textarea(attrs={"class": "vLargeTextField", "rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user is None or not workflow.may_publish(self.user):
            del self.fields["mark_updated"]
        # Where the article was when the form was made: a changed slug or section leaves a redirect from here.
        self.stored_address = self.instance.get_absolute_url() if self.instance.pk else None
        if "published_at" in self.fields:
            self.fields["published_at"].help_text = _(
                "A time in the future schedules the article: it appears at that moment. Times are in %(zone)s."
            ) % {"zone": timezone.get_current_timezone_name()}

    @property
    def requested_transition(self):
        """The workflow step asked for by the button pressed (named _transition), if any."""
        return self.data.get("_transition", "") if self.is_bound else ""

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("note", "").strip() and not self.requested_transition:
            self.add_error("note", _("A note goes with a status change: use one of the buttons below."))
        return cleaned_data

    def _post_clean(self):
        # The workflow's checks read the article as the form changed it, which the model form does here.
        super()._post_clean()
        if not self.requested_transition:
            return
        try:
            if self.user is None:
                raise PermissionDenied(_("You may not do that with this article."))
            workflow.check_transition(
                self.user, self.instance, self.requested_transition, note=self.cleaned_data.get("note", "")
            )
        except PermissionDenied as refusal:
            self.add_error(None, str(refusal))
        except ValidationError as problems:
            for field, errors in problems.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)

    def save(self, commit=True):
        self.instance.set_body(self.cleaned_data["body"])
        if self.cleaned_data.get("mark_updated"):
            self.instance.mark_updated()
        return super().save(commit)


class BylineInline(admin.TabularInline):
    model = Byline
    fields = ["author", "position"]
    extra = 1
    autocomplete_fields = ["author"]
    verbose_name = _("byline")
    verbose_name_plural = _("bylines")

    # Bylines change with the article: only by whoever may edit it.
    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and (
            obj is None or workflow.can_edit(request.user, obj)
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or workflow.can_edit(request.user, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or workflow.can_edit(request.user, obj)
        )


class BylineAuthorFilter(admin.RelatedFieldListFilter):
    """Authors with at least one article, under the name editors use for them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("author")

    def field_choices(self, field, request, model_admin):
        # Author by author on the byline index: Django's RelatedOnlyFieldListFilter reads every article.
        has_byline = models.Exists(Byline.objects.filter(author=models.OuterRef("pk")))
        return field.get_choices(
            include_blank=False,
            limit_choices_to=models.Q(has_byline),
            ordering=self.field_admin_ordering(field, request, model_admin),
        )


class ArticleChangeList(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        # The list never shows the body, and a page of a hundred bodies is megabytes.
        return super().get_queryset(request, exclude_parameters).defer("body", "toc")


@admin.register(Article)
class ArticleAdmin(ChangesPublicPages, RevisionsAdminMixin, WorkflowAdminMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = [
        "headline",
        "section",
        "byline_names",
        "workflow_state",
        "published_at",
        "updated_at",
        "site_link",
    ]
    list_filter = ["section", WorkflowStateFilter, ("bylines", BylineAuthorFilter), "featured"]
    list_select_related = ["section"]
    search_fields = ["headline", "standfirst"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["topics"]
    # The magnifier opens the image library, thumbnails and search included, to pick from.
    raw_id_fields = ["lead_image"]
    readonly_fields = ["reading_time", "updated_at"]
    inlines = [BylineInline]
    actions = ["publish_selected", "unpublish_selected"]
    save_on_top = True
    revision_fields = ["updated_at", "mark_updated"]
    # Counting every article again on each filtered page costs a full scan for one number.
    show_full_result_count = False
    fieldsets = [
        (_("Story"), {"fields": ["headline", "slug", "standfirst", "lead_image", "body", "reading_time"]}),
        # The change form template shows the bylines inline inside this group.
        (_("Bylines and section"), {"fields": ["section", "topics"], "classes": ["bylines"]}),
        (
            _("Publishing"),
            {
                "fields": [
                    "workflow_state",
                    "status_history",
                    "note",
                    "published_at",
                    "updated_at",
                    "mark_updated",
                    "featured",
                    "comments_open",
                    "opened_version",
                    "comments_close_after_days",
                ]
            },
        ),
        (_("SEO"), {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).for_listing()

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.reindex()  # with the topics just saved
        record_inline_images(form.instance)
        moves.article_moved(form.instance, form.stored_address)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:  # a new article has not been updated yet
            return [
                (name, options | {"fields": [f for f in options["fields"] if f not in self.revision_fields]})
                for name, options in fieldsets
            ]
        return fieldsets

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_live else None

    @admin.display(description=_("bylines"))
    def byline_names(self, obj):
        return ", ".join(author.name for author in obj.authors)

    @admin.display(description=_("reading time"))
    def reading_time(self, obj):
        if not obj.word_count:
            return _("Worked out from the body when the article is saved.")
        return ngettext(
            "%(minutes)d minute (%(words)d words)",
            "%(minutes)d minutes (%(words)d words)",
            obj.reading_minutes,
        ) % {"minutes": obj.reading_minutes, "words": obj.word_count}

    @admin.display(description=_("on site"))
    def site_link(self, obj):
        if not obj.is_live:
            return "—"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("View"))
