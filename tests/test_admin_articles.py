from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_author, make_section, make_topic

pytestmark = pytest.mark.django_db

# What an editor needs to write, edit and publish articles in the admin.
EDITOR_PERMISSIONS = [
    "view_article",
    "add_article",
    "change_article",
    "publish_article",
    "edit_any_article",
    "view_section",
    "view_author",
    "view_topic",
    "view_byline",
    "add_byline",
    "change_byline",
    "delete_byline",
]
BODY = (
    "<p>Ports are wiring their quays to the grid.</p>"
    "<h2>The Cable</h2><p>Read <a href='https://example.com/standard'>the standard</a>.</p>"
    "<ul><li><p>Ports pay for the quay.</p></li><li><p>Owners pay for the ship.</p></li></ul>"
    "<h2>The Money</h2><p>Grants help.</p><script>alert('editor paste')</script>"
)


@pytest.fixture
def editor(client):
    user = User.objects.create_user("editor", password="x", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="articles", codename__in=EDITOR_PERMISSIONS)
    )
    client.force_login(user)
    return user


def article_form(article=None, **changes):
    """The admin article form as a browser would post it, bylines inline included."""
    data = {
        "headline": "Ports plug in",
        "slug": "ports-plug-in",
        "standfirst": "Ships switch off their engines at the quay.",
        "body": BODY,
        "section": "",
        "topics": [],
        "status": Article.Status.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
        "comments_open": "on",
        "seo_title": "",
        "seo_description": "",
        "byline_links-TOTAL_FORMS": "0",
        "byline_links-INITIAL_FORMS": "0",
        "byline_links-MIN_NUM_FORMS": "0",
        "byline_links-MAX_NUM_FORMS": "1000",
    }
    if article is not None:
        links = list(article.byline_links.all())
        data |= {
            "headline": article.headline,
            "slug": article.slug,
            "standfirst": article.standfirst,
            "body": article.body,
            "section": str(article.section_id),
            "topics": [str(pk) for pk in article.topics.values_list("pk", flat=True)],
            "status": article.status,
            "opened_version": str(article.version),
            "byline_links-TOTAL_FORMS": str(len(links)),
            "byline_links-INITIAL_FORMS": str(len(links)),
        }
        if article.published_at:
            local = timezone.localtime(article.published_at)
            data |= {
                "published_at_0": local.strftime("%Y-%m-%d"),
                "published_at_1": local.strftime("%H:%M:%S"),
            }
        for index, link in enumerate(links):
            data |= {
                f"byline_links-{index}-id": str(link.pk),
                f"byline_links-{index}-article": str(article.pk),
                f"byline_links-{index}-author": str(link.author_id),
                f"byline_links-{index}-position": str(link.position),
            }
    return data | changes


def with_bylines(data, *authors):
    data = dict(data, **{"byline_links-TOTAL_FORMS": str(len(authors))})
    for index, author in enumerate(authors):
        data |= {f"byline_links-{index}-author": str(author.pk), f"byline_links-{index}-position": str(index)}
    return data


