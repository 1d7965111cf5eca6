"""Reader search, on whichever database the suite runs on (make test runs it on SQLite and PostgreSQL)."""

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from articles.search import MAX_QUERY_LENGTH, parse_query, search_articles
from tests.factories import make_article, make_section, make_topic
from tests.page_html import Page

pytestmark = pytest.mark.django_db

LONG_BODY = (
    "<h2>One</h2><p>Ships burn fuel at the quay.</p>"
    "<h2>Two</h2><p>Ports pay for substations.</p>"
    "<h2>Three</h2><p>Harbours were built for cargo, not for electricity: they need megawatts.</p>"
)


def found(query, **filters):
    results = search_articles(query, **filters)
    return [article.headline for article in results[: results.count()]]


def test_a_word_of_the_body_finds_the_article_with_the_word_highlighted():
    make_article(headline="Ports plug in", body=LONG_BODY)
    make_article(headline="Something else")
    results = search_articles("megawatts")
    [article] = results[0:10]
    assert article.headline == "Ports plug in"
    assert "<mark>megawatts</mark>" in article.search_snippet


def test_the_headline_outranks_the_body():
    make_article(headline="Harbour news", body="<p>Talk of batteries, once.</p>")
    make_article(headline="Batteries for every harbour", body="<p>Storage at the quay.</p>")
    assert found("batteries") == ["Batteries for every harbour", "Harbour news"]
    assert "<mark>Batteries</mark>" in search_articles("batteries")[0:1][0].search_headline


def test_stemming_finds_other_forms_of_a_word():
    make_article(headline="Rivers rise", body="<p>The river rose.</p>")
    assert found("river") == ["Rivers rise"]


def test_the_standfirst_and_topic_names_are_searched():
    make_article(headline="First", standfirst="A standfirst about lighthouses.")
    make_article(headline="Second", topics=[make_topic(name="Desalination")])
    assert found("lighthouses") == ["First"]
    assert found("desalination") == ["Second"]


def test_renaming_a_topic_updates_what_finds_its_articles():
    topic = make_topic(name="Solar")
    make_article(headline="Panels", topics=[topic])
    topic.name = "Photovoltaics"
    topic.save()
    assert found("photovoltaics") == ["Panels"]
    assert found("solar") == []


def test_an_edited_article_is_found_by_its_new_words_only():
    article = make_article(headline="Old wording")
    article.headline = "Fresh phrasing"
    article.save()
    assert found("fresh") == ["Fresh phrasing"]
    assert found("wording") == []


def test_only_published_articles_are_found():
    make_article(headline="Live tidal story")
    make_article(headline="Draft tidal story", published=False)
    make_article(headline="Scheduled tidal story", published_at=datetime.now(UTC) + timedelta(hours=1))
    assert found("tidal") == ["Live tidal story"]


def test_an_article_taken_back_to_draft_leaves_the_results():
    article = make_article(headline="Glacier retreat")
    article.unpublish()
    article.save(update_fields=["status"])
    assert found("glacier") == []


def test_results_are_filtered_by_section_and_dates():
    world, science = make_section(), make_section()
    make_article(
        section=world, headline="Comet over the world", published_at=datetime(2026, 3, 5, 12, tzinfo=UTC)
    )
    make_article(section=science, headline="Comet science", published_at=datetime(2026, 5, 5, 12, tzinfo=UTC))
    assert found("comet", section=world) == ["Comet over the world"]
    assert found("comet", date_from=date(2026, 4, 1)) == ["Comet science"]
    assert found("comet", date_to=date(2026, 3, 5)) == ["Comet over the world"]
    assert found("comet", date_from=date(2026, 3, 6), date_to=date(2026, 5, 4)) == []


def test_snippets_escape_the_text_and_keep_only_their_own_marks():
    make_article(
        headline="Tags <b>in</b> a headline",
        standfirst="Fish & <em>chips</em>",
        body="<p>Plain &lt;i&gt;angle&lt;/i&gt; brackets about kelp.</p>",
    )
    [article] = search_articles("kelp")[0:1]
    assert "<b>" not in article.search_headline and "&lt;b&gt;" in article.search_headline
    assert "&lt;i&gt;angle&lt;/i&gt;" in article.search_snippet
    assert "<mark>kelp</mark>" in article.search_snippet
    [article] = search_articles("chips")[0:1]
    assert "<em>" not in article.search_snippet
    assert "&amp; &lt;em&gt;<mark>chips</mark>" in article.search_snippet


def test_phrases_or_and_exclusions():
    make_article(headline="Shore power arrives")
    make_article(headline="Power to the shore")
    make_article(headline="Wind power only")
    assert found('"shore power"') == ["Shore power arrives"]
    assert sorted(found("wind or shore")) == ["Power to the shore", "Shore power arrives", "Wind power only"]
    assert found("power -shore") == ["Wind power only"]


OPERATOR_LADEN = [
    "",
    "   ",
    '"',
    '""',
    '"unclosed phrase',
    "AND",
    "OR OR OR",
    "NOT",
    "-",
    "--power",
    "power AND NOT wind",
    "NEAR(power shore, 3)",
    "power*",
    "*",
    "^power",
    "headline:power",
    "(power OR (shore",
    ")",
    "power & | ! <-> :*",
    "'single' \\ back\\slash",
    "-only -negatives",
    "%_%",
    "x" * 1500,
    "power " * 250,
    "\x00 null byte",
    "emoji 🌊 power",
    "電力",
]


@pytest.mark.parametrize("query", OPERATOR_LADEN)
def test_odd_queries_are_answered_without_errors(query):
    make_article(headline="Shore power arrives")
    results = search_articles(query)
    results[0 : results.count()]


