"""
An export made by WordPress itself (tests/fixtures/wordpress/real-export.xml, see the README there), imported into
a fresh newsroom: its article pages, comment threads, moderation queue and old addresses match the WordPress site.
What WordPress had is read from the export here, without the importer, wherever a rule can say what it becomes.
"""

import html
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib.flatpages.models import FlatPage
from django.urls import reverse

from articles.models import Article
from comments.models import Comment
from images.models import Image, InlineImage
from tests.factories import make_staff
from tests.test_wordpress_import import FIXTURES, counts, run_import
from wordpress.models import WordPressId

pytestmark = pytest.mark.django_db

REAL_EXPORT = FIXTURES / "real-export.xml"
REAL_UPLOADS = FIXTURES / "real-uploads"
WP = "{http://wordpress.org/export/1.2/}"
COMMENT_STATUSES = {
    "1": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "trash": Comment.Status.REMOVED,
}


def wp(element, name):
    return element.findtext(f"{WP}{name}") or ""


def gmt(value):
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def exported(post_type):
    """The export's items of a type, as WordPress wrote them (the file is small: read whole)."""
    items = ET.parse(REAL_EXPORT).getroot().find("channel").findall("item")  # noqa: S314 - our own fixture
    return [item for item in items if wp(item, "post_type") == post_type]


def is_public(item):
    return wp(item, "status") == "publish" and not wp(item, "post_password")


def imported_as(kind, item_or_id):
    wp_id = item_or_id if isinstance(item_or_id, int) else int(wp(item_or_id, "post_id"))
    return WordPressId.objects.get(kind=kind, wp_id=wp_id).target


def readers_comments():
    """(post item, comment element) for every comment of an imported post, pingbacks aside."""
    return [
        (item, comment)
        for item in exported("post")
        if wp(item, "status") != "trash"
        for comment in item.findall(f"{WP}comment")
        if wp(comment, "comment_type") == "comment"
    ]


class CommentNesting(HTMLParser):
    """The comments of a page, each with the comment whose list of replies it sits in (None at the top)."""

    def __init__(self, page):
        super().__init__()
        self.open_items, self.parent_of = [], {}
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            identifier = dict(attrs).get("id") or ""
            pk = int(identifier.removeprefix("comment-")) if identifier.startswith("comment-") else None
            if pk is not None:
                self.parent_of[pk] = next((open_pk for open_pk in reversed(self.open_items) if open_pk), None)
            self.open_items.append(pk)

    def handle_endtag(self, tag):
        if tag == "li":
            self.open_items.pop()


@pytest.fixture
def imported():
    output, _progress = run_import(REAL_EXPORT, uploads=str(REAL_UPLOADS))
    return output


def test_the_report_counts_what_wordpress_exported(imported):
    for line in [
        "authors    2 added, 0 updated, 0 unchanged",
        # News (with Harbour & Shipping and Ferries flattened into it), Uncategorized, 文化.
        "sections   3 added, 0 updated, 0 unchanged",
        # WordPress lists each category and tag twice: each counts once.
        "topics     2 added, 0 updated, 0 unchanged",
        "images     2 added",
        "articles   9 added",
        "pages      3 added",  # Sample Page, Our crew, History; the draft Privacy Policy stays out
        "comments   10 added",
        "1 × pingbacks and trackbacks",
        "1 × menu items (nav_menu_item)",
        "1 × terms of the “nav_menu” taxonomy",
        "1 × terms of the “post_format” taxonomy",
        "1 × posts in the trash",
        "1 × pages that were not public in WordPress",
        "“Tide tables for members” is password-protected in WordPress: imported as a draft.",
        "Images without alt text in WordPress: 1.",
    ]:
        assert line in imported
    assert "not found" not in imported


def test_each_post_has_the_status_dates_and_settings_it_had_in_wordpress(imported):
    posts = exported("post")
    assert {wp(item, "status") for item in posts} == {
        "publish",
        "future",
        "draft",
        "pending",
        "private",
        "trash",
    }
    for item in posts:
        if wp(item, "status") == "trash":
            assert not WordPressId.objects.filter(kind="post", wp_id=int(wp(item, "post_id"))).exists()
            continue
        article = imported_as(WordPressId.Kind.POST, item)
        status, date_gmt = wp(item, "status"), wp(item, "post_date_gmt")
        assert article.headline == html.unescape(
            item.findtext("title")
        )  # an author's title is stored escaped
        assert article.featured == (wp(item, "is_sticky") == "1")
        assert article.comments_open == (wp(item, "comment_status") == "open")
        if status == "future":
            assert article.status == Article.Status.PUBLISHED and not article.is_live
        else:
            assert article.is_live == is_public(item)
        if status in {"draft", "pending"}:
            assert article.published_at is None and date_gmt == "0000-00-00 00:00:00"
        else:
            assert article.published_at == gmt(date_gmt)


