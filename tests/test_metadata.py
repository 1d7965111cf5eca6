"""What pages say about themselves: canonical URLs, Open Graph and Twitter cards, JSON-LD structured data."""

import json
import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from tests.factories import make_article, make_author, make_image, make_section, make_topic
from tests.page_html import Page

pytestmark = pytest.mark.django_db

SITE_URL = "https://news.example.org"
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


@pytest.fixture(autouse=True)
def public_site_url(settings):
    settings.SITE_URL = SITE_URL


@pytest.fixture
def story():
    return make_article(
        section=make_section(name="World", slug="world"),
        authors=[make_author(name="Ada Byline", slug="ada"), make_author(name="Ben Byline", slug="ben")],
        topics=[make_topic(name="Climate"), make_topic(name="Rivers")],
        headline="Rivers rise",
        slug="rivers-rise",
        standfirst="Towns prepare for the flood.",
        body="<p>Water came.</p>",
        published_at=datetime(2026, 11, 20, 9, 30, tzinfo=UTC),
        updated_at=datetime(2026, 11, 20, 11, 0, tzinfo=UTC),
    )


def structured_data(html):
    """The page's JSON-LD graph, by type; it is the page's only inline script element, and holds data."""
    assert len(re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html)) == 1
    [text] = JSON_LD.findall(html)
    document = json.loads(text)
    assert document["@context"] == "https://schema.org"
    return {item["@type"]: item for item in document["@graph"]}


def meta(page, **attributes):
    [element] = page.find_all("meta", **attributes)
    return element["content"]


