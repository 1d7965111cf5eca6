import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from images.embed import keep_library_images, record_inline_images
from tests.factories import make_article, make_image, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready_image(django_capture_on_commit_callbacks):
    """A library image whose renditions have been made."""

    def make(**fields):
        fields.setdefault("size", (1400, 900))
        with django_capture_on_commit_callbacks(execute=True):
            image = make_image(**fields)
        image.refresh_from_db()
        assert image.renditions_key
        return image

    return make


def figure_html(image, alt=""):
    return f'<figure><img src="{image.file.url}" alt="{alt}" data-file="{image.pk}"><figcaption>Seen from the quay.</figcaption></figure>'


def article_with_images(lead, inline, **fields):
    body = "<p>Ships plug in.</p>" + "".join(figure_html(image) for image in inline)
    article = make_article(lead_image=lead, body=body, **fields)
    record_inline_images(article)
    return article


def tag(html, name):
    return re.findall(rf"<{name}\b[^>]*>", html)


def test_the_lead_image_is_a_responsive_picture_loaded_at_once(client, ready_image):
    lead = ready_image(alt_text="Ship at the quay", caption="The Aurora at berth 7", credit="Port Authority")
    article = make_article(lead_image=lead)

    html = client.get(article.get_absolute_url()).text

    picture = html[html.index("<picture>") : html.index("</picture>")]
    sources = tag(picture, "source")
    assert [re.search(r'type="([^"]+)"', source).group(1) for source in sources] == [
        "image/avif",
        "image/webp",
    ]
    for source in sources:
        assert re.search(r'srcset="[^"]*320w, [^"]*640w, [^"]*960w, [^"]*1200w"', source), source
        assert 'sizes="' in source
    (img,) = tag(picture, "img")
    assert 'alt="Ship at the quay"' in img
    assert 'width="1200" height="771"' in img
    assert "1200w" in img and ".jpg" in img
    assert 'loading="lazy"' not in img and 'fetchpriority="high"' in img
    assert "The Aurora at berth 7" in html and "Port Authority" in html


def test_cards_in_lists_show_the_lead_image_cropped_and_lazily(client, ready_image):
    section = make_section(slug="world")
    make_article(section=section, lead_image=ready_image(alt_text="Cranes"))

    html = client.get(reverse("articles:section", kwargs={"section": "world"})).text

    (img,) = tag(html[html.index("<picture>") :], "img")
    assert 'loading="lazy"' in img and 'alt="Cranes"' in img
    assert 'width="1200" height="675"' in img  # 16:9
    assert "/wide-" in img


def test_a_picture_without_renditions_yet_shows_the_original(client):
    image = make_image(size=(640, 480), alt_text="Fresh upload")  # its renditions wait for the commit
    article = make_article(lead_image=image)

    html = client.get(article.get_absolute_url()).text

    (img,) = tag(html[html.index("<picture>") :], "img")
    assert f'src="{image.file.url}"' in img and 'width="640" height="480"' in img
    assert "srcset" not in img and "<source" not in html


def test_a_decorative_image_has_empty_alt_text(client, ready_image):
    article = make_article(lead_image=ready_image(alt_text="", decorative=True))
    (img,) = tag(client.get(article.get_absolute_url()).text.split("<picture>")[1], "img")
    assert 'alt=""' in img


def test_body_images_become_lazy_pictures_with_their_caption_and_credit(client, ready_image):
    first, second = ready_image(alt_text="Cable reel", credit="Reuters"), ready_image(alt_text="Plug")
    article = article_with_images(None, [first, second])

    html = client.get(article.get_absolute_url()).text

    body_images = [img for img in tag(html, "img") if "/renditions/" in img]
    assert len(body_images) == 2
    assert all('loading="lazy"' in img for img in body_images)
    assert 'alt="Cable reel"' in body_images[0] and 'alt="Plug"' in body_images[1]
    assert html.count("Seen from the quay.") == 2
    assert "Reuters" in html
    assert "data-file" not in html


def test_only_library_images_survive_in_a_body():
    image = make_image(alt_text="Quay")
    body = keep_library_images(
        '<p>Text</p><figure><img src="https://tracker.example/pixel.gif"><figcaption>Gone</figcaption></figure>'
        f'<img src="/elsewhere.png" data-file="{image.pk + 1000}"><img src="javascript:alert(1)">'
        f'<figure><img src="/wrong.jpg" data-file="{image.pk}"></figure>'
    )
    assert body == (
        f'<p>Text</p><figure><img src="{image.file.url}" alt="Quay" width="96" height="64" '
        f'data-file="{image.pk}"></figure>'
    )


def test_an_editors_alt_text_for_one_use_wins_over_the_librarys():
    image = make_image(alt_text="Quay")
    assert 'alt="The quay in 1990"' in keep_library_images(figure_html(image, alt="The quay in 1990"))


def test_the_article_page_keeps_its_query_budget_with_a_lead_and_three_body_images(
    client, no_cache, ready_image
):
    images = [ready_image(size=(700, 500)) for _ in range(4)]
    article = article_with_images(images[0], images[1:])
    url = article.get_absolute_url()

    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).text
    assert html.count("<picture>") == 4
    assert len(queries) <= 8, "\n".join(query["sql"][:150] for query in queries)


def test_list_pages_take_no_query_per_lead_image(
    client, no_cache, ready_image, django_assert_max_num_queries
):
    section = make_section(slug="world")
    for _ in range(3):
        make_article(section=section, lead_image=ready_image(size=(400, 300)))
    with CaptureQueriesContext(connection) as few:
        client.get("/world/")
    for _ in range(3):
        make_article(section=section, lead_image=ready_image(size=(400, 300)))
    with django_assert_max_num_queries(len(few)):
        html = client.get("/world/").text
    assert html.count("<picture>") == 6


def test_the_home_page_shows_lead_images_within_its_budget(
    client, no_cache, ready_image, django_assert_max_num_queries
):
    for _ in range(5):
        make_article(lead_image=ready_image(size=(400, 300)), featured=True)
    with django_assert_max_num_queries(8):
        html = client.get(reverse("articles:home")).text
    assert html.count("<picture>") >= 5
    first = tag(html[html.index("<picture>") :], "img")[0]
    assert 'fetchpriority="high"' in first  # the lead story's image is above the fold