def test_editor_sees_the_rich_text_editor_and_the_form_grouped_as_they_work(client, editor):
    response = client.get(reverse("admin:articles_article_add"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-django-prose-editor-configurable" in html
    assert "django_prose_editor/editor.js" in html
    fieldsets = [fieldset.name for fieldset in response.context["adminform"]]
    assert fieldsets == ["Story", "Bylines and section", "Publishing", "SEO"]
    assert 'name="mark_updated"' not in html and "field-updated_at" not in html  # not updated yet
    # The bylines inline sits with the section, before the publishing group.
    assert html.index('id="byline_links-group"') < html.index(">Publishing</h2>")


def test_editor_creates_a_published_article_whose_page_shows_its_table_of_contents(client, editor):
    section, author, topic = make_section(), make_author(), make_topic()
    data = with_bylines(
        article_form(section=str(section.pk), topics=[str(topic.pk)], _transition="publish"), author
    )
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    article = Article.objects.get(slug="ports-plug-in")
    assert article.is_live  # publishing without a time publishes now
    assert article.authors == [author]
    assert list(article.topics.all()) == [topic]
    assert "<script" not in article.body
    assert [entry["id"] for entry in article.toc] == ["the-cable", "the-money"]

    page = client.get(article.get_absolute_url()).content.decode()
    assert '<a href="#the-cable">The Cable</a>' in page
    assert '<h2 id="the-cable">The Cable</h2>' in page
    assert '<a href="https://example.com/standard" rel="noopener noreferrer">the standard</a>' in page
    assert "<li><p>Ports pay for the quay.</p></li>" in page


def test_editor_saves_a_draft_that_readers_cannot_see(client, editor):
    data = article_form(section=str(make_section().pk))
    assert client.post(reverse("admin:articles_article_add"), data).status_code == 302
    article = Article.objects.get(slug="ports-plug-in")
    assert article.status == Article.Status.DRAFT
    assert client.get(article.get_absolute_url()).status_code == 404


def test_editing_the_body_recomputes_its_outline(client, editor):
    article = make_article(authors=[make_author()], body="<h2>Old</h2><p>Text</p><h2>Older</h2>")
    data = article_form(article, body="<h2>New</h2><p>Text</p><h2>Newer</h2><h3>Newest</h3>")
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert [entry["id"] for entry in article.toc] == ["new", "newer"]
    assert article.authors  # the unchanged inline kept its byline


def test_mark_as_updated_sets_the_updated_time_and_an_ordinary_save_does_not(client, editor):
    article = make_article()
    url = reverse("admin:articles_article_change", args=[article.pk])
    client.post(url, article_form(article))
    article.refresh_from_db()
    assert article.updated_at is None

    client.post(url, article_form(article, mark_updated="on"))
    article.refresh_from_db()
    assert article.updated_at is not None
    assert timezone.now() - article.updated_at < timedelta(minutes=1)


def test_change_form_shows_the_reading_time(client, editor):
    article = make_article(body="<p>" + "word " * 700 + "</p>")
    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "4 minutes (700 words)" in html


def test_bad_input_shows_a_message_and_saves_nothing(client, editor):
    response = client.post(reverse("admin:articles_article_add"), article_form(headline="", slug="bad slug!"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) >= {"headline", "slug", "section"}
    assert not Article.objects.exists()


def test_bulk_publish_and_unpublish_from_the_list(client, editor):
    scheduled_time = timezone.now() + timedelta(days=1)
    draft = make_article(published=False)
    scheduled = make_article(published=False, published_at=scheduled_time)
    url = reverse("admin:articles_article_changelist")

    client.post(url, {"action": "publish_selected", "_selected_action": [draft.pk, scheduled.pk]})
    draft.refresh_from_db()
    scheduled.refresh_from_db()
    assert draft.is_live
    assert scheduled.status == Article.Status.PUBLISHED and scheduled.published_at == scheduled_time

    client.post(url, {"action": "unpublish_selected", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Article.Status.UNPUBLISHED and not draft.is_live


def test_view_on_site_is_offered_only_for_live_articles(client, editor):
    live, draft = make_article(), make_article(published=False)
    changelist = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert f'href="{live.get_absolute_url()}"' in changelist
    assert f'href="{draft.get_absolute_url()}"' not in changelist
    live_form = client.get(reverse("admin:articles_article_change", args=[live.pk]))
    draft_form = client.get(reverse("admin:articles_article_change", args=[draft.pk]))
    assert live_form.context["has_absolute_url"] and not draft_form.context["has_absolute_url"]


def test_changelist_filters_and_searches(client, editor):
    author = make_author(name="Tomás Reyes")
    wanted = make_article(headline="Ports plug in", authors=[author], featured=True)
    make_article(headline="Coral nurseries")
    url = reverse("admin:articles_article_changelist")
    for query in [
        {"q": "ports"},
        {"bylines__id__exact": author.pk},
        {"featured__exact": "1"},
        {"section__id__exact": wanted.section_id},
        {"status__exact": "published", "q": "plug"},
    ]:
        response = client.get(url, query)
        assert list(response.context["cl"].result_list) == [wanted], query


def test_the_author_filter_offers_authors_with_a_byline(client, editor):
    bylined, unbylined = make_author(name="Aisha Darko"), make_author(name="Jonas Berg")
    make_article(authors=[bylined])
    response = client.get(reverse("admin:articles_article_changelist"))
    author_filter = next(spec for spec in response.context["cl"].filter_specs if spec.title == "author")
    assert [name for _pk, name in author_filter.lookup_choices] == [str(bylined)]
    assert str(unbylined) not in [name for _pk, name in author_filter.lookup_choices]


def test_author_autocomplete_answers_an_editor(client, editor):
    make_author(name="Li Wen")
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "byline", "field_name": "author", "term": "li"},
    )
    assert [result["text"] for result in response.json()["results"]] == ["Li Wen"]


def changelist_queries(client, count):
    section = make_section()
    authors = [make_author(), make_author()]
    for _ in range(count):
        make_article(section=section, authors=authors, topics=[make_topic()])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("rows", [10, 200])
def test_changelist_takes_a_fixed_number_of_queries(client, editor, no_cache, rows):
    # Session, user, user and group permissions, the section and author filters, the count, the page with
    # its sections, its bylines, and the date hierarchy's range and dates.
    assert changelist_queries(client, rows) == 11
