"""
WordPress posts as articles and pages as flat pages.

Statuses: publish → published; future → published with its publish time ahead (scheduled); draft and pending →
draft without a publish time; private → draft keeping its date (publishing it puts it back where it was in the
archive). A password-protected post was never public: it becomes a draft too. Posts in the trash are left out,
unless an earlier import brought them: those become drafts again.
"""

import dataclasses
from collections import Counter

from django.conf import settings
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import revisions
from articles.models import Article, Byline
from articles.moves import article_moved
from articles.redirects import record_move
from articles.sanitize import sanitize
from images.embed import record_inline_images
from wordpress import wxr
from wordpress.content import convert, plain_text
from wordpress.models import WordPressId, digest_of
from wordpress.slugs import numbered, readable_slug

# WordPress's default category, for posts that somehow have none.
UNCATEGORISED = ("uncategorized", "Uncategorized")
HEADLINE_MAX = Article._meta.get_field("headline").max_length
SLUG_MAX = Article._meta.get_field("slug").max_length
SEO_DESCRIPTION_MAX = Article._meta.get_field("seo_description").max_length
PAGE_URL_MAX = FlatPage._meta.get_field("url").max_length
PAGE_TITLE_MAX = FlatPage._meta.get_field("title").max_length


def publish_time(item):
    """The post's date as an aware datetime: its GMT date, else its local date read in TIME_ZONE, else None."""
    exact = wxr.parse_date(item.post_date_gmt)
    if exact is not None:
        return exact
    local = wxr.local_date(item.post_date)
    return timezone.make_aware(local, timezone.get_default_timezone()) if local else None


