import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles import demo_data
from articles.body import prepare_body
from articles.models import Article
from articles.reading_time import measure
from tests.factories import make_article


def heading_ids(html):
    return re.findall(r'<h[234] id="([^"]+)"', html)


def test_heading_ids_are_readable_words_from_the_heading():
    prepared = prepare_body(
        "<h2>Who Pays for the Substation?</h2><h3>Grants &amp; fees</h3><h4>Small print</h4>"
    )
    assert heading_ids(prepared.html) == ["who-pays-for-the-substation", "grants-fees", "small-print"]


def test_a_section_number_is_left_out_of_its_heading_id():
    prepared = prepare_body("<h2>2. The Money</h2><h2>10) The Grid</h2><h2>2024 in review</h2>")
    assert heading_ids(prepared.html) == ["the-money", "the-grid", "2024-in-review"]


def test_duplicate_headings_get_numbered_ids():
    prepared = prepare_body("<h2>Background</h2><h2>Background</h2><h3>Background</h3><h2>Background 2</h2>")
    assert heading_ids(prepared.html) == ["background", "background-2", "background-3", "background-2-2"]


def test_chinese_headings_keep_their_characters_in_the_id():
    prepared = prepare_body("<h2>背景：为什么是港口？</h2><h2>结论</h2><h2>结论</h2>")
    assert heading_ids(prepared.html) == ["背景为什么是港口", "结论", "结论-2"]
    assert prepared.toc[0] == {"id": "背景为什么是港口", "text": "背景：为什么是港口？", "children": []}


def test_a_heading_without_letters_or_digits_falls_back_to_its_position():
    prepared = prepare_body("<h2>Intro</h2><h2>!!!</h2><h2>★</h2>")
    assert heading_ids(prepared.html) == ["intro", "section-2", "section-3"]


def test_heading_ids_avoid_the_ids_the_page_itself_uses():
    prepared = prepare_body("<h2>Main</h2><h2>Comments</h2><h2>Comment 12</h2><h2>Reply title</h2>")
    assert heading_ids(prepared.html) == ["main-2", "comments-2", "comment-12-2", "reply-title-2"]


def test_a_long_heading_id_is_cut_at_a_word_boundary():
    prepared = prepare_body(f"<h2>{'Harbour electrification ' * 6}</h2>")
    assert heading_ids(prepared.html) == ["harbour-electrification-harbour-electrification-harbour"]


def test_editor_supplied_ids_are_replaced_by_derived_ones():
    prepared = prepare_body('<h2 id="main">Shore power</h2>')
    assert prepared.html == '<h2 id="shore-power">Shore power</h2>'


def test_heading_ids_stay_the_same_when_an_article_is_saved_again():
    first = prepare_body(demo_data.LONG_ARTICLE["body"])
    assert prepare_body(first.html) == first


def test_table_of_contents_nests_h3_under_the_h2_before_it():
    prepared = prepare_body(
        "<h3>Before everything</h3><h2>One</h2><h3>One A</h3><h3>One B</h3><h4>Not listed</h4><h2>Two</h2>"
    )
    assert prepared.toc == [
        {"id": "before-everything", "text": "Before everything", "children": []},
        {
            "id": "one",
            "text": "One",
            "children": [{"id": "one-a", "text": "One A"}, {"id": "one-b", "text": "One B"}],
        },
        {"id": "two", "text": "Two", "children": []},
    ]


def test_table_of_contents_text_is_the_headings_plain_text():
    prepared = prepare_body("<h2>The <em>real</em>\n  cost<br>of power</h2>")
    assert prepared.toc == [
        {"id": "the-real-cost-of-power", "text": "The real cost of power", "children": []}
    ]


def test_reading_time_rounds_up_to_whole_minutes():
    assert measure("") == (0, 0)
    assert measure("One short sentence.") == (3, 1)
    assert measure("word " * 230) == (230, 1)
    assert measure("word " * 231) == (231, 2)


def test_chinese_is_counted_by_character():
    assert measure("港口" * 400) == (800, 2)
    assert measure("Shore power 岸电") == (4, 1)


def test_words_in_neighbouring_blocks_are_counted_apart():
    assert prepare_body("<p>one</p><p>two</p><ul><li>three</li></ul><p>four<br>five</p>").word_count == 5


@pytest.mark.django_db
def test_set_body_stores_the_outline_and_reading_time_with_the_article():
    article = make_article(body="<h2>One</h2><p>" + "word " * 500 + "</p><h2>Two</h2><script>x</script>")
    article.refresh_from_db()
    assert [entry["id"] for entry in article.toc] == ["one", "two"]
    assert (article.word_count, article.reading_minutes) == (502, 3)
    assert "<script" not in article.body


@pytest.mark.django_db
def test_article_page_links_its_table_of_contents_to_each_section(client):
    article = make_article(body="<h2>The Cable</h2><p>Text.</p><h2>The Money</h2><h3>Grants</h3><p>More.</p>")
    html = client.get(article.get_absolute_url()).content.decode()
    toc = re.search(r'<nav class="toc" aria-labelledby="toc-heading">.*?</nav>', html, re.DOTALL).group()
    assert re.findall(r'href="#([^"]+)"', toc) == ["the-cable", "the-money", "grants"]
    for heading_id in ["the-cable", "the-money", "grants"]:
        assert f'id="{heading_id}"' in html


@pytest.mark.django_db
def test_an_article_with_one_section_or_none_shows_no_table_of_contents(client):
    for body in ["<p>Just text.</p>", "<h2>Only one</h2><p>Text.</p>"]:
        html = client.get(make_article(body=body).get_absolute_url()).content.decode()
        assert 'class="toc"' not in html


@pytest.mark.django_db
def test_the_long_demo_article_has_five_numbered_sections_and_a_closing_one(client):
    call_command("demo_content")
    article = Article.objects.get(slug=demo_data.LONG_ARTICLE["slug"])
    assert [entry["text"] for entry in article.toc] == [
        "1. The Cable Problem: Why a Plug Took Thirty Years",
        "2. The Money: Who Pays for the Substation",
        "3. The Grid: Finding Megawatts at the Water's Edge",
        "4. The Rules: Deadlines Arrive in the Harbour",
        "5. The Neighbours: Air You Can Measure",
        "The Bottom Line",
    ]
    assert article.reading_minutes >= 2
    html = client.get(reverse("articles:article", args=[article.section.slug, article.slug])).content.decode()
    assert '<a href="#the-bottom-line">The Bottom Line</a>' in html
    assert '<h2 id="the-bottom-line">The Bottom Line</h2>' in html