def test_the_report_says_when_wordpress_showed_dates_in_another_time_zone(settings):
    settings.TIME_ZONE = "UTC"
    output, _progress = run_import(REAL_EXPORT, uploads=str(REAL_UPLOADS))
    # Every dated post but the trashed one: the site was in Asia/Shanghai.
    assert (
        "WordPress showed the dates of 7 posts at UTC+08:00; this site shows the same moments in UTC"
        in output
    )


def test_in_the_wordpress_sites_time_zone_article_pages_show_the_dates_wordpress_showed(settings, client):
    settings.TIME_ZONE = "Asia/Shanghai"
    output, _progress = run_import(REAL_EXPORT, uploads=str(REAL_UPLOADS))
    assert "WordPress showed the dates" not in output
    for item in filter(is_public, exported("post")):
        page = client.get(imported_as(WordPressId.Kind.POST, item).get_absolute_url()).text
        assert f'<time datetime="{wp(item, "post_date").replace(" ", "T")}+08:00">' in page


def test_article_pages_show_the_posts_as_wordpress_showed_them(imported, client):
    ferry = Article.objects.get(slug="ferry-returns-to-the-harbour")
    page = client.get(ferry.get_absolute_url()).text
    for text in [
        "Ferry returns to the harbour",
        "The ferry is back &amp; running.",  # the excerpt
        "<p>The old ferry came back to the harbour this morning,<br>\nafter three years away.</p>",
        "<figcaption>The ferry at dawn, back at its old quay.</figcaption>",
        '<h2 id="timetable">Timetable</h2>',
        "<li>Departures at nine</li>",
        "Tickets cost <strong>£4</strong> &amp; children travel free.",
        "Ada Harbour",
        "Tides",
    ]:
        assert text in page
    assert "[caption" not in page and "gazette.example/wp-content" not in page
    assert ferry.section.name == "News"  # posted in Ferries, under Harbour & Shipping, under News
    spring = imported_as(
        WordPressId.Kind.POST, next(i for i in exported("post") if i.findtext("title") == "港口的春天")
    )
    page = client.get(spring.get_absolute_url()).text
    for text in [
        "<p>春天来到了港口，<em>码头</em>上人来人往。</p>",
        "<figcaption>渡轮回来了</figcaption>",
        "渔民的一天",
        "<li>早上五点出海</li>",
        "<p>今年的鱼特别多。</p>",
        "李明",
        "春天",
    ]:
        assert text in page
    assert "wp:" not in spring.body and spring.slug == "gang-kou-de-chun-tian"


def test_a_block_post_by_an_author_keeps_its_pictures_gallery_embed_and_emoji(imported, client):
    lighthouse = Article.objects.get(headline="Fish & chips at the lighthouse")
    assert lighthouse.section.name == "News"  # its first category, Harbour & Shipping, is under News
    page = client.get(lighthouse.get_absolute_url()).text
    assert "<p>The lighthouse café fries the day's catch 🐟 from noon.</p>" in page
    assert '<a href="https://www.youtube.com/watch?v=aqz-KE-bpKQ"' in page  # the embed block, as a link
    # The picture's large copy, then the gallery's two: library figures, the "more" break gone.
    assert lighthouse.body.count("<figure><img") == 3 and "<!--" not in lighthouse.body
    assert "wp-content" not in lighthouse.body


def test_the_featured_image_and_the_other_upload_come_into_the_image_library(imported):
    ferry_photo, lighthouse = (
        imported_as(WordPressId.Kind.ATTACHMENT, item) for item in exported("attachment")
    )
    assert Image.objects.count() == 2
    assert (ferry_photo.width, ferry_photo.height) == (640, 427)
    assert ferry_photo.alt_text == "The white ferry moored at the quay"
    assert ferry_photo.caption == "The ferry at dawn, back at its old quay."
    assert Article.objects.get(slug="ferry-returns-to-the-harbour").lead_image == ferry_photo  # _thumbnail_id
    # WordPress scaled the 3000-pixel upload down to 2560 and kept that file: it is the one imported.
    assert (lighthouse.width, lighthouse.height) == (2560, 1707)
    assert lighthouse.alt_text == "lighthouse"  # no alt text in WordPress: its title stands in
    # Shown by their resized copies or their files, in a caption, image blocks and a gallery.
    assert set(InlineImage.objects.values_list("article__slug", "image")) == {
        ("ferry-returns-to-the-harbour", ferry_photo.pk),
        ("gang-kou-de-chun-tian", ferry_photo.pk),
        ("lighthouse-cafe", ferry_photo.pk),
        ("lighthouse-cafe", lighthouse.pk),
    }


