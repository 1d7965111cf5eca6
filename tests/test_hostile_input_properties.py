"""
Property tests: any Unicode a reader or an editor sends, mixed with known attacks, never crashes the comment
form, the comment endpoint or the body sanitiser, never earns a 5xx, and never comes out as markup that runs.
"""

import re
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.body import prepare_body
from articles.sanitize import sanitize
from comments.forms import CommentForm
from comments.models import Comment
from comments.protection import form_token
from comments.text import render_body
from tests.comment_forms import SAME_ORIGIN, form_data
from tests.factories import make_article

ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href=" jav&#x09;ascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    "<svg onload=alert(1)>",
    "<iframe src=//evil.example>",
    "<style>*{display:none}</style>",
    '<p style="background:url(javascript:alert(1))">',
    "<base href=//evil.example/>",
    "<meta http-equiv=refresh content=0;url=//evil.example>",
    "<form action=//evil.example><button>",
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    "<object data=x></object><embed src=x>",
    "<template><script>alert(1)</script></template>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "</p>",
    "<p",
    '"',
    "'",
    "&",
    "&#0;",
    "\x00",
    "\u2028",
    "\ufeff",
    "https://example.com/?q=<script>",
    "javascript:alert(1)",
    "\r\n\r\n",
]
hostile_text = st.lists(st.one_of(st.text(max_size=30), st.sampled_from(ATTACKS)), max_size=8).map("".join)

RUNNABLE_TAGS = {"script", "style", "iframe", "frame", "object", "embed", "svg", "math", "base", "meta"}
RUNNABLE_TAGS |= {"link", "template", "noscript", "applet", "frameset"}
FORM_CONTROLS = {"form", "input", "button", "textarea", "select"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "background", "poster"}
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")
# What a browser ignores in a URL before reading its scheme.
IGNORED_IN_SCHEMES = re.compile(r"[\x00-\x20]")

fast = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


class Elements(HTMLParser):
    """Every element and attribute of a piece of HTML, as a browser's parser would see them."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))

    handle_startendtag = handle_starttag


def assert_nothing_runs(html, *, form=False):
    """No element or attribute that runs script, loads a page or restyles it; form controls only in a form page."""
    for tag, attributes in Elements(html).found:
        if tag == "script" and form:
            # A page's own scripts are files from the site (the policy runs nothing else).
            assert dict(attributes).get("src", "").startswith("/static/"), attributes
            continue
        assert tag not in RUNNABLE_TAGS | (set() if form else FORM_CONTROLS), tag
        for name, value in attributes:
            assert not name.startswith("on"), name
            assert name not in {"style", "srcdoc"}, name
            if name in URL_ATTRIBUTES and value:
                scheme_part = IGNORED_IN_SCHEMES.sub("", value).lower()
                assert not scheme_part.startswith(UNSAFE_SCHEMES), value


@pytest.fixture
def article(db):
    return make_article()


@fast
@given(html=hostile_text)
def test_the_body_sanitiser_takes_any_unicode_and_nothing_it_returns_can_run(html):
    assert_nothing_runs(sanitize(html))
    assert_nothing_runs(prepare_body(html).html)


@fast
@given(text=hostile_text)
def test_comment_text_is_rendered_as_text_and_links_only(text):
    html = render_body(text)
    for tag, attributes in Elements(html).found:
        assert tag in {"p", "br", "a"}, tag
        if tag == "a":
            assert dict(attributes)["href"].lower().startswith(("http://", "https://"))
            assert dict(attributes)["rel"] == "nofollow ugc"
    assert_nothing_runs(html)


@fast
@given(
    name=hostile_text,
    email=hostile_text,
    website=hostile_text,
    body=hostile_text,
    parent=st.one_of(hostile_text, st.integers().map(str)),
    token=st.one_of(hostile_text, st.just("valid")),
    subject=hostile_text,
)
def test_the_comment_form_takes_any_unicode_without_crashing(
    article, name, email, website, body, parent, token, subject
):
    data = {
        "name": name,
        "email": email,
        "website": website,
        "body": body,
        "parent": parent,
        "subject": subject,
    }
    data["token"] = form_token(article.pk) if token == "valid" else token
    form = CommentForm(data, article=article)
    if form.is_valid():
        assert "\x00" not in form.cleaned_data["name"] + form.cleaned_data["body"]
        assert form.cleaned_data["website"] == "" or form.cleaned_data["website"].startswith(
            ("http://", "https://")
        )
    # The form as shown again to the reader, their own input in it escaped.
    assert_nothing_runs(form.as_div(), form=True)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    fields=st.dictionaries(
        st.one_of(
            st.sampled_from(["name", "email", "website", "body", "parent", "subject"]), st.text(max_size=20)
        ),
        hostile_text,
        max_size=8,
    ),
    token=st.booleans(),
)
def test_the_comment_endpoint_answers_any_unicode_with_a_redirect_or_a_4xx(article, fields, token):
    cache.clear()  # Each example is a new minute for the comment rate limit.
    client = Client(raise_request_exception=False)
    # A valid comment with some fields replaced, so that both outcomes are explored.
    data = {**form_data(article), **fields}
    if not token:
        data.pop("token")
    response = client.post(
        reverse("comments:post", kwargs={"article_id": article.pk}), data, headers=SAME_ORIGIN
    )
    assert response.status_code in {302, 400, 403}, response.status_code
    if response.status_code == 302:
        own_view = client.get(response.url)
        assert own_view.status_code == 200
        comment = Comment.objects.latest("pk")
        assert_nothing_runs(render_body(comment.body))
    else:
        assert_nothing_runs(response.content.decode().split('<main id="main"', 1)[1], form=True)
