"""
Revisions: every save of an article keeps a snapshot of it (its fields, bylines and topics), who saved it and
when. Any two can be compared as a readable diff of the headline, standfirst and body, and any can be restored,
which is itself a new revision. The version number the admin form carries (Article.version) refuses a save
made from an article someone else has saved since, so that nobody's words are silently overwritten.

Whoever saves an article on an editor's behalf calls record() once the bylines and topics are saved too: the
admin, the workflow's steps and restore() do.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from urllib.parse import unquote, urlsplit

from django.db import transaction
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.html_tree import parse
from articles.models import Article, ArticleRevision, Author, Byline, Topic
from caching import events
from images.embed import record_inline_images
from images.models import Image

# What a restore brings back: the words and what goes with them, never the status, the publish time or the
# address (a restore neither publishes nor moves an article).
RESTORED_FIELDS = ["headline", "standfirst", "lead_image", "seo_title", "seo_description"]
# What articles/corrections.py writes on the article, without moving its version.
NOTE_FIELDS = ["correction_notes", "updated_at"]
COMPARED_FIELDS = [
    ("headline", gettext_lazy("Headline")),
    ("standfirst", gettext_lazy("Standfirst")),
    ("body", gettext_lazy("Body")),
]
# A word, a space, a line break, one punctuation mark, or one Chinese or Japanese character (they are written
# without spaces, so a changed character is a changed word).
TOKEN = re.compile(r"\n|[^\S\n]+|[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]|\w+|[^\w\s]")


class StaleVersion(Exception):
    """The article was saved by someone else since the form was opened."""

    def __init__(self, current_version, latest_revision):
        super().__init__(current_version)
        self.current_version = current_version
        self.latest_revision = latest_revision


def snapshot(article):
    """The article's editable fields (related objects by id), its bylines in order and its topics."""
    fields = {
        field.name: field.value_from_object(article)
        for field in Article._meta.concrete_fields
        if field.editable and not field.primary_key
    }
    fields["bylines"] = list(
        Byline.objects.filter(article=article).order_by("position", "pk").values_list("author_id", flat=True)
    )
    fields["topics"] = sorted(article.topics.values_list("pk", flat=True))
    return fields


def record(article, *, by, note=""):
    """Keep the article as it is saved now (bylines and topics included) as a revision by `by`."""
    return ArticleRevision.objects.create(
        article=article, version=article.version, snapshot=snapshot(article), note=note, created_by=by
    )


def latest(article):
    return article.revisions.select_related("created_by").first()


def check_version(article, seen_version):
    """
    Raise StaleVersion unless the stored article is still at `seen_version` (the version the editor's form was
    opened with). Inside a transaction the row stays locked until it ends, so no save can slip in between (a
    comment posted meanwhile, which only points at the article, is not held up).

    A correction added since `article` was read leaves the version alone (it is not an edit), so the check
    passes; the correction's notes and updated time are copied onto `article` so that saving it keeps them.
    """
    current = (
        Article.objects.select_for_update(no_key=True)
        .filter(pk=article.pk)
        .values("version", *NOTE_FIELDS)
        .first()
    )
    if current is None:
        return
    if current["version"] != seen_version:
        raise StaleVersion(current["version"], latest(article))
    for name in NOTE_FIELDS:
        setattr(article, name, current[name])


@transaction.atomic
def restore(revision, *, by):
    """
    Bring back a revision's words, lead image, bylines and topics as a new save (and so a new revision); the
    status, publish time and address stay as they are. Authors, topics and images deleted since are left out.
    """
    article = Article.objects.select_for_update(no_key=True).get(pk=revision.article_id)
    kept = revision.snapshot
    for name in RESTORED_FIELDS:
        field = Article._meta.get_field(name)
        setattr(article, field.attname, field.to_python(kept.get(name, field.get_default())))
    if article.lead_image_id and not Image.objects.filter(pk=article.lead_image_id).exists():
        article.lead_image = None
    article.set_body(kept.get("body", ""))
    article.save()
    Byline.objects.filter(article=article).delete()
    authors = set(Author.objects.filter(pk__in=kept.get("bylines", [])).values_list("pk", flat=True))
    Byline.objects.bulk_create(
        Byline(article=article, author_id=author_id, position=position)
        for position, author_id in enumerate(a for a in kept.get("bylines", []) if a in authors)
    )
    article.topics.set(Topic.objects.filter(pk__in=kept.get("topics", [])))
    article.reindex()
    record_inline_images(article)
    events.content_changed("article revision restored")
    return record(article, by=by, note=_("Restored from version %(version)d") % {"version": revision.version})


# Comparing


@dataclass(frozen=True)
class Difference:
    label: str
    html: str  # the older text with <del> and <ins> marking what the newer one changed, escaped
    changed: bool


def body_text(html):
    """
    A body as readable text: one paragraph (or heading, list item, caption, ...) a line, and each picture named
    by its file and description, so that a picture swapped or described anew shows in a diff.
    """
    tree = parse(html)
    for image in (element for element in tree.elements() if element.tag == "img"):
        image.replace_with(picture_text(image.attrs.get("src", ""), image.attrs.get("alt", "").strip()))
    lines = (line.strip() for line in tree.text(between_blocks="\n").splitlines())
    return "\n".join(line for line in lines if line)


def picture_text(src, alt):
    file_name = unquote(urlsplit(src).path.rsplit("/", 1)[-1])
    if not alt:
        return _("[Picture: %(file)s]") % {"file": file_name}
    return _("[Picture: %(file)s, “%(description)s”]") % {"file": file_name, "description": alt}


def compare(older, newer):
    """What changed in the headline, standfirst and body from one snapshot (a revision's) to another."""
    differences = []
    for name, label in COMPARED_FIELDS:
        before, after = older.get(name, ""), newer.get(name, "")
        if name == "body":
            before, after = body_text(before), body_text(after)
        differences.append(Difference(str(label), diff_html(before, after), before != after))
    return differences


def diff_html(before, after):
    """
    `before` with what `after` removed in <del> and what it added in <ins>, HTML-escaped. Lines (paragraphs)
    are matched first and words within the lines that changed, so a long body diffs quickly and readably.
    """
    old_lines, new_lines = before.splitlines(), after.splitlines()
    parts = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
        old, new = "\n".join(old_lines[i1:i2]), "\n".join(new_lines[j1:j2])
        if op == "equal":
            parts.append(escape(old))
        elif op == "replace":
            parts.append(diff_words(old, new))
        else:
            parts.append(marked(old, new))
    return mark_safe("\n".join(parts))  # noqa: S308 - every piece is escaped above


def diff_words(before, after):
    old, new = TOKEN.findall(before), TOKEN.findall(after)
    parts = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(old[i1:i2])))
        else:
            parts.append(marked("".join(old[i1:i2]), "".join(new[j1:j2])))
    return "".join(parts)


def marked(removed, added):
    return "".join(
        [
            format_html("<del>{}</del>", removed) if removed else "",
            format_html("<ins>{}</ins>", added) if added else "",
        ]
    )
