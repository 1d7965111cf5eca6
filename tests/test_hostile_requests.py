"""Malformed and hostile requests get a 4xx and a friendly page, never a 500, and change nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from tests.bulk import publish_many
from tests.comment_forms import SAME_ORIGIN, form_data
from tests.factories import make_article, make_author, make_topic

pytestmark = pytest.mark.django_db

BAD_PAGE_NUMBERS = ["abc", "-1", "0", "99999999", "1e9", "\x00", "1\x00", "9" * 40, "%ff", "1.5", " "]
UNKNOWN_METHODS = ["FOO", "PROPFIND", "TRACE", "CONNECT"]
MEGABYTE = 1024 * 1024


@pytest.fixture
def hostile():
    """A client that checks CSRF and turns a crash into the 500 page instead of raising, as a server would."""
    return Client(enforce_csrf_checks=True, raise_request_exception=False)


@pytest.fixture
def site():
    """A section, an author and a topic with enough articles for two pages of each list."""
    author, topic = make_author(), make_topic()
    article = make_article(authors=[author], topics=[topic])
    publish_many(article.section, 20, authors=[author], topics=[topic])
    return {"section": article.section, "author": author, "topic": topic, "article": article}


def paginated_lists(site):
    return [
        reverse("articles:section", kwargs={"section": site["section"].slug}),
        reverse("articles:author", kwargs={"slug": site["author"].slug}),
        reverse("articles:topic", kwargs={"slug": site["topic"].slug}),
    ]


def assert_friendly_refusal(response):
    assert 400 <= response.status_code < 500, response.status_code
    if response.status_code != 405:
        html = response.content.decode()
        assert "<!DOCTYPE html>" in html
        assert 'class="error-page"' in html or 'role="alert"' in html or "errorlist" in html


@pytest.mark.parametrize("page", BAD_PAGE_NUMBERS)
def test_malformed_page_numbers_on_article_lists_are_a_friendly_404(hostile, site, page):
    for url in paginated_lists(site):
        response = hostile.get(url, {"page": page})
        assert response.status_code == 404, (url, page)
        assert_friendly_refusal(response)


def test_the_second_page_of_a_list_still_works(client, site):
    for url in paginated_lists(site):
        assert client.get(url, {"page": "2"}).status_code == 200


@pytest.mark.parametrize("page", BAD_PAGE_NUMBERS)
def test_malformed_page_numbers_on_search_never_fail(hostile, site, page):
    response = hostile.get(reverse("articles:search"), {"q": "body", "page": page})
    assert response.status_code < 500


@pytest.mark.parametrize("number", ["0", "99999999", "9" * 40])
def test_out_of_range_comment_pages_are_a_friendly_404(hostile, site, number):
    response = hostile.get(f"/comments/article/{site['article'].pk}/page/{number}/")
    assert response.status_code == 404
    assert_friendly_refusal(response)


@pytest.mark.parametrize("value", ["\x00", "a\x00b", "%00", "'; DROP TABLE articles_article; --", "\\" * 100])
def test_hostile_search_terms_never_fail(hostile, site, value):
    for params in [{"q": value}, {"q": "body", "section": value}, {"q": "body", value: "x"}]:
        response = hostile.get(reverse("articles:search"), params)
        assert response.status_code < 500, params


@pytest.mark.parametrize(
    "raw", ["q=%ED%A0%80", "q=%FF%FE", "q=%", "q=%%%", "q&q&q", "=&=", "page=1&page=abc"]
)
def test_undecodable_query_strings_never_fail(hostile, site, raw):
    for url in [reverse("articles:search"), paginated_lists(site)[0]]:
        assert hostile.get(f"{url}?{raw}").status_code < 500, url


def test_a_query_string_of_8_kb_is_refused_with_a_friendly_414(hostile, site):
    long_query = "q=" + "a" * 8192
    for url in [reverse("articles:home"), reverse("articles:search"), site["article"].get_absolute_url()]:
        response = hostile.get(f"{url}?{long_query}")
        assert response.status_code == 414, url
        assert_friendly_refusal(response)


def test_a_long_but_reasonable_query_string_is_accepted(client, site):
    assert client.get(reverse("articles:search"), {"q": "a" * 1000}).status_code == 200


def test_slugs_of_2000_characters_are_a_friendly_404(hostile, site):
    slug = "a" * 2000
    for url in [
        f"/{slug}/",
        f"/{site['section'].slug}/{slug}/",
        f"/authors/{slug}/",
        f"/topics/{slug}/",
        f"/feeds/sections/{slug}/rss/",
        f"/pages/{slug}/",
        f"/{slug}/{slug}/",
    ]:
        response = hostile.get(url)
        assert response.status_code == 404, url[:40]
        assert_friendly_refusal(response)


@pytest.mark.parametrize(
    "path",
    ["/%00/", "/news/%00/", "/%ff%fe/", "/..%2f..%2fetc/passwd", "/authors/%00/", "/static/..%2fsettings.py"],
)
def test_hostile_paths_are_a_4xx(hostile, path):
    assert 400 <= hostile.get(path).status_code < 500


@pytest.mark.parametrize("integer", ["9" * 40, "0", "-1"])
def test_ids_out_of_every_integer_range_are_a_4xx(hostile, site, integer):
    for url in [
        f"/comments/article/{integer}/page/2/",
        f"/comments/reply/{integer}/",
        f"/comments/post/{integer}/",
    ]:
        response = hostile.post(url, headers=SAME_ORIGIN) if "post" in url else hostile.get(url)
        assert 400 <= response.status_code < 500, url


@pytest.mark.parametrize("method", UNKNOWN_METHODS)
def test_unknown_methods_are_refused(hostile, site, method):
    article = site["article"]
    for url in [
        reverse("articles:home"),
        article.get_absolute_url(),
        paginated_lists(site)[0],
        reverse("articles:search"),
        reverse("articles:feed-rss"),
        reverse("comments:post", kwargs={"article_id": article.pk}),
        reverse("healthz"),
    ]:
        response = hostile.generic(method, url)
        assert response.status_code == 405, (method, url, response.status_code)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
def test_read_only_pages_refuse_writes(hostile, site, method):
    for url in [reverse("articles:home"), site["article"].get_absolute_url(), paginated_lists(site)[0]]:
        response = hostile.generic(method, url)
        # POST is a method of the site (comments, the admin), refused here by the CSRF check.
        assert response.status_code == (403 if method == "POST" else 405), (method, url)


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        (
            "multipart/form-data; boundary=xyz",
            b'--xyz\r\nContent-Disposition: form-data; name="body\r\n\r\nhi',
        ),
        ("multipart/form-data", b"no boundary at all"),
        ("multipart/form-data; boundary=", b"--\r\n"),
        ("multipart/form-data; boundary=xyz", b"\x00\xff" * 1000),
        ("multipart/form-data; boundary=" + "b" * 5000, b"--" + b"b" * 5000),
        ("application/x-www-form-urlencoded", b"%%%&&&===\x00\xff"),
        ("application/x-www-form-urlencoded; charset=klingon", b"body=hi"),
        ("application/json", b"{not json"),
    ],
)
def test_broken_bodies_to_the_comment_endpoint_are_a_4xx_and_store_nothing(hostile, site, content_type, body):
    url = reverse("comments:post", kwargs={"article_id": site["article"].pk})
    response = hostile.generic("POST", url, data=body, content_type=content_type, headers=SAME_ORIGIN)
    assert 400 <= response.status_code < 500, response.status_code
    assert not Comment.objects.exists()


def test_broken_multipart_body_to_the_admin_login_is_a_4xx(hostile):
    response = hostile.generic(
        "POST",
        reverse("admin:login"),
        data=b"--xyz\r\ngarbage",
        content_type="multipart/form-data; boundary=xyz",
    )
    assert 400 <= response.status_code < 500


def test_too_many_form_fields_are_a_friendly_400(hostile, site):
    url = reverse("comments:post", kwargs={"article_id": site["article"].pk})
    fields = {**form_data(site["article"]), **{f"field{number}": "x" for number in range(2000)}}
    response = hostile.post(url, fields, headers=SAME_ORIGIN)
    assert response.status_code == 400
    assert_friendly_refusal(response)
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz"]
)
def test_a_20_mb_post_is_refused_with_a_friendly_413_before_it_is_read(hostile, site, content_type):
    twenty_megabytes = b"x" * (20 * MEGABYTE)
    for url in [
        reverse("articles:home"),
        reverse("comments:post", kwargs={"article_id": site["article"].pk}),
    ]:
        response = hostile.generic(
            "POST", url, data=twenty_megabytes, content_type=content_type, headers=SAME_ORIGIN
        )
        assert response.status_code == 413, url
        assert_friendly_refusal(response)
    assert not Comment.objects.exists()


def test_a_body_over_the_memory_cap_but_under_the_request_cap_is_a_400(hostile, site, settings):
    settings.REQUEST_MAX_BYTES = 4 * MEGABYTE
    url = reverse("comments:post", kwargs={"article_id": site["article"].pk})
    data = {**form_data(site["article"]), "body": "x" * (3 * MEGABYTE)}
    response = hostile.post(url, data, headers=SAME_ORIGIN)
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_a_comment_of_ordinary_size_still_goes_through(client, site):
    url = reverse("comments:post", kwargs={"article_id": site["article"].pk})
    response = client.post(url, form_data(site["article"]), headers=SAME_ORIGIN)
    assert response.status_code == 302


def test_the_admin_takes_uploads_larger_than_the_public_cap(admin_client):
    response = admin_client.post(
        reverse("admin:index"), data=b"x" * (2 * MEGABYTE), content_type="application/octet-stream"
    )
    assert response.status_code != 413


@pytest.mark.parametrize(
    "headers",
    [
        {"host": "evil.example"},
        {"host": "localhost:99999999"},
        {"host": "bad host\x00"},
        {"cookie": "sessionid=\x00\xff; csrftoken=" + "a" * 5000},
        {"content-length": "-5"},
        {"content-length": "many"},
        {"x-forwarded-for": "not-an-ip, \x00, 999.1.1.1"},
        {"accept-language": "zz" * 2000},
    ],
)
def test_hostile_headers_are_never_a_500(hostile, site, headers):
    assert hostile.get(reverse("articles:home"), headers=headers).status_code < 500


def test_a_wrong_host_is_a_friendly_400(hostile):
    response = hostile.get(reverse("articles:home"), headers={"host": "evil.example"})
    assert response.status_code == 400
    assert_friendly_refusal(response)


def test_an_admin_post_without_its_csrf_token_is_a_friendly_403():
    response = Client(enforce_csrf_checks=True).post(
        reverse("admin:login"), {"username": "a", "password": "b"}
    )
    assert response.status_code == 403
    assert_friendly_refusal(response)
    assert "Form expired" in response.content.decode()
