"""Objects for tests, made with the fewest fields that make them valid."""

from datetime import timedelta
from itertools import count

from django.contrib.auth.models import Group, User
from django.utils import timezone

from articles.models import Article, Author, Byline, Section, Topic
from comments.models import Comment
from images import library
from images.uploads import prepare_upload
from tests.image_files import encode, picture, upload

_sequence = count(1)


def make_section(**fields):
    n = next(_sequence)
    return Section.objects.create(**{"name": f"Section {n}", "slug": f"section-{n}", **fields})


def make_author(**fields):
    n = next(_sequence)
    return Author.objects.create(**{"name": f"Author {n}", "slug": f"author-{n}", **fields})


def make_topic(**fields):
    n = next(_sequence)
    return Topic.objects.create(**{"name": f"Topic {n}", "slug": f"topic-{n}", **fields})


def make_staff(username, *groups, **fields):
    """A staff account in the named groups ("Writers", "Editors", "Moderators"), as an administrator makes one."""
    user = User.objects.create_user(username, is_staff=True, **fields)
    user.groups.set(Group.objects.filter(name__in=groups))
    return user


def make_image(*, size=(96, 64), image_format="JPEG", **fields):
    """A library image, uploaded through the real pipeline (renditions are made only when commits run)."""
    fields.setdefault("alt_text", f"Picture {next(_sequence)}")
    prepared = prepare_upload(upload(encode(picture(size), image_format)))
    return library.add_image(prepared, **fields)


def make_article(*, authors=(), topics=(), published=True, body="<p>Body text.</p>", **fields):
    """A published article (an hour old) unless told otherwise."""
    n = next(_sequence)
    fields.setdefault("section", make_section() if "section" not in fields else fields["section"])
    fields.setdefault("headline", f"Headline {n}")
    fields.setdefault("slug", f"headline-{n}")
    article = Article(**fields)
    article.set_body(body)
    if published:
        article.publish(at=fields.get("published_at") or timezone.now() - timedelta(hours=1))
    article.save()
    for position, author in enumerate(authors):
        Byline.objects.create(article=article, author=author, position=position)
    article.topics.set(topics)
    if topics:
        article.reindex()
    return article


def make_comment(article, *, parent=None, status="approved", **fields):
    """An approved comment (or reply, with `parent`) on `article`, stored as the form would store it."""
    n = next(_sequence)
    comment = Comment(
        article=article,
        status=status,
        **{"name": f"Reader {n}", "email": f"reader{n}@example.org", "body": f"Comment {n}.", **fields},
    )
    comment.place_under(parent)
    comment.save()
    return comment
