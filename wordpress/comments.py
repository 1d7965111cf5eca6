"""
WordPress comments as comments, threaded as they were (nesting deeper than COMMENTS_MAX_DEPTH joins the
deepest allowed level, as replies here do). Statuses: 1 → approved, 0 → pending (the moderation queue), spam →
spam, trash → removed. Pingbacks and trackbacks are not comments readers wrote: they are counted and left out.
"""

import ipaddress
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from comments.models import BIDI_CONTROLS, BODY_WHITESPACE, Comment, validate_web_address
from wordpress import wxr
from wordpress.content import comment_text
from wordpress.models import WordPressId, digest_of

STATUSES = {
    "1": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.REMOVED,
    "post-trashed": Comment.Status.REMOVED,
}
# Recorded as the deciding rule, so moderators can tell imported decisions from their own.
IMPORT_RULE = "wordpress-import"
NAME_MAX = Comment._meta.get_field("name").max_length
EMAIL_MAX = Comment._meta.get_field("email").max_length
WEBSITE_MAX = Comment._meta.get_field("website").max_length


def _without_controls(value, allowed=frozenset()):
    return "".join(
        character
        for character in value
        if character in allowed or unicodedata.category(character) not in {"Cc", "Cs", "Co"}
    )


def single_line(value, max_length):
    """A name or address without control characters or direction overrides, which comments here refuse."""
    kept = "".join(character for character in _without_controls(value) if character not in BIDI_CONTROLS)
    return " ".join(kept.split())[:max_length]


def web_address(value):
    address = single_line(value, WEBSITE_MAX)
    try:
        validate_web_address(address)
    except ValidationError:
        return ""
    return address


def ip_or_none(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def sent_at(record):
    exact = wxr.parse_date(record.date_gmt)
    if exact is not None:
        return exact
    local = wxr.local_date(record.date)
    return timezone.make_aware(local, timezone.get_default_timezone()) if local else timezone.now()


def parents_first(records):
    """The comments in an order where each comes after the one it replies to (when that one is here)."""
    ids = {record.wp_id for record in records}
    placed, ordered, waiting = set(), [], sorted(records, key=lambda record: record.wp_id)
    while waiting:
        ready = [record for record in waiting if record.parent not in ids or record.parent in placed]
        if not ready:  # a loop of replies: the rest start threads of their own
            ready = waiting
        ordered += ready
        placed.update(record.wp_id for record in ready)
        waiting = [record for record in waiting if record.wp_id not in placed]
    return ordered


class Batch:
    """
    One post's comments written in a few queries: the new ones together (a level of replies at a time, as each
    needs its parent's id), their ids together, and the sending times, which the model would otherwise set to
    the moment a comment is saved.
    """

    def __init__(self):
        self.new, self.new_ids, self.written = [], [], []

    def add(self, comment, kind, wp_id, digest, row):
        self.written.append((comment, comment.created_at))
        if row is None:
            self.new.append(comment)
            self.new_ids.append(WordPressId(kind=kind, wp_id=wp_id, digest=digest, comment=comment))
        else:
            comment.save()
            WordPressId.objects.remember(kind, wp_id, comment, digest, known=row)

    def save_new(self):
        Comment.objects.bulk_create(self.new)
        self.new = []

    def finish(self):
        WordPressId.objects.bulk_create(self.new_ids)
        for comment, created_at in self.written:
            comment.created_at = created_at
        Comment.objects.bulk_update([comment for comment, _created_at in self.written], ["created_at"])


class Comments:
    def __init__(self, report):
        self.report = report
        self.touched_articles = set()  # whose public comments changed

    def add(self, records, article, imported_before=False):
        """Import one post's comments onto its article (`imported_before`: by an earlier import)."""
        kept = []
        for record in records:
            if record.type in {"pingback", "trackback"}:
                self.report.skip("pingbacks and trackbacks")
            elif record.type not in {"", "comment"}:
                self.report.skip(f"comments of type “{record.type}”")
            else:
                kept.append(record)
        if imported_before:
            self._remove_vanished(article, {record.wp_id for record in kept})
        if not kept:
            return
        known = {
            row.wp_id: row
            for row in WordPressId.objects.filter(
                kind=WordPressId.Kind.COMMENT, wp_id__in=[record.wp_id for record in kept]
            ).select_related("comment")
        }
        batch = Batch()
        placed = {}  # wp_id → Comment
        for record in parents_first(kept):
            parent = placed.get(record.parent)
            if parent is not None and parent.pk is None:
                batch.save_new()  # a reply needs its parent's id
            fields = self._fields(record)
            digest = digest_of({**fields, "parent": record.parent, "article": article.pk})
            row = known.get(record.wp_id)
            if row is not None and row.digest == digest:
                placed[record.wp_id] = row.comment
                self.report.count("comments", "unchanged")
                continue
            comment = row.comment if row is not None else Comment(article=article, rule=IMPORT_RULE)
            comment.rule_explanation = _("Imported from WordPress, where it had this status.")
            if comment.status == Comment.Status.APPROVED or fields["status"] == Comment.Status.APPROVED:
                self.touched_articles.add(article.pk)
            for name, value in fields.items():
                setattr(comment, name, value)
            comment.decided_at = None if comment.status == Comment.Status.PENDING else timezone.now()
            comment.place_under(parent)
            batch.add(comment, WordPressId.Kind.COMMENT, record.wp_id, digest, row)
            placed[record.wp_id] = comment
            self.report.count("comments", "updated" if row is not None else "added")
        batch.save_new()
        batch.finish()

    def _remove_vanished(self, article, wp_ids):
        """
        Comments an earlier import brought that the export no longer gives with their post: WordPress deleted them
        or marked them as spam since (its export leaves spam out). They are removed here too; should one come back,
        it is written again.
        """
        rows = (
            WordPressId.objects.filter(kind=WordPressId.Kind.COMMENT, comment__article=article)
            .exclude(wp_id__in=wp_ids)
            .exclude(comment__status=Comment.Status.REMOVED)
            .select_related("comment")
        )
        for row in rows:
            comment = row.comment
            if comment.status == Comment.Status.APPROVED:
                self.touched_articles.add(article.pk)
            comment.status, comment.decided_at = Comment.Status.REMOVED, timezone.now()
            comment.rule_explanation = _("No longer in WordPress's export: deleted or marked as spam there.")
            comment.save(update_fields=["status", "decided_at", "rule_explanation"])
            row.digest = ""
            row.save(update_fields=["digest", "imported_at"])
            self.report.count("comments", "updated")

    @staticmethod
    def _fields(record):
        return {
            "name": single_line(record.author, NAME_MAX) or _("Anonymous"),
            "email": single_line(record.email, EMAIL_MAX),
            "website": web_address(record.url),
            "body": _without_controls(comment_text(record.content), allowed=BODY_WHITESPACE),
            "status": STATUSES.get(record.approved, Comment.Status.PENDING),
            "ip_address": ip_or_none(record.ip),
            "created_at": sent_at(record),
        }
