"""
Revisions in the article admin: the list of an article's revisions, the comparison of any two, and restoring
one; and the form's side of the version check, which refuses a save from a form opened before someone else's
save and keeps the editor's text in it, beside what changed, so that they can merge. The rules are in
articles/revisions.py.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from articles import revisions
from articles.models import ArticleRevision, StatusChange
from articles.workflow_admin import local_time

REVISIONS_PER_PAGE = 50


@dataclass(frozen=True)
class Conflict:
    """Another save the editor's form missed: who made it, when, and how the editor's text differs from it."""

    who: object
    when: object
    differences: list


class VersionCheckedForm(forms.ModelForm):
    """
    For the article form: carries the version the article was opened at, and refuses the save when the article
    has been saved since. The refused form keeps what the editor wrote and now carries the current version, so
    saving again, once they have merged, goes through.
    """

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    # The preview shows the form's words whatever has been saved since: it turns this off.
    checks_version = True
    conflict = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        changing = self.instance.pk is not None
        self.fields["opened_version"].initial = self.instance.version
        self.fields["opened_version"].required = changing

    def _post_clean(self):
        super()._post_clean()
        seen = self.cleaned_data.get("opened_version")
        if not (self.checks_version and self.instance.pk is not None and seen):
            return
        try:
            revisions.check_version(self.instance, seen)
        except revisions.StaleVersion as stale:
            self.refuse_stale(stale)

    def refuse_stale(self, stale):
        latest = stale.latest_revision
        who = (latest.created_by if latest else None) or _("someone else")
        when = latest.created_at if latest else self.instance.modified_at
        theirs = latest.snapshot if latest else {}
        mine = {name: self.data.get(name, "") for name, _label in revisions.COMPARED_FIELDS}
        self.conflict = Conflict(who, when, revisions.compare(theirs, mine))
        self.add_error(
            None,
            _(
                "Not saved: %(who)s saved this article at %(time)s, after you opened it. Your text is kept "
                "below, and what differs from theirs is shown above it: merge what you need and save again."
            )
            % {"who": who, "time": local_time(when)},
        )
        data = self.data.copy()
        data["opened_version"] = str(stale.current_version)
        self.data = data


class RevisionsAdminMixin:
    """For ArticleAdmin: every admin save is a revision, and the revisions pages."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        action = getattr(form, "requested_transition", "")
        note = str(StatusChange.Action(action).label) if action else ""
        revisions.record(form.instance, by=request.user, note=note)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/revisions/", view(self.revisions_view), name="articles_article_revisions"),
            path(
                "<path:object_id>/revisions/compare/",
                view(self.compare_revisions_view),
                name="articles_article_compare_revisions",
            ),
            path(
                "<path:object_id>/revisions/<int:revision_id>/restore/",
                view(self.restore_revision_view),
                name="articles_article_restore_revision",
            ),
            *super().get_urls(),
        ]

    def revisions_context(self, request, article, title):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": title,
            "can_restore": self.has_change_permission(request, article),
        }

    def viewable_article(self, request, object_id):
        article = self.get_object_or_404(request, object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def revisions_view(self, request, object_id):
        article = self.viewable_article(request, object_id)
        page = Paginator(
            article.revisions.select_related("created_by").defer("snapshot"), REVISIONS_PER_PAGE
        ).get_page(request.GET.get("page"))
        context = self.revisions_context(
            request, article, _("Revisions of “%(headline)s”") % {"headline": article}
        )
        context |= {"page_obj": page, "revisions": page.object_list}
        return render(request, "admin/articles/article/revisions.html", context)

    def compare_revisions_view(self, request, object_id):
        article = self.viewable_article(request, object_id)
        chosen = request.GET.getlist("revision")
        found = article.revisions.select_related("created_by").filter(
            pk__in=[p for p in chosen if p.isdigit()]
        )
        pair = sorted(found, key=lambda revision: (revision.created_at, revision.pk))
        if len(chosen) != 2 or len(pair) != 2:
            self.message_user(request, _("Choose two revisions to compare."), messages.WARNING)
            return redirect(reverse("admin:articles_article_revisions", args=[article.pk]))
        older, newer = pair
        context = self.revisions_context(
            request,
            article,
            _("Changes from version %(older)d to %(newer)d")
            % {
                "older": older.version,
                "newer": newer.version,
            },
        )
        context |= {
            "older": older,
            "newer": newer,
            "differences": revisions.compare(older.snapshot, newer.snapshot),
        }
        return render(request, "admin/articles/article/revision_compare.html", context)

    @method_decorator(require_POST)
    def restore_revision_view(self, request, object_id, revision_id):
        article = self.get_object_or_404(request, object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        revision = get_object_or_404(ArticleRevision, pk=revision_id, article=article)
        restored = revisions.restore(revision, by=request.user)
        self.log_change(request, article, [{"changed": {"fields": [str(_("revision"))]}}])
        self.message_user(
            request,
            _("Version %(old)d restored as version %(new)d.")
            % {"old": revision.version, "new": restored.version},
            messages.SUCCESS,
        )
        return redirect(reverse("admin:articles_article_change", args=[article.pk]))