class Posts:
    def __init__(self, report, directory, attachments, addresses, comments, survey):
        self.report = report
        self.directory = directory
        self.attachments = attachments
        self.addresses = addresses
        self.comments = comments
        self.survey = survey
        # WordPress's offset from GMT → how many posts it showed at another offset than TIME_ZONE's.
        self.other_offsets = Counter()

    # Articles

    def add_post(self, item):
        known = WordPressId.objects.find(WordPressId.Kind.POST, item.wp_id)
        if item.status in {"trash", "auto-draft", "inherit"}:
            if known is None:
                self.report.skip("posts in the trash")
                return
            item = self._trashed_since(item, known)
        self._compare_time_zone(item)
        conversion = convert(item.content, self.attachments.find)
        for shortcode, count in conversion.left_out.items():
            self.report.skip(f"[{shortcode}] shortcodes", count)
        if conversion.images_missing:
            self.report.skip(
                "images in posts not found in the import's image library", conversion.images_missing
            )
        fields = self._article_fields(item)
        author = self.directory.author(item.creator) if item.creator else None
        topics = [
            self.directory.topic(slug, name) for taxonomy, slug, name in item.terms if taxonomy == "post_tag"
        ]
        digest = digest_of(
            {
                **{name: getattr(value, "pk", value) for name, value in fields.items()},
                "wanted_slug": item.slug,
                "body": conversion.html,
                "author": author and author.pk,
                "topics": sorted(topic.pk for topic in topics),
            }
        )
        if known is not None and known.digest == digest:
            article = known.article
            self.report.count("articles", "unchanged")
        else:
            article = self._write_article(item, known, fields, conversion.html, author, topics)
            WordPressId.objects.remember(WordPressId.Kind.POST, item.wp_id, article, digest, item.slug, known)
        if article.status == Article.Status.PUBLISHED:
            self.addresses.post(item, article.get_absolute_url())
        self.comments.add(item.comments, article, imported_before=known is not None)

    def _trashed_since(self, item, known):
        """
        A post imported before and put in WordPress's trash since: its article is taken down to a draft that keeps
        its date (like a private post), under the slug it had before WordPress added "__trashed" to it.
        """
        if known.article.status == Article.Status.PUBLISHED:
            self.report.note(
                f"“{known.article.headline}” is in WordPress's trash now: its article is a draft again."
            )
        return dataclasses.replace(
            item, status="private", slug=item.meta.get("_wp_desired_post_slug") or item.slug
        )

    def _compare_time_zone(self, item):
        """Count a post whose date WordPress showed otherwise than TIME_ZONE shows that moment."""
        exact, shown = wxr.parse_date(item.post_date_gmt), wxr.local_date(item.post_date)
        if exact and shown:
            here = timezone.localtime(exact, timezone.get_default_timezone()).replace(tzinfo=None)
            if here != shown:
                self.other_offsets[shown - exact.replace(tzinfo=None)] += 1

    def note_time_zone(self):
        """
        Tell, after the posts, when WordPress showed their dates in another time zone than this site's: the
        moments are the same, but a date and time read differently (and a late post's date may be another day).
        """
        if not self.other_offsets:
            return
        offset = int(self.other_offsets.most_common(1)[0][0].total_seconds()) // 60
        sign, minutes = "+" if offset >= 0 else "-", abs(offset)
        self.report.note(
            f"WordPress showed the dates of {self.other_offsets.total()} posts at UTC{sign}{minutes // 60:02}:"
            f"{minutes % 60:02}; this site shows the same moments in {settings.TIME_ZONE}, so they read differently. "
            "Set TIME_ZONE to the WordPress site's time zone (its Settings → General) to show them as it did."
        )

    def _article_fields(self, item):
        published_at = publish_time(item)
        status = Article.Status.DRAFT
        if item.status in {"publish", "future"} and item.password:
            self.report.note(
                f"“{plain_text(item.title)}” is password-protected in WordPress: imported as a draft."
            )
        elif item.status in {"publish", "future"}:
            status = Article.Status.PUBLISHED
            published_at = published_at or timezone.now()
        elif item.status != "private":
            published_at = None  # a draft's date is when it was last saved, not when it is to appear
        thumbnail = item.meta.get("_thumbnail_id", "")
        return {
            "headline": plain_text(item.title)[:HEADLINE_MAX] or _("Untitled"),
            "standfirst": plain_text(item.excerpt),
            "section": self._section(item),
            "status": status,
            "published_at": published_at,
            "featured": item.sticky,
            "comments_open": item.comment_status == "open",
            "lead_image": self.attachments.by_id.get(int(thumbnail)) if thumbnail.isdigit() else None,
            "seo_description": plain_text(item.meta.get("_yoast_wpseo_metadesc", ""))[:SEO_DESCRIPTION_MAX],
        }

    def _section(self, item):
        """The section of the post's primary category (Yoast SEO's choice, else the first)."""
        primary = item.meta.get("_yoast_wpseo_primary_category", "")
        if primary.isdigit() and int(primary) in self.directory.sections_by_id:
            return self.directory.sections_by_id[int(primary)]
        categories = [(slug, name) for taxonomy, slug, name in item.terms if taxonomy == "category"]
        return self.directory.section(*(categories[0] if categories else UNCATEGORISED))

    def _write_article(self, item, known, fields, body, author, topics):
        article = known.article if known else Article(created_by=author and author.user)
        old_url = article.get_absolute_url() if known else None
        for name, value in fields.items():
            setattr(article, name, value)
        article.slug = self._article_slug(item, article)
        article.set_body(body)
        article.save()
        bylines = [link.author_id for link in article.byline_links.all()] if known else []
        if author is not None and bylines != [author.pk]:
            if bylines:
                article.byline_links.all().delete()
            Byline.objects.create(article=article, author=author, position=0)
        article.topics.set(topics)
        record_inline_images(article)
        # An import is a save too: the history shows it, and what it replaced can be restored.
        revisions.record(article, by=None, note=_("Imported from WordPress"))
        if old_url != article.get_absolute_url():
            article_moved(article, old_url)
        self.report.count("articles", "updated" if known else "added")
        return article

    def _article_slug(self, item, article):
        """The WordPress slug made readable, numbered when another article of the section has it."""
        base = readable_slug(item.slug, SLUG_MAX) or readable_slug(plain_text(item.title), SLUG_MAX)
        base = base or f"post-{item.wp_id}"
        others = Article.objects.filter(section=article.section).exclude(pk=article.pk)
        slug, number = base, 1
        while others.filter(slug=slug).exists():
            number += 1
            slug = numbered(base, number, SLUG_MAX)
        if slug != base:
            self.report.note(f"“{article.headline}” is at {slug}: another article of its section had {base}.")
        return slug

    # Pages

    def add_page(self, item):
        if item.status != "publish" or item.password:
            self.report.skip("pages that were not public in WordPress (drafts, private, password-protected)")
            return
        conversion = convert(item.content, self.attachments.find)
        slugs = [
            readable_slug(slug, PAGE_URL_MAX) or f"page-{item.wp_id}"
            for slug in self.survey.page_path(item.wp_id)
        ]
        fields = {
            "url": f"/{'/'.join(slugs)}/"[:PAGE_URL_MAX],
            "title": plain_text(item.title)[:PAGE_TITLE_MAX] or _("Untitled"),
            "content": conversion.html,
        }
        digest = digest_of(fields)
        known = WordPressId.objects.find(WordPressId.Kind.PAGE, item.wp_id)
        if known is not None and known.digest == digest:
            page = known.page
            self.report.count("pages", "unchanged")
        elif known is None and FlatPage.objects.filter(url=fields["url"]).exists():
            self.report.note(
                f"The page {fields['url']} exists here already and is kept: WordPress's page “{fields['title']}” "
                "is not imported. Move or delete the existing page and import again to bring it in."
            )
            return
        else:
            page = known.page if known else FlatPage()
            old_url = page.get_absolute_url() if known else None
            page.url, page.title = fields["url"], fields["title"]
            page.content = sanitize(fields["content"])  # as the page admin stores it
            page.save()
            page.sites.add(Site.objects.get(pk=settings.SITE_ID))
            if old_url and old_url != page.get_absolute_url():
                record_move(old_url, page.get_absolute_url())
            WordPressId.objects.remember(WordPressId.Kind.PAGE, item.wp_id, page, digest, item.slug, known)
            self.report.count("pages", "updated" if known else "added")
        self.addresses.page(item, page.get_absolute_url())
