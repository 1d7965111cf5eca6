from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from caching.admin import ChangesPublicPages
from images import library, pictures
from images.forms import ImageForm
from images.models import Image

CHOOSER_PAGE_SIZE = 24


@admin.register(Image)
class ImageAdmin(ChangesPublicPages, admin.ModelAdmin):
    form = ImageForm
    list_display = ["thumbnail", "__str__", "credit", "size", "usage", "uploaded_at", "uploaded_by"]
    list_display_links = ["thumbnail", "__str__"]
    list_filter = ["decorative", "uploaded_at"]
    list_select_related = ["uploaded_by"]
    search_fields = ["caption", "credit", "alt_text"]
    date_hierarchy = "uploaded_at"
    list_per_page = 50
    readonly_fields = ["preview", "size", "used_in", "uploaded_by", "uploaded_at"]
    fieldsets = [
        (None, {"fields": ["file", "preview", "alt_text", "decorative", "caption", "credit"]}),
        (
            _("Focal point"),
            {
                "fields": [("focal_x", "focal_y")],
                "description": _(
                    "Click the preview on the subject: crops for cards and squares keep it in frame."
                ),
            },
        ),
        (_("Details"), {"fields": ["size", "used_in", "uploaded_by", "uploaded_at"]}),
    ]

    class Media:
        js = ["images/focal_point.js"]
        css = {"all": ["images/admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).with_usage()

    def get_readonly_fields(self, request, obj=None):
        # A library image keeps its file: articles show it. A different picture is a new image.
        return [*self.readonly_fields, "file"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
        library.request_renditions(obj)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        # Articles using an image are protected, never deleted with it: say so, rather than that the
        # editor may not delete articles.
        return deleted, counts, set() if protected else perms_needed, protected

    def delete_model(self, request, obj):
        library.delete_image(obj)

    def delete_queryset(self, request, queryset):
        for image in queryset:
            library.delete_image(image)

    @admin.display(description=_("image"))
    def thumbnail(self, image):
        return format_html(
            '<img class="image-thumbnail" src="{}" alt="" width="80" height="80" loading="lazy">',
            pictures.thumbnail_url(image),
        )

    @admin.display(description=_("preview"))
    def preview(self, image):
        if not image.pk:
            return "—"
        return format_html(
            '<img class="image-preview" src="{}" alt="" width="{}" height="{}" data-focal-x="{}" data-focal-y="{}">',
            image.file.url,
            image.width,
            image.height,
            image.focal_x if image.focal_x is not None else "",
            image.focal_y if image.focal_y is not None else "",
        )

    @admin.display(description=_("size"))
    def size(self, image):
        return f"{image.width} × {image.height}" if image.width else "—"

    @admin.display(description=_("used in"), ordering="usage")
    def usage(self, image):
        return ngettext("%(count)d article", "%(count)d articles", image.usage) % {"count": image.usage}

    @admin.display(description=_("used in"))
    def used_in(self, image):
        if not image.pk:
            return "—"
        articles = image.articles_using().only("pk", "headline")
        if not articles:
            return _("No article: the image can be deleted.")
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (reverse("admin:articles_article_change", args=[article.pk]), article.headline)
                for article in articles
            ),
        )

    def get_urls(self):
        chooser = path("choose/", self.admin_site.admin_view(self.chooser_view), name="images_image_chooser")
        return [chooser, *super().get_urls()]

    def chooser_view(self, request):
        """
        The rich-text editor's image picker: a pop-up listing library images; choosing one hands its URL,
        id, alt text and caption back to the editor.
        """
        if not self.has_view_permission(request):
            raise PermissionDenied
        query = request.GET.get("q", "").strip()
        images, _duplicates = self.get_search_results(request, Image.objects.all(), query)
        page = self.get_paginator(request, images, CHOOSER_PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Choose an image"),
            "opts": self.opts,
            "page_obj": page,
            "choices": [(image, pictures.thumbnail_url(image)) for image in page],
            "query": query,
            "callback": request.GET.get("CKEditorFuncNum", ""),
            "is_popup": True,
        }
        return TemplateResponse(request, "admin/images/image/chooser.html", context)
