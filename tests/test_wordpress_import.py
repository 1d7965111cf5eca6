"""`manage.py import_wordpress`: WordPress exports (WXR 1.2 and 1.1, written the way WordPress writes them)."""

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.contrib.flatpages.models import FlatPage
from django.contrib.redirects.models import Redirect
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.urls import reverse
from PIL import Image as PillowImage

from articles.models import Article, Author, Section, Topic
from comments.models import Comment
from images.models import Image, InlineImage
from wordpress.models import WordPressId

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "wordpress"
EXPORT = FIXTURES / "export-1.2.xml"
EXPORT_1_1 = FIXTURES / "export-1.1.xml"
MODELS = [Article, Author, Section, Topic, Image, Comment, FlatPage, Redirect, WordPressId, User]


@pytest.fixture
def uploads(tmp_path):
    """WordPress's uploads folder, with the one image file the export's attachments name that exists."""
    folder = tmp_path / "uploads"
    (folder / "2024" / "05").mkdir(parents=True)
    PillowImage.new("RGB", (600, 400), (30, 60, 200)).save(folder / "2024" / "05" / "flag.jpg", "JPEG")
    return folder


def run_import(export=EXPORT, **options):
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("import_wordpress", str(export), stdout=stdout, stderr=stderr, **options)
    return stdout.getvalue(), stderr.getvalue()


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def stored_files(folder=""):
    """Every file in media storage."""
    if folder and not default_storage.exists(folder):
        return []
    folders, files = default_storage.listdir(folder)
    found = [f"{folder}/{name}" for name in files]
    for name in folders:
        found += stored_files(f"{folder}/{name}".lstrip("/"))
    return found


@pytest.fixture
def imported(uploads):
    output, _progress = run_import(uploads=str(uploads))
    return output


def article(slug):
    return Article.objects.get(slug=slug)


# What comes over


def test_every_kind_is_imported_and_counted(imported):
    assert "authors    2 added" in imported
    assert "sections   3 added" in imported
    assert "topics     2 added" in imported
    assert "images     1 added" in imported
    assert "articles   7 added" in imported
    assert "pages      2 added" in imported
    assert "comments   7 added" in imported
    for skipped in [
        "1 × pingbacks and trackbacks",
        "1 × menu items (nav_menu_item)",
        "1 × items of the unknown type “wp_block”",
        "1 × posts in the trash",
        "1 × attachments that are not images",
        "1 × [gallery] shortcodes",
    ]:
        assert skipped in imported
    assert "2024/05/missing.png" in imported
    assert Article.objects.count() == 7 and Comment.objects.count() == 7


def test_a_post_becomes_an_article_with_its_fields(imported):
    ferry = article("ferry-returns")
    assert ferry.headline == "Ferry returns to the harbour"
    assert ferry.standfirst == "The ferry is back & running."
    assert ferry.status == Article.Status.PUBLISHED and ferry.is_live
    assert ferry.published_at == datetime(2024, 5, 17, 10, 30, tzinfo=UTC)
    assert ferry.featured  # sticky in WordPress
    assert ferry.comments_open
    assert [author.name for author in ferry.authors] == ["Ada Harbour"]
    assert [topic.name for topic in ferry.topics.all()] == ["Tides"]
    assert ferry.lead_image.alt_text == "The town flag over the quay"
    assert ferry.lead_image.caption == "The flag at dawn"


def test_nested_categories_are_flattened_into_their_top_level_section(imported):
    assert sorted(Section.objects.values_list("slug", "name")) == [
        ("harbour", "Harbour & Shipping"),
        ("uncategorized", "Uncategorized"),
        ("wen-hua", "文化"),
    ]
    # Posted in "Night ferries", under "Ferries", under "Harbour & Shipping".
    assert article("ferry-returns").section.slug == "harbour"
    assert article("night-crossings").section.slug == "harbour"


def test_a_classic_post_gets_its_paragraphs_its_captioned_image_and_nothing_of_its_shortcodes(imported):
    ferry = article("ferry-returns")
    image = ferry.lead_image
    assert (
        "<p>The old ferry came back to the harbour this morning,<br>\nafter three years away.</p>"
        in ferry.body
    )
    assert f'data-file="{image.pk}"' in ferry.body
    assert "<figcaption>The flag at dawn</figcaption>" in ferry.body
    assert '<h2 id="crowds-on-the-quay">Crowds on the quay</h2>' in ferry.body
    assert "<li>Departures at nine</li>" in ferry.body
    assert "[gallery" not in ferry.body and "[caption" not in ferry.body
    assert "wp-content" not in ferry.body
    assert '<a href="https://video.example/watch/ferry"' in ferry.body
    assert InlineImage.objects.filter(article=ferry, image=image).exists()


