"""What a commenter gives stays where it belongs: the email with the moderators, hostile text inert."""

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments import moderation
from comments.models import Comment
from comments.rendering import render_thread
from tests.comment_forms import send_comment
from tests.factories import make_article, make_author, make_comment, make_section, make_topic

pytestmark = pytest.mark.django_db

EMAIL = "hidden.person@private-mail.example"


@pytest.fixture
def story(settings):
    settings.COMMENTS_PER_PAGE = 1
    section = make_section()
    article = make_article(section=section, authors=[make_author()], topics=[make_topic()])
    first = make_comment(article, email=EMAIL, name="Hidden Person", website="https://hidden.example/")
    make_comment(article, parent=first, email=EMAIL)
    make_comment(article, email=EMAIL)  # on comment page 2
    make_comment(article, email=EMAIL, status=Comment.Status.PENDING)
    return article


def public_pages(client, article):
    """Every kind of public page, comments shown, plus the commenter's own views."""
    first = Comment.objects.approved().filter(parent=None).earliest("created_at")
    urls = [
        reverse("articles:home"),
        article.section.get_absolute_url(),
        article.authors[0].get_absolute_url(),
        article.topics.get().get_absolute_url(),
        article.get_absolute_url(),
        reverse("comments:page", kwargs={"article_id": article.pk, "number": 2}),
        reverse("comments:reply", kwargs={"comment_id": first.pk}),
        reverse("flatpage", kwargs={"url": "privacy/"}),
    ]
    pages = [client.get(url) for url in urls]
    sent = send_comment(client, article, email=EMAIL, remember="on")
    pages += [sent, client.get(sent.url)]
    pages.append(send_comment(client, article, email=EMAIL, body=""))  # the form sent back with an error
    pages.append(send_comment(client, article, email=EMAIL, headers={"Origin": "https://elsewhere.example"}))
    return pages


def test_the_commenters_email_appears_in_no_public_output(client, story):
    pages = public_pages(client, story)
    assert [page.status_code for page in pages] == [200] * 8 + [302, 200, 400, 403]
    for page in pages:
        everything = page.content.decode() + repr(dict(page.headers)) + repr(page.cookies)
        assert "hidden.person" not in everything, page.request["PATH_INFO"]
        assert "private-mail" not in everything, page.request["PATH_INFO"]


def test_the_thread_does_not_even_load_the_email(story):
    with CaptureQueriesContext(connection) as queries:
        render_thread(story)
    assert all('"email"' not in query["sql"] for query in queries)


class Markup(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def markup(html):
    parser = Markup()
    parser.feed(html)
    return parser.tags


HOSTILE = {
    "name": '"><script>alert("name")</script><img src=x onerror=alert(1)>',
    "website": 'https://evil.example/?q="><script>alert("site")</script>',
    "body": '<script>alert("body")</script>\n<img src=x onerror=alert(2)>\n{{ 7|add:7 }} {% now "Y" %}\n'
    '<a href="javascript:alert(3)">click</a> javascript:alert(4) https://ok.example/"onclick="alert(5)',
}


def assert_inert(html):
    for tag, attrs in markup(html):
        assert tag not in {"img", "iframe", "object", "embed", "svg"}, tag
        if tag == "script":  # only the site's own files, or data
            assert (
                attrs.get("src", "").startswith("/static/") or attrs.get("type") == "application/ld+json"
            ), attrs
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name == "href":
                assert not (value or "").lower().startswith("javascript:"), value


def test_hostile_names_websites_and_bodies_are_inert_everywhere(client, django_user_model):
    article = make_article()
    sent = send_comment(client, article, **HOSTILE)
    assert sent.status_code == 302
    comment = Comment.objects.get()
    assert (comment.name, comment.body) == (HOSTILE["name"], HOSTILE["body"])
    own_view = client.get(sent.url).text
    moderation.approve(comment, by=None)
    pages = [
        own_view,
        client.get(article.get_absolute_url()).text,
        client.get(reverse("comments:reply", kwargs={"comment_id": comment.pk})).text,
        send_comment(client, article, **{**HOSTILE, "email": ""}).text,  # sent back with an error
    ]
    for html in pages:
        assert_inert(html)
        assert "&lt;script&gt;alert(&quot;body&quot;)&lt;/script&gt;" in html
    article_page = pages[1]
    assert "{{ 7|add:7 }} {% now &quot;Y&quot; %}" in article_page
    assert (
        'href="https://evil.example/?q=&quot;&gt;&lt;script&gt;alert(&quot;site&quot;)&lt;/script&gt;"'
        in (article_page)
    )