@pytest.mark.parametrize("query", OPERATOR_LADEN)
def test_odd_queries_give_a_search_page(client, query):
    make_article(headline="Shore power arrives")
    response = client.get(reverse("articles:search"), {"q": query})
    assert response.status_code == 200


def test_queries_are_capped_in_length_and_terms():
    parsed = parse_query("word " * 1000)
    assert len(parsed.clauses) <= 16
    assert parse_query("a" * 1000).clauses == (((("a" * MAX_QUERY_LENGTH),),),)


def test_operators_reach_the_database_only_as_words():
    parsed = parse_query('"Shore power" or wind -"diesel fumes" NEAR(x) col:umn ^y* (z')
    assert parsed.as_fts5() == (
        '("shore power" OR "wind") AND ("near x") AND ("col umn") AND ("y") AND ("z") NOT "diesel fumes"'
    )
    assert parsed.clauses == (
        (("shore", "power"), ("wind",)),
        (("near", "x"),),
        (("col", "umn"),),
        (("y",),),
        (("z",),),
    )
    assert parsed.excluded == (("diesel", "fumes"),)
    assert parsed.as_websearch() == '"shore power" or wind "near x" "col umn" y z -"diesel fumes"'


# The page


def test_the_search_page_shows_highlighted_results_with_filters(client):
    section = make_section(name="World")
    make_article(section=section, headline="Ports plug in", body=LONG_BODY)
    response = client.get(reverse("articles:search"), {"q": "megawatts", "section": section.slug})
    assert response.status_code == 200
    assert "<mark>megawatts</mark>" in response.text
    assert "Ports plug in" in response.text
    page = Page(response.text)
    assert page.find_all("select", name="section")
    assert page.find_all("input", type="date", name="date_from")


def test_the_search_page_is_not_cached_and_not_indexed(client):
    response = client.get(reverse("articles:search"), {"q": "anything"})
    assert "no-store" in response.headers["Cache-Control"]
    assert response.headers["X-Robots-Tag"] == "noindex"
    assert Page(response.text).find_all("meta", name="robots", content="noindex")


def test_a_reversed_date_range_is_explained_and_searches_nothing(client):
    make_article(headline="Tidal energy")
    response = client.get(
        reverse("articles:search"), {"q": "tidal", "date_from": "2026-05-01", "date_to": "2026-04-01"}
    )
    assert "The end date is before the start date." in response.text
    assert "Tidal energy" not in response.text


def test_result_pages_keep_the_query_in_their_links(client):
    section = make_section()
    for _ in range(21):
        make_article(section=section, headline="Lagoon report")
    response = client.get(reverse("articles:search"), {"q": "lagoon"})
    assert "21 results" in response.text
    assert "?q=lagoon&amp;page=2" in response.text
    second = client.get(reverse("articles:search"), {"q": "lagoon", "page": 2})
    assert second.text.count("<mark>Lagoon</mark> report") == 1


def test_the_search_page_stays_within_its_query_budget(client, no_cache):
    section = make_section()
    topics = [make_topic() for _ in range(3)]
    for _ in range(25):
        make_article(section=section, headline="Estuary survey", topics=topics)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("articles:search"), {"q": "estuary", "section": section.slug})
    assert response.status_code == 200
    assert len(queries) <= 6, [query["sql"] for query in queries]


def test_the_search_index_is_rebuilt_for_existing_articles():
    from articles.search_index import rebuild_search_index

    make_article(headline="Mangrove planting")
    rebuild_search_index(Article.objects.all())
    assert found("mangrove") == ["Mangrove planting"]


def test_pages_never_load_the_search_vector(client):
    article = make_article(headline="Kilobytes of lexemes", topics=[make_topic()])
    with CaptureQueriesContext(connection) as queries:
        for url in [
            reverse("articles:home"),
            article.get_absolute_url(),
            article.section.get_absolute_url(),
            reverse("articles:feed-rss"),
        ]:
            assert client.get(url).status_code == 200
    assert not [query["sql"] for query in queries if "search_vector" in query["sql"]]


def test_the_rebuild_command_indexes_articles_saved_around_the_model():
    from django.core.management import call_command

    article = make_article(headline="Placeholder")
    Article.objects.filter(pk=article.pk).update(headline="Seagrass meadows")  # no save(): not indexed
    assert found("seagrass") == []
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert found("seagrass") == ["Seagrass meadows"]


def test_a_match_deep_in_a_long_body_is_shown_highlighted():
    filler = "<p>" + " ".join(["Quays, cranes and cargo."] * 400) + "</p>"
    make_article(
        headline="Long read", body=filler + "<p>The grid needs megawatts at the water's edge.</p>" + filler
    )
    [article] = search_articles("megawatts")[0:1]
    assert "<mark>megawatts</mark> at the water&#x27;s edge" in article.search_snippet
    assert len(article.search_snippet) < 1000


def test_only_the_newest_matches_are_ranked_and_the_page_says_so(client, monkeypatch):
    monkeypatch.setattr("articles.search.SEARCH_DEPTH", 3)
    now = datetime.now(UTC)
    for age in range(5):
        make_article(headline=f"Dune survey {age}", published_at=now - timedelta(hours=age + 1))
    results = search_articles("dune")
    assert results.count() == 3 and results.truncated
    assert sorted(article.headline for article in results[0:3]) == [
        "Dune survey 0",
        "Dune survey 1",
        "Dune survey 2",
    ]
    assert (
        "Only the newest 3 matching articles are ranked"
        in client.get(reverse("articles:search"), {"q": "dune"}).text
    )
    assert not search_articles("survey -dune").truncated
