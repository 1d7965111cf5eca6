from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.models import Comment
from comments.rendering import load_thread, render_thread
from comments.text import render_body
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


class Nesting(HTMLParser):
    """Records each comment's nesting level and checks that every list opened is closed in order."""

    def __init__(self):
        super().__init__()
        self.open = []
        self.levels = {}

    def handle_starttag(self, tag, attrs):
        if tag in {"ol", "li"}:
            self.open.append(tag)
            comment_id = dict(attrs).get("id", "")
            if tag == "li" and comment_id.startswith("comment-"):
                self.levels[int(comment_id.removeprefix("comment-"))] = self.open.count("ol") - 1

    def handle_endtag(self, tag):
        if tag in {"ol", "li"}:
            assert self.open.pop() == tag


def comment_page(article, number):
    return reverse("comments:page", kwargs={"article_id": article.pk, "number": number})


def nesting(html):
    parser = Nesting()
    parser.feed(html)
    assert parser.open == []
    return parser.levels


def test_comments_show_oldest_first_with_replies_nested_under_their_parents():
    article = make_article()
    first = make_comment(article)
    second = make_comment(article)
    reply = make_comment(article, parent=first)
    reply_to_reply = make_comment(article, parent=reply)
    html = render_thread(article)
    assert nesting(html) == {first.pk: 0, reply.pk: 1, reply_to_reply.pk: 2, second.pk: 0}
    order = [html.index(f'id="comment-{c.pk}"') for c in [first, reply, reply_to_reply, second]]
    assert order == sorted(order)


def test_a_lowered_depth_setting_shows_deeper_replies_at_the_deepest_level(settings):
    article = make_article()
    settings.COMMENTS_MAX_DEPTH = 4
    top = make_comment(article)
    second = make_comment(article, parent=top)
    third = make_comment(article, parent=second)
    fourth = make_comment(article, parent=third)
    settings.COMMENTS_MAX_DEPTH = 2
    assert nesting(render_thread(article)) == {top.pk: 0, second.pk: 1, third.pk: 1, fourth.pk: 1}


def test_only_approved_comments_and_their_replies_are_shown():
    article = make_article()
    shown = make_comment(article)
    for status in ["pending", "spam", "removed"]:
        hidden = make_comment(article, status=status, body=f"Hidden {status}.")
        make_comment(article, parent=hidden, body=f"Reply to hidden {status}.")
    html = render_thread(article)
    assert "Hidden" not in html
    assert nesting(html) == {shown.pk: 0}


def test_the_heading_counts_approved_comments():
    article = make_article()
    top = make_comment(article)
    make_comment(article, parent=top)
    make_comment(article, status="pending")
    assert "Comments (2)" in render_thread(article)


def test_the_name_links_to_the_website_without_passing_reputation():
    article = make_article()
    make_comment(article, name="Ada", website="https://ada.example/")
    make_comment(article, name="Ben", website="")
    html = render_thread(article)
    assert '<a href="https://ada.example/" rel="nofollow ugc noopener">Ada</a>' in html
    assert "<bdi>Ben</bdi>" in html


def test_a_comment_body_is_plain_text_with_paragraphs_line_breaks_and_links():
    html = render_body(
        "Hello <b>you</b> & me\nsee https://example.org/a?b=1&c=2.\n\nSecond (http://x.example/p_(q))."
    )
    assert html == (
        "<p>Hello &lt;b&gt;you&lt;/b&gt; &amp; me<br>\n"
        'see <a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc">https://example.org/a?b=1&amp;c=2</a>.</p>\n'
        '<p>Second (<a href="http://x.example/p_(q)" rel="nofollow ugc">http://x.example/p_(q)</a>).</p>'
    )


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("javascript:alert(1)", "<p>javascript:alert(1)</p>"),
        ("www.example.org", "<p>www.example.org</p>"),
        ("mailto:someone@example.org", "<p>mailto:someone@example.org</p>"),
        ("https://", "<p>https://</p>"),
        ("https://.", "<p>https://.</p>"),
        (
            'https://example.org/"onmouseover="alert(1)',
            '<p><a href="https://example.org/" rel="nofollow ugc">https://example.org/</a>'
            "&quot;onmouseover=&quot;alert(1)</p>",
        ),
    ],
)
def test_only_complete_web_addresses_become_links(text, html):
    assert render_body(text) == html


def test_reply_links_go_to_a_reply_page_that_works_without_javascript(client):
    article = make_article()
    comment = make_comment(article, name="Ada")
    page = client.get(article.get_absolute_url()).text
    reply_url = reverse("comments:reply", kwargs={"comment_id": comment.pk})
    assert f'href="{reply_url}#respond"' in page
    reply_page = client.get(reply_url)
    assert reply_page.status_code == 200
    assert "Reply to Ada" in reply_page.text
    assert f'<input type="hidden" name="parent" value="{comment.pk}">' in reply_page.text
    assert f'href="{article.get_absolute_url()}#comment-{comment.pk}">Cancel reply' in reply_page.text


@pytest.mark.parametrize("status", ["pending", "spam", "removed"])
def test_there_is_no_reply_page_for_a_comment_that_is_not_shown(client, status):
    comment = make_comment(make_article(), status=status)
    assert client.get(reverse("comments:reply", kwargs={"comment_id": comment.pk})).status_code == 404


