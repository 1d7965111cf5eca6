"""The moderation queue: pending comments first, newest first, decided in one click."""

from urllib.parse import urlsplit

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce, Lower
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models import Article
from comments import (
    moderation,
    settings_admin,  # noqa: F401 - the discussion settings, the lists and the rule tester
    spam_bin,
)
from comments.models import Comment
from comments.statistics import oldest_pending_sent_at
from comments.text import links_in

# What a moderator can decide, as URL word -> (status, button label, domain function).
DECISIONS = {
    "approve": (Comment.Status.APPROVED, _("Approve"), moderation.approve),
    "spam": (Comment.Status.SPAM, _("Spam"), moderation.mark_spam),
    "remove": (Comment.Status.REMOVED, _("Remove"), moderation.remove),
}


class StatusFilter(admin.SimpleListFilter):
    """By status, pending unless asked otherwise: the queue opens on what needs a decision."""

    title = _("status")
    parameter_name = "status"
    EVERY = "all"

    def lookups(self, request, model_admin):
        return [*Comment.Status.choices, (self.EVERY, _("All"))]

    def chosen(self):
        value = self.value()
        return value if value in {*Comment.Status.values, self.EVERY} else Comment.Status.PENDING

    def queryset(self, request, queryset):
        if self.chosen() == self.EVERY:
            return queryset
        return queryset.filter(status=self.chosen())

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.chosen() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


class ArticleFilter(admin.SimpleListFilter):
    """The articles with the most pending comments (where a wave is breaking), and the one chosen."""

    title = _("article")
    parameter_name = "article"
    SHOWN = 10
    # Candidates come from the newest pending comments, so the filter costs the same with any backlog.
    RECENT = 1000

    def article_id(self):
        value = self.value()
        return int(value) if value and value.isdigit() else None

    def lookups(self, request, model_admin):
        pending = Comment.objects.pending()
        recent = pending.order_by("-created_at").values("article")[: self.RECENT]
        waiting = pending.filter(article=OuterRef("pk")).order_by().values("article").annotate(n=Count("pk"))
        busiest = (
            Article.objects.filter(pk__in=recent)
            .annotate(waiting=Subquery(waiting.values("n")))
            .order_by("-waiting", "pk")
            .values_list("pk", "headline", "waiting")[: self.SHOWN]
        )
        choices = [(pk, f"{headline} ({count})") for pk, headline, count in busiest]
        chosen = self.article_id()
        if chosen and chosen not in {pk for pk, _title in choices}:
            headlines = Article.objects.filter(pk=chosen).values_list("headline", flat=True)
            choices.extend((chosen, headline) for headline in headlines)
        return choices

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(article_id=self.article_id())


def sent_from_same_address(status):
    """How many comments in `status` the sender's e-mail address has sent, as a subquery (comment_email_idx)."""
    same = Comment.objects.annotate(email_lower=Lower("email")).filter(
        email_lower=Lower(OuterRef("email")), status=status
    )
    count = same.order_by().values("email_lower").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(count), 0)