def test_a_block_editor_post_loses_its_block_comments(imported):
    night = article("night-crossings")
    assert "wp:" not in night.body and "<!--" not in night.body
    assert "<figcaption>From the block editor</figcaption>" in night.body
    assert "<p>The night crossings start again in the new year.</p>" in night.body
    assert "hotlinked" not in night.body  # an image from another site is not a library image


def test_statuses_and_dates_follow_wordpress(imported):
    scheduled = article("night-crossings")
    assert scheduled.status == Article.Status.PUBLISHED and not scheduled.is_live
    assert scheduled.published_at == datetime(2100, 1, 1, 8, 0, tzinfo=UTC)
    assert not scheduled.comments_open
    draft = Article.objects.get(headline="A draft about buoys")  # zero GMT dates, no slug
    assert draft.status == Article.Status.DRAFT and draft.published_at is None
    assert draft.slug == "a-draft-about-buoys"
    pending = article("lighthouse-keeper")
    assert pending.status == Article.Status.DRAFT and pending.published_at is None
    private = article("harbour-master")
    assert private.status == Article.Status.DRAFT
    assert private.published_at == datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
    assert not Article.objects.filter(headline="Old news").exists()  # in the trash


def test_non_latin_text_comes_over_with_readable_addresses(imported):
    spring = Article.objects.get(headline="港口的春天")
    assert spring.slug == "gang-kou-de-chun-tian"
    assert spring.section.name == "文化" and spring.section.slug == "wen-hua"
    assert [(topic.name, topic.slug) for topic in spring.topics.all()] == [("春天", "chun-tian")]
    assert [(author.name, author.slug) for author in spring.authors] == [("李明", "li-ming")]
    assert "<em>码头</em>" in spring.body


def test_comments_keep_their_threads_statuses_and_details(imported):
    by_name = {comment.name: comment for comment in Comment.objects.all()}
    mary, reply, pending, deep = (
        by_name["Mary Quay"],
        by_name["Ada Harbour"],
        by_name["王芳"],
        by_name["Tom Tide"],
    )
    assert mary.status == Comment.Status.APPROVED and mary.parent is None
    assert mary.email == "mary@reader.example" and mary.website == "https://mary.example"
    assert mary.ip_address == "203.0.113.7"
    assert mary.created_at == datetime(2024, 5, 17, 11, 0, tzinfo=UTC)
    assert (
        mary.body
        == "Welcome back, old ferry!\n\nI took it every day as a child. See my photos (https://mary.example/ferry)."
    )
    assert reply.parent == mary and reply.depth == 1
    assert (
        pending.status == Comment.Status.PENDING
        and pending.parent == reply
        and pending.ip_address == "2001:db8::7"
    )
    # Deeper than COMMENTS_MAX_DEPTH: it joins the deepest allowed level, in its branch.
    assert deep.parent == reply and deep.depth == 2 and deep.root == mary
    assert by_name["Cheap Pills"].status == Comment.Status.SPAM
    assert by_name["Rude Reader"].status == Comment.Status.REMOVED
    ned = by_name["Ned Net"]
    assert ned.status == Comment.Status.PENDING and ned.website == "" and ned.ip_address is None
    assert not Comment.objects.filter(name="Another Blog").exists()  # the pingback
    # The moderation queue says where a comment's status came from.
    assert pending.rule_explanation == "Imported from WordPress, where it had this status."


def test_the_article_page_shows_the_approved_thread_and_the_queue_the_pending_comments(imported, client):
    page = client.get(article("ferry-returns").get_absolute_url()).text
    assert (
        "Welcome back, old ferry!" in page
        and "Thank you, Mary." in page
        and "A reply three levels down." in page
    )
    assert "我也记得那艘渡轮" not in page and "Buy now" not in page and "binned" not in page
    assert sorted(Comment.objects.pending().values_list("name", flat=True)) == ["Ned Net", "王芳"]


def test_pages_become_static_pages_under_their_parents(imported, client):
    crew = FlatPage.objects.get(url="/our-crew/")
    history = FlatPage.objects.get(url="/our-crew/history/")
    assert crew.title == "Our crew" and "<p>We are a small crew.</p>" in crew.content
    assert client.get(history.get_absolute_url()).status_code == 200
    assert not FlatPage.objects.filter(title="Draft page").exists()


def test_a_page_at_an_address_already_taken_here_is_reported_and_the_existing_one_kept(imported):
    assert FlatPage.objects.get(url="/about/").title != "About"
    assert "The page /about/ exists here already and is kept" in imported


def test_without_the_uploads_folder_images_are_reported_missing(db):
    output, _progress = run_import()
    assert "images     0 added" in output
    assert "Image files not found under --uploads (2):" in output
    assert "2024/05/flag.jpg" in output
    ferry = article("ferry-returns")
    assert ferry.lead_image is None and "<img" not in ferry.body


