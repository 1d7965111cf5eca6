"""
Pages compressed on the way out. gunicorn sends what Django gives it, so without this every page would travel
at full size; static files need none of it, since WhiteNoise serves them compressed ahead of time.
"""

import threading
from collections import OrderedDict

from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

# Compressed shared pages kept per process (a compressed article weighs about 8 KB).
KEPT_PAGES = 256


class PageCompressionMiddleware(GZipMiddleware):
    """
    Django's GZipMiddleware (with its defence against BREACH) for the responses Django renders in memory: pages,
    feeds, sitemaps, cached or not. Streamed files are passed through untouched: static files arrive compressed
    already or are images, and a range of a file must stay the bytes it names.

    A page that is the same for every reader (public, with a strong ETag, as the page cache sends them) is
    compressed once per process: compressing costs several times what answering from the page cache does. It
    holds no secret for BREACH to guess, so its compressed copy goes without the random padding.
    """

    def __init__(self, get_response):
        super().__init__(get_response)
        self.compressed = OrderedDict()  # strong ETag -> compressed body, the least recently used first
        self.lock = threading.Lock()

    def process_response(self, request, response):
        if response.streaming:
            return response
        if not self.shared(request, response):
            return super().process_response(request, response)
        etag = response["ETag"]
        with self.lock:
            body = self.compressed.get(etag)
            if body is not None:
                self.compressed.move_to_end(etag)
        if body is None:
            # A strong ETag names one body only (RFC 9110, section 8.8.3), so it can name its compressed copy.
            body = compress_string(response.content)
            with self.lock:
                self.compressed[etag] = body
                while len(self.compressed) > KEPT_PAGES:
                    self.compressed.popitem(last=False)
        patch_vary_headers(response, ("Accept-Encoding",))
        response.content = body
        response["Content-Length"] = str(len(body))
        response["ETag"] = f"W/{etag}"
        response["Content-Encoding"] = "gzip"
        return response

    @staticmethod
    def shared(request, response):
        return (
            response.status_code == 200
            and response.get("ETag", "").startswith('"')
            and "public" in response.get("Cache-Control", "")
            and not response.cookies
            and not response.has_header("Content-Encoding")
            and len(response.content) >= 200
            and re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        )
