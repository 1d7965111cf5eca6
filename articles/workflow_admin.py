"""
The editorial workflow in the article admin: per-article edit rights, publishing fields only for those who
publish, the status and its next steps as buttons, the status filter, bulk publishing, the preview of the
form's content and share links. Every rule comes from articles/workflow.py.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from articles import preview, workflow
from articles.models import Article, Byline, ShareLink

HISTORY_LENGTH = 10


class WorkflowStateFilter(admin.SimpleListFilter):
    """Articles by status, the scheduled (published, their time still ahead) apart from those already out."""

    title = _("status")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return workflow.State.choices

    def queryset(self, request, queryset):
        match self.value():
            case None:
                return queryset
            case workflow.State.SCHEDULED:
                return queryset.scheduled()
            case workflow.State.PUBLISHED:
                return queryset.published()
            case value:
                return queryset.filter(status=value)


def local_time(moment):
    """A time as editors read it: in the site's time zone, named."""
    return f"{date_format(timezone.localtime(moment), 'DATETIME_FORMAT')} ({timezone.get_current_timezone_name()})"


def form_errors(form, bylines):
    """The form's and the bylines' errors as (label, messages) pairs, for a page away from the form."""
    labelled = [
        (form.fields[name].label if name in form.fields else "", messages)
        for name, messages in form.errors.items()
    ]
    byline_messages = [*bylines.non_form_errors()] + [
        message for errors in bylines.errors for messages in errors.values() for message in messages
    ]
    if byline_messages:
        labelled.append((_("Bylines"), byline_messages))
    return labelled