def test_an_article_is_a_complete_news_article(client, story):
    graph = structured_data(client.get(story.get_absolute_url()).text)
    article = graph["NewsArticle"]
    url = f"{SITE_URL}/world/rivers-rise/"
    assert article["headline"] == "Rivers rise"
    assert article["description"] == "Towns prepare for the flood."
    assert article["image"][0]["url"] == f"{SITE_URL}/static/img/social-default.png"
    assert article["datePublished"] == "2026-11-20T09:30:00+00:00"
    assert article["dateModified"] == "2026-11-20T11:00:00+00:00"
    assert article["author"] == [
        {"@type": "Person", "name": "Ada Byline", "url": f"{SITE_URL}/authors/ada/"},
        {"@type": "Person", "name": "Ben Byline", "url": f"{SITE_URL}/authors/ben/"},
    ]
    publisher = article["publisher"]
    assert publisher["@type"] == "Organization" and publisher["name"] == "Newsroom"
    assert publisher["logo"]["url"] == f"{SITE_URL}/static/img/publisher-logo.png"
    assert article["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert article["articleSection"] == "World"
    assert article["keywords"] == ["Climate", "Rivers"]


def test_an_article_has_breadcrumbs_through_its_section(client, story):
    crumbs = structured_data(client.get(story.get_absolute_url()).text)["BreadcrumbList"]["itemListElement"]
    assert [(crumb["position"], crumb["name"], crumb["item"]) for crumb in crumbs] == [
        (1, "Home", f"{SITE_URL}/"),
        (2, "World", f"{SITE_URL}/world/"),
        (3, "Rivers rise", f"{SITE_URL}/world/rivers-rise/"),
    ]


def test_a_section_has_breadcrumbs(client, story):
    crumbs = structured_data(client.get("/world/").text)["BreadcrumbList"]["itemListElement"]
    assert [crumb["item"] for crumb in crumbs] == [f"{SITE_URL}/", f"{SITE_URL}/world/"]


def test_the_home_page_describes_the_website_and_its_search(client, story):
    website = structured_data(client.get(reverse("articles:home")).text)["WebSite"]
    assert website["url"] == f"{SITE_URL}/"
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == f"{SITE_URL}/search/?q={{search_term_string}}"
    assert action["query-input"] == "required name=search_term_string"


def test_the_home_page_has_a_description_for_search_results(client, story):
    page = Page(client.get(reverse("articles:home")).text)
    description = "The latest news from Newsroom, with analysis and readers’ comments."
    assert meta(page, name="description") == description
    assert meta(page, property="og:description") == description


def test_an_article_page_has_canonical_open_graph_and_twitter_cards(client, story):
    page = Page(client.get(story.get_absolute_url()).text)
    url = f"{SITE_URL}/world/rivers-rise/"
    assert page.find_all("link", rel="canonical", href=url)
    assert meta(page, name="description") == "Towns prepare for the flood."
    assert meta(page, property="og:type") == "article"
    assert meta(page, property="og:url") == url
    assert meta(page, property="og:title") == "Rivers rise"
    assert meta(page, property="og:image") == f"{SITE_URL}/static/img/social-default.png"
    assert meta(page, property="og:image:width") == "1200"
    assert meta(page, property="article:published_time") == "2026-11-20T09:30:00+00:00"
    assert meta(page, name="twitter:card") == "summary_large_image"
    assert meta(page, name="twitter:image") == f"{SITE_URL}/static/img/social-default.png"


def test_seo_overrides_win_for_title_and_description(client, story):
    story.seo_title = "Flood warning for river towns"
    story.seo_description = "What to do before the water arrives."
    story.save()
    response = client.get(story.get_absolute_url())
    page = Page(response.text)
    assert "<title>Flood warning for river towns" in response.text
    assert meta(page, property="og:title") == "Flood warning for river towns"
    assert meta(page, name="description") == "What to do before the water arrives."
    assert structured_data(response.text)["NewsArticle"]["headline"] == "Rivers rise"


def test_structured_data_cannot_break_out_of_its_script(client):
    article = make_article(headline="</script><script>alert(1)</script> & <!-- more")
    response = client.get(article.get_absolute_url())
    [text] = JSON_LD.findall(response.text)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["@graph"][0]["headline"] == "</script><script>alert(1)</script> & <!-- more"


def test_later_list_pages_keep_their_number_in_the_canonical_url(client):
    section = make_section(slug="busy")
    for _ in range(21):
        make_article(section=section)
    assert Page(client.get("/busy/?page=2&utm_source=x").text).find_all(
        "link", rel="canonical", href=f"{SITE_URL}/busy/?page=2"
    )
    assert Page(client.get("/busy/?utm_source=x").text).find_all(
        "link", rel="canonical", href=f"{SITE_URL}/busy/"
    )


def test_static_pages_have_a_canonical_url_and_a_card(client):
    page = Page(client.get("/pages/about/").text)
    assert page.find_all("link", rel="canonical", href=f"{SITE_URL}/pages/about/")
    assert meta(page, property="og:type") == "website"


def test_metadata_costs_the_article_page_no_query(client, story, django_assert_max_num_queries, no_cache):
    with django_assert_max_num_queries(8):
        client.get(story.get_absolute_url())


def test_the_lead_image_at_1200_pixels_is_the_card_and_structured_data_image(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = make_image(size=(1600, 1000), alt_text="Ship at the quay")
    image.refresh_from_db()
    article = make_article(lead_image=image)
    response = client.get(article.get_absolute_url())
    page = Page(response.text)
    url = meta(page, property="og:image")
    assert url.startswith(SITE_URL) and url.endswith(".jpg")
    assert meta(page, property="og:image:width") == "1200"
    assert meta(page, property="og:image:height") == "675"
    assert meta(page, property="og:image:alt") == "Ship at the quay"
    assert meta(page, name="twitter:image") == url
    assert structured_data(response.text)["NewsArticle"]["image"][0]["url"] == url


def test_a_lead_image_without_renditions_yet_is_shared_as_uploaded(client):
    image = make_image(size=(800, 500), alt_text="Fresh upload")
    article = make_article(lead_image=image)
    page = Page(client.get(article.get_absolute_url()).text)
    assert meta(page, property="og:image") == f"{SITE_URL}{image.file.url}"
    assert meta(page, property="og:image:width") == "800"
