"""Pages travel compressed to browsers that accept it; streamed files are left as they are."""

import gzip
from unittest import mock

from django.http import FileResponse, HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from newsroom import compression
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


def test_a_page_the_same_for_every_reader_is_compressed_once(client, db):
    article = make_article()
    plain = client.get(article.get_absolute_url()).content
    with mock.patch.object(compression, "compress_string", wraps=compression.compress_string) as compress:
        first, second = (
            client.get(article.get_absolute_url(), headers={"accept-encoding": "gzip"}) for _ in range(2)
        )
        assert compress.call_count == 1
    assert first.content == second.content
    assert gzip.decompress(second.content) == plain
    assert second["ETag"].startswith('W/"')
    assert second["Content-Length"] == str(len(second.content))


def test_a_personal_page_is_padded_afresh_each_time():
    """Django's defence against BREACH: a page that may hold a secret is never compressed to the same length."""
    request = RequestFactory().get("/", headers={"accept-encoding": "gzip"})

    def personal(request):
        return HttpResponse("Hello, Ada. " * 100, headers={"Cache-Control": "private", "ETag": '"ada"'})

    middleware = PageCompressionMiddleware(personal)
    answers = {middleware(request).content for _ in range(5)}
    assert len(answers) > 1


def test_a_streamed_file_is_left_alone(tmp_path):
    image = tmp_path / "picture.png"
    image.write_bytes(b"\x89PNG" + bytes(4096))
    request = RequestFactory().get("/static/picture.png", headers={"accept-encoding": "gzip"})
    response = PageCompressionMiddleware(lambda request: FileResponse(image.open("rb")))(request)
    assert not response.has_header("Content-Encoding")
    assert b"".join(response.streaming_content) == image.read_bytes()
