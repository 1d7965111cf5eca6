"""
The moderation policy in the admin: the discussion settings (one record), the trusted and blocked commenters,
and the rule tester, where an administrator sees which rule a sample comment meets and why.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from comments.discussion import discussion_settings, save_discussion_settings
from comments.forms import RuleTesterForm
from comments.models import BlockedCommenter, DiscussionSettings, TrustedCommenter
from comments.rules import every_verdict


@admin.register(DiscussionSettings)
class DiscussionSettingsAdmin(admin.ModelAdmin):
    fieldsets = [
        (
            _("Arriving comments"),
            {"fields": ["hold_new_comments", "approve_known_commenters", "trust_listed_commenters"]},
        ),
        (
            _("Held for a moderator"),
            {"fields": ["hold_links", "link_limit", "hold_moderation_words", "moderation_words"]},
        ),
        (
            _("Sent to the spam bin"),
            {
                "fields": [
                    "spam_blocked_commenters",
                    "spam_blocked_words",
                    "blocked_words",
                    "spam_trap_filled",
                    "spam_too_fast",
                    "min_seconds",
                    "spam_days",
                ]
            },
        ),
        (_("Refused"), {"fields": ["limit_rate", "rate_limit", "refuse_duplicates"]}),
        (_("Closing"), {"fields": ["close_comments", "close_after_days"]}),
        (_("Record"), {"fields": ["modified_at", "modified_by"]}),
    ]
    readonly_fields = ["modified_at", "modified_by"]
    change_form_template = "admin/comments/discussionsettings/change_form.html"

    def has_add_permission(self, request):
        return False  # There is one record; it is changed, never added.

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # A list of one: its form is the page.
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        DiscussionSettings.objects.get_or_create(pk=DiscussionSettings.SOLO_PK)
        return redirect("admin:comments_discussionsettings_change", DiscussionSettings.SOLO_PK)

    def save_model(self, request, obj, form, change):
        save_discussion_settings(obj, by=request.user)

    def get_urls(self):
        tester = path(
            "test/",
            self.admin_site.admin_view(self.rule_tester_view),
            name="comments_discussionsettings_test",
        )
        return [tester, *super().get_urls()]

    def rule_tester_view(self, request):
        """Runs the arrival rules on a sample comment; stores nothing and counts nothing."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = RuleTesterForm(request.POST or None)
        verdicts = every_verdict(form.submission(discussion_settings())) if form.is_valid() else None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Test the moderation rules"),
            "opts": self.opts,
            "form": form,
            "verdicts": verdicts,
            "deciding": next((verdict for verdict in verdicts or [] if verdict.decides), None),
        }
        return TemplateResponse(request, "admin/comments/rule_tester.html", context)


class CommenterListAdmin(admin.ModelAdmin):
    """What the trusted and blocked lists share: who added an entry and when."""

    list_select_related = ["added_by"]
    readonly_fields = ["added_by", "added_at"]
    date_hierarchy = "added_at"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(TrustedCommenter)
class TrustedCommenterAdmin(CommenterListAdmin):
    list_display = ["email", "note", "added_by", "added_at"]
    search_fields = ["email", "note"]
    fields = ["email", "note", "added_by", "added_at"]


@admin.register(BlockedCommenter)
class BlockedCommenterAdmin(CommenterListAdmin):
    list_display = ["value", "kind", "note", "added_by", "added_at"]
    list_filter = ["kind"]
    search_fields = ["value", "note"]
    fields = ["value", "kind", "note", "added_by", "added_at"]
    readonly_fields = ["kind", *CommenterListAdmin.readonly_fields]