def test_a_closed_article_shows_its_comments_but_no_form_or_reply_links(client):
    article = make_article(comments_open=False)
    comment = make_comment(article, body="Said before closing.")
    page = client.get(article.get_absolute_url()).text
    assert "Said before closing." in page
    assert "Comments are closed." in page
    assert 'id="comment-form"' not in page
    assert "Reply to" not in page
    assert client.get(reverse("comments:reply", kwargs={"comment_id": comment.pk})).status_code == 404


def test_the_article_page_has_the_comment_form_as_on_the_reference_site(client):
    article = make_article()
    page = client.get(article.get_absolute_url()).text
    assert "Comments (0)" in page
    assert "Leave a reply" in page
    assert "Your email address will not be published." in page
    assert "Required fields are marked *" in page
    for label in ["Name", "Email", "Website", "Comment"]:
        assert f">{label}" in page
    assert "Save my name, email and website in this browser for the next time I comment." in page
    assert f'action="{reverse("comments:post", kwargs={"article_id": article.pk})}"' in page


def test_the_privacy_note_links_to_the_privacy_page(client):
    page = client.get(make_article().get_absolute_url()).text
    privacy_url = reverse("flatpage", kwargs={"url": "privacy/"})
    assert f'<a href="{privacy_url}">Your email address will not be published.</a>' in page


def test_the_article_page_has_no_inline_script_or_handler(client):
    article = make_article()
    make_comment(article)
    page = client.get(article.get_absolute_url()).text
    assert "<script>" not in page
    assert " onclick=" not in page
    assert 'src="/static/js/comments.js"' in page


def test_threads_page_after_the_set_number_of_top_level_comments(client, settings):
    settings.COMMENTS_PER_PAGE = 3
    article = make_article()
    tops = [make_comment(article, body=f"Top {n}.") for n in range(7)]
    reply = make_comment(article, parent=tops[4], body="Reply on page two.")
    first = client.get(article.get_absolute_url()).text
    assert "Top 2." in first
    assert "Top 3." not in first
    assert "Comments (8)" in first
    second_url = comment_page(article, 2)
    assert f'href="{second_url}#comments" rel="next"' in first
    second = client.get(second_url)
    assert second.status_code == 200
    assert nesting(second.text.split('id="comments"')[1]) == {
        tops[3].pk: 0,
        tops[4].pk: 0,
        reply.pk: 1,
        tops[5].pk: 0,
    }
    assert f'href="{article.get_absolute_url()}#comments" rel="prev"' in second.text
    assert client.get(comment_page(article, 3)).status_code == 200
    assert client.get(comment_page(article, 4)).status_code == 404


def test_comment_page_one_is_the_article_page(client):
    article = make_article()
    response = client.get(comment_page(article, 1))
    assert response.status_code == 301
    assert response.url == f"{article.get_absolute_url()}#comments"


@pytest.mark.parametrize("number", [0, 2])
def test_comment_pages_beyond_the_thread_are_404(client, number):
    article = make_article()
    make_comment(article)
    assert client.get(comment_page(article, number)).status_code == 404


def test_comment_pages_of_a_draft_are_404(client):
    draft = make_article(published=False)
    assert client.get(comment_page(draft, 2)).status_code == 404


def test_a_thread_page_loads_in_one_query(django_assert_num_queries):
    article = make_article()
    for _ in range(5):
        top = make_comment(article)
        make_comment(article, parent=make_comment(article, parent=top))
    with django_assert_num_queries(1):
        thread = load_thread(article)
    assert thread.count == 15
    assert len(thread.nodes) == 15


def threaded_comments(article, count):
    """`count` approved comments: top-level ones, each with a reply that has a reply."""
    made = []
    while len(made) < count:
        parent = made[-1] if len(made) % 3 else None
        made.append(make_comment(article, parent=parent))
    return made


@pytest.mark.parametrize("count", [0, 10, 200])
def test_the_article_page_stays_within_its_query_budget(
    client, no_cache, django_assert_max_num_queries, count
):
    article = make_article()
    threaded_comments(article, count)
    make_comment(article, status="pending")
    with django_assert_max_num_queries(8):
        response = client.get(article.get_absolute_url())
    # 200 comments make 67 threads of three: the first 50 threads are on the article page.
    assert response.text.count('class="comment"') == {0: 0, 10: 10, 200: 150}[count]


def test_the_article_page_costs_the_same_queries_with_any_number_of_comments(client, no_cache):
    counts = []
    for count in [0, 10, 200]:
        article = make_article()
        threaded_comments(article, count)
        with CaptureQueriesContext(connection) as queries:
            client.get(article.get_absolute_url())
        counts.append(len(queries))
    assert len(set(counts)) == 1, counts


def test_the_reply_and_thread_pages_stay_within_budget(
    client, no_cache, django_assert_max_num_queries, settings
):
    settings.COMMENTS_PER_PAGE = 10
    article = make_article()
    comments = threaded_comments(article, 60)
    with django_assert_max_num_queries(6):
        client.get(comment_page(article, 2))
    with django_assert_max_num_queries(6):
        client.get(reverse("comments:reply", kwargs={"comment_id": comments[0].pk}))


def test_pending_comments_never_show_in_a_shared_page(client):
    article = make_article()
    make_comment(article, status=Comment.Status.PENDING, body="Not yet.")
    assert "Not yet." not in client.get(article.get_absolute_url()).text
