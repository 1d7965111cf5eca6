"""Pages travel compressed to browsers that accept it; streamed files are left as they are."""

import gzip

from django.http import FileResponse
from django.test import RequestFactory
from django.urls import reverse

from newsroom.compression import PageCompressionMiddleware
from tests.factories import make_article


def test_a_page_is_sent_gzipped_to_a_browser_that_accepts_it_and_plain_to_one_that_does_not(client, db):
    article = make_article()
    plain = client.get(article.get_absolute_url())
    packed = client.get(article.get_absolute_url(), headers={"accept-encoding": "gzip, deflate, br"})
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 2


def test_the_home_page_is_compressed_too(client, db):
    make_article()
    response = client.get(reverse("articles:home"), headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"


def test_a_streamed_file_is_left_alone(tmp_path):
    image = tmp_path / "picture.png"
    image.write_bytes(b"\x89PNG" + bytes(4096))
    request = RequestFactory().get("/static/picture.png", headers={"accept-encoding": "gzip"})
    response = PageCompressionMiddleware(lambda request: FileResponse(image.open("rb")))(request)
    assert not response.has_header("Content-Encoding")
    assert b"".join(response.streaming_content) == image.read_bytes()