def test_authors_get_user_accounts_only_when_asked(uploads):
    run_import(uploads=str(uploads))
    assert not User.objects.exists()
    output, _progress = run_import(uploads=str(uploads), create_users=True)
    assert "users      2 added" in output
    editor = User.objects.get(username="editor")
    assert (
        editor.email == "editor@gazette.example" and not editor.has_usable_password() and not editor.is_staff
    )
    assert Author.objects.get(name="Ada Harbour").user == editor


def test_imported_articles_are_searchable_and_cached_pages_renewed(
    uploads, client, django_capture_on_commit_callbacks
):
    assert "Ferry returns" not in client.get(reverse("articles:home")).text  # now in the page cache
    with django_capture_on_commit_callbacks(execute=True):
        run_import(uploads=str(uploads))
    assert "Ferry returns to the harbour" in client.get(reverse("articles:home")).text
    for words in ["ferry", "tides"]:  # its body, its topic
        assert "returns to the harbour" in client.get(reverse("articles:search"), {"q": words}).text


def test_progress_is_shown_on_standard_error(uploads):
    _output, progress = run_import(uploads=str(uploads))
    assert "Checking" in progress and "Importing" in progress and "100%" in progress


# Old addresses


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/2024/05/17/ferry-returns/", "/harbour/ferry-returns/"),
        ("/ferry-returns/", "/harbour/ferry-returns/"),
        ("/2024/04/02/%e6%b8%af%e5%8f%a3%e7%9a%84%e6%98%a5%e5%a4%a9/", "/wen-hua/gang-kou-de-chun-tian/"),
        ("/category/harbour/ferries/night-ferries/", "/harbour/"),
        ("/category/night-ferries/", "/harbour/"),
        ("/tag/%E6%98%A5%E5%A4%A9/", "/topics/chun-tian/"),
        ("/author/liming/", "/authors/li-ming/"),
        ("/our-crew/history/", "/pages/our-crew/history/"),
        ("/?p=10", "/harbour/ferry-returns/"),
        ("/?p=30&utm_source=feed", "/pages/our-crew/"),
        ("/?page_id=31", "/pages/our-crew/history/"),
        ("/?cat=3", "/harbour/"),
        ("/?tag=tides", "/topics/tides/"),
        ("/index.php?author=2", "/authors/li-ming/"),
    ],
)
def test_old_wordpress_addresses_answer_301_with_the_new_ones(imported, client, old, new):
    response = client.get(old)
    assert (response.status_code, response["Location"]) == (301, new)


def test_old_addresses_of_content_that_is_not_public_lead_nowhere(imported, client):
    assert client.get("/?p=11").status_code == 200  # scheduled: the home page, as for any unknown id
    assert client.get("/?p=13").status_code == 200  # a draft
    assert client.get("/?p=999").status_code == 200
    assert not Redirect.objects.filter(new_path=article("lighthouse-keeper").get_absolute_url()).exists()


def test_a_root_level_slug_never_shadows_a_section(imported, client):
    """The post "Harbour" was at /harbour/ on a site whose category "harbour" is a section here."""
    assert client.get("/harbour/").status_code == 200
    assert reverse("articles:section", kwargs={"section": "harbour"}) == "/harbour/"
    assert not Redirect.objects.filter(old_path="/harbour/").exists()
    assert "/harbour/ is a page of this site, which keeps it" in imported
    assert client.get("/2024/02/01/harbour/")["Location"] == "/uncategorized/harbour/"


# Importing again


def test_importing_the_same_file_again_changes_nothing(imported, uploads):
    before = counts()
    saved = dict(Article.objects.values_list("pk", "modified_at"))
    output, _progress = run_import(uploads=str(uploads))
    assert counts() == before
    assert dict(Article.objects.values_list("pk", "modified_at")) == saved
    for line in output.splitlines()[1:10]:
        assert " 0 added, 0 updated," in line
    assert "articles   0 added, 0 updated, 7 unchanged" in output


def test_a_newer_export_updates_what_changed(imported, uploads, tmp_path):
    newer = tmp_path / "newer.xml"
    newer.write_text(
        EXPORT.read_text()
        .replace("<![CDATA[Ferry returns to the harbour]]>", "<![CDATA[The ferry is back]]>")
        .replace(
            "<wp:comment_content><![CDATA[我也记得那艘渡轮。]]></wp:comment_content>\n"
            "\t\t\t<wp:comment_approved><![CDATA[0]]>",
            "<wp:comment_content><![CDATA[我也记得那艘渡轮。]]></wp:comment_content>\n"
            "\t\t\t<wp:comment_approved><![CDATA[1]]>",
        )
        .replace("<wp:post_name><![CDATA[night-crossings]]>", "<wp:post_name><![CDATA[night-boats]]>")
    )
    before = counts()
    output, _progress = run_import(newer, uploads=str(uploads))
    assert "articles   0 added, 2 updated, 5 unchanged" in output
    assert "comments   0 added, 1 updated, 6 unchanged" in output
    assert counts()["Article"] == before["Article"] and counts()["Comment"] == before["Comment"]
    assert Article.objects.get(pk=article("ferry-returns").pk).headline == "The ferry is back"
    assert Comment.objects.get(name="王芳").status == Comment.Status.APPROVED
    assert Article.objects.filter(slug="night-boats").exists()