class WorkflowAdminMixin:
    """For ArticleAdmin. Its change form template shows the buttons, the latest note and the share links."""

    workflow_readonly_fields = ["workflow_state", "status_history"]

    # Permissions

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(request.user, obj))

    def has_publish_permission(self, request):
        """For the bulk actions: publishing, scheduling and unpublishing."""
        return workflow.may_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = [*self.workflow_readonly_fields, *super().get_readonly_fields(request, obj)]
        if not workflow.may_publish(request.user):
            fields += workflow.PUBLISHING_FIELDS
        return fields

    def get_fieldsets(self, request, obj=None):
        hidden = set()
        if obj is None:
            hidden.add("status_history")
        if not workflow.may_publish(request.user):
            hidden.add("mark_updated")
        return [
            (name, options | {"fields": [f for f in options["fields"] if f not in hidden]})
            for name, options in super().get_fieldsets(request, obj)
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.user = request.user
        return form

    # Saving

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        action = form.requested_transition
        if not action:
            super().save_model(request, obj, form, change)
            return
        # The revision is recorded once the bylines and topics are saved too (RevisionsAdminMixin.save_related).
        step = workflow.transition(
            obj, action, by=request.user, note=form.cleaned_data.get("note", ""), record_revision=False
        )
        self.message_user(
            request,
            _("%(action)s: “%(headline)s”.")
            % {"action": step.get_action_display(), "headline": obj.headline},
            messages.SUCCESS,
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        article = context["adminform"].form.instance
        context.update(
            transitions=workflow.allowed_transitions(request.user, article),
            preview_url=reverse("admin:articles_article_preview", args=[obj.pk] if obj else []),
            latest_note=workflow.latest_note(article),
            time_zone=timezone.get_current_timezone_name(),
        )
        if obj is not None and workflow.can_edit(request.user, obj):
            context.update(
                share_links=[
                    (link, request.build_absolute_uri(link.get_absolute_url()))
                    for link in obj.share_links.active()
                ],
                share_url=reverse("admin:articles_article_share", args=[obj.pk]),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    # Read-only fields

    @admin.display(description=_("status"), ordering="status")
    def workflow_state(self, obj):
        current = workflow.state(obj)
        if current == workflow.State.SCHEDULED:
            return _("Scheduled for %(time)s") % {"time": local_time(obj.published_at)}
        return current.label

    @admin.display(description=_("history"))
    def status_history(self, obj):
        changes = obj.status_changes.select_related("changed_by")[:HISTORY_LENGTH]
        if not changes:
            return "—"
        return format_html(
            '<ul class="status-history">{}</ul>',
            format_html_join(
                "",
                "<li>{}: {} ({}){}</li>",
                (
                    (
                        local_time(change.changed_at),
                        change.get_action_display(),
                        change.changed_by or _("someone since removed"),
                        format_html(" — “{}”", change.note) if change.note else "",
                    )
                    for change in changes
                ),
            ),
        )

    # Bulk actions

    @admin.action(description=_("Publish selected articles"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        done = self.take_step_with_each(request, queryset, workflow.publishing_step)
        message = ngettext("%(count)d article published.", "%(count)d articles published.", done)
        self.message_user(request, message % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Unpublish selected articles"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        done = self.take_step_with_each(request, queryset, lambda article: workflow.Action.UNPUBLISH)
        message = ngettext("%(count)d article unpublished.", "%(count)d articles unpublished.", done)
        self.message_user(request, message % {"count": done}, messages.SUCCESS)

    def take_step_with_each(self, request, queryset, choose_step):
        """
        Take a workflow step with each selected article whose status allows it, logging each as the change
        form would; say how many were left alone. Returns how many changed.
        """
        done = skipped = 0
        for article_id in queryset.values_list("pk", flat=True):
            try:
                with transaction.atomic():
                    # As stored now, locked until saved: the list was read before someone else's save, maybe.
                    article = Article.objects.select_for_update(no_key=True).filter(pk=article_id).first()
                    if article is None:  # deleted meanwhile
                        continue
                    workflow.transition(article, choose_step(article), by=request.user)
            except (PermissionDenied, ValidationError):
                skipped += 1
                continue
            self.log_change(request, article, [{"changed": {"fields": [str(_("status"))]}}])
            done += 1
        if skipped:
            message = ngettext(
                "%(count)d article was left as it was: its status does not allow that.",
                "%(count)d articles were left as they were: their status does not allow that.",
                skipped,
            )
            self.message_user(request, message % {"count": skipped}, messages.WARNING)
        return done

    # Preview and share links

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("preview/", view(self.preview_view), name="articles_article_preview"),
            path("<path:object_id>/preview/", view(self.preview_view), name="articles_article_preview"),
            path("<path:object_id>/share/", view(self.share_view), name="articles_article_share"),
            path(
                "<path:object_id>/share/<uuid:link_id>/revoke/",
                view(self.revoke_share_view),
                name="articles_article_revoke_share",
            ),
            *super().get_urls(),
        ]

    def get_object_or_404(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(_("No such article."))
        return obj

    @method_decorator(require_POST)
    def preview_view(self, request, object_id=None):
        """
        The article page for what the change form holds, saved or not (the form is posted here by its Preview
        button). Someone who may only read the article sees it as saved.
        """
        obj = None if object_id is None else self.get_object_or_404(request, object_id)
        if obj is None and not self.has_add_permission(request):
            raise PermissionDenied
        if obj is not None and not self.has_change_permission(request, obj):
            if not self.has_view_permission(request, obj):
                raise PermissionDenied
            return preview.render_preview(request, obj)
        data = request.POST.copy()
        data.pop("note", None)  # a note belongs to a status change, which a preview makes none of
        form = self.get_form(request, obj, change=obj is not None)(data, request.FILES, instance=obj)
        form.checks_version = False  # the preview shows these words, whatever was saved since
        bylines = self.byline_formset(request, obj, data, form.instance)
        if not (form.is_valid() and bylines.is_valid()):
            context = {
                **self.admin_site.each_context(request),
                "title": _("The preview needs a few corrections"),
                "opts": self.opts,
                "errors": form_errors(form, bylines),
            }
            return render(request, "admin/articles/article/preview_errors.html", context, status=400)
        authors = [
            byline.cleaned_data["author"]
            for byline in sorted(bylines.forms, key=lambda byline: byline.cleaned_data.get("position") or 0)
            if byline.cleaned_data.get("author") and not byline.cleaned_data.get("DELETE")
        ]
        article = preview.for_page(
            form.save(commit=False), authors=authors, topics=form.cleaned_data["topics"]
        )
        return preview.render_preview(request, article)

    def byline_formset(self, request, obj, data, article):
        for formset_class, inline in self.get_formsets_with_inlines(request, obj):
            if inline.model is Byline:
                return formset_class(data, instance=article, prefix=formset_class.get_default_prefix())
        raise PermissionDenied

    @method_decorator(require_POST)
    def share_view(self, request, object_id):
        """A new share link for the article, from its change form."""
        article = self.get_object_or_404(request, object_id)
        if not workflow.can_edit(request.user, article):
            raise PermissionDenied
        link = preview.create_share_link(article, by=request.user)
        self.message_user(
            request,
            _("Share link created, working until %(time)s: %(url)s")
            % {
                "time": local_time(link.expires_at),
                "url": request.build_absolute_uri(link.get_absolute_url()),
            },
            messages.SUCCESS,
        )
        return redirect(reverse("admin:articles_article_change", args=[article.pk]) + "#share-links")

    @method_decorator(require_POST)
    def revoke_share_view(self, request, object_id, link_id):
        article = self.get_object_or_404(request, object_id)
        link = get_object_or_404(ShareLink, pk=link_id, article=article)
        if not workflow.can_revoke(request.user, link):
            raise PermissionDenied
        preview.revoke_share_link(link)
        self.message_user(
            request, _("The share link was revoked: it no longer opens the article."), messages.SUCCESS
        )
        return redirect(reverse("admin:articles_article_change", args=[article.pk]) + "#share-links")
