"""For the admin of anything public pages show: every change made there renews the pages once it commits."""

from caching import events


class ChangesPublicPages:
    """A ModelAdmin mixin: saves (list edits too), deletions and bulk actions announce content_changed()."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        events.content_changed(f"{obj._meta.label_lower} saved")

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        events.content_changed(f"{obj._meta.label_lower} deleted")

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        events.content_changed(f"{self.opts.label_lower} deleted")

    def response_action(self, request, queryset, **kwargs):
        # Bulk actions (publish, unpublish, ...) change what they change through domain functions.
        response = super().response_action(request, queryset, **kwargs)
        events.content_changed(f"{self.opts.label_lower} bulk action")
        return response