def test_each_article_written_by_an_import_keeps_a_revision(imported, uploads, tmp_path):
    ferry = article("ferry-returns")
    assert [revision.note for revision in ferry.revisions.all()] == ["Imported from WordPress"]
    newer = tmp_path / "newer.xml"
    newer.write_text(
        EXPORT.read_text().replace(
            "<![CDATA[Ferry returns to the harbour]]>", "<![CDATA[The ferry is back]]>"
        )
    )
    run_import(newer, uploads=str(uploads))
    latest, first = ferry.revisions.all()
    assert (first.snapshot["headline"], latest.snapshot["headline"]) == (
        "Ferry returns to the harbour",
        "The ferry is back",
    )
    assert latest.created_by is None and latest.version == Article.objects.get(pk=ferry.pk).version


def test_an_article_edited_here_is_left_alone_while_wordpress_has_not_changed_it(imported, uploads):
    Article.objects.filter(slug="ferry-returns").update(headline="Edited in the newsroom")
    run_import(uploads=str(uploads))
    assert article("ferry-returns").headline == "Edited in the newsroom"


# Files that cannot be imported


def test_a_truncated_file_stops_with_its_line_and_imports_nothing(uploads, tmp_path):
    cut = tmp_path / "cut.xml"
    text = EXPORT.read_text()
    kept = text[: text.index("<title><![CDATA[Private notes")]
    cut.write_text(kept)
    before = counts()
    with pytest.raises(CommandError) as error:
        run_import(cut, uploads=str(uploads))
    assert f"line {kept.count(chr(10)) + 1}," in str(error.value)
    assert "Nothing was imported" in str(error.value)
    assert counts() == before
    assert stored_files() == []


def test_a_malformed_file_names_the_line_of_its_error(tmp_path):
    broken = tmp_path / "broken.xml"
    lines = EXPORT.read_text().splitlines(keepends=True)
    line = next(number for number, text in enumerate(lines, 1) if "<title><![CDATA[Timetable]]>" in text)
    lines[line - 1] = "\t\t<title>Tides & times</title>\n"
    broken.write_text("".join(lines))
    before = counts()
    with pytest.raises(CommandError, match=rf"line {line}, column \d+: the file is not well-formed XML"):
        run_import(broken)
    assert counts() == before


def test_a_failure_while_writing_leaves_nothing_half_imported(uploads, monkeypatch):
    def fail(self, item):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("wordpress.posts.Posts.add_page", fail)
    before = counts()
    with pytest.raises(RuntimeError):
        run_import(uploads=str(uploads))
    assert counts() == before
    assert stored_files() == []


def test_a_file_that_is_not_a_wordpress_export_is_refused(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>A feed</title></channel></rss>')
    with pytest.raises(CommandError, match="not a WordPress export"):
        run_import(feed)


def test_a_dry_run_reports_and_writes_nothing(uploads):
    before = counts()
    output, _progress = run_import(uploads=str(uploads), dry_run=True)
    assert output.startswith("Dry run: nothing was written.")
    assert "articles   7 added" in output and "images     1 added" in output
    assert counts() == before
    assert stored_files() == []


# WXR 1.1


def test_an_older_wxr_1_1_export_imports_too(client):
    output, _progress = run_import(EXPORT_1_1)
    assert "articles   2 added" in output and "comments   2 added" in output
    assert "1 × pingbacks and trackbacks" in output
    harvest = article("harvest-starts-early")
    assert harvest.section.name == "Farming" and harvest.is_live
    assert "<blockquote><p>Best year in a decade.</p></blockquote>" in harvest.body
    reply = Comment.objects.get(name="Valley Desk")
    assert reply.parent.name == "Farmer Joe"
    assert Article.objects.get(headline="Market day moves").status == Article.Status.DRAFT
    assert FlatPage.objects.get(url="/contact-us/").title == "Contact"
    # The blog lived in a folder of its site: its addresses did too.
    response = client.get("/blog/2011/07/01/harvest-starts-early/")
    assert (response.status_code, response["Location"]) == (301, harvest.get_absolute_url())