def test_comments_keep_their_authors_dates_statuses_and_threads(imported):
    moved_up = []
    for item, element in readers_comments():
        comment = imported_as(WordPressId.Kind.COMMENT, int(wp(element, "comment_id")))
        assert comment.article == imported_as(WordPressId.Kind.POST, item)
        assert (comment.name, comment.email) == (
            wp(element, "comment_author"),
            wp(element, "comment_author_email"),
        )
        assert comment.created_at == gmt(wp(element, "comment_date_gmt"))
        assert comment.status == COMMENT_STATUSES[wp(element, "comment_approved")]
        parent = int(wp(element, "comment_parent"))
        wordpress_parent = imported_as(WordPressId.Kind.COMMENT, parent) if parent else None
        if comment.parent != wordpress_parent:  # deeper than COMMENTS_MAX_DEPTH: beside its parent instead
            assert comment.parent == wordpress_parent.parent and comment.depth == wordpress_parent.depth
            moved_up.append(comment.name)
    assert moved_up == ["Jo Jetty"]
    # The site had a comment marked as spam too, which WordPress's export leaves out.
    assert {wp(element, "comment_approved") for _item, element in readers_comments()} == {"1", "0", "trash"}
    assert not Comment.objects.filter(name="Cheap Pills").exists()
    mary = Comment.objects.get(name="Mary Quay", article__slug="ferry-returns-to-the-harbour")
    assert mary.website == "https://mary.example" and mary.ip_address == "203.0.113.7"
    assert (
        mary.body
        == "Welcome back, old ferry!\n\nI took it every day as a child. My photos (https://mary.example/ferry)."
    )


def test_article_pages_show_the_approved_comments_threaded_as_in_wordpress(imported, client):
    for item in exported("post"):
        if not is_public(item):
            continue
        article = imported_as(WordPressId.Kind.POST, item)
        page = client.get(article.get_absolute_url()).text
        nesting = CommentNesting(page).parent_of
        shown = {
            comment.pk: comment.parent_id
            for comment in Comment.objects.filter(article=article, status=Comment.Status.APPROVED)
        }
        assert nesting == shown
        for _item, element in (pair for pair in readers_comments() if pair[0] is item):
            text = wp(element, "comment_content").splitlines()[0]
            assert (text in page) == (wp(element, "comment_approved") == "1"), text
    assert Comment.objects.filter(status=Comment.Status.APPROVED).count() == 8


def test_the_moderation_queue_holds_what_waited_for_moderation_in_wordpress(imported, client):
    client.force_login(make_staff("moderator", "Moderators"))
    queue = client.get(reverse("admin:comments_comment_changelist"))
    waiting = [
        wp(comment, "comment_content")
        for _item, comment in readers_comments()
        if wp(comment, "comment_approved") == "0"
    ]
    assert waiting == ["我也记得那艘渡轮。"]
    assert [comment.body for comment in queue.context["cl"].result_list] == waiting
    assert "Imported from WordPress, where it had this status." in queue.text
    removed = client.get(reverse("admin:comments_comment_changelist"), {"status": "removed"})
    assert [comment.name for comment in removed.context["cl"].result_list] == ["Rude Reader"]


def test_pages_become_static_pages_under_their_parents(imported, client):
    for item in exported("page"):
        if not is_public(item):
            assert not WordPressId.objects.filter(kind="page", wp_id=int(wp(item, "post_id"))).exists()
            continue
        page = imported_as(WordPressId.Kind.PAGE, item)
        assert page.title == item.findtext("title")
        assert client.get(page.get_absolute_url()).status_code == 200
    assert FlatPage.objects.get(title="History").url == "/our-crew/history/"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/2024/05/17/ferry-returns-to-the-harbour/", "/news/ferry-returns-to-the-harbour/"),  # 16 May in GMT
        ("/ferry-returns-to-the-harbour/", "/news/ferry-returns-to-the-harbour/"),
        ("/2024/04/02/%e6%b8%af%e5%8f%a3%e7%9a%84%e6%98%a5%e5%a4%a9/", "/wen-hua/gang-kou-de-chun-tian/"),
        # Renamed and moved a day on in WordPress, which still answered its old slug and day.
        ("/2024/06/02/fish-chips-at-the-lighthouse/", "/news/lighthouse-cafe/"),
        ("/2024/06/03/fish-chips-at-the-lighthouse/", "/news/lighthouse-cafe/"),
        ("/2024/06/02/lighthouse-cafe/", "/news/lighthouse-cafe/"),
        ("/fish-chips-at-the-lighthouse/", "/news/lighthouse-cafe/"),
        ("/?p=5", "/news/ferry-returns-to-the-harbour/"),
        ("/?p=16", "/pages/our-crew/"),
        ("/?page_id=17", "/pages/our-crew/history/"),
        ("/our-crew/history/", "/pages/our-crew/history/"),
        ("/category/news/harbour/ferries/", "/news/"),
        ("/category/ferries/", "/news/"),
        ("/?cat=4", "/news/"),
        ("/category/%e6%96%87%e5%8c%96/", "/wen-hua/"),
        ("/tag/tides/", "/topics/tides/"),
        ("/tag/%e6%98%a5%e5%a4%a9/", "/topics/chun-tian/"),
        ("/?tag=tides", "/topics/tides/"),
        ("/author/liming/", "/authors/li-ming/"),
        # The feeds readers subscribed to.
        ("/feed/", "/feeds/rss/"),
        ("/category/news/harbour/ferries/feed/", "/feeds/sections/news/rss/"),
        ("/category/ferries/feed/", "/feeds/sections/news/rss/"),
        ("/tag/%e6%98%a5%e5%a4%a9/feed/", "/feeds/topics/chun-tian/rss/"),
        ("/author/liming/feed/", "/feeds/authors/li-ming/rss/"),
    ],
)
def test_old_wordpress_addresses_answer_301_with_the_new_ones(imported, client, old, new):
    response = client.get(old)
    assert (response.status_code, response["Location"]) == (301, new)


