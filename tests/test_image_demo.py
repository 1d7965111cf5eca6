import pytest
from django.core.management import call_command

from articles.models import Article
from images import demo
from images.models import Image, InlineImage

pytestmark = pytest.mark.django_db


def test_the_demo_site_has_drawn_images_as_lead_images_and_in_a_body(client):
    call_command("demo_content")

    assert Image.objects.count() == len(demo.PICTURES)
    assert all(image.alt_text and image.width == 1600 for image in Image.objects.all())
    assert Article.objects.filter(lead_image__isnull=False).count() == len(demo.PICTURES) - 1
    long_article = Article.objects.get(slug=demo.LONG_ARTICLE)
    (inline,) = InlineImage.objects.filter(article=long_article)
    assert f'data-file="{inline.image_id}"' in long_article.body
    assert client.get(long_article.get_absolute_url()).text.count("<picture>") == 2


def test_loading_the_demo_again_adds_no_image():
    call_command("demo_content")
    before = sorted(Image.objects.values_list("pk", "file"))
    body = Article.objects.get(slug=demo.LONG_ARTICLE).body
    call_command("demo_content")
    assert sorted(Image.objects.values_list("pk", "file")) == before
    assert Article.objects.get(slug=demo.LONG_ARTICLE).body == body