class QueueChangeList(ChangeList):
    """The queue's rows carry their sender's history; a single comment's pages have no use for it."""

    def get_queryset(self, request, exclude_parameters=None):
        return (
            super()
            .get_queryset(request, exclude_parameters)
            .annotate(
                approved_from_sender=sent_from_same_address(Comment.Status.APPROVED),
                spam_from_sender=sent_from_same_address(Comment.Status.SPAM),
            )
        )


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = [
        "excerpt",
        "sender",
        "ip_address",
        "article_link",
        "reply_to",
        "created_at",
        "status",
        "link_count",
        "why",
        "decision_buttons",
    ]
    list_display_links = ["excerpt"]
    list_filter = [StatusFilter, ArticleFilter]
    list_select_related = ["article__section", "parent"]
    list_per_page = 50
    search_fields = ["body", "name", "email", "ip_address"]
    search_help_text = _("Search the text, name, email or IP address.")
    ordering = ["-created_at", "-pk"]
    # Counting every comment on each page view is wasted work with a large spam bin; the filtered count
    # (one query on the status index) is enough.
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = [
        "approve_selected",
        "mark_selected_spam",
        "remove_selected",
        "restore_selected",
        "restore_and_trust_selected",
    ]
    # Shown only on the spam bin (and "All").
    spam_bin_actions = {"restore_selected", "restore_and_trust_selected"}
    fields = [
        "article",
        "parent",
        "name",
        "email",
        "website",
        "body",
        "edit_history",
        "status",
        "rule",
        "rule_explanation",
        "ip_address",
        "user_agent",
        "created_at",
        "decided_by",
        "decided_at",
    ]
    readonly_fields = [field for field in fields if field not in {"status", "body"}]

    class Media:
        # The keyboard shortcuts, documented on the page (templates/admin/comments/comment/change_list.html).
        css = {"all": ["css/comment_queue.css"]}
        js = ["js/comment_queue.js"]

    def get_changelist(self, request, **kwargs):
        return QueueChangeList

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET":
            extra_context = {"oldest_pending_sent_at": oldest_pending_sent_at(), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("comment"))
    def excerpt(self, comment):
        return comment.excerpt

    @admin.display(description=_("sender"), ordering="name")
    def sender(self, comment):
        # The sender's history: every comment from the same e-mail address, this one included.
        history = _("%(approved)d approved, %(spam)d spam") % {
            "approved": comment.approved_from_sender,
            "spam": comment.spam_from_sender,
        }
        return format_html(
            '{}<br><span class="email">{}</span><br><span class="history">{}</span>',
            comment.name,
            comment.email,
            history,
        )

    @admin.display(description=_("article"), ordering="article__headline")
    def article_link(self, comment):
        # Filters the queue to the article's comments.
        return format_html(
            '<a href="?{}={}">{}</a> <span class="section">({})</span>',
            ArticleFilter.parameter_name,
            comment.article_id,
            comment.article,
            comment.article.section,
        )

    @admin.display(description=_("reply to"))
    def reply_to(self, comment):
        if comment.parent is None:
            return "—"
        url = reverse("admin:comments_comment_change", args=[comment.parent_id])
        return format_html('<a href="{}">{}: {}</a>', url, comment.parent.name, comment.parent.excerpt)

    @admin.display(description=_("links"))
    def link_count(self, comment):
        return len(links_in(comment.body))

    @admin.display(description=_("edits"))
    def edit_history(self, comment):
        edits = comment.edits.select_related("edited_by")
        if not edits:
            return "—"
        return format_html(
            '<ol class="comment-edits">{}</ol>',
            format_html_join(
                "",
                "<li>{}<div><del>{}</del></div><div><ins>{}</ins></div></li>",
                (
                    (
                        _("%(who)s, %(when)s:")
                        % {
                            "who": edit.edited_by or _("someone since deleted"),
                            "when": date_format(localtime(edit.edited_at), "DATETIME_FORMAT"),
                        },
                        edit.body_before,
                        edit.body_after,
                    )
                    for edit in edits
                ),
            ),
        )

    @admin.display(description=_("why"), ordering="rule")
    def why(self, comment):
        # The rule that decided the comment's status when it arrived, in words.
        return comment.rule_explanation or comment.rule

    @admin.display(description=_("decide"))
    def decision_buttons(self, comment):
        # The buttons submit the changelist form (which carries the CSRF token) to the decision URL.
        return format_html_join(
            " ",
            '<button type="submit" class="button" formaction="{}" data-decision="{}">{}</button>',
            (
                (reverse("admin:comments_comment_decide", args=[comment.pk, word]), word, label)
                for word, (status, label, _function) in DECISIONS.items()
                if comment.status != status
            ),
        )

    def get_list_display(self, request):
        if self.has_change_permission(request):
            return self.list_display
        return [column for column in self.list_display if column != "decision_buttons"]

    def has_add_permission(self, request):
        return False  # Comments come from readers.

    def save_model(self, request, obj, form, change):
        # Only the text and the status are editable here, and they change through the moderation functions.
        if "body" in form.changed_data:
            moderation.edit_text(obj, form.cleaned_data["body"], by=request.user)
        if "status" in form.changed_data:
            moderation.decide(obj, form.cleaned_data["status"], by=request.user)

    # Replies go with their comment (approved ones too), so every thread a deletion reaches has changed.
    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        moderation.threads_changed([obj.article_id])

    def delete_queryset(self, request, queryset):
        article_ids = set(queryset.order_by().values_list("article_id", flat=True).distinct())
        super().delete_queryset(request, queryset)
        moderation.threads_changed(article_ids)

    def get_urls(self):
        decide = path(
            "<path:object_id>/decide/<str:word>/",
            self.admin_site.admin_view(self.decide_view),
            name="comments_comment_decide",
        )
        return [decide, *super().get_urls()]

    def decide_view(self, request, object_id, word):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if word not in DECISIONS:
            raise Http404
        comment = self.get_object(request, unquote(object_id))
        if comment is None:
            raise Http404
        if not self.has_change_permission(request, comment):
            raise PermissionDenied
        status, _label, function = DECISIONS[word]
        if function(comment, by=request.user):
            self.message_user(request, self.decided_message(status, 1), messages.SUCCESS)
        else:
            self.message_user(request, _("No change: the comment already had that status."), messages.INFO)
        return redirect(self.queue_url(request))

    def queue_url(self, request):
        """Back where the moderator was: the queue page with its filters, as the browser says."""
        queue = reverse("admin:comments_comment_changelist")
        referer = request.headers.get("Referer", "")
        same_site = url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure())
        return referer if same_site and urlsplit(referer).path == queue else queue

    @staticmethod
    def decided_message(status, count):
        messages_by_status = {
            Comment.Status.APPROVED: ngettext(
                "Approved %(count)d comment: it is on the site.",
                "Approved %(count)d comments: they are on the site.",
                count,
            ),
            Comment.Status.SPAM: ngettext(
                "Marked %(count)d comment as spam.", "Marked %(count)d comments as spam.", count
            ),
            Comment.Status.REMOVED: ngettext(
                "Removed %(count)d comment from the site.", "Removed %(count)d comments from the site.", count
            ),
            Comment.Status.PENDING: ngettext(
                "Put %(count)d comment back in the queue.", "Put %(count)d comments back in the queue.", count
            ),
        }
        return messages_by_status[status] % {"count": count}

    def decide_selected(self, request, queryset, word):
        if request.POST.get("select_across") == "1" and request.POST.get("confirmed") != "yes":
            return self.confirm_across(request, queryset, word)
        status, _label, function = DECISIONS[word]
        changed = function(queryset, by=request.user)
        self.message_user(request, self.decided_message(status, changed), messages.SUCCESS)
        return None

    def confirm_across(self, request, queryset, word):
        """Before deciding on every comment the filter matches, not only the page's: say how many."""
        status, label, _function = DECISIONS[word]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Are you sure?"),
            "label": label,
            "count": queryset.exclude(status=status).count(),
            "action": request.POST["action"],
            "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "queue_url": request.get_full_path(),
        }
        return TemplateResponse(request, "admin/comments/comment/confirm_across.html", context)

    @admin.action(description=_("Approve selected comments"), permissions=["change"])
    def approve_selected(self, request, queryset):
        return self.decide_selected(request, queryset, "approve")

    @admin.action(description=_("Mark selected comments as spam"), permissions=["change"])
    def mark_selected_spam(self, request, queryset):
        return self.decide_selected(request, queryset, "spam")

    @admin.action(description=_("Remove selected comments"), permissions=["change"])
    def remove_selected(self, request, queryset):
        return self.decide_selected(request, queryset, "remove")

    def get_actions(self, request, action_location=admin.ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        status = request.GET.get(StatusFilter.parameter_name)
        if action_location == admin.ActionLocation.CHANGE_LIST and status not in {
            Comment.Status.SPAM,
            StatusFilter.EVERY,
        }:
            actions = {name: action for name, action in actions.items() if name not in self.spam_bin_actions}
        return actions

    def has_trust_permission(self, request):
        """May decide on comments and add trusted commenters (an action's permissions need only one of them)."""
        return self.has_change_permission(request) and request.user.has_perm("comments.add_trustedcommenter")

    @admin.action(description=_("Restore selected comments from the spam bin"), permissions=["change"])
    def restore_selected(self, request, queryset):
        restored, _trusted = spam_bin.restore(queryset, by=request.user)
        self.message_user(request, self.restored_message(restored), messages.SUCCESS)

    @admin.action(description=_("Restore selected comments and trust their senders"), permissions=["trust"])
    def restore_and_trust_selected(self, request, queryset):
        restored, trusted = spam_bin.restore(queryset, by=request.user, trust_sender=True)
        trusted_message = ngettext(
            "%(count)d sender is now a trusted commenter.",
            "%(count)d senders are now trusted commenters.",
            trusted,
        ) % {"count": trusted}
        self.message_user(request, f"{self.restored_message(restored)} {trusted_message}", messages.SUCCESS)

    @staticmethod
    def restored_message(count):
        return ngettext(
            "Restored %(count)d comment from the spam bin: it is on the site.",
            "Restored %(count)d comments from the spam bin: they are on the site.",
            count,
        ) % {"count": count}