def test_every_address_wordpress_gave_a_public_post_or_page_leads_to_it(imported, client):
    for post_type, kind in [("post", WordPressId.Kind.POST), ("page", WordPressId.Kind.PAGE)]:
        for item in filter(is_public, exported(post_type)):
            address = urlsplit(item.findtext("link"))
            old = f"{address.path}?{address.query}" if address.query else address.path
            new = imported_as(kind, item).get_absolute_url()
            assert client.get(old)["Location"] == new
            assert (
                client.get(f"/?{'page_id' if post_type == 'page' else 'p'}={wp(item, 'post_id')}")["Location"]
                == new
            )


def test_addresses_of_posts_that_were_not_public_lead_nowhere(imported, client):
    for item in exported("post"):
        if wp(item, "status") in {"draft", "pending", "private", "trash"} or wp(item, "post_password"):
            assert client.get(f"/?p={wp(item, 'post_id')}").status_code == 200  # the home page, as before
            path = urlsplit(item.findtext("link")).path
            assert path == "/" or client.get(path).status_code == 404


def test_importing_the_export_again_changes_nothing(imported):
    before = counts()
    saved = dict(Article.objects.values_list("pk", "modified_at"))
    comments = list(Comment.objects.values_list("pk", "status", "parent", "created_at", "body"))
    output, _progress = run_import(REAL_EXPORT, uploads=str(REAL_UPLOADS))
    assert counts() == before
    assert dict(Article.objects.values_list("pk", "modified_at")) == saved
    assert list(Comment.objects.values_list("pk", "status", "parent", "created_at", "body")) == comments
    for kind in ["authors", "sections", "topics", "images", "articles", "pages", "comments", "redirects"]:
        assert f"  {kind:<10} 0 added, 0 updated," in output


def test_a_newer_export_from_the_same_site_brings_what_changed_there(imported, client):
    """real-export-newer.xml: since the first export, a title was edited, the pending comment approved, a comment
    marked as spam (which leaves it out of the export) and the first post put in the trash."""
    before = counts()
    output, _progress = run_import(REAL_EXPORT.with_name("real-export-newer.xml"), uploads=str(REAL_UPLOADS))
    assert "articles   0 added, 2 updated, 7 unchanged" in output
    assert "comments   0 added, 3 updated, 7 unchanged" in output
    assert "“Hello world!” is in WordPress's trash now: its article is a draft again." in output
    assert counts() == before
    ferry = imported_as(WordPressId.Kind.POST, 5)
    assert ferry.headline == "The ferry is back"
    page = client.get(ferry.get_absolute_url()).text
    assert "我也记得那艘渡轮。" in page and Comment.objects.get(name="王芳").status == Comment.Status.APPROVED
    spammed = Comment.objects.get(name="Mary Quay", article__slug="lighthouse-cafe")
    assert spammed.status == Comment.Status.REMOVED
    assert "Worth the walk" not in client.get(spammed.article.get_absolute_url()).text
    hello = Article.objects.get(headline="Hello world!")
    assert hello.status == Article.Status.DRAFT and hello.slug == "hello-world"  # not hello-world__trashed
    assert hello.published_at == datetime(2024, 1, 2, 1, 0, tzinfo=UTC)  # kept, should it be published again
    assert Comment.objects.get(article=hello).status == Comment.Status.REMOVED
    assert client.get(hello.get_absolute_url()).status_code == 404
    # Once more: nothing left to change.
    output, _progress = run_import(REAL_EXPORT.with_name("real-export-newer.xml"), uploads=str(REAL_UPLOADS))
    assert "articles   0 added, 0 updated, 9 unchanged" in output
    assert "comments   0 added, 0 updated, 9 unchanged" in output
